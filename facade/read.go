package facade

import (
	"context"
	"net/http"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// ListTokens lists the tokens of the authenticated user (list-tokens-user).
func (c *Client) ListTokens(ctx context.Context) ([]Token, error) {
	req, err := gen.NewListTokensUserRequest(c.server)
	if err != nil {
		return nil, err
	}
	return c.list(ctx, "list-tokens-user", req)
}

// ListCustomerTokens lists the tokens of a customer (list-tokens-customer).
// Users see their own customer's; superusers may name another.
func (c *Client) ListCustomerTokens(ctx context.Context, customerID string) ([]Token, error) {
	if err := checkID("customer id", customerID); err != nil {
		return nil, err
	}
	req, err := gen.NewListTokensCustomerRequest(c.server, customerID)
	if err != nil {
		return nil, err
	}
	return c.list(ctx, "list-tokens-customer", req)
}

func (c *Client) list(ctx context.Context, op string, req *http.Request) ([]Token, error) {
	var tokens []Token
	_, err := c.do(ctx, op, req, authKey, http.StatusOK, func(r *response) error {
		var err error
		tokens, err = decodeTokens(r.body)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tokens, nil
}

// GetToken gets one token by id (get-token).
func (c *Client) GetToken(ctx context.Context, id string) (*Token, error) {
	if err := checkID("token id", id); err != nil {
		return nil, err
	}
	req, err := gen.NewGetTokenRequest(c.server, id)
	if err != nil {
		return nil, err
	}
	return c.get(ctx, "get-token", req)
}

// CurrentToken gets the token the client authenticates with
// (get-token-current).
func (c *Client) CurrentToken(ctx context.Context) (*Token, error) {
	req, err := gen.NewGetTokenCurrentRequest(c.server)
	if err != nil {
		return nil, err
	}
	return c.get(ctx, "get-token-current", req)
}

func (c *Client) get(ctx context.Context, op string, req *http.Request) (*Token, error) {
	var t Token
	_, err := c.do(ctx, op, req, authKey, http.StatusOK, func(r *response) error {
		var err error
		t, _, err = decodeToken(r.body)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}
