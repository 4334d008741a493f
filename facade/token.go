package facade

import "time"

// Token is an API token as Fastly describes it. Timestamps that Fastly sends
// as null (or leaves out) are the zero time; null strings are "".
type Token struct {
	ID         string
	UserID     string
	CustomerID string
	Name       string
	Scopes     Scopes
	// Services are the service ids the token is limited to; empty means all.
	Services  []string
	ServiceID string

	CreatedAt     time.Time
	UpdatedAt     time.Time
	DeletedAt     time.Time
	LastUsedAt    time.Time
	ExpiresAt     time.Time
	SudoExpiresAt time.Time

	// IP and UserAgent are of the last client that used the token.
	IP        string
	UserAgent string
}

// Expires reports whether the token has an expiry time.
func (t Token) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d.
func (t Token) ExpiresWithin(now time.Time, d time.Duration) bool {
	return t.Expires() && t.ExpiresAt.After(now) && !t.ExpiresAt.After(now.Add(d))
}

// CreatedToken is a new token with its secret, which Fastly shows only once.
type CreatedToken struct {
	Token
	AccessToken Secret
	// RateLimit is the write budget the create response reported.
	RateLimit RateLimit
}

// RateLimit is Fastly's hourly budget of write requests, from the
// Fastly-RateLimit-Remaining and Fastly-RateLimit-Reset headers.
type RateLimit struct {
	Remaining int       // -1 when the response did not say
	Reset     time.Time // zero when the response did not say
}

// Known reports whether the response carried rate-limit headers.
func (r RateLimit) Known() bool { return r.Remaining >= 0 || !r.Reset.IsZero() }
