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

// RevokeToken revokes a token by id (revoke-token).
func (c *Client) RevokeToken(ctx context.Context, id string) (Response, error) {
	return revokeCall(ctx, c, cmp.Or(c.needKey(), c.CheckTokenID(id)), c.api().RevokeTokenCall(id), tokenGone, nil)
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
func (c *Client) RevokeCurrentToken(ctx context.Context) (Response, error) {
	return revokeCall(ctx, c, c.needKey(), c.api().RevokeTokenCurrentCall(), keyGone, nil)
}

// revokeCall runs a revoking call. When an earlier attempt may have done the
// work and lost its answer, and the retry meets a status a finished revoke
// gets (gone is gone: 404 for a token; for the current token, the answer to
// a key that no longer authenticates) and confirm, when given, agrees, the
// call succeeded: Response.DoneEarlier.
func revokeCall[R parsed](ctx context.Context, c *Client, invalid error, op gen.OperationCall[R], gone []int, confirm func() bool, secrets ...string) (Response, error) {
	r := call(ctx, c, invalid, op, secrets...)
	if r.err == nil || !r.meta.earlierMayHaveActed || !slices.Contains(gone, r.meta.StatusCode) || (confirm != nil && !confirm()) {
		return r.meta, r.err
	}
	r.meta.DoneEarlier = true
	return r.meta, nil
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

// BulkRevokeTokens revokes any number of tokens (bulk-revoke-tokens),
// sending them in chunks (WithBulkChunkSize). Duplicate ids are sent once.
// Fastly refuses a whole chunk (400) for one id it does not know: the ids
// of a refused chunk are looked up, those that name no token are set aside
// as not found, and the rest is sent again, once. When an id is not
// revoked, the error is a *BulkRevokeError saying which were revoked, not
// found, or not revoked and why; errors.Is(err, ErrNotFound) holds when
// every id not revoked was not found. The Response is the last chunk's.
func (c *Client) BulkRevokeTokens(ctx context.Context, ids []string, opts ...BulkOption) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	var o bulkOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	unique, seen := make([]string, 0, len(ids)), make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := c.CheckTokenID(id); err != nil {
			return Response{}, err
		}
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	var meta Response
	var revoked, notFound []string
	total := len(unique)
	if o.checkFirst {
		known, missing, err := c.partition(ctx, unique)
		if err != nil {
			return meta, &BulkRevokeError{Failed: unique, Err: err}
		}
		unique, notFound = known, missing
	}
	for start := 0; start < len(unique); start += c.chunkSize {
		end := min(start+c.chunkSize, len(unique))
		chunk := unique[start:end]
		var err error
		meta, err = c.bulkRevoke(ctx, chunk)
		if err != nil && meta.StatusCode == http.StatusBadRequest {
			if known, missing, probeErr := c.partition(ctx, chunk); probeErr == nil && len(missing) > 0 {
				notFound, chunk, err = append(notFound, missing...), known, nil
				if len(known) > 0 {
					meta, err = c.bulkRevoke(ctx, known)
				}
			}
		}
		switch {
		case MayHaveActed(err): // sent, and what became of it is unknown
			return meta, &BulkRevokeError{Revoked: revoked, NotFound: notFound, Unknown: chunk, Failed: unique[end:], Err: err}
		case err != nil:
			return meta, &BulkRevokeError{Revoked: revoked, NotFound: notFound, Failed: slices.Concat(chunk, unique[end:]), Err: err}
		}
		revoked = append(revoked, chunk...)
		if o.progress != nil {
			o.progress(len(revoked)+len(notFound), total)
		}
	}
	if len(notFound) > 0 {
		return meta, &BulkRevokeError{Revoked: revoked, NotFound: notFound,
			Err: fmt.Errorf("%d of the ids name no token: %w", len(notFound), ErrNotFound)}
	}
	return meta, nil
}

// BulkOption adjusts one BulkRevokeTokens call.
type BulkOption func(*bulkOptions)

type bulkOptions struct {
	progress   func(done, total int)
	checkFirst bool
}

// CheckFirst has BulkRevokeTokens look each id up before it sends any:
// those that name no token the key can see are NotFound and not sent. One
// read per id; without it, ids are looked up only when Fastly refuses a
// batch for an id it does not know, and a server that instead ignores such
// ids (and answers 204) has them counted as revoked.
func CheckFirst() BulkOption {
	return func(o *bulkOptions) { o.checkFirst = true }
}

// OnProgress has BulkRevokeTokens tell fn, after each chunk, how many of
// the unique ids are done (revoked or found to name no token) and how many
// there are.
func OnProgress(fn func(done, total int)) BulkOption {
	return func(o *bulkOptions) { o.progress = fn }
}

// partition looks each id up: those that name no token the key can see are
// missing, the others known. A user token shows in get-token; an
// automation token only in get-automation-token-id, where a key that may
// not read those sees none (403).
func (c *Client) partition(ctx context.Context, ids []string) (known, missing []string, err error) {
	for _, id := range ids {
		_, _, err := c.GetToken(ctx, id)
		if errors.Is(err, ErrNotFound) {
			if _, _, err = c.GetAutomationToken(ctx, id); errors.Is(err, ErrForbidden) {
				err = ErrNotFound
			}
		}
		switch {
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

func (c *Client) bulkRevoke(ctx context.Context, ids []string) (Response, error) {
	body := gen.BulkRevokeRequest{Data: make([]gen.TokenReference, len(ids))}
	for i, id := range ids {
		body.Data[i] = gen.TokenReference{ID: id, Type: gen.TokenReferenceTypeToken}
	}
	// The retry of a chunk whose answer was lost is refused because its
	// tokens are unknown now: the earlier attempt revoked them, if no id
	// names a token the key can still see.
	op := c.api().BulkRevokeTokensWithApplicationVndAPIPlusJSONExtBulkBodyCall(body, acceptBulk)
	return revokeCall(ctx, c, nil, op, chunkRefused, func() bool { known, _, err := c.partition(ctx, ids); return err == nil && len(known) == 0 })
}

// acceptBulk asks for the JSON:API bulk extension, as Fastly's Go client
// does on a bulk revoke.
func acceptBulk(_ context.Context, req *http.Request) error {
	req.Header["Accept"] = []string{bulkMediaType}
	return nil
}

const bulkMediaType = "application/vnd.api+json; ext=bulk"
