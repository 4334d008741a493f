package facade

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// ListTokens lists the tokens of the authenticated user (list-tokens-user).
func (c *Client) ListTokens(ctx context.Context) ([]Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListUser, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensUser(ctx)
	}, parseTokenList)
	if err != nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, r.contentType)
}

// ListCustomerTokens lists the tokens of a customer (list-tokens-customer).
// Superusers may list their customer's; others get a 403.
func (c *Client) ListCustomerTokens(ctx context.Context, customerID string) ([]Token, Response, error) {
	if err := checkID(fieldCustomerID, customerID); err != nil {
		return nil, Response{}, err
	}
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListCustomer, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensCustomer(ctx, customerID)
	}, parseTokenList)
	if err != nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, r.contentType)
}

// listResponse is the parsed answer of list-tokens-user or
// list-tokens-customer, decoded into gen's TokenList as gen's
// Parse*Response decodes it. gen reads the body with io.ReadAll, which grows
// its buffer from 512 bytes through a dozen copies of a large list: that
// alone put List 1000 at 1.12x a raw client's time. parseTokenList reads it
// into a pooled buffer sized from Content-Length (BenchmarkParseTokenList;
// TestParseTokenListMatchesGen holds it to gen's result).
type listResponse struct {
	status      int
	contentType string
	body        []byte // an error's body; nil on success
	JSON200     *gen.TokenList
}

func (r listResponse) StatusCode() int { return r.status }
func (r listResponse) GetBody() []byte { return r.body }

// listBuffers holds read buffers of list bodies up to maxPooledBody.
var listBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBody = 4 << 20

// An error's body is kept whole for the facade to read, where gen would
// also try to decode it and, for a broken one, leave only an error.
func parseTokenList(resp *http.Response) (listResponse, error) {
	defer func() { _ = resp.Body.Close() }()
	r := listResponse{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type")}
	if resp.StatusCode != http.StatusOK || !strings.Contains(r.contentType, "json") {
		var err error
		r.body, err = io.ReadAll(resp.Body)
		return r, err
	}
	n := resp.ContentLength
	if n <= 0 || n >= maxPooledBody {
		data, err := io.ReadAll(resp.Body)
		if err == nil {
			err = r.decode(data)
		}
		return r, err
	}
	bp := listBuffers.Get().(*[]byte)
	defer listBuffers.Put(bp)
	if int64(cap(*bp)) <= n {
		// One byte more than the body, so that the read that finds its end
		// does not grow the buffer.
		*bp = make([]byte, 0, n+1)
	}
	data, err := readInto((*bp)[:0], resp.Body)
	if cap(data) <= maxPooledBody {
		*bp = data[:0]
	}
	if err == nil {
		err = r.decode(data)
	}
	return r, err
}

func (r *listResponse) decode(data []byte) error {
	var list gen.TokenList
	if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	r.JSON200 = &list
	return nil
}

// readInto is io.ReadAll appending to b.
func readInto(b []byte, rd io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// tokenList converts a list response. An entry without an id fails the
// list as a get without one fails: the spec requires it.
func tokenList(x exchange, meta Response, list *gen.TokenList, contentType string) ([]Token, Response, error) {
	if list == nil {
		return nil, meta, missingBody(x, meta, contentType)
	}
	if *list == nil { // the body was null, not a list
		return nil, meta, &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
			Err: &scrubbedError{text: "null where the list of tokens goes"}}
	}
	out := make([]Token, len(*list))
	for i := range *list {
		r := &(*list)[i]
		if r.Id == "" {
			return nil, meta, noID(x, meta, fmt.Sprintf("token %d of the list", i+1))
		}
		out[i] = tokenFrom(r)
	}
	return out, meta, nil
}

func noID(x exchange, meta Response, what string) error {
	return &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
		Err: &scrubbedError{text: what + " has no id"}}
}

// GetToken gets one token by id (get-token).
func (c *Client) GetToken(ctx context.Context, id string) (*Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := c.checkTokenID(id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGet, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetToken(ctx, id)
	}, gen.ParseGetTokenResponse)
	if err != nil {
		return nil, meta, err
	}
	return oneToken(x, meta, r.JSON200, r.ContentType())
}

// CurrentToken gets the token the client authenticates with
// (get-token-current).
func (c *Client) CurrentToken(ctx context.Context) (*Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGetCurrent, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetTokenCurrent(ctx)
	}, gen.ParseGetTokenCurrentResponse)
	if err != nil {
		return nil, meta, err
	}
	return oneToken(x, meta, r.JSON200, r.ContentType())
}

func oneToken(x exchange, meta Response, r *gen.TokenResponse, contentType string) (*Token, Response, error) {
	if r == nil {
		return nil, meta, missingBody(x, meta, contentType)
	}
	if r.Id == "" {
		return nil, meta, noID(x, meta, "the token")
	}
	t := tokenFrom(r)
	return &t, meta, nil
}
