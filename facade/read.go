package facade

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strconv"

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
	x, err := c.exchange(opListCustomer), cmp.Or(CheckID(FieldCustomerID, customerID), c.needKey())
	if err != nil {
		return nil, Response{}, err
	}
	list, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListTokensCustomer(ctx, customerID)
	}, gen.ParseListTokensCustomerResponse)
	return tokenList(x, meta, list, err)
}

// tokenList converts a list of tokens.
func tokenList(x exchange, meta Response, list *gen.TokenList, err error) ([]Token, Response, error) {
	if list != nil && *list == nil {
		return nil, meta, decodeError(x, meta, "", err, errors.New("null where the list of tokens goes"))
	}
	if list == nil {
		return nil, meta, err
	}
	tokens, err := convert(x, meta, *list, err, tokenFrom)
	return tokens, meta, err
}

// GetToken gets one token by id (get-token).
func (c *Client) GetToken(ctx context.Context, id string) (*Token, Response, error) {
	if err := cmp.Or(c.needKey(), c.CheckTokenID(id)); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGet)
	r, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) { return c.api.GetToken(ctx, id) }, gen.ParseGetTokenResponse)
	return one(x, meta, r, err, tokenFrom)
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
	r, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetTokenCurrent(ctx, editors...)
	}, gen.ParseGetTokenCurrentResponse)
	return one(x, meta, r, err, tokenFrom)
}

// one converts the one token of an answer, as convert does.
func one[M any, T interface{ id() string }](x exchange, meta Response, m *M, err error, to func(*M) T) (*T, Response, error) {
	if m == nil {
		return nil, meta, err
	}
	tokens, err := convert(x, meta, []M{*m}, err, to)
	if tokens == nil {
		return nil, meta, err
	}
	return &tokens[0], meta, err
}

// convert converts gen's models of tokens with to. A token without an id
// fails the answer: the spec requires one.
func convert[M any, T interface{ id() string }](x exchange, meta Response, models []M, err error, to func(*M) T) ([]T, error) {
	out := make([]T, len(models))
	for i := range models {
		if out[i] = to(&models[i]); out[i].id() != "" {
			continue
		}
		what := "the token"
		if len(models) > 1 {
			what = "token " + strconv.Itoa(i+1) + " of the list"
		}
		return nil, decodeError(x, meta, "", err, errors.New(what+" has no id"))
	}
	return out, err
}
