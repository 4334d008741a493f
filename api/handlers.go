package api

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/gen/server"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

var _ server.ServerInterface = handlers{}

// maxBodyBytes bounds request bodies.
const maxBodyBytes = 1 << 20

// visibleTokens returns the tokens match selects, oldest first. s.mu must be held.
func (s *Server) visibleTokens(match func(*token) bool) gen.TokenList {
	var picked []*token
	for _, t := range s.tokens {
		if !t.revoked && !t.automation && match(t) {
			picked = append(picked, t)
		}
	}
	sort.Slice(picked, func(i, j int) bool {
		if !picked[i].createdAt.Equal(picked[j].createdAt) {
			return picked[i].createdAt.Before(picked[j].createdAt)
		}
		return picked[i].id < picked[j].id
	})
	out := make(gen.TokenList, 0, len(picked))
	for _, t := range picked {
		out = append(out, t.response())
	}
	return out
}

// visible finds a token the caller may see. s.mu must be held.
func (s *Server) visible(c caller, id string) (*token, *failure) {
	if !wire.ValidID(id) {
		return nil, &failure{status: http.StatusNotFound, msg: msgNotFound}
	}
	t, found := s.tokens[id]
	if !found || !c.sees(t) {
		return nil, &failure{status: http.StatusNotFound, msg: msgNotFound}
	}
	return t, nil
}

// ListTokensUser implements list-tokens-user.
func (s handlers) ListTokensUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.reader(r)
	if f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, s.visibleTokens(func(t *token) bool { return t.userID == c.user.ID }))
}

// ListTokensCustomer implements list-tokens-customer.
func (s handlers) ListTokensCustomer(w http.ResponseWriter, r *http.Request, customerID gen.CustomerID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.reader(r)
	if f != nil {
		f.write(w)
		return
	}
	if customerID != c.user.CustomerID || !c.user.Superuser {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return
	}
	writeJSON(w, http.StatusOK, s.visibleTokens(func(t *token) bool { return t.customerID == customerID }))
}

// GetToken implements get-token.
func (s handlers) GetToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.reader(r)
	if f == nil {
		var t *token
		if t, f = s.visible(c, tokenID); f == nil && !t.automation {
			writeJSON(w, http.StatusOK, t.response())
			return
		}
		if f == nil { // an automation token: read it at /automation-tokens
			f = &failure{status: http.StatusNotFound, msg: msgNotFound}
		}
	}
	f.write(w)
}

// GetTokenCurrent implements get-token-current.
func (s handlers) GetTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.reader(r)
	if f != nil {
		f.write(w)
		return
	}
	writeJSON(w, http.StatusOK, c.tok.response())
}

// beginWrite authenticates a write and spends it from the budget, setting
// the rate-limit headers every write answer carries. It writes the answer
// and returns ok=false when the request ends here. s.mu must be held.
func (s *Server) beginWrite(w http.ResponseWriter, r *http.Request) (caller, bool) {
	c, f := s.writer(r)
	if !s.spendWrite(w, s.budgetOf(r)) {
		return caller{}, false
	}
	if f != nil {
		f.write(w)
		return caller{}, false
	}
	return c, true
}

// RevokeToken implements revoke-token.
func (s handlers) RevokeToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.beginWrite(w, r)
	if !ok {
		return
	}
	t, f := s.visible(c, tokenID)
	if f != nil {
		f.write(w)
		return
	}
	t.revoked = true
	w.WriteHeader(http.StatusNoContent)
}

// RevokeTokenCurrent implements revoke-token-current. Any token may revoke
// itself, a read-only one included.
func (s handlers) RevokeTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.resolveKey(r)
	if !s.spendWrite(w, s.budgetOf(r)) {
		return
	}
	if f != nil {
		f.write(w)
		return
	}
	c.tok.revoked = true
	w.WriteHeader(http.StatusNoContent)
}

// BulkRevokeTokens implements bulk-revoke-tokens: all or nothing, unless
// WithBulkIgnoringUnknown (what Fastly does with an id it does not know is
// not documented: a modelling choice).
func (s handlers) BulkRevokeTokens(w http.ResponseWriter, r *http.Request) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	goodType := err == nil && mediaType == "application/vnd.api+json" && params["ext"] == "bulk"
	var body gen.BulkRevokeRequest
	decodeErr := json.NewDecoder(io.LimitReader(r.Body, maxBodyBytes)).Decode(&body)

	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.beginWrite(w, r)
	if !ok {
		return
	}
	switch {
	case !goodType:
		writeMsg(w, http.StatusBadRequest, "Content-Type must be application/vnd.api+json; ext=bulk")
		return
	case decodeErr != nil || len(body.Data) == 0:
		writeMsg(w, http.StatusBadRequest, `Body must be {"data":[{"id":…,"type":"token"}]}`)
		return
	}
	targets := make([]*token, 0, len(body.Data))
	for _, ref := range body.Data {
		t, found := s.tokens[ref.Id]
		if ref.Type != gen.Token || !found || !c.sees(t) {
			if s.bulkIgnoresUnknown && ref.Type == gen.Token {
				continue
			}
			writeMsg(w, http.StatusBadRequest, "Token revocation error: unknown token "+safeID(ref.Id))
			return
		}
		targets = append(targets, t)
	}
	for _, t := range targets {
		t.revoked = true
	}
	w.WriteHeader(http.StatusNoContent)
}

