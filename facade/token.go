package facade

import (
	"encoding/json"
	"log/slog"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Scope is one permission of a token.
type Scope = wire.Scope

// Scopes is a token's set of scopes. Its String method joins them with
// spaces, as Fastly writes them; Has tells whether one is present.
type Scopes = wire.Scopes

// The scopes Fastly documents. Others are kept as they come.
const (
	ScopeGlobal      Scope = "global"       // everything
	ScopePurgeSelect Scope = "purge_select" // purge by URL or surrogate key
	ScopePurgeAll    Scope = "purge_all"    // purge a whole service
	ScopeGlobalRead  Scope = "global:read"  // read-only account, config and stats
)

// ParseScopes splits a space-delimited scope string ("global:read
// purge_all"). Unknown values are kept; extra white space is ignored.
func ParseScopes(s string) Scopes { return wire.SplitScopes(s) }

// Token is an API token. It marshals to JSON in the API's own snake_case
// shape ("scope" as Fastly's space-delimited string beside the "scopes"
// list), with zero times and empty optional strings left out. Timestamps
// Fastly sends as null are the zero time; null strings are "".
type Token struct {
	ID         string `json:"id"`
	UserID     string `json:"user_id,omitempty"`
	CustomerID string `json:"customer_id,omitempty"`
	Name       string `json:"name"`
	Scopes     Scopes `json:"scopes"`
	// Services are the service ids the token is limited to; empty means all.
	Services  []string `json:"services"`
	ServiceID string   `json:"service_id,omitempty"`

	CreatedAt     time.Time `json:"created_at,omitzero"`
	UpdatedAt     time.Time `json:"updated_at,omitzero"`
	DeletedAt     time.Time `json:"deleted_at,omitzero"`
	LastUsedAt    time.Time `json:"last_used_at,omitzero"`
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	SudoExpiresAt time.Time `json:"sudo_expires_at,omitzero"`

	// IP and UserAgent are of the last client that used the token.
	IP        string `json:"ip,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
}

// WebSessionName is the name of the token the Fastly web app holds for a
// signed-in user.
const WebSessionName = "manage.fastly.com browser session"

// IsWebSession reports whether t is the Fastly web app's session token: no
// token anyone created, and not one to rotate or audit as one. Fastly lists
// it among the user's tokens, named WebSessionName with sudo_expires_at set.
func (t Token) IsWebSession() bool { return t.Name == WebSessionName && !t.SudoExpiresAt.IsZero() }

// Expires reports whether the token has an expiry time.
func (t Token) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d.
func (t Token) ExpiresWithin(now time.Time, d time.Duration) bool {
	return t.Expires() && t.ExpiresAt.After(now) && !t.ExpiresAt.After(now.Add(d))
}

// plainToken is Token without its methods, for its JSON.
type plainToken Token

// MarshalJSON implements json.Marshaler: the API's shape, "scope" included.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		plainToken
		Scope string `json:"scope"`
	}{plainToken(t), t.Scopes.String()})
}

// UnmarshalJSON implements json.Unmarshaler; "scope" stands in for a
// missing "scopes".
func (t *Token) UnmarshalJSON(b []byte) error {
	var v struct {
		plainToken
		Scope string `json:"scope"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*t = Token(v.plainToken)
	if len(t.Scopes) == 0 {
		t.Scopes = wire.SplitScopes(v.Scope)
	}
	return nil
}

// CreatedToken is a new token with its secret, which Fastly shows only
// once. json.Marshal writes it in the API's shape, access_token and all:
// marshal it only where the secret must go. Printing it with fmt or
// logging it with slog shows no secret.
type CreatedToken struct {
	Token
	AccessToken Secret
}

// MarshalJSON implements json.Marshaler: the create response's shape, the
// secret revealed.
func (c CreatedToken) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		plainToken
		Scope       string `json:"scope"`
		AccessToken string `json:"access_token"`
	}{plainToken(c.Token), c.Scopes.String(), c.AccessToken.Reveal()})
}

// LogValue implements slog.LogValuer: the token without its secret.
func (c CreatedToken) LogValue() slog.Value { return slog.AnyValue(c.Token) }

// tokenFrom converts gen's model of a get or list response. It allocates
// nothing: strings and slices are shared, and scopes come from the
// "scopes" array real responses carry, split from "scope" only when that
// array is absent.
func tokenFrom(r *gen.TokenResponse) Token {
	scopes := r.Scopes
	if len(scopes) == 0 {
		scopes = wire.SplitScopes(r.Scope)
	}
	return Token{
		ID: r.Id, UserID: r.UserId, CustomerID: r.CustomerId, Name: r.Name,
		Scopes: scopes, Services: r.Services, ServiceID: deref(r.ServiceId),
		CreatedAt: r.CreatedAt.Time, UpdatedAt: r.UpdatedAt.Time, DeletedAt: r.DeletedAt.Time,
		LastUsedAt: r.LastUsedAt.Time, ExpiresAt: r.ExpiresAt.Time, SudoExpiresAt: r.SudoExpiresAt.Time,
		IP: deref(r.Ip), UserAgent: deref(r.UserAgent),
	}
}

// createdFrom converts gen's model of a create response.
func createdFrom(r *gen.TokenCreatedResponse) *CreatedToken {
	return &CreatedToken{
		Token: Token{
			ID: r.Id, UserID: r.UserId, CustomerID: r.CustomerId, Name: r.Name,
			Scopes: wire.SplitScopes(r.Scope), Services: r.Services, ServiceID: deref(r.ServiceId),
			CreatedAt: r.CreatedAt.Time, UpdatedAt: r.UpdatedAt.Time, ExpiresAt: r.ExpiresAt.Time,
		},
		AccessToken: Secret(r.AccessToken),
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// RateLimit is Fastly's budget of write requests, from the
// Fastly-RateLimit-Remaining and Fastly-RateLimit-Reset headers that write
// responses carry. The zero RateLimit means the response did not say (GET
// responses never do).
type RateLimit struct {
	Remaining int64     // writes left in the window; meaningful when Reported
	Reset     time.Time // when the window resets; zero when not sent
	Reported  bool      // the response carried Fastly-RateLimit-Remaining
}

func rateLimitFrom(rl wire.RateLimit) RateLimit {
	return RateLimit{Remaining: rl.Remaining.N, Reset: rl.Reset.Time, Reported: rl.Remaining.Valid}
}

// Response is what every call reports of the HTTP response besides its
// result: the status, the write budget and Fastly's trace id. Errors carry
// the same in their *APIError.
type Response struct {
	StatusCode int
	RateLimit  RateLimit
	// TraceID is the Fastly-Trace-Id header, when the response carries one;
	// quote it to Fastly support.
	TraceID string
	// DoneEarlier is set on a revoke whose answer was lost and whose retry
	// found the token already gone (404, or 401 for the current token):
	// the earlier attempt did the work. StatusCode is the retry's.
	DoneEarlier bool
}
