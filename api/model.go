package api

import (
	"crypto/rand"
	"time"
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
}

// TokenSeed describes a token to add with AddToken.
type TokenSeed struct {
	ID         string // generated when empty
	UserID     string // required: an added user
	Name       string
	Scope      string   // space-delimited; "global" when empty
	Services   []string // service ids; empty means all
	Secret     string   // the API key; generated when empty
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	ExpiresAt  time.Time // zero: never expires
	// SudoExpiresAt puts the key in sudo mode until then; the Fastly web
	// app's session token carries one.
	SudoExpiresAt time.Time
	IP            string
	UserAgent     string
}

// AutomationSeed describes an automation token to add with
// AddAutomationToken.
type AutomationSeed struct {
	ID         string // generated when empty
	CreatorID  string // required: an added user, whose customer the token is of
	Name       string
	Role       string   // engineer, billing or user; "engineer" when empty
	Scope      string   // "global" when empty
	Services   []string // empty means all
	Secret     string   // generated when empty
	TLSAccess  bool
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// token is a stored token, a user's or an automation token.
type token struct {
	id, userID, customerID, name, scope string
	services                            []string
	secret                              string
	createdAt, lastUsedAt, expiresAt    time.Time
	sudoExpiresAt                       time.Time
	ip, userAgent                       string
	revoked                             bool

	automation bool // an automation token; userID is its creator
	role       string
	tlsAccess  bool
}

// inSudo reports whether the key is in sudo mode at now.
func (t *token) inSudo(now time.Time) bool { return now.Before(t.sudoExpiresAt) }

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
