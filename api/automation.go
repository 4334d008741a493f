package api

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Automation tokens: created by superusers in sudo mode, listed a page at a
// time, revoked with revoke-token (DELETE /tokens/{id}). Their errors come
// in the shape Fastly's automation-token endpoints use: {"title",
// "detail", "status", "errors"}.

// DefaultPerPage is the page size of the paginated lists when a request
// names none; the most is wire.MaxPerPage.
const DefaultPerPage = 20

// AddAutomationToken adds an automation token of the creator's customer
// and returns its id and secret.
func (s *Server) AddAutomationToken(seed AutomationSeed) (id, secret string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[seed.CreatorId]
	if !ok {
		return "", "", fmt.Errorf("api: no user %q", seed.CreatorId)
	}
	roles, ok := tokenRoles(cmp.Or(seed.Role, string(wire.DefaultRole)), refIDs(seed.Roles))
	if !ok {
		return "", "", fmt.Errorf("api: unknown role %q", seed.Role)
	}
	t := &token{
		id: seed.Id, userID: u.ID, customerID: u.CustomerID, name: seed.Name, scope: wire.Scopes(seed.Scopes).String(),
		services: append([]string(nil), seed.Services...), secret: seed.Secret,
		createdAt: seed.CreatedAt.Time, lastUsedAt: seed.LastUsedAt.Time, expiresAt: seed.ExpiresAt.Time,
		ip: string(seed.Ip), userAgent: string(seed.UserAgent), automation: true, role: roles[0].Name, roles: roles,
		tlsAccess: seed.TlsAccess, workspaces: seed.Workspaces, limitWorkspaces: seed.LimitWorkspaces != nil && *seed.LimitWorkspaces,
	}
	if err := s.add(t); err != nil {
		return "", "", err
	}
	return t.id, t.secret, nil
}

// writeProblem writes the error shape of the automation-token endpoints.
func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	writeJSON(w, status, map[string]any{"title": title, "detail": detail, "status": status,
		"errors": []map[string]string{{"title": title, "detail": detail}}})
}

func (f *failure) writeProblem(w http.ResponseWriter) {
	writeProblem(w, f.status, http.StatusText(f.status), f.msg)
}

// superuser authenticates a read of the automation tokens: a superuser's
// key. s.mu must be held.
func (s *Server) superuser(r *http.Request) (caller, *failure) {
	c, f := s.reader(r)
	if f == nil && !c.user.Superuser {
		f = &failure{status: http.StatusForbidden, msg: "Only superusers manage automation tokens"}
	}
	return c, f
}

// automationToken finds an automation token of the caller's customer.
func (s *Server) automationToken(c caller, id string) (*token, *failure) {
	t, found := s.tokens[id]
	if !wire.ValidID(id) || !found || !t.automation || t.revoked || t.customerID != c.user.CustomerID {
		return nil, &failure{status: http.StatusNotFound, msg: "Automation token not found"}
	}
	return t, nil
}

