package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// bulkMediaType is the JSON:API bulk extension Fastly expects on DELETE /tokens.
const bulkMediaType = "application/vnd.api+json; ext=bulk"

// RevokeToken revokes a token by id (revoke-token).
func (c *Client) RevokeToken(ctx context.Context, id string) (RateLimit, error) {
	if err := checkID("token id", id); err != nil {
		return RateLimit{Remaining: -1}, err
	}
	req, err := gen.NewRevokeTokenRequest(c.server, id)
	if err != nil {
		return RateLimit{Remaining: -1}, err
	}
	return c.do(ctx, "revoke-token", req, authKey, http.StatusNoContent, nil)
}

// RevokeCurrentToken revokes the token the client authenticates with
// (revoke-token-current). The client cannot make further calls with it.
func (c *Client) RevokeCurrentToken(ctx context.Context) (RateLimit, error) {
	req, err := gen.NewRevokeTokenCurrentRequest(c.server)
	if err != nil {
		return RateLimit{Remaining: -1}, err
	}
	return c.do(ctx, "revoke-token-current", req, authKey, http.StatusNoContent, nil)
}

// BulkRevokeTokens revokes any number of tokens (bulk-revoke-tokens),
// sending them in chunks (WithBulkChunkSize). Duplicate ids are sent once.
// If a chunk fails, the error is a *BulkRevokeError saying which ids were
// revoked; it wraps the chunk's error.
func (c *Client) BulkRevokeTokens(ctx context.Context, ids []string) (RateLimit, error) {
	rl := RateLimit{Remaining: -1}
	unique := make([]string, 0, len(ids))
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if err := checkID("token id", id); err != nil {
			return rl, err
		}
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			unique = append(unique, id)
		}
	}
	for start := 0; start < len(unique); start += c.chunkSize {
		chunk := unique[start:min(start+c.chunkSize, len(unique))]
		var err error
		rl, err = c.bulkRevoke(ctx, chunk)
		if err != nil {
			return rl, &BulkRevokeError{Revoked: unique[:start:start], Failed: unique[start:], Err: err}
		}
	}
	return rl, nil
}

func (c *Client) bulkRevoke(ctx context.Context, ids []string) (RateLimit, error) {
	body := gen.BulkRevokeRequest{Data: make([]gen.TokenReference, len(ids))}
	for i, id := range ids {
		body.Data[i] = gen.TokenReference{Id: id, Type: gen.Token}
	}
	buf, err := json.Marshal(body)
	if err != nil {
		return RateLimit{Remaining: -1}, err
	}
	req, err := gen.NewBulkRevokeTokensRequestWithBody(c.server, bulkMediaType, bytes.NewReader(buf))
	if err != nil {
		return RateLimit{Remaining: -1}, err
	}
	return c.do(ctx, "bulk-revoke-tokens", req, authKey, http.StatusNoContent, nil)
}
