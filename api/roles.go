package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// msgAutomationMFA is the refusal of an automation token to a user whose
// account has two-factor authentication or forced SSO.
const msgAutomationMFA = "Users whose account has forced SSO or two-factor authentication enabled cannot create automation tokens"

// iamRoles are the roles GET /roles lists: Fastly's legacy roles, by the
// names wire knows, with ids of the shape Fastly's ids have.
var iamRoles = func() []gen.Role {
	roles := make([]gen.Role, 0, len(wire.KnownRoles()))
	for _, r := range wire.KnownRoles() {
		id := "r0le" + strings.Repeat("0", 18-len(r)) + string(r)
		roles = append(roles, gen.Role{ID: id, Name: string(r), Description: "The " + string(r) + " role"})
	}
	return roles
}()

// tokenRoles resolves a create's roles: role ids (which win), else one
// legacy role by name. ok is false for an unknown role or none.
func tokenRoles(legacy string, ids []string) (refs []gen.RoleRef, ok bool) {
	if len(ids) == 0 && legacy != "" {
		i := slices.IndexFunc(iamRoles, func(r gen.Role) bool { return r.Name == legacy })
		if i < 0 {
			return nil, false
		}
		ids = []string{iamRoles[i].ID}
	}
	for _, id := range ids {
		i := slices.IndexFunc(iamRoles, func(r gen.Role) bool { return r.ID == id })
		if i < 0 {
			return nil, false
		}
		refs = append(refs, gen.RoleRef{ID: id, Name: iamRoles[i].Name})
	}
	return refs, len(refs) > 0
}

func refIDs(refs []gen.RoleRef) []string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}

// ListRoles implements list-roles: a page of roles from the cursor on
// (the index of the first, as a string), next_cursor empty on the last.
func (s handlers) ListRoles(w http.ResponseWriter, r *http.Request, params gen.ListRolesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, f := s.reader(r); f != nil {
		f.write(w)
		return
	}
	start, err := 0, error(nil)
	if params.Cursor != nil && *params.Cursor != "" {
		start, err = strconv.Atoi(*params.Cursor)
	}
	_, size, f := page(nil, params.PerPage)
	if f == nil && (err != nil || start < 0 || start > len(iamRoles)) {
		f = &failure{status: http.StatusBadRequest, msg: "Invalid cursor"}
	}
	if f != nil {
		f.write(w)
		return
	}
	list := gen.RoleList{Data: iamRoles[start:min(start+size, len(iamRoles))]}
	list.Meta.PerPage = size
	if start+size < len(iamRoles) {
		list.Meta.NextCursor = strconv.Itoa(start + size)
	}
	writeJSON(w, http.StatusOK, list)
}

// GetAutomationTokensIdWorkspaces implements
// get-automation-tokens-id-workspaces.
func (s handlers) GetAutomationTokensIdWorkspaces(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID, params gen.GetAutomationTokensIdWorkspacesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, n, size, f := s.tokenPage(r, id, params.Page, params.PerPage)
	if f != nil {
		f.writeProblem(w)
		return
	}
	limit := t.limitWorkspaces
	writeJSON(w, http.StatusOK, gen.AutomationTokenWorkspaces{Data: pageOf(t.workspacesList(), n, size),
		Meta: meta(len(t.workspaces), n, size), LimitWorkspaces: &limit})
}