// CreateAutomationToken implements create-automation-token.
func (s handlers) CreateAutomationToken(w http.ResponseWriter, r *http.Request) {
	var body gen.AutomationTokenCreateRequest
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.writer(r)
	if !s.spendWrite(w, s.budgetOf(r)) {
		return
	}
	// The write counts, but Fastly's answer carries no rate-limit headers
	// (the recorded create-automation-token reply has none).
	w.Header().Del(wire.HeaderRateLimitRemaining)
	w.Header().Del(wire.HeaderRateLimitReset)
	switch {
	case f != nil:
		f.writeProblem(w)
		return
	case !c.user.Superuser:
		writeProblem(w, http.StatusForbidden, "Forbidden", "Only superusers create automation tokens")
		return
	case c.user.OTP != "" || c.user.ForcedSSO:
		// "Users cannot create automation token if their account has force
		// SSO or MFA enabled", and POST /automation-tokens errors carry an
		// error code as create-token's do:
		// https://www.fastly.com/documentation/reference/api/auth-tokens/automation/
		writeCode(w, http.StatusBadRequest, "invalid_request", msgAutomationMFA)
		return
	case !c.tok.inSudo(s.now()):
		writeProblem(w, http.StatusForbidden, "Forbidden", msgSudoRequired)
		return
	case err != nil || strings.TrimSpace(body.Name) == "":
		writeProblem(w, http.StatusBadRequest, "Bad request", "name and role are required")
		return
	}
	roles, ok := tokenRoles(body.Role, body.Roles)
	if !ok {
		writeProblem(w, http.StatusBadRequest, "Bad request", "role must be one of the roles of GET /roles, by id or legacy name")
		return
	}
	if !body.LimitServices {
		body.Services = nil // Fastly's default since September 2026: every service, whatever services says
	}
	scope, ok := newScope(body.Scope, body.Services)
	if !ok {
		writeProblem(w, http.StatusBadRequest, "Bad request", "Unknown scope or service")
		return
	}
	if !body.ExpiresAt.IsZero() && !body.ExpiresAt.After(s.now()) {
		writeProblem(w, http.StatusBadRequest, "Bad request", "expires_at must be in the future")
		return
	}
	t := &token{userID: c.user.ID, customerID: c.user.CustomerID, name: body.Name, scope: scope, services: body.Services,
		expiresAt: body.ExpiresAt.Time, automation: true, role: roles[0].Name, roles: roles, tlsAccess: body.TlsAccess,
		workspaces: body.Workspaces, limitWorkspaces: body.LimitWorkspaces == nil || *body.LimitWorkspaces}
	if err := s.add(t); err != nil {
		writeProblem(w, http.StatusInternalServerError, "Internal Server Error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, t.automationCreated())
}

// GetAutomationTokenId implements get-automation-token-id.
func (s handlers) GetAutomationTokenId(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.superuser(r)
	var t *token
	if f == nil {
		t, f = s.automationToken(c, id)
	}
	if f != nil {
		f.writeProblem(w)
		return
	}
	writeJSON(w, http.StatusOK, t.automationResponse())
}

// page reads page and per_page; a bad one is a 400.
func page(p, perPage *int) (int, int, *failure) {
	n, size := 1, DefaultPerPage
	if p != nil {
		n = *p
	}
	if perPage != nil {
		size = *perPage
	}
	if n < 1 || size < 1 || size > wire.MaxPerPage {
		return 0, 0, &failure{status: http.StatusBadRequest, msg: fmt.Sprintf("page counts from 1; per_page is 1 to %d", wire.MaxPerPage)}
	}
	return n, size, nil
}

// pageOf is page n of all, size records a page; past the end, empty. It
// never multiplies a page number it has not bounded first.
func pageOf[T any](all []T, n, size int) []T {
	if n-1 > len(all)/size {
		return nil
	}
	start := (n - 1) * size
	return all[min(start, len(all)):min(start+size, len(all))]
}

// meta is the pagination of n records.
func meta(n, current, perPage int) gen.PaginationMeta {
	return gen.PaginationMeta{CurrentPage: current, PerPage: perPage, RecordCount: n, TotalPages: (n + perPage - 1) / perPage}
}

// ListAutomationTokens implements list-automation-tokens.
func (s handlers) ListAutomationTokens(w http.ResponseWriter, r *http.Request, params gen.ListAutomationTokensParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.superuser(r)
	n, size := 0, 0
	if f == nil {
		n, size, f = page(params.Page, params.PerPage)
	}
	if f != nil {
		f.writeProblem(w)
		return
	}
	var all []*token
	for _, t := range s.tokens {
		if t.automation && !t.revoked && t.customerID == c.user.CustomerID {
			all = append(all, t)
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].createdAt.Equal(all[j].createdAt) {
			return all[i].createdAt.Before(all[j].createdAt)
		}
		return all[i].id < all[j].id
	})
	out := gen.AutomationTokenList{Data: []gen.AutomationTokenListEntry{}, Meta: meta(len(all), n, size)}
	for _, t := range pageOf(all, n, size) {
		out.Data = append(out.Data, t.automationListEntry())
	}
	writeJSON(w, http.StatusOK, out)
}

// GetAutomationTokensIdServices implements get-automation-tokens-id-services.
func (s handlers) GetAutomationTokensIdServices(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID, params gen.GetAutomationTokensIdServicesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, n, size, f := s.tokenPage(r, id, params.Page, params.PerPage)
	if f != nil {
		f.writeProblem(w)
		return
	}
	services := t.services
	data := append([]string{}, pageOf(services, n, size)...)
	writeJSON(w, http.StatusOK, gen.AutomationTokenServices{Data: data, Meta: meta(len(services), n, size)})
}

// tokenPage is the automation token a superuser asks a page of the ids
// of (its services or workspaces), and the page, or why not. s.mu is held.
func (s *Server) tokenPage(r *http.Request, id string, p, perPage *int) (t *token, n, size int, f *failure) {
	c, f := s.superuser(r)
	if f == nil {
		t, f = s.automationToken(c, id)
	}
	if f == nil {
		n, size, f = page(p, perPage)
	}
	return t, n, size, f
}

func emptyTime(t time.Time) wire.TimeOrEmpty { return wire.TimeOrEmpty{Time: t, Empty: t.IsZero()} }

// automationCreated is the recorded create answer: "" for absent ip,
// last_used_at, expires_at and user_agent.
func (t *token) automationCreated() gen.AutomationTokenCreateResponse {
	limitServices, limitWorkspaces := len(t.services) > 0, t.limitWorkspaces
	return gen.AutomationTokenCreateResponse{Id: t.id, Services: t.servicesList(), Name: t.name, Role: t.role,
		AccessToken: t.secret, Scope: t.scope, Ip: t.ip, CreatedAt: emptyTime(t.createdAt), LastUsedAt: emptyTime(t.lastUsedAt),
		ExpiresAt: emptyTime(t.expiresAt), UserAgent: t.userAgent, TlsAccess: t.tlsAccess, CustomerId: t.customerID,
		Roles: t.roles, LimitServices: &limitServices, LimitWorkspaces: &limitWorkspaces, Workspaces: t.workspacesList()}
}

// automationResponse is the get answer, as recorded: access_token "", no
// tls_access and no customer_id, services null when there are none, null
// times; and the fields of September 2026.
func (t *token) automationResponse() gen.AutomationTokenResponse {
	limitServices, limitWorkspaces := len(t.services) > 0, t.limitWorkspaces
	return gen.AutomationTokenResponse{Id: t.id, Services: t.services, Name: t.name, Role: t.role, Scope: t.scope,
		Ip: wire.NullString(t.ip), UserAgent: wire.NullString(t.userAgent), CreatedAt: wire.TimeOrEmpty{Time: t.createdAt},
		LastUsedAt: wire.TimeOrEmpty{Time: t.lastUsedAt}, ExpiresAt: wire.TimeOrEmpty{Time: t.expiresAt},
		Roles: t.roles, LimitServices: &limitServices, LimitWorkspaces: &limitWorkspaces, Workspaces: t.workspacesList()}
}

// automationListEntry is a list entry, as recorded: access_token "",
// scopes as one string and no scope, creator_id, service_id and
// sudo_expires_at; and the fields of September 2026.
func (t *token) automationListEntry() gen.AutomationTokenListEntry {
	limitServices, limitWorkspaces := len(t.services) > 0, t.limitWorkspaces
	return gen.AutomationTokenListEntry{Id: t.id, Services: t.servicesList(), Name: t.name, Role: t.role,
		Scopes: wire.ScopeString(wire.SplitScopes(t.scope)), ServiceId: t.serviceID(), CreatorId: t.userID,
		Ip: wire.NullString(t.ip), UserAgent: wire.NullString(t.userAgent), TlsAccess: t.tlsAccess,
		CreatedAt: wire.TimeOrEmpty{Time: t.createdAt}, LastUsedAt: wire.TimeOrEmpty{Time: t.lastUsedAt},
		ExpiresAt: wire.TimeOrEmpty{Time: t.expiresAt}, SudoExpiresAt: wire.TimeOrEmpty{Time: t.sudoExpiresAt},
		Roles: t.roles, LimitServices: &limitServices, LimitWorkspaces: &limitWorkspaces, Workspaces: t.workspacesList()}
}

// workspacesList is never null on the wire.
func (t *token) workspacesList() []string {
	if t.workspaces == nil {
		return []string{}
	}
	return t.workspaces
}
