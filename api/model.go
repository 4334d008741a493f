package api

import (
	"crypto/rand"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
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

// TokenSeed describes a token to add with AddToken: the token as get-token
// answers it (gen's model), and its secret. UserId is required (an added
// user); Id and Secret are generated when empty, Scope is the default scope
// when empty (or Scopes, when set), CreatedAt is now when zero. Customer
// and service_id follow from the user and the services.
type TokenSeed struct {
	gen.TokenResponse
	Secret string // the API key; generated when empty
}

// AutomationSeed describes an automation token to add with
// AddAutomationToken, as the automation list answers it (gen's model), and
// its secret. CreatorId is required (an added user, whose customer the
// token is of); Role is the default role when empty.
type AutomationSeed struct {
	gen.AutomationTokenListEntry
	Secret string // generated when empty
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
	roles      []gen.RoleRef // since September 2026; role is the first
	tlsAccess  bool
	workspaces []string // with limitWorkspaces, the workspaces it may act on
	// limitWorkspaces says whether workspaces limit the token. Services
	// always do when there are any: a token of every service has none.
	limitWorkspaces bool
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
