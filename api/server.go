package api

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/gen/server"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// defaultWriteLimit is the hourly budget of write requests of an account
// that has none of its own (SetWriteLimit): the 1,000 Fastly documents.
// Real accounts often have more (budgets of 4,994 and 9,985 remaining were
// recorded); nothing in this module assumes 1,000.
const defaultWriteLimit = 1000

// Server is the in-memory Fastly API for tokens. Make one with NewServer.
type Server struct {
	mu       sync.Mutex
	users    map[string]*User
	byLogin  map[string]*User
	tokens   map[string]*token
	bySecret map[string]*token
	writes   map[string]*window // by budget: an account or an address
	limits   map[string]int     // by customer id
	// workspaces names the workspaces automation tokens may be limited
	// to, by id (AddWorkspace).
	workspaces map[string]string

	now        func() time.Time
	strictSudo bool
	// bulkIgnoresUnknown: see WithBulkIgnoringUnknown.
	bulkIgnoresUnknown bool
	handler            http.Handler
}

// handlers implements gen's server interface: the operations, kept off
// Server's exported methods (Server is what tests use: seeding, options,
// ServeHTTP).
type handlers struct{ *Server }

var _ server.ServerInterface = handlers{}

// window counts the writes of one budget in the current hour.
type window struct {
	start time.Time
	count int
}

// Option configures a Server.
type Option func(*Server)

// WithClock sets the server's clock (for expiry, sudo and rate-limit tests).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

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
		workspaces: map[string]string{},
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

// AddWorkspace names a workspace, for the answers that list an automation
// token's workspaces; a workspace no one named answers with its id as its
// name.
func (s *Server) AddWorkspace(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workspaces[id] = name
}

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
	u.ID, u.CustomerID = cmp.Or(u.ID, newID()), cmp.Or(u.CustomerID, newID())
	if _, dup := s.users[u.ID]; dup {
		return User{}, fmt.Errorf("api: user id %q exists", u.ID)
	}
	stored := u
	s.users[u.ID] = &stored
	s.byLogin[u.Login] = &stored
	return u, nil
}

// AddToken adds a user's token, as get-token answers it (gen's model, every
// field of which the server answers with), and returns its id and secret
// (the API key to send as Fastly-Key). UserID is required (an added user);
// ID is generated when empty; Scope is Scopes joined, or global, when
// empty; CreatedAt is now when zero. CustomerID and ServiceID follow from
// the user and the services.
func (s *Server) AddToken(m gen.TokenResponse) (id, secret string, err error) {
	return s.addToken(m, "")
}

// AddTokenWithKey is AddToken with the token's secret given, such as a
// key a test knows ahead.
func (s *Server) AddTokenWithKey(m gen.TokenResponse, key string) (id string, err error) {
	id, _, err = s.addToken(m, key)
	return id, err
}

func (s *Server) addToken(m gen.TokenResponse, key string) (id, secret string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[m.UserID]
	if !ok {
		return "", "", fmt.Errorf("api: no user %q", m.UserID)
	}
	m.CustomerID = u.CustomerID
	m.Scope = cmp.Or(m.Scope, m.Scopes.String())
	t := &token{user: &m, secret: key}
	if err := s.add(t); err != nil {
		return "", "", err
	}
	return t.id(), t.secret, nil
}

// stored is the answer to a create: t stored, and answered as answer
// makes it, or a 500 when it cannot be stored. s.mu must be held.
func (s *Server) stored(t *token, answer func() answer) answer {
	if err := s.add(t); err != nil {
		return fail(http.StatusInternalServerError, err.Error())
	}
	return answer()
}

// add stores a new token, user or automation, with the defaults filled
// in: a new id and secret, the default scope, created now, and the fields
// that follow from others. Seeds and creates all go through here. s.mu
// must be held.
func (s *Server) add(t *token) error {
	t.secret = cmp.Or(t.secret, newSecret())
	now := wire.Time{Time: s.now().Truncate(time.Second)} // Fastly sends whole seconds
	if m := t.user; m != nil {
		m.ID, m.Scope = cmp.Or(m.ID, newID()), cmp.Or(m.Scope, string(gen.ScopeGlobal))
		m.Scopes, m.Services = wire.SplitScopes(m.Scope), listOf(m.Services)
		m.ServiceID = cmp.Or(m.ServiceID, wire.NullString(last(m.Services)))
		m.CreatedAt = cmp.Or(m.CreatedAt, now)
	} else {
		m := t.automation
		m.ID = cmp.Or(m.ID, newID())
		if len(m.Scopes) == 0 {
			m.Scopes = wire.ScopeString{string(gen.ScopeGlobal)}
		}
		m.AccessToken = "" // answers never carry the secret after create
		m.CreatedAt = cmp.Or(m.CreatedAt, wire.TimeOrEmpty{Time: now.Time})
	}
	if _, dup := s.tokens[t.id()]; dup {
		return fmt.Errorf("api: token id %q exists", t.id())
	}
	if _, dup := s.bySecret[t.secret]; dup {
		return errors.New("api: token secret exists")
	}
	s.tokens[t.id()] = t
	s.bySecret[t.secret] = t
	return nil
}

// listOf is a list as the API answers it: [] rather than null.
func listOf[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// last is the last of a token's services, which Fastly answers as its
// service_id (a recording of a create with two services shows the last).
func last(services []string) string {
	if len(services) == 0 {
		return ""
	}
	return services[len(services)-1]
}

// TokenState is a stored token as a test may inspect it: a copy of the
// model its answers are made from, and whether it is revoked.
type TokenState struct {
	User       *gen.TokenResponse            // a user's token; nil for an automation token
	Automation *gen.AutomationTokenListEntry // an automation token; nil for a user's
	Revoked    bool
}

// Token reports a stored token, revoked or not.
func (s *Server) Token(id string) (TokenState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[id]
	if !ok {
		return TokenState{}, false
	}
	state := TokenState{Revoked: t.revoked}
	if t.user != nil {
		m := *t.user
		state.User = &m
	} else {
		m := *t.automation
		state.Automation = &m
	}
	return state, true
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
