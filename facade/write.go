package facade

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// formMediaType is create-token's request body.
const formMediaType = "application/x-www-form-urlencoded"

// CreateToken creates a token (create-token). The result carries the
// secret, which Fastly shows only this once. A success that cannot be
// proved (no id, no access_token, an undecodable body) is a *DecodeError,
// never a token: the token may exist, so list the tokens to find it. An
// answer that proves the token but breaks the spec elsewhere (a malformed
// rate-limit header, a validator's finding) returns the token together
// with its *DecodeError: keep the secret.
//
// Fastly may refuse a key that is not in sudo mode (ErrSudoRequired). With
// the user's Username and Password in the input, CreateToken then puts
// the key in sudo mode (Sudo) and creates again, once; without them it
// returns the error, for the caller to ask the user for their password.
func (c *Client) CreateToken(ctx context.Context, in CreateTokenInput) (*CreatedToken, Response, error) {
	if err := c.ready(); err != nil {
		return nil, Response{}, err
	}
	form, err := in.form()
	if err != nil {
		return nil, Response{}, err
	}
	if in.Username == "" && c.key == "" {
		return nil, Response{}, ErrNoToken
	}
	created, meta, err := c.create(ctx, in, form)
	if created == nil && errors.Is(err, ErrSudoRequired) && in.Username != "" && c.key != "" {
		if _, _, serr := c.Sudo(ctx, SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}); serr != nil {
			return nil, Response{}, serr
		}
		return c.create(ctx, in, form)
	}
	return created, meta, err
}

func (c *Client) create(ctx context.Context, in CreateTokenInput, form url.Values) (*CreatedToken, Response, error) {
	var params *gen.CreateTokenParams
	if otp := in.OTP.Reveal(); otp != "" {
		params = &gen.CreateTokenParams{FastlyOTP: &otp}
	}
	x := c.exchange(opCreate, http.StatusOK)
	if in.Password != "" || in.OTP != "" {
		x.secrets = scrub.New(c.key, in.Password.Reveal(), in.OTP.Reveal())
	}
	encoded := form.Encode()
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.CreateTokenWithBody(ctx, params, formMediaType, strings.NewReader(encoded))
	}, gen.ParseCreateTokenResponse)
	if r == nil || r.JSON200 == nil {
		if err == nil {
			err = missingBody(x, meta, r.ContentType())
		}
		return nil, meta, err
	}
	id := oneLine(r.JSON200.Id, maxCode)
	switch {
	case r.JSON200.Id == "":
		return nil, meta, noID(x, meta, "the new token")
	case r.JSON200.AccessToken == "":
		return nil, meta, &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID, TokenID: id,
			Err: &scrubbedError{text: "the new token " + id + " has no access_token"}}
	}
	var de *DecodeError
	if errors.As(err, &de) {
		// The answer proved the token (an id and its secret) but broke the
		// spec elsewhere: the token comes with the error, for its secret.
		de.TokenID = id
	}
	return createdFrom(r.JSON200), meta, err
}

// RevokeToken revokes a token by id (revoke-token).
func (c *Client) RevokeToken(ctx context.Context, id string) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	if err := c.checkTokenID(id); err != nil {
		return Response{}, err
	}
	x := c.exchange(opRevoke, http.StatusNoContent)
	var rec retry.Record
	_, meta, err := call(retry.WithRecord(ctx, &rec), c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeToken(ctx, id)
	}, parseNoContent)
	return doneEarlier(meta, err, &rec, http.StatusNotFound)
}

