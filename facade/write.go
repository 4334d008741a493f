package facade

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// formMediaType is create-token's request body.
const formMediaType = "application/x-www-form-urlencoded"

// CreateToken creates a token (create-token). The result carries the
// secret, which Fastly shows only this once. A success that cannot be
// proved (no id, no access_token, an undecodable body) is a *DecodeError,
// never a token: the token may exist, so list the tokens to find it.
func (c *Client) CreateToken(ctx context.Context, in CreateTokenInput) (*CreatedToken, Response, error) {
	if err := c.ready(); err != nil {
		return nil, Response{}, err
	}
	form, err := in.form()
	if err != nil {
		return nil, Response{}, err
	}
	var editors []gen.RequestEditorFn
	if in.Username != "" {
		editors = append(editors, withoutKey)
	} else if c.key == "" {
		return nil, Response{}, ErrNoToken
	}
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
		return c.api.CreateTokenWithBody(ctx, params, formMediaType, strings.NewReader(encoded), editors...)
	}, gen.ParseCreateTokenResponse)
	if err != nil {
		return nil, meta, err
	}
	if r.JSON200 == nil {
		return nil, meta, missingBody(x, meta, r.ContentType())
	}
	switch {
	case r.JSON200.Id == "":
		return nil, meta, noID(x, meta, "the new token")
	case r.JSON200.AccessToken == "":
		return nil, meta, &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
			Err: &scrubbedError{text: "the new token " + r.JSON200.Id + " has no access_token"}}
	}
	return createdFrom(r.JSON200), meta, nil
}

// RevokeToken revokes a token by id (revoke-token).
func (c *Client) RevokeToken(ctx context.Context, id string) (Response, error) {
	if err := checkID(fieldTokenID, id); err != nil {
		return Response{}, err
	}
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	x := c.exchange(opRevoke, http.StatusNoContent)
	_, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeToken(ctx, id)
	}, parseNoContent)
	return meta, err
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
func (c *Client) RevokeCurrentToken(ctx context.Context) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	x := c.exchange(opRevokeSelf, http.StatusNoContent)
	_, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RevokeTokenCurrent(ctx)
	}, parseNoContent)
	return meta, err
}

// BulkRevokeTokens revokes any number of tokens (bulk-revoke-tokens),
// sending them in chunks (WithBulkChunkSize). Duplicate ids are sent once.
// If a chunk fails, the error is a *BulkRevokeError saying which ids were
// revoked; it wraps the chunk's error. The Response is the last chunk's.
func (c *Client) BulkRevokeTokens(ctx context.Context, ids []string) (Response, error) {
	if err := c.needKey(); err != nil {
		return Response{}, err
	}
	unique := make([]string, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if err := checkID(fieldTokenID, id); err != nil {
			return Response{}, err
		}
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			unique = append(unique, id)
		}
	}
	var meta Response
	for start := 0; start < len(unique); start += c.chunkSize {
		chunk := unique[start:min(start+c.chunkSize, len(unique))]
		var err error
		meta, err = c.bulkRevoke(ctx, chunk)
		if err != nil {
			return meta, &BulkRevokeError{Revoked: unique[:start:start], Failed: unique[start:], Err: err}
		}
	}
	return meta, nil
}

func (c *Client) bulkRevoke(ctx context.Context, ids []string) (Response, error) {
	body := gen.BulkRevokeRequest{Data: make([]gen.TokenReference, len(ids))}
	for i, id := range ids {
		body.Data[i] = gen.TokenReference{Id: id, Type: gen.Token}
	}
	x := c.exchange(opBulkRevoke, http.StatusNoContent)
	_, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.BulkRevokeTokensWithApplicationVndAPIPlusJSONExtBulkBody(ctx, body)
	}, parseNoContent)
	return meta, err
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
