package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// iamRoles are the IAM roles the in-memory API serves: Fastly's legacy
// roles, as the spec's LegacyRole enum names them, with ids of the shape
// Fastly's ids have and the permissions each grants here. (Fastly's own
// catalogue is larger; its roles' ids and permissions are its own.)
var iamRoles = func() []gen.IamRole {
	grants := map[gen.LegacyRole][]string{
		gen.RoleEngineer: {"account.read", "service.read", "service.write", "purge.write", "tls.read"},
		gen.RoleBilling:  {"account.read", "billing.read", "billing.write"},
		gen.RoleUser:     {"account.read", "service.read"},
	}
	roles := make([]gen.IamRole, 0, len(gen.LegacyRoleValues()))
	for _, r := range gen.LegacyRoleValues() {
		name := string(r)
		roles = append(roles, gen.IamRole{ID: "r0le" + strings.Repeat("0", 18-len(name)) + name, Name: name,
			DisplayName: strings.ToUpper(name[:1]) + name[1:], Description: "The " + name + " role", Permissions: grants[r]})
	}
	return roles
}()

// role finds an IAM role by id, or by name when byName.
func role(key string, byName bool) (gen.IamRole, bool) {
	i := slices.IndexFunc(iamRoles, func(r gen.IamRole) bool { return r.ID == key || byName && r.Name == key })
	if i < 0 {
		return gen.IamRole{}, false
	}
	return iamRoles[i], true
}

// tokenRoles resolves a create's roles: role ids (which win), else one
// legacy role by name, else none. ok is false for an unknown role.
func tokenRoles(legacy string, ids []string) (refs []gen.RoleRef, ok bool) {
	if len(ids) == 0 && legacy != "" {
		r, found := role(legacy, true)
		if !found {
			return nil, false
		}
		ids = []string{r.ID}
	}
	for _, id := range ids {
		r, found := role(id, false)
		if !found {
			return nil, false
		}
		refs = append(refs, gen.RoleRef{ID: r.ID, Name: r.Name})
	}
	return refs, true
}

func refIDs(refs []gen.RoleRef) []string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}

// IamV1RolesList implements iam-v1-roles-list: a page of roles from the
// cursor on, next_cursor "" on the last.
func (s handlers) IamV1RolesList(w http.ResponseWriter, r *http.Request, params gen.IamV1RolesListParams) {
	s.serve(w, r, asReader, func(caller) answer {
		page, next, limit, f := cursorPage(iamRoles, params.Cursor, params.Limit)
		if f != nil {
			return failed(f)
		}
		for i := range page {
			page[i].Permissions = nil // listed roles come without their permissions
		}
		return ok(gen.IamRoleList{Data: page, Limit: limit, NextCursor: next})
	})
}

// IamV1RolesGet implements iam-v1-roles-get: one role, its permissions
// when include=permissions.
func (s handlers) IamV1RolesGet(w http.ResponseWriter, r *http.Request, roleID string, params gen.IamV1RolesGetParams) {
	s.serve(w, r, asReader, func(caller) answer {
		found, ok := role(roleID, false)
		if !ok {
			return fail(http.StatusNotFound, "Role not found")
		}
		switch {
		case params.Include != nil && !params.Include.Valid():
			return fail(http.StatusBadRequest, "include may be permissions")
		case params.Include == nil:
			found.Permissions = nil
		}
		return answer{status: http.StatusOK, body: found}
	})
}
