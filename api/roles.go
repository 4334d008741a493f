package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// iamRoles are the roles GET /roles lists: Fastly's legacy roles, as the
// spec's LegacyRole enum names them, with ids of the shape Fastly's ids
// have.
var iamRoles = func() []gen.Role {
	roles := make([]gen.Role, 0, len(gen.LegacyRoleValues()))
	for _, r := range gen.LegacyRoleValues() {
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
	s.serve(w, r, asReader, func(caller) answer {
		start, err := 0, error(nil)
		if cursor := deref(params.Cursor); cursor != "" {
			start, err = strconv.Atoi(cursor)
		}
		_, size, f := page(nil, params.PerPage)
		switch {
		case f != nil:
			return failed(f)
		case err != nil || start < 0 || start > len(iamRoles):
			return fail(http.StatusBadRequest, "Invalid cursor")
		}
		list := gen.RoleList{Data: iamRoles[start:min(start+size, len(iamRoles))]}
		list.Meta.PerPage = size
		if start+size < len(iamRoles) {
			list.Meta.NextCursor = strconv.Itoa(start + size)
		}
		return ok(list)
	})
}
