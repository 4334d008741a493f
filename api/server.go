package api

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen/server"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DefaultWriteLimit is the hourly budget of write requests of an account
// when WithWriteLimit and SetWriteLimit do not say otherwise: the 1,000
// Fastly documents. Real accounts often have more (budgets of 4,994 and
// 9,985 remaining were recorded); nothing in this module assumes 1,000.
const DefaultWriteLimit = 1000

// Server is the in-memory Fastly API for tokens. Make one with NewServer.
type Server struct {
	mu       sync.Mutex
	users    map[string]*User
	byLogin  map[string]*User
	tokens   map[string]*token
	bySecret map[string]*token
	writes   map[string]*window // by budget: an account or an address
	limits   map[string]int     // by customer id

	now        func() time.Time
	writeLimit int
	strictSudo bool
	// bulkIgnoresUnknown: see WithBulkIgnoringUnknown.
	bulkIgnoresUnknown bool
	handler            http.Handler
}

// handlers implements gen's server interface: the operations, kept off
// Server's exported methods (Server is what tests use: seeding, options,
// ServeHTTP).
type handlers struct{ *Server }

// window counts the writes of one budget in the current hour.
type window struct {
	start time.Time
	count int
}

// Option configures a Server.
type Option func(*Server)

// WithClock sets the server's clock (for expiry, sudo and rate-limit tests).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithWriteLimit sets the hourly write budget of every account that has
// none of its own (SetWriteLimit); the default is DefaultWriteLimit.
func WithWriteLimit(n int) Option { return func(s *Server) { s.writeLimit = n } }

// WithStrictSudo makes create-token with a key need the key in sudo mode
// even when the form carries the user's credentials, as Fastly's own Go
// client assumes (it always posts /sudo first). By default the credentials
// in the form are enough.
func WithStrictSudo() Option { return func(s *Server) { s.strictSudo = true } }

// WithBulkIgnoringUnknown makes bulk-revoke-tokens skip the ids it does
// not know (or the key may not see) and revoke the others, answering 204.
// By default it refuses the whole batch with a 400 naming the first such
// id. Fastly documents neither, so both are models: test against both.
func WithBulkIgnoringUnknown() Option { return func(s *Server) { s.bulkIgnoresUnknown = true } }

// WithMiddleware wraps the server's handler, for example in the spec
// validator of package openapi/contract:
//
//	v, _ := contract.New()
//	api.NewServer(api.WithMiddleware(func(h http.Handler) http.Handler {
//		return v.Middleware(h, func(err error) { t.Error(err) })
//	}))
func WithMiddleware(wrap func(http.Handler) http.Handler) Option {
	return func(s *Server) { s.handler = wrap(s.handler) }
}

// NewServer makes an empty server.
func NewServer(opts ...Option) *Server {
	s := &Server{
		users:      map[string]*User{},
		byLogin:    map[string]*User{},
		tokens:     map[string]*token{},
		bySecret:   map[string]*token{},
		writes:     map[string]*window{},
		limits:     map[string]int{},
		now:        time.Now,
		writeLimit: DefaultWriteLimit,
	}
	s.handler = server.HandlerWithOptions(handlers{s}, server.StdHTTPServerOptions{
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeMsg(w, http.StatusBadRequest, "Bad request: "+err.Error())
		},
	})
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetWriteLimit sets the hourly write budget of one account.
func (s *Server) SetWriteLimit(customerID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[customerID] = n
}

// AddUser adds a user and returns it with its ids filled in.
func (s *Server) AddUser(u User) (User, error) {
	if u.Login == "" {
		return User{}, errors.New("api: a user needs a login")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.byLogin[u.Login]; dup {
		return User{}, fmt.Errorf("api: login %q exists", u.Login)
	}
	if u.ID == "" {
		u.ID = newID()
	}
	if u.CustomerID == "" {
		u.CustomerID = newID()
	}
	if _, dup := s.users[u.ID]; dup {
		return User{}, fmt.Errorf("api: user id %q exists", u.ID)
	}
	stored := u
	s.users[u.ID] = &stored
	s.byLogin[u.Login] = &stored
	return u, nil
}

// AddToken adds a token for an existing user and returns its id and secret
// (the API key to send as Fastly-Key).
func (s *Server) AddToken(seed TokenSeed) (id, secret string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[seed.UserId]
	if !ok {
		return "", "", fmt.Errorf("api: no user %q", seed.UserId)
	}
	t := &token{
		id: seed.Id, userID: u.ID, customerID: u.CustomerID, name: seed.Name, scope: cmp.Or(seed.Scope, seed.Scopes.String()),
		services: append([]string(nil), seed.Services...), secret: seed.Secret,
		createdAt: seed.CreatedAt.Time, lastUsedAt: seed.LastUsedAt.Time, expiresAt: seed.ExpiresAt.Time,
		sudoExpiresAt: seed.SudoExpiresAt.Time, ip: string(seed.Ip), userAgent: string(seed.UserAgent),
	}
	if err := s.add(t); err != nil {
		return "", "", err
	}
	return t.id, t.secret, nil
}

// add stores a new token, user or automation, the defaults filled in: a
// new id and secret, the default scope, the default role for automation
// tokens, created now. Seeds and creates all go through here. s.mu must be
// held.
func (s *Server) add(t *token) error {
	if t.id == "" {
		t.id = newID()
	}
	if t.secret == "" {
		t.secret = newSecret()
	}
	if t.scope == "" {
		t.scope = string(wire.DefaultScope)
	}
	if t.automation && t.role == "" {
		t.role = string(wire.DefaultRole)
	}
	if t.createdAt.IsZero() {
		t.createdAt = s.now().Truncate(time.Second) // Fastly sends whole seconds
	}
	if _, dup := s.tokens[t.id]; dup {
		return fmt.Errorf("api: token id %q exists", t.id)
	}
	if _, dup := s.bySecret[t.secret]; dup {
		return errors.New("api: token secret exists")
	}
	s.tokens[t.id] = t
	s.bySecret[t.secret] = t
	return nil
}

// TokenState is what tests may inspect of a stored token.
type TokenState struct {
	ID, UserID, CustomerID, Name, Scope string
	Services                            []string
	Revoked                             bool
	LastUsedAt, ExpiresAt               time.Time
	SudoExpiresAt                       time.Time
}

// Token reports a stored token, revoked or not.
func (s *Server) Token(id string) (TokenState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[id]
	if !ok {
		return TokenState{}, false
	}
	return TokenState{ID: t.id, UserID: t.userID, CustomerID: t.customerID, Name: t.name, Scope: t.scope,
		Services: append([]string(nil), t.services...), Revoked: t.revoked, LastUsedAt: t.lastUsedAt, ExpiresAt: t.expiresAt,
		SudoExpiresAt: t.sudoExpiresAt}, true
}

// ActiveTokens counts the tokens that are not revoked.
func (s *Server) ActiveTokens() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.tokens {
		if !t.revoked {
			n++
		}
	}
	return n
}
