package facade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// RevokeOption adjusts one revoke: RevokeToken, RevokeCurrentToken or
// BulkRevokeTokens.
type RevokeOption func(*revokeOptions)

type revokeOptions struct {
	progress   func(done, total int)
	checkFirst bool
}

// CheckFirst looks each token up before it is revoked, one read each.
// Those that name no token the key can see are not sent (ErrNotFound, or
// BulkRevokeError.NotFound). A lookup that fails otherwise (a 5xx, say)
// does not hold the revoke back: it is sent unchecked. And a lookup that
// found the token is the proof that it existed:
// when a revoke's answer is lost and its retry finds the token gone, only
// a token known to have existed was revoked by the lost attempt
// (Response.DoneEarlier). Without it, that outcome is unknown (an
// *UnknownOutcomeError; BulkRevokeError.Unknown): the token may never
// have existed.
func CheckFirst() RevokeOption {
	return func(o *revokeOptions) { o.checkFirst = true }
}

// OnProgress has BulkRevokeTokens tell fn, after each chunk, how many of
// the unique ids are done (revoked or found to name no token) and how many
// there are.
func OnProgress(fn func(done, total int)) RevokeOption {
	return func(o *revokeOptions) { o.progress = fn }
}

func revokeOptionsOf(opts []RevokeOption) revokeOptions {
	var o revokeOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// RevokeToken revokes a token by id (revoke-token): a user token, or an
// automation token.
func (c *Client) RevokeToken(ctx context.Context, id string, opts ...RevokeOption) (Response, error) {
	o := revokeOptionsOf(opts)
	invalid := cmp.Or(c.needKey(), c.checkTokenID(id))
	existed := false
	if invalid == nil && o.checkFirst {
		switch err := c.lookup(ctx, id); {
		case errors.Is(err, ErrNotFound):
			return Response{}, err
		case err == nil:
			existed = true
		}
	}
	return c.revoke(ctx, invalid, id, existed)
}

// revoke is revoke-token; existed says the token was seen before.
func (c *Client) revoke(ctx context.Context, invalid error, id string, existed bool) (Response, error) {
	return revokeCall(ctx, c, invalid, c.api().RevokeTokenCall(id), tokenGone, existed, nil)
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
// With CheckFirst, the key is looked up first (get-token-current).
func (c *Client) RevokeCurrentToken(ctx context.Context, opts ...RevokeOption) (Response, error) {
	o := revokeOptionsOf(opts)
	existed := false
	if err := c.needKey(); err == nil && o.checkFirst {
		_, resp, err := c.CurrentToken(ctx)
		if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) {
			return resp, err // the key no longer works: nothing to revoke
		}
		existed = err == nil
	}
	return revokeCall(ctx, c, c.needKey(), c.api().RevokeTokenCurrentCall(), keyGone, existed, nil)
}

// The statuses a retried revoke meets when its first attempt did the work:
// a token that is gone is not found; a key that is gone no longer
// authenticates (401 for an expired key, 403 for an invalid one, as
// Fastly documents them); a bulk chunk of gone tokens is refused.
var (
	tokenGone    = []int{http.StatusNotFound}
	keyGone      = []int{http.StatusUnauthorized, http.StatusForbidden}
	chunkRefused = []int{http.StatusBadRequest}
)

// revokeCall runs a revoking call. A revoke proves itself with 204, the
// status the spec gives it; another 2xx (an HTML page from a proxy, say)
// proves nothing, and is a *DecodeError, which MayHaveActed. When an
// earlier attempt may have done the work and lost its answer, the retry's
// failure does not undo it: if the retry meets a status a finished revoke
// gets, the earlier attempt did it when the token existed (existed: the
// caller checked first; confirm, when given, agreeing), and the call
// succeeded (Response.DoneEarlier); any other failure leaves the outcome
// unknown.
func revokeCall[R parsed](ctx context.Context, c *Client, invalid error, op gen.OperationCall[R], gone []int, existed bool, confirm func() bool, secrets ...string) (Response, error) {
	r := call(ctx, c, invalid, op, secrets...)
	if r.err == nil && r.meta.StatusCode != http.StatusNoContent {
		r.err = decodeError(r.x, r.meta, "", fmt.Errorf("a revoke answered %d, not 204: it may not have been done", r.meta.StatusCode))
	}
	if r.err == nil || !r.meta.earlierMayHaveActed || MayHaveActed(r.err) {
		return r.meta, r.err // a retry that may have acted says so itself
	}
	if !slices.Contains(gone, r.meta.StatusCode) || !existed || (confirm != nil && !confirm()) {
		return r.meta, &UnknownOutcomeError{op: r.x.op, Err: r.err}
	}
	r.meta.DoneEarlier = true
	return r.meta, nil
}

// BulkRevokeTokens revokes any number of tokens (bulk-revoke-tokens),
// sending them in chunks (WithBulkChunkSize); a call with one id sends it
// by revoke-token. Duplicate ids are sent once.
// Fastly refuses a whole chunk (400) for one id it does not know: the ids
// of a refused chunk are looked up, those that name no token are set aside
// as not found, and the rest is sent again, once. When an id is not
// revoked, the error is a *BulkRevokeError saying which were revoked, not
// found, unknown (a chunk that may have been carried out), or not revoked
// and why; errors.Is(err, ErrNotFound) holds when every id not revoked was
// not found. The Response is the last chunk's. With CheckFirst, the ids
// are looked up before any is sent; when a lookup itself fails (a 5xx, a
// 403), they are sent unchecked all the same, since a revoke must not be
// held back by a read: a lost answer's outcome is then unknown.
func (c *Client) BulkRevokeTokens(ctx context.Context, ids []string, opts ...RevokeOption) (BulkRevokeResult, Response, error) {
	o := revokeOptionsOf(opts)
	b := &bulk{c: c, progress: o.progress, checked: o.checkFirst}
	unique, err := c.uniqueTokenIDs(ids)
	if err = cmp.Or(c.needKey(), err); err != nil {
		return b.result(), Response{}, err
	}
	b.total = len(unique)
	if o.checkFirst {
		if known, missing, err := c.partition(ctx, unique); err == nil {
			unique, b.NotFound = known, missing
		} else {
			b.checked = false
		}
	}
	for start := 0; start < len(unique); start += c.chunkSize {
		end := min(start+c.chunkSize, len(unique))
		if err := b.send(ctx, unique[start:end], unique[end:]); err != nil {
			return b.failed(nil, err)
		}
	}
	if len(b.NotFound) > 0 {
		return b.failed(nil, fmt.Errorf("%d of the ids name no token: %w", len(b.NotFound), ErrNotFound))
	}
	return b.result(), b.meta, nil
}

// uniqueTokenIDs checks every id, and drops the ones given twice.
func (c *Client) uniqueTokenIDs(ids []string) ([]string, error) {
	unique, seen := make([]string, 0, len(ids)), make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := c.checkTokenID(id); err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	return unique, nil
}

// bulk is the accounting of one BulkRevokeTokens.
type bulk struct {
	BulkRevokeResult
	c        *Client
	meta     Response
	total    int
	progress func(done, total int)
	checked  bool // the ids were looked up first: they existed
}

// failed ends the walk with err: failed are ids not sent, besides those
// send set aside.
func (b *bulk) failed(failed []string, err error) (BulkRevokeResult, Response, error) {
	b.Failed = append(b.Failed, failed...)
	return b.result(), b.meta, &BulkRevokeError{BulkRevokeResult: b.result(), Err: err}
}

// result is the accounting, every list empty rather than nil (JSON's []).
func (b *bulk) result() BulkRevokeResult {
	for _, list := range []*[]string{&b.Revoked, &b.NotFound, &b.Unknown, &b.Failed} {
		if *list == nil {
			*list = []string{}
		}
	}
	return b.BulkRevokeResult
}

// send revokes one chunk; a chunk refused for ids Fastly does not know is
// sent again without them, once. rest are the ids not sent yet, reported
// as failed when this chunk ends the walk.
func (b *bulk) send(ctx context.Context, chunk, rest []string) error {
	var err error
	if b.meta, err = b.c.bulkRevoke(ctx, chunk, b.checked, b.total == 1); err != nil {
		chunk, err = b.setAsideUnknown(ctx, chunk, err)
	}
	switch {
	case MayHaveActed(err): // sent, and what became of it is unknown
		b.Unknown, b.Failed = chunk, rest
		return err
	case err != nil:
		b.Failed = slices.Concat(chunk, rest)
		return err
	}
	b.Revoked = append(b.Revoked, chunk...)
	if b.progress != nil {
		b.progress(len(b.Revoked)+len(b.NotFound), b.total)
	}
	return nil
}

// setAsideUnknown takes a chunk's failure: the ids Fastly does not know
// (a single revoke's 404, or the ids of a bulk chunk refused with 400 that
// a lookup finds missing) are set aside as not found, and the rest sent
// again, once. It returns the ids still in the chunk and their error.
func (b *bulk) setAsideUnknown(ctx context.Context, chunk []string, err error) ([]string, error) {
	switch {
	case MayHaveActed(err):
		return chunk, err
	case b.total == 1 && errors.Is(err, ErrNotFound):
		b.NotFound = append(b.NotFound, chunk...)
		return nil, nil
	case b.meta.StatusCode != http.StatusBadRequest:
		return chunk, err
	}
	known, missing, probeErr := b.c.partition(ctx, chunk)
	if probeErr != nil || len(missing) == 0 {
		return chunk, err
	}
	b.NotFound = append(b.NotFound, missing...)
	if len(known) == 0 {
		return nil, nil
	}
	b.meta, err = b.c.bulkRevoke(ctx, known, b.checked, false)
	return known, err
}

// lookup is nil when id names a token the key can see, an ErrNotFound
// error when it names none, or why it could not tell. A user token shows
// in get-token; an automation token only in get-automation-token-id,
// where a key that may not read those sees none (403).
func (c *Client) lookup(ctx context.Context, id string) error {
	_, _, err := c.GetToken(ctx, id)
	if errors.Is(err, ErrNotFound) {
		if _, _, err = c.GetAutomationToken(ctx, id); errors.Is(err, ErrForbidden) {
			err = fmt.Errorf("token %s: %w", id, ErrNotFound)
		}
	}
	return err
}

// partition looks each id up: those that name no token the key can see are
// missing, the others known.
func (c *Client) partition(ctx context.Context, ids []string) (known, missing []string, err error) {
	for _, id := range ids {
		switch err := c.lookup(ctx, id); {
		case errors.Is(err, ErrNotFound):
			missing = append(missing, id)
		case err != nil:
			return nil, nil, err
		default:
			known = append(known, id)
		}
	}
	return known, missing, nil
}

// bulkRevoke sends one chunk; alone, the only id of a BulkRevokeTokens
// call, it goes by revoke-token, whose 404 names it as unknown. The retry
// of a chunk whose answer was lost is refused because its tokens are
// unknown now: the earlier attempt revoked them, if they existed
// (checked) and no id names a token the key can still see.
func (c *Client) bulkRevoke(ctx context.Context, ids []string, checked, alone bool) (Response, error) {
	if alone {
		return c.revoke(ctx, nil, ids[0], checked)
	}
	body := gen.BulkRevokeRequest{Data: make([]gen.TokenReference, len(ids))}
	for i, id := range ids {
		body.Data[i] = gen.TokenReference{ID: id, Type: gen.TokenReferenceTypeToken}
	}
	op := c.api().BulkRevokeTokensWithApplicationVndAPIPlusJSONExtBulkBodyCall(body, acceptBulk)
	return revokeCall(ctx, c, nil, op, chunkRefused, checked, func() bool {
		known, _, err := c.partition(ctx, ids)
		return err == nil && len(known) == 0
	})
}

// acceptBulk asks for the JSON:API bulk extension, as Fastly's Go client
// does on a bulk revoke.
func acceptBulk(_ context.Context, req *http.Request) error {
	req.Header["Accept"] = []string{bulkMediaType}
	return nil
}

const bulkMediaType = "application/vnd.api+json; ext=bulk"
