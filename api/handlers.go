package api

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/gen/server"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

var _ server.ServerInterface = (*Server)(nil)

// visibleTokens returns the tokens match selects, oldest first. s.mu must be held.
func (s *Server) visibleTokens(match func(*token) bool) gen.TokenList {
	out := gen.TokenList{}
	var picked []*token
	for _, t := range s.tokens {
		if !t.revoked && match(t) {
			picked = append(picked, t)
		}
	}
	sort.Slice(picked, func(i, j int) bool {
		if !picked[i].createdAt.Equal(picked[j].createdAt) {
			return picked[i].createdAt.Before(picked[j].createdAt)
		}
		return picked[i].id < picked[j].id
	})
	for _, t := range picked {
		out = append(out, t.response())
	}
	return out
}

// visible finds a token the caller may see, or answers 404. s.mu must be held.
func (s *Server) visible(w http.ResponseWriter, c caller, id string) (*token, bool) {
	t, found := s.tokens[id]
	if !found || !c.sees(t) {
		writeMsg(w, http.StatusNotFound, msgNotFound)
		return nil, false
	}
	return t, true
}

// ListTokensUser implements list-tokens-user.
func (s *Server) ListTokensUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.visibleTokens(func(t *token) bool { return t.userID == c.user.ID }))
}

// ListTokensCustomer implements list-tokens-customer.
func (s *Server) ListTokensCustomer(w http.ResponseWriter, r *http.Request, customerID gen.CustomerID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	if customerID != c.user.CustomerID || !c.user.Superuser {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return
	}
	writeJSON(w, http.StatusOK, s.visibleTokens(func(t *token) bool { return t.customerID == customerID }))
}

// GetToken implements get-token.
func (s *Server) GetToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	t, ok := s.visible(w, c, tokenID)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, t.response())
}

// GetTokenCurrent implements get-token-current.
func (s *Server) GetTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, c.tok.response())
}

// RevokeToken implements revoke-token.
func (s *Server) RevokeToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	t, ok := s.visible(w, c, tokenID)
	if !ok {
		return
	}
	if !c.canWrite() {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return
	}
	if !s.spendWrite(w, c.user.ID) {
		return
	}
	t.revoked = true
	w.WriteHeader(http.StatusNoContent)
}

// RevokeTokenCurrent implements revoke-token-current. Any token may revoke
// itself.
func (s *Server) RevokeTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	if !s.spendWrite(w, c.user.ID) {
		return
	}
	c.tok.revoked = true
	w.WriteHeader(http.StatusNoContent)
}

// maxBodyBytes bounds request bodies.
const maxBodyBytes = 1 << 20

// BulkRevokeTokens implements bulk-revoke-tokens: all or nothing.
func (s *Server) BulkRevokeTokens(w http.ResponseWriter, r *http.Request) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/vnd.api+json" || params["ext"] != "bulk" {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.authenticate(w, r); ok {
			writeMsg(w, http.StatusBadRequest, "Content-Type must be application/vnd.api+json; ext=bulk")
		}
		return
	}
	var body gen.BulkRevokeRequest
	decodeErr := json.NewDecoder(io.LimitReader(r.Body, maxBodyBytes)).Decode(&body)

	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	if decodeErr != nil || body.Data == nil {
		writeMsg(w, http.StatusBadRequest, "Body must be {\"data\":[{\"id\":…,\"type\":\"token\"}]}")
		return
	}
	targets := make([]*token, 0, len(body.Data))
	for _, ref := range body.Data {
		t, found := s.tokens[ref.Id]
		if ref.Type != gen.Token || !found || !c.sees(t) {
			writeMsg(w, http.StatusBadRequest, "Token revocation error: unknown token "+safeID(ref.Id))
			return
		}
		targets = append(targets, t)
	}
	if !c.canWrite() {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return
	}
	if !s.spendWrite(w, c.user.ID) {
		return
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

// CreateToken implements create-token.
func (s *Server) CreateToken(w http.ResponseWriter, r *http.Request, params gen.CreateTokenParams) {
	form, formErr := readForm(r)

	s.mu.Lock()
	defer s.mu.Unlock()
	if formErr != nil {
		writeCreateError(w, "invalid_request", "Body must be application/x-www-form-urlencoded")
		return
	}
	user, byPassword, ok := s.createCaller(w, r, form)
	if !ok {
		return
	}
	if byPassword && user.OTP != "" && (params.FastlyOTP == nil || *params.FastlyOTP != user.OTP) {
		writeCreateError(w, "2fa.verify", "Two-factor authentication is required: send the one-time password in Fastly-OTP")
		return
	}
	scope := strings.Join(strings.Fields(form.Get("scope")), " ")
	if scope == "" {
		scope = "global"
	}
	for _, sc := range strings.Fields(scope) {
		if !knownScopes[sc] {
			writeCreateError(w, "invalid_scope", "Unknown scope")
			return
		}
	}
	var expires time.Time
	if v := form.Get("expires_at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
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
	if !s.spendWrite(w, user.ID) {
		return
	}
	t := &token{
		id: newID(), userID: user.ID, customerID: user.CustomerID, name: form.Get("name"), scope: scope,
		services: form["services[]"], secret: newSecret(), createdAt: s.now().Truncate(time.Second), expiresAt: expires,
	}
	s.tokens[t.id] = t
	s.bySecret[t.secret] = t
	writeJSON(w, http.StatusOK, t.created())
}

var knownScopes = map[string]bool{"global": true, "purge_select": true, "purge_all": true, "global:read": true}

func readForm(r *http.Request) (url.Values, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return nil, errBadForm
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	return url.ParseQuery(string(b))
}

var errBadForm = &formError{}

type formError struct{}

func (*formError) Error() string { return "not a form" }

// createCaller authenticates create-token: username and password in the
// form, HTTP basic auth, or Fastly-Key (a token with the global scope).
// byPassword reports a credential login, which two-factor authentication
// guards. s.mu must be held.
func (s *Server) createCaller(w http.ResponseWriter, r *http.Request, form url.Values) (u *User, byPassword, ok bool) {
	login, password := form.Get("username"), form.Get("password")
	if login == "" {
		login, password, _ = r.BasicAuth()
	}
	if login != "" {
		found := false
		u, found = s.byLogin[login]
		if !found || u.Password != password {
			writeCreateError(w, "invalid_grant", "Invalid username or password")
			return nil, false, false
		}
		return u, true, true
	}
	c, ok := s.authenticate(w, r)
	if !ok {
		return nil, false, false
	}
	if !c.canWrite() {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return nil, false, false
	}
	return c.user, false, true
}
