package facade

import (
	"context"
	"fmt"
	"net/http"

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
	}, gen.ParseListTokensUserResponse)
	if err != nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, r.ContentType())
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
	}, gen.ParseListTokensCustomerResponse)
	if err != nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, r.ContentType())
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
