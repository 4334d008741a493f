package api

import (
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DemoAccount is what NewDemoServer seeded: the customer and the
// credentials of its users.
type DemoAccount struct {
	CustomerID string
	// AdminLogin, AdminPassword and AdminOTP are the superuser's; the admin
	// has two-factor authentication on.
	AdminLogin    string
	AdminPassword string
	AdminOTP      string
	AdminKey      string // the superuser's global token
	// OpsLogin, OpsPassword and OpsKey are a second superuser's, without
	// two-factor authentication: Fastly lets only such a superuser create
	// automation tokens.
	OpsLogin     string
	OpsPassword  string
	OpsKey       string
	UserKey      string // a regular user's global token
	UserLogin    string
	UserPassword string
	ReadOnlyKey  string // a global:read token of the regular user
	// WebSessionID is the token of the Fastly web app's session, which
	// Fastly lists among the admin's tokens.
	WebSessionID string
	// AutomationIDs are the customer's automation tokens, oldest first.
	AutomationIDs []string
}

// DemoWriteLimit is the demo account's hourly write budget: more than the
// 1,000 Fastly documents, as real accounts often have.
const DemoWriteLimit = 10000

// NewDemoServer makes a server seeded with a realistic account: a customer
// with a superuser and two users, and tokens of mixed scopes — one expiring
// within a week, one never used, one global without expiry, one purge-only,
// a read-only one, and the web app's session token — and three automation
// tokens.
func NewDemoServer(now time.Time, opts ...Option) (*Server, DemoAccount) {
	s := NewServer(opts...)
	acct := DemoAccount{CustomerID: "x4xCwxxJxGCx123Rx5xTx", AdminLogin: "admin@example.com",
		AdminPassword: "correct horse battery staple", AdminOTP: "123456",
		UserLogin: "dev@example.com", UserPassword: "dev-password", OpsLogin: "ops@example.com", OpsPassword: "ops-password"}
	s.SetWriteLimit(acct.CustomerID, DemoWriteLimit)
	admin, _ := s.AddUser(User{ID: "4y5K5trZocEAQYkesWlk7M", CustomerID: acct.CustomerID, Login: acct.AdminLogin,
		Password: acct.AdminPassword, OTP: acct.AdminOTP, Superuser: true})
	dev, _ := s.AddUser(User{ID: "6bNzXwHqT0pQ2rLmVkA9sE", CustomerID: acct.CustomerID, Login: acct.UserLogin, Password: acct.UserPassword})
	ci, _ := s.AddUser(User{ID: "1cIbOtUsErAaBbCcDdEeFf", CustomerID: acct.CustomerID, Login: "ci@example.com", Password: "ci-password"})
	ops, _ := s.AddUser(User{ID: "0psSuperUserNoMfaAbCdE", CustomerID: acct.CustomerID, Login: acct.OpsLogin, Password: acct.OpsPassword, Superuser: true})

	day := 24 * time.Hour
	at := func(d time.Duration) wire.Time { return wire.Time{Time: now.Add(d).Truncate(time.Second)} }
	never := wire.Time{}
	seed := func(id, user, name, scope string, created, lastUsed, expires wire.Time, ip, ua string, services ...string) TokenSeed {
		return TokenSeed{TokenResponse: gen.TokenResponse{ID: id, UserID: user, Name: name, Scope: scope, Services: services,
			CreatedAt: created, LastUsedAt: lastUsed, ExpiresAt: expires, IP: wire.NullString(ip), UserAgent: wire.NullString(ua)}}
	}
	session := seed("W3bSe55ionT0kenAbCdEfG", admin.ID, wire.WebSessionName, "global", at(-3*time.Hour), at(-5*time.Minute),
		at(11*time.Hour), "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
	session.SudoExpiresAt = at(-2 * time.Hour)
	seeds := []TokenSeed{
		seed("5Yo3XXnrQpjc20u0ybrf2g", admin.ID, "admin-laptop", "global", at(-400*day), at(-2*time.Hour), never, "203.0.113.7", "fastly-cli/10.4.0"),
		seed("7Hq2LmNpQrStUvWxYz0AbC", admin.ID, "terraform", "global", at(-85*day), at(-1*day), at(5*day), "198.51.100.20",
			"terraform-provider-fastly/5.7.0", "SU1Z0isxPaozGVKXdv0eY"),
		seed("3KdPqRsTuVwXyZaBcDeFgH", admin.ID, "old-dashboard", "global:read", at(-200*day), at(-150*day), at(20*day), "192.0.2.44", "dashboard/2.1"),
		session,
		seed("9ZyXwVuTsRqPoNmLkJiHgF", dev.ID, "purge-hook", "purge_select purge_all", at(-30*day), at(-10*time.Minute), at(60*day),
			"198.51.100.77", "curl/8.5.0", "SU1Z0isxPaozGVKXdv0eY"),
		seed("2AbCdEfGhIjKlMnOpQrStU", dev.ID, "dev-global", "global", at(-14*day), at(-3*day), never, "", ""),
		seed("4ReadOnlyDevTokenAbCdE", dev.ID, "dev-stats", "global:read", at(-7*day), at(-1*day), never, "", ""),
		seed("8NeverUsedTokenAbCdEfG", ci.ID, "ci-deploy", "global:read purge_all", at(-45*day), never, at(3*day), "", ""),
		seed("0psAutomationAdminAbCd", ops.ID, "ops-automation", "global", at(-20*day), at(-4*day), at(70*day), "198.51.100.5", "fastly-tokens-cli/2"),
	}
	keys := map[string]string{}
	for _, t := range seeds {
		id, key, _ := s.AddToken(t)
		keys[id] = key
	}
	acct.AdminKey, acct.UserKey, acct.ReadOnlyKey = keys["5Yo3XXnrQpjc20u0ybrf2g"], keys["2AbCdEfGhIjKlMnOpQrStU"], keys["4ReadOnlyDevTokenAbCdE"]
	acct.OpsKey = keys["0psAutomationAdminAbCd"]
	acct.WebSessionID = "W3bSe55ionT0kenAbCdEfG"

	bot := func(id, name, role, scope string, created, lastUsed, expires wire.Time, tls bool, ip, ua string, services ...string) AutomationSeed {
		e := func(t wire.Time) wire.TimeOrEmpty { return wire.TimeOrEmpty{Time: t.Time} }
		return AutomationSeed{AutomationTokenListEntry: gen.AutomationTokenListEntry{ID: id, CreatorID: admin.ID, Name: name, Role: role,
			Scopes: wire.ScopeString(wire.SplitScopes(scope)), Services: services, CreatedAt: e(created), LastUsedAt: e(lastUsed), ExpiresAt: e(expires), TLSAccess: tls,
			IP: wire.NullString(ip), UserAgent: wire.NullString(ua)}}
	}
	automation := []AutomationSeed{
		bot("AuT0CiDeployB0tAbCdEfG", "ci-deploy-bot", "engineer", "global", at(-60*day), at(-20*time.Minute), at(120*day), false,
			"198.51.100.9", "github-actions/2.321", "SU1Z0isxPaozGVKXdv0eY"),
		bot("AuT0BillingExp0rtAbCdE", "billing-export", "billing", "global:read", at(-300*day), at(-120*day), never, false, "", ""),
		bot("AuT0TerraformCl0udAbCd", "terraform-cloud", "engineer", "global", at(-10*day), never, never, true, "", ""),
	}
	// terraform-cloud acts in two workspaces only.
	automation[2].Workspaces, automation[2].LimitWorkspaces = []string{"Ws0Pr0ducti0nAbCdEfGhI", "Ws0StagingAbCdEfGhIjKl"}, ptr(true)
	s.AddWorkspace("Ws0Pr0ducti0nAbCdEfGhI", "production")
	s.AddWorkspace("Ws0StagingAbCdEfGhIjKl", "staging")
	for _, t := range automation {
		_, _, _ = s.AddAutomationToken(t)
	}
	acct.AutomationIDs = []string{"AuT0CiDeployB0tAbCdEfG", "AuT0BillingExp0rtAbCdE", "AuT0TerraformCl0udAbCd"}
	return s, acct
}
