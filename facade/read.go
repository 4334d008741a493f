package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// Operation ids, as the spec names them.
const (
	opListUser     = "list-tokens-user"
	opListCustomer = "list-tokens-customer"
	opGet          = "get-token"
	opGetCurrent   = "get-token-current"
	opCreate       = "create-token"
	opRevoke       = "revoke-token"
	opRevokeSelf   = "revoke-token-current"
	opBulkRevoke   = "bulk-revoke-tokens"
	opSudo         = "request-sudo-access"
)

// ListTokens lists the tokens of the authenticated user (list-tokens-user).
func (c *Client) ListTokens(ctx context.Context) ([]Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListUser)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensUser(ctx)
	}, gen.ParseListTokensUserResponse)
	if r == nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, err)
}

// ListCustomerTokens lists the tokens of a customer (list-tokens-customer).
// Superusers may list their customer's; others get a 403.
func (c *Client) ListCustomerTokens(ctx context.Context, customerID string) ([]Token, Response, error) {
	if err := CheckID(FieldCustomerID, customerID); err != nil {
		return nil, Response{}, err
	}
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListCustomer)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensCustomer(ctx, customerID)
	}, gen.ParseListTokensCustomerResponse)
	if r == nil {
		return nil, meta, err
	}
	return tokenList(x, meta, r.JSON200, err)
}

// tokenList converts a list response. An entry without an id fails the
// list as a get without one fails: the spec requires it.
func tokenList(x exchange, meta Response, list *gen.TokenList, err error) ([]Token, Response, error) {
	if list == nil || *list == nil { // no body, or null where the list goes
		return nil, meta, decodeError(x, meta, "", err, errors.New("no list of tokens"))
	}
	out := make([]Token, len(*list))
	for i := range *list {
		if (*list)[i].Id == "" {
			return nil, meta, decodeError(x, meta, "", err, fmt.Errorf("token %d of the list has no id", i+1))
		}
		out[i] = tokenFrom(&(*list)[i])
	}
	return out, meta, err
}

// GetToken gets one token by id (get-token).
func (c *Client) GetToken(ctx context.Context, id string) (*Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := c.checkTokenID(id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGet)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetToken(ctx, id)
	}, gen.ParseGetTokenResponse)
	if r == nil {
		return nil, meta, err
	}
	return oneToken(x, meta, r.JSON200, err)
}

// CurrentToken gets the token the client authenticates with
// (get-token-current).
func (c *Client) CurrentToken(ctx context.Context) (*Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	return c.currentToken(ctx, c.exchange(opGetCurrent))
}

func (c *Client) currentToken(ctx context.Context, x exchange, editors ...gen.RequestEditorFn) (*Token, Response, error) {
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetTokenCurrent(ctx, editors...)
	}, gen.ParseGetTokenCurrentResponse)
	if r == nil {
		return nil, meta, err
	}
	return oneToken(x, meta, r.JSON200, err)
}

func oneToken(x exchange, meta Response, r *gen.TokenResponse, err error) (*Token, Response, error) {
	if r == nil || r.Id == "" {
		return nil, meta, decodeError(x, meta, "", err, errors.New("the token has no id"))
	}
	t := tokenFrom(r)
	return &t, meta, err
}
