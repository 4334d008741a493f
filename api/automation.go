package api

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Automation tokens: created by superusers in sudo mode, listed a page at a
// time, revoked with revoke-token (DELETE /tokens/{id}). Their errors come
// in the shape Fastly's automation-token endpoints use: {"title",
// "detail", "status", "errors"}.

// AddAutomationToken adds an automation token of the creator's customer,
// as the automation list answers it (gen's model), and returns its id and
// secret. CreatorID is required (an added user, whose customer the token
// is of). With neither Role nor Roles set, the token has no role, as one
// created with only a name.
func (s *Server) AddAutomationToken(m gen.AutomationTokenListEntry) (id, secret string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[m.CreatorID]
	if !ok {
		return "", "", fmt.Errorf("api: no user %q", m.CreatorID)
	}
	roles, ok := tokenRoles(m.Role, refIDs(m.Roles))
	if !ok {
		return "", "", fmt.Errorf("api: unknown role %q", m.Role)
	}
	m.CustomerID, m.Role, m.Roles = u.CustomerID, firstRole(roles), listOf(roles)
	m.Services, m.Workspaces = listOf(m.Services), listOf(m.Workspaces)
	m.LimitServices = ptr(wire.ServicesLimit(m.LimitServices, m.Services))
	m.LimitWorkspaces = ptr(m.LimitWorkspaces != nil && *m.LimitWorkspaces)
	t := &token{automation: &m}
	if err := s.add(t); err != nil {
		return "", "", err
	}
	return t.id(), t.secret, nil
}

func ptr[T any](v T) *T { return &v }

// firstRole is the name answers give as a token's role: the first of its
// roles, or "" when it has none.
func firstRole(roles []gen.RoleRef) string {
	if len(roles) == 0 {
		return ""
	}
	return roles[0].Name
}

// automationToken finds an automation token of the caller's customer.
func (s *Server) automationToken(c caller, id string) (*token, *failure) {
	t, found := s.tokens[id]
	if !wire.ValidID(id) || !found || t.automation == nil || t.revoked || t.customer() != c.user.CustomerID {
		return nil, &failure{status: http.StatusNotFound, msg: "Automation token not found"}
	}
	return t, nil
}

// msgAutomationMFA is the refusal of an automation token to a user whose
// account has two-factor authentication or forced SSO.
const msgAutomationMFA = "Users whose account has forced SSO or two-factor authentication enabled cannot create automation tokens"

// asAutomationCreator authenticates create-automation-token: a write
// whose answer carries no rate-limit headers, errors in the automation
// shape.
var asAutomationCreator = policy{auth: (*Server).writer, write: true, problem: true, unmetered: true}

// CreateAutomationToken implements create-automation-token.
func (s handlers) CreateAutomationToken(w http.ResponseWriter, r *http.Request) {
	var body gen.AutomationTokenCreateRequest
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err == nil {
		err = json.Unmarshal(raw, &body)
	}
	s.serve(w, r, asAutomationCreator, func(c caller) answer {
		switch {
		case !c.user.Superuser:
			return fail(http.StatusForbidden, "Only superusers create automation tokens")
		case c.user.OTP != "" || c.user.ForcedSSO:
			// "Users cannot create automation token if their account has force
			// SSO or MFA enabled", and POST /automation-tokens errors carry an
			// error code as create-token's do:
			// https://www.fastly.com/documentation/reference/api/auth-tokens/automation/
			return failed(&failure{status: http.StatusBadRequest, code: "invalid_request", msg: msgAutomationMFA})
		case !c.tok.inSudo(s.now()):
			return fail(http.StatusForbidden, wire.MsgSudoRequired)
		case err != nil || strings.TrimSpace(body.Name) == "":
			return fail(http.StatusBadRequest, "name is required") // only name is
		}
		m, f := s.newAutomationToken(c, body)
		if f != nil {
			return failed(f)
		}
		t := &token{automation: m}
		return s.stored(t, t.automationCreated)
	})
}

// newAutomationToken is the token a create asks for, as the list will
// answer it. Without limit_services, Fastly's default since September
// 2026, the token gets every service, whatever services says. s.mu must be
// held.
func (s *Server) newAutomationToken(c caller, body gen.AutomationTokenCreateRequest) (*gen.AutomationTokenListEntry, *failure) {
	roles, ok := tokenRoles(body.Role, body.Roles)
	if !ok {
		return nil, &failure{status: http.StatusBadRequest, msg: "role must be one of the roles of GET /iam/v1/roles, by id or legacy name"}
	}
	if !body.LimitServices {
		body.Services = nil
	}
	scopes, known := newScope(body.Scope, body.Services)
	switch {
	case !known:
		return nil, &failure{status: http.StatusBadRequest, msg: "Unknown scope or service"}
	case !body.ExpiresAt.IsZero() && !body.ExpiresAt.After(s.now()):
		return nil, &failure{status: http.StatusBadRequest, msg: "expires_at must be in the future"}
	}
	return &gen.AutomationTokenListEntry{CreatorID: c.user.ID, CustomerID: c.user.CustomerID, Name: body.Name,
		Role: firstRole(roles), Roles: listOf(roles), Scopes: wire.ScopeString(scopes), Services: listOf(body.Services),
		ExpiresAt: wire.TimeOrEmpty{Time: body.ExpiresAt.Time}, TLSAccess: body.TLSAccess,
		LimitServices: ptr(body.LimitServices), LimitWorkspaces: ptr(body.LimitWorkspaces == nil || *body.LimitWorkspaces),
		Workspaces: listOf(body.Workspaces)}, nil
}

// GetAutomationTokenID implements get-automation-token-id.
func (s handlers) GetAutomationTokenID(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID) {
	s.serve(w, r, asSuperuser, func(c caller) answer {
		t, f := s.automationToken(c, id)
		if f != nil {
			return failed(f)
		}
		return t.automationResponse()
	})
}

// ListAutomationTokens implements list-automation-tokens.
func (s handlers) ListAutomationTokens(w http.ResponseWriter, r *http.Request, params gen.ListAutomationTokensParams) {
	s.serve(w, r, asSuperuser, func(c caller) answer {
		n, size, f := page(params.Page, params.PerPage)
		if f != nil {
			return failed(f)
		}
		all := s.sorted(func(t *token) bool {
			return t.automation != nil && !t.revoked && t.customer() == c.user.CustomerID
		})
		out := gen.AutomationTokenList{Data: []gen.AutomationTokenListEntry{}, Meta: meta(len(all), n, size)}
		for _, t := range pageOf(all, n, size) {
			out.Data = append(out.Data, *t.automation)
		}
		return ok(out)
	})
}