// safeID echoes an id only when it is one.
func safeID(id string) string {
	if !wire.ValidID(id) {
		return "(malformed id)"
	}
	return id
}

// newScope is the scope of a new token, user or automation, from the space-
// delimited list a request sent: the default scope when empty; false for a
// scope Fastly does not know, or a service id that is no id.
func newScope(requested string, services []string) (string, bool) {
	scopes := wire.SplitScopes(requested)
	if len(scopes) == 0 {
		scopes = wire.Scopes{wire.DefaultScope}
	}
	for _, sc := range scopes {
		if !wire.KnownScopes().Has(sc) {
			return "", false
		}
	}
	for _, id := range services {
		if !wire.ValidID(id) {
			return "", false
		}
	}
	return scopes.String(), true
}

// CreateToken implements create-token. It authenticates by credentials
// (form fields or HTTP basic auth, with Fastly-OTP when the user has
// two-factor authentication) or by a global key, which must be in sudo
// mode unless the form carries the user's credentials too.
func (s handlers) CreateToken(w http.ResponseWriter, r *http.Request, params gen.CreateTokenParams) {
	form, formErr := readForm(r)

	s.mu.Lock()
	defer s.mu.Unlock()
	user, f := s.createCaller(r, form, params)
	if !s.spendWrite(w, s.createBudget(r, user)) {
		return
	}
	if f == nil && formErr != nil {
		f = &failure{status: http.StatusBadRequest, code: "invalid_request", msg: "Body must be application/x-www-form-urlencoded"}
	}
	if f != nil {
		f.write(w)
		return
	}
	services := form["services[]"]
	scope, ok := newScope(form.Get("scope"), services)
	if !ok {
		writeCode(w, http.StatusBadRequest, "invalid_scope", "Unknown scope or service")
		return
	}
	var expires time.Time
	if v := form.Get("expires_at"); v != "" {
		t, err := wire.ParseTime(v)
		if err != nil {
			writeMsg(w, http.StatusUnprocessableEntity, "expires_at must be an RFC 3339 time with zone")
			return
		}
		if !t.After(s.now()) {
			writeMsg(w, http.StatusUnprocessableEntity, "expires_at must be in the future")
			return
		}
		expires = t
	}
	t := &token{userID: user.ID, customerID: user.CustomerID, name: form.Get("name"), scope: scope,
		services: services, expiresAt: expires}
	if err := s.add(t); err != nil {
		writeMsg(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, t.created())
}

// createBudget is whose budget a create spends: the key's account, else
// the logged-in user's, else the client's address.
func (s *Server) createBudget(r *http.Request, u *User) string {
	if u != nil && r.Header.Get("Fastly-Key") == "" {
		return "customer:" + u.CustomerID
	}
	return s.budgetOf(r)
}

func readForm(r *http.Request) (url.Values, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return nil, errNotForm
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	return url.ParseQuery(string(b))
}

var errNotForm = &formError{}

type formError struct{}

func (*formError) Error() string { return "not a form" }

// createCaller authenticates create-token. s.mu must be held.
func (s *Server) createCaller(r *http.Request, form url.Values, params gen.CreateTokenParams) (*User, *failure) {
	login, password := form.Get("username"), form.Get("password")
	if login == "" {
		login, password, _ = r.BasicAuth()
	}
	var otp string
	if params.FastlyOTP != nil {
		otp = *params.FastlyOTP
	}
	var byLogin *User
	if login != "" {
		u, f := s.login(login, password, otp)
		if f != nil {
			return nil, f
		}
		byLogin = u
	}
	if r.Header.Get("Fastly-Key") == "" {
		if byLogin == nil {
			return nil, &failure{status: http.StatusUnauthorized, msg: msgBadCredentials}
		}
		return byLogin, nil
	}
	c, f := s.writer(r)
	switch {
	case f != nil:
		return nil, f
	case byLogin != nil && byLogin.ID != c.user.ID:
		return nil, &failure{status: http.StatusForbidden, msg: "The credentials are not those of the key's user"}
	case (byLogin == nil || s.strictSudo) && !c.tok.inSudo(s.now()):
		return nil, &failure{status: http.StatusForbidden, msg: msgSudoRequired}
	}
	return c.user, nil
}