// doneEarlier turns the error of a retried revoke into its success when an
// earlier attempt may have revoked the token and lost its answer, and the
// retry met the status a revoked token gets (gone is gone).
func doneEarlier(meta Response, err error, rec *retry.Record, gone int) (Response, error) {
	var apiErr *APIError
	if err != nil && rec.EarlierMayHaveActed && errors.As(err, &apiErr) && apiErr.StatusCode == gone {
		meta.DoneEarlier = true
		return meta, nil
	}
	return meta, err
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
func (c *Client) RevokeCurrentToken(ctx context.Context) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	x := c.exchange(opRevokeSelf, http.StatusNoContent)
	var rec retry.Record
	_, meta, err := call(retry.WithRecord(ctx, &rec), c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeTokenCurrent(ctx)
	}, parseNoContent)
	// A revoked key no longer authenticates: the retry meets a 401.
	return doneEarlier(meta, err, &rec, http.StatusUnauthorized)
}

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
	unique := make([]string, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if err := c.checkTokenID(id); err != nil {
			return Response{}, err
		}
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			unique = append(unique, id)
		}
	}
	var meta Response
	var revoked, notFound []string
	for start := 0; start < len(unique); start += c.chunkSize {
		chunk := unique[start:min(start+c.chunkSize, len(unique))]
		var err error
		meta, err = c.bulkRevoke(ctx, chunk)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest {
			known, missing, probeErr := c.partition(ctx, chunk)
			if probeErr == nil && len(missing) > 0 {
				notFound = append(notFound, missing...)
				chunk, err = known, nil
				if len(known) > 0 {
					meta, err = c.bulkRevoke(ctx, known)
				}
			}
		}
		if err != nil {
			failed := append(append([]string(nil), chunk...), unique[start+min(c.chunkSize, len(unique)-start):]...)
			return meta, &BulkRevokeError{Revoked: revoked, NotFound: notFound, Failed: failed, Err: err}
		}
		revoked = append(revoked, chunk...)
		if o.progress != nil {
			o.progress(len(revoked)+len(notFound), len(unique))
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
	progress func(done, total int)
}

// OnProgress has BulkRevokeTokens tell fn, after each chunk, how many of
// the unique ids are done (revoked or found to name no token) and how many
// there are.
func OnProgress(fn func(done, total int)) BulkOption {
	return func(o *bulkOptions) { o.progress = fn }
}

// partition looks each id up: those that name no token the key can see are
// missing, the others known.
func (c *Client) partition(ctx context.Context, ids []string) (known, missing []string, err error) {
	for _, id := range ids {
		found, err := c.exists(ctx, id)
		switch {
		case err != nil:
			return nil, nil, err
		case found:
			known = append(known, id)
		default:
			missing = append(missing, id)
		}
	}
	return known, missing, nil
}

// exists reports whether id names a token the key can see: a user token
// (get-token), or else an automation token, which get-token does not show
// (get-automation-token-id; a key that may not read those sees none).
func (c *Client) exists(ctx context.Context, id string) (bool, error) {
	_, _, err := c.GetToken(ctx, id)
	if !errors.Is(err, ErrNotFound) {
		return err == nil, err
	}
	_, _, err = c.GetAutomationToken(ctx, id)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
		return false, nil
	}
	return err == nil, err
}

func (c *Client) bulkRevoke(ctx context.Context, ids []string) (Response, error) {
	body := gen.BulkRevokeRequest{Data: make([]gen.TokenReference, len(ids))}
	for i, id := range ids {
		body.Data[i] = gen.TokenReference{Id: id, Type: gen.Token}
	}
	x := c.exchange(opBulkRevoke, http.StatusNoContent)
	var rec retry.Record
	_, meta, err := call(retry.WithRecord(ctx, &rec), c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.BulkRevokeTokensWithApplicationVndAPIPlusJSONExtBulkBody(ctx, body)
	}, parseNoContent)
	var apiErr *APIError
	if err != nil && rec.EarlierMayHaveActed && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && c.allGone(ctx, ids) {
		// The retry of a chunk whose answer was lost is refused because its
		// tokens are unknown now: the earlier attempt revoked them.
		meta.DoneEarlier = true
		return meta, nil
	}
	return meta, err
}

// allGone reports whether no id names a token the key can still see.
func (c *Client) allGone(ctx context.Context, ids []string) bool {
	for _, id := range ids {
		if found, err := c.exists(ctx, id); found || err != nil {
			return false
		}
	}
	return true
}

// noContent is the parsed answer of a revoke: its success, 204, has no
// body to decode, and its rate-limit headers are read by call with
// wire.ReadRateLimit, the function gen's header binding runs too. gen's
// Parse*Response would allocate a buffer and a response of twenty-odd
// fields to find the same: a third of a revoke's cost
// (BenchmarkParseNoContent).
type noContent struct {
	status int
	body   []byte
}

func (r noContent) StatusCode() int { return r.status }
func (r noContent) GetBody() []byte { return r.body }

// parseNoContent reads the body only when there is one: an error's.
func parseNoContent(resp *http.Response) (noContent, error) {
	defer func() { _ = resp.Body.Close() }()
	r := noContent{status: resp.StatusCode}
	if resp.StatusCode == http.StatusNoContent {
		_, err := io.Copy(io.Discard, resp.Body)
		return r, err
	}
	var err error
	r.body, err = io.ReadAll(resp.Body)
	return r, err
}
