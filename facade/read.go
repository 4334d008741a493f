package facade

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// ListTokens lists the tokens of the authenticated user (list-tokens-user).
func (c *Client) ListTokens(ctx context.Context) ([]Token, Response, error) {
	return many(fetch(ctx, c, c.needKey(), c.api().ListTokensUserCall()), asToken)
}

// ListCustomerTokens lists the tokens of a customer (list-tokens-customer).
// Superusers may list their customer's; others get a 403.
func (c *Client) ListCustomerTokens(ctx context.Context, customerID string) ([]Token, Response, error) {
	return many(fetch(ctx, c, cmp.Or(checkID(FieldCustomerID, customerID), c.needKey()), c.api().ListTokensCustomerCall(customerID)), asToken)
}

// GetToken gets one token by id (get-token).
func (c *Client) GetToken(ctx context.Context, id string) (*Token, Response, error) {
	return one(fetch(ctx, c, cmp.Or(c.needKey(), c.checkTokenID(id)), c.api().GetTokenCall(id)), asToken)
}

// CurrentToken gets the token the client authenticates with
// (get-token-current).
func (c *Client) CurrentToken(ctx context.Context) (*Token, Response, error) {
	return one(fetch(ctx, c, c.needKey(), c.api().GetTokenCurrentCall()), asToken)
}

func asToken(m gen.TokenResponse) Token { return Token{m} }

// many is the tokens of an answer whose body is a list of gen's models, as
// convert checks them.
func many[M any, T interface{ id() string }](r reply[*[]M], as func(M) T) ([]T, Response, error) {
	if r.body == nil {
		return nil, r.meta, r.err
	}
	tokens, err := convert(r.x, r.meta, *r.body, r.err, as)
	return tokens, r.meta, err
}

// one is the one token of an answer, as convert checks it.
func one[M any, T interface{ id() string }](r reply[*M], as func(M) T) (*T, Response, error) {
	if r.body == nil {
		return nil, r.meta, r.err
	}
	tokens, err := convert(r.x, r.meta, []M{*r.body}, r.err, as)
	if tokens == nil {
		return nil, r.meta, err
	}
	return &tokens[0], r.meta, err
}

// convert wraps gen's models of tokens in the facade's types. A list that
// is null, or a token without an id, fails the answer: the spec requires
// both.
func convert[M any, T interface{ id() string }](x exchange, meta Response, models []M, err error, as func(M) T) ([]T, error) {
	if models == nil {
		return nil, decodeError(x, meta, "", err, errors.New("null where the list of tokens goes"))
	}
	out := make([]T, len(models))
	for i := range models {
		if out[i] = as(models[i]); out[i].id() != "" {
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

// ExpiringTokens lists the user's own tokens that expire within the given
// duration from now, as ExpiringWithin picks them.
func (c *Client) ExpiringTokens(ctx context.Context, within time.Duration) ([]Token, Response, error) {
	if within < 0 {
		return nil, Response{}, &InputError{Field: FieldDuration, Reason: "must not be negative"}
	}
	tokens, resp, err := c.ListTokens(ctx)
	if tokens == nil { // no list, and maybe no client to tell the time
		return nil, resp, err
	}
	return ExpiringWithin(tokens, c.now(), within), resp, err
}
