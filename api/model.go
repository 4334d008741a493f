package api

import (
	"crypto/rand"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// User is an account of the in-memory API.
type User struct {
	ID         string // generated when empty
	CustomerID string // generated when empty
	Login      string // the username for create-token and sudo
	Password   string
	// OTP, when set, turns on two-factor authentication: create-token with
	// credentials and sudo answer 400 {"code":"2fa.verify"} until Fastly-OTP
	// carries this code.
	OTP       string
	Superuser bool // may list and revoke every token of its customer
	// ForcedSSO marks an account whose company forces single sign-on. With
	// OTP set or this, the user may not create automation tokens.
	ForcedSSO bool
}

// token is a stored token: gen's model of what the API answers about it,
// which every answer is made from, beside what only the server knows.
// Exactly one of user and automation is set.
type token struct {
	user       *gen.TokenResponse            // a user's token, as get-token answers it
	automation *gen.AutomationTokenListEntry // an automation token, as the list answers it
	secret     string
	revoked    bool
}

// The fields every answer is made of, whichever model holds them.

func (t *token) id() string {
	if t.user != nil {
		return t.user.ID
	}
	return t.automation.ID
}

// owner is the user the token acts as: a user token's user, an automation
// token's creator.
func (t *token) owner() string {
	if t.user != nil {
		return t.user.UserID
	}
	return t.automation.CreatorID
}

func (t *token) customer() string {
	if t.user != nil {
		return t.user.CustomerID
	}
	return t.automation.CustomerID
}

func (t *token) scopes() wire.Scopes {
	if t.user != nil {
		return wire.SplitScopes(t.user.Scope)
	}
	return wire.Scopes(t.automation.Scopes)
}

func (t *token) createdAt() time.Time {
	if t.user != nil {
		return t.user.CreatedAt.Time
	}
	return t.automation.CreatedAt.Time
}

func (t *token) expiresAt() time.Time {
	if t.user != nil {
		return t.user.ExpiresAt.Time
	}
	return t.automation.ExpiresAt.Time
}

// inSudo reports whether the key is in sudo mode at now. Only a person's
// key can be: sudo takes the user's password.
func (t *token) inSudo(now time.Time) bool {
	return t.user != nil && now.Before(t.user.SudoExpiresAt.Time)
}

// used records a request as the token's last use: when (in whole seconds,
// as Fastly sends them), from where and by what client.
func (t *token) used(now time.Time, ip, userAgent string) {
	at := now.Truncate(time.Second)
	if t.user != nil {
		t.user.LastUsedAt, t.user.IP, t.user.UserAgent = wire.Time{Time: at}, wire.NullString(ip), wire.NullString(userAgent)
		return
	}
	t.automation.LastUsedAt = wire.TimeOrEmpty{Time: at}
	t.automation.IP, t.automation.UserAgent = wire.NullString(ip), wire.NullString(userAgent)
}

const (
	idAlphabet     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	secretAlphabet = idAlphabet + "-_"
	idLength       = 22
	secretLength   = 32
)

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func newID() string     { return randomString(idAlphabet, idLength) }
func newSecret() string { return randomString(secretAlphabet, secretLength) }
