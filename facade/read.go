package facade

import (
	"cmp"
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
	list, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensUser(ctx)
	}, gen.ParseListTokensUserResponse)
	return tokenList(x, meta, list, err)
}

// ListCustomerTokens lists the tokens of a customer (list-tokens-customer).
// Superusers may list their customer's; others get a 403.
func (c *Client) ListCustomerTokens(ctx context.Context, customerID string) ([]Token, Response, error) {
	if err := cmp.Or(CheckID(FieldCustomerID, customerID), c.needKey()); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListCustomer)
	list, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensCustomer(ctx, customerID)
	}, gen.ParseListTokensCustomerResponse)
	return tokenList(x, meta, list, err)
}

// tokenList converts a list response. An entry without an id fails the
// list as a get without one fails: the spec requires it.
func tokenList(x exchange, meta Response, list *gen.TokenList, err error) ([]Token, Response, error) {
	if list == nil {
		return nil, meta, err
	}
	if *list == nil {
		return nil, meta, decodeError(x, meta, "", err, errors.New("null where the list of tokens goes"))
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
	if err := cmp.Or(c.needKey(), c.CheckTokenID(id)); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGet)
	t, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetToken(ctx, id)
	}, gen.ParseGetTokenResponse)
	return oneToken(x, meta, t, err)
}

// CurrentToken gets the token the client authenticates with
// (get-token-current).
func (c *Client) CurrentToken(ctx context.Context) (*Token, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	return c.currentToken(ctx, c.exchange(opGetCurrent))
}

// currentToken is get-token-current with the editors given (another key).
func (c *Client) currentToken(ctx context.Context, x exchange, editors ...gen.RequestEditorFn) (*Token, Response, error) {
	t, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetTokenCurrent(ctx, editors...)
	}, gen.ParseGetTokenCurrentResponse)
	return oneToken(x, meta, t, err)
}

func oneToken(x exchange, meta Response, r *gen.TokenResponse, err error) (*Token, Response, error) {
	switch {
	case r == nil:
		return nil, meta, err
	case r.Id == "":
		return nil, meta, decodeError(x, meta, "", err, errors.New("the token has no id"))
	}
	t := tokenFrom(r)
	return &t, meta, err
}
