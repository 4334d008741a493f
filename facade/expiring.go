package facade

import (
	"context"
	"slices"
	"time"
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
		return nil, Response{}, &InputError{Field: FieldDuration, Reason: "must not be negative"}
	}
	tokens, resp, err := c.ListTokens(ctx)
	if tokens == nil { // no list, and maybe no client to tell the time
		return nil, resp, err
	}
	return ExpiringWithin(tokens, c.now(), within), resp, err
}
