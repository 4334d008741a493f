package wire

// The rules below are stated in the spec's words (descriptions, defaults,
// maxima); this file is their one home in Go, for the facade, api/ and the
// CLI alike. openapi/spec_test.go holds the spec's numbers to them.

// The scopes Fastly documents. Others are kept as they come.
const (
	ScopeGlobal      Scope = "global"       // everything
	ScopePurgeSelect Scope = "purge_select" // purge by URL or surrogate key
	ScopePurgeAll    Scope = "purge_all"    // purge a whole service
	ScopeGlobalRead  Scope = "global:read"  // read-only account, config and stats
)

// DefaultScope is what a token gets when its create request names none.
const DefaultScope = ScopeGlobal

// KnownScopes are the scopes Fastly documents, in the order it lists them.
func KnownScopes() Scopes {
	return Scopes{ScopeGlobal, ScopePurgeSelect, ScopePurgeAll, ScopeGlobalRead}
}

// Role is what an automation token may do, as a user of that role may.
type Role string

// The roles Fastly documents for automation tokens.
const (
	RoleEngineer Role = "engineer"
	RoleBilling  Role = "billing"
	RoleUser     Role = "user"
)

// DefaultRole is the role api/ gives an automation token seeded without one.
const DefaultRole = RoleEngineer

// KnownRoles are the roles Fastly documents, in the order it lists them.
func KnownRoles() []Role { return []Role{RoleEngineer, RoleBilling, RoleUser} }

// IsKnownRole reports whether r is one of KnownRoles.
func IsKnownRole(r Role) bool {
	for _, k := range KnownRoles() {
		if r == k {
			return true
		}
	}
	return false
}

// MaxPerPage is the largest page the paginated lists serve (the spec's
// per_page maximum); clients ask for it, to make the fewest requests.
const MaxPerPage = 100
