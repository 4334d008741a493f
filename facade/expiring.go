package facade

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// ExpiringWithin returns the tokens that expire after now and no later than
// now+within, in their original order (Token.ExpiresWithin: the web app's
// session token is never among them).
func ExpiringWithin(tokens []Token, now time.Time, within time.Duration) []Token {
	return slices.DeleteFunc(slices.Clone(tokens), func(t Token) bool { return !t.ExpiresWithin(now, within) })
}

// ExpiringTokens lists the user's own tokens that expire within the given
// duration from now, as ExpiringWithin picks them.
func (c *Client) ExpiringTokens(ctx context.Context, within time.Duration) ([]Token, Response, error) {
	if within < 0 {
		return nil, Response{}, &InputError{Field: "duration", Reason: "must not be negative"}
	}
	tokens, resp, err := c.ListTokens(ctx)
	if tokens == nil { // no list, and maybe no client to tell the time
		return nil, resp, err
	}
	return ExpiringWithin(tokens, c.now(), within), resp, err
}

// Tokens iterates over the user's own tokens. Fastly does not paginate
// token lists, so one request is made when iteration starts; an error is
// yielded once, with a zero Token.
func (c *Client) Tokens(ctx context.Context) iter.Seq2[Token, error] {
	return whole(ctx, c, c.needKey(), func() ([]Token, Response, error) { return c.ListTokens(ctx) })
}

// CustomerTokens iterates over a customer's tokens, as Tokens does.
func (c *Client) CustomerTokens(ctx context.Context, customerID string) iter.Seq2[Token, error] {
	return whole(ctx, c, cmp.Or(CheckID(FieldCustomerID, customerID), c.needKey()), func() ([]Token, Response, error) {
		return c.ListCustomerTokens(ctx, customerID)
	})
}

// whole is pages for the lists Fastly answers whole.
func whole(ctx context.Context, c *Client, invalid error, list func() ([]Token, Response, error)) iter.Seq2[Token, error] {
	return pages(ctx, c, invalid, func(context.Context, int, int) (reply[[]Token], gen.PaginationMeta) {
		tokens, meta, err := list()
		return reply[[]Token]{body: tokens, meta: meta, err: err}, gen.PaginationMeta{CurrentPage: 1, TotalPages: 1}
	})
}
