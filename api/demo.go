package api

import (
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// DemoAccount is what NewDemoServer seeded: the customer and the
// credentials of its users. Tests pick the user by what they need: the
// admin for a superuser with two-factor authentication (creates need the
// one-time password), ops for one without it (only such a superuser may
// create automation tokens), the user for someone who is no superuser.
type DemoAccount struct {
	CustomerID string

	AdminUserID   string
	AdminLogin    string
	AdminPassword string
	AdminOTP      string
	AdminKey      string // the admin's global token

	OpsUserID   string
	OpsLogin    string
	OpsPassword string
	OpsKey      string // the ops superuser's global token

	UserID       string
	UserLogin    string
	UserPassword string
	UserKey      string // the user's global token
	ReadOnlyKey  string // a global:read token of the user

	// WebSessionID is the token of the Fastly web app's session, which
	// Fastly lists among the admin's tokens.
	WebSessionID string
	// AutomationIDs are the customer's automation tokens, oldest first.
	AutomationIDs []string
}

// DemoWriteLimit is the demo account's hourly write budget: more than the
// 1,000 Fastly documents, as real accounts often have.
const DemoWriteLimit = 10000

// The demo account's users, by id.
const (
	demoAdminID = "4y5K5trZocEAQYkesWlk7M" // a superuser with two-factor authentication
	demoDevID   = "6bNzXwHqT0pQ2rLmVkA9sE" // a regular user
	demoCIID    = "1cIbOtUsErAaBbCcDdEeFf" // a regular user whose token was never used
	demoOpsID   = "0psSuperUserNoMfaAbCdE" // a superuser without two-factor authentication
)

// NewDemoServer makes a server seeded with a realistic account: a customer
// with a superuser and two users, and tokens of mixed scopes — one expiring
// within a week, one never used, one global without expiry, one purge-only,
// a read-only one, and the web app's session token — and three automation
// tokens.
func NewDemoServer(now time.Time, opts ...Option) (*Server, DemoAccount) {
	s := NewServer(opts...)
	acct := DemoAccount{CustomerID: "x4xCwxxJxGCx123Rx5xTx", AdminUserID: demoAdminID, AdminLogin: "admin@example.com",
		AdminPassword: "correct horse battery staple", AdminOTP: "123456", UserID: demoDevID, UserLogin: "dev@example.com",
		UserPassword: "dev-password", OpsUserID: demoOpsID, OpsLogin: "ops@example.com", OpsPassword: "ops-password",
		WebSessionID: "W3bSe55ionT0kenAbCdEfG"}
	s.SetWriteLimit(acct.CustomerID, DemoWriteLimit)
	for _, u := range []User{
		{ID: demoAdminID, Login: acct.AdminLogin, Password: acct.AdminPassword, OTP: acct.AdminOTP, Superuser: true},
		{ID: demoDevID, Login: acct.UserLogin, Password: acct.UserPassword},
		{ID: demoCIID, Login: "ci@example.com", Password: "ci-password"},
		{ID: demoOpsID, Login: acct.OpsLogin, Password: acct.OpsPassword, Superuser: true},
	} {
		u.CustomerID = acct.CustomerID
		_, _ = s.AddUser(u)
	}
	keys := map[string]string{}
	for _, t := range demoTokens(now) {
		id, key, _ := s.AddToken(t)
		keys[id] = key
	}
	acct.AdminKey, acct.UserKey, acct.ReadOnlyKey = keys["5Yo3XXnrQpjc20u0ybrf2g"], keys["2AbCdEfGhIjKlMnOpQrStU"], keys["4ReadOnlyDevTokenAbCdE"]
	acct.OpsKey = keys["0psAutomationAdminAbCd"]
	s.AddWorkspace("Ws0Pr0ducti0nAbCdEfGhI", "production")
	s.AddWorkspace("Ws0StagingAbCdEfGhIjKl", "staging")
	for _, t := range demoAutomationTokens(now) {
		id, _, _ := s.AddAutomationToken(t)
		acct.AutomationIDs = append(acct.AutomationIDs, id)
	}
	return s, acct
}

// demoTokens are the demo account's user tokens, with times relative to
// now.
func demoTokens(now time.Time) []gen.TokenResponse {
	at, never, day := demoClock(now)
	const ci = "SU1Z0isxPaozGVKXdv0eY" // the service the limited tokens act on
	t := func(id, user, name, scope string, created, lastUsed, expires wire.Time, ip, ua string, services ...string) gen.TokenResponse {
		return gen.TokenResponse{ID: id, UserID: user, Name: name, Scope: scope, Services: services,
			CreatedAt: created, LastUsedAt: lastUsed, ExpiresAt: expires, IP: wire.NullString(ip), UserAgent: wire.NullString(ua)}
	}
	session := t("W3bSe55ionT0kenAbCdEfG", demoAdminID, wire.WebSessionName, "global", at(-3*time.Hour), at(-5*time.Minute),
		at(11*time.Hour), "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
	session.SudoExpiresAt = at(-2 * time.Hour)
	return []gen.TokenResponse{
		t("5Yo3XXnrQpjc20u0ybrf2g", demoAdminID, "admin-laptop", "global", at(-400*day), at(-2*time.Hour), never, "203.0.113.7", "fastly-cli/10.4.0"),
		t("7Hq2LmNpQrStUvWxYz0AbC", demoAdminID, "terraform", "global", at(-85*day), at(-1*day), at(5*day), "198.51.100.20",
			"terraform-provider-fastly/5.7.0", ci),
		t("3KdPqRsTuVwXyZaBcDeFgH", demoAdminID, "old-dashboard", "global:read", at(-200*day), at(-150*day), at(20*day), "192.0.2.44", "dashboard/2.1"),
		session,
		t("9ZyXwVuTsRqPoNmLkJiHgF", demoDevID, "purge-hook", "purge_select purge_all", at(-30*day), at(-10*time.Minute), at(60*day),
			"198.51.100.77", "curl/8.5.0", ci),
		t("2AbCdEfGhIjKlMnOpQrStU", demoDevID, "dev-global", "global", at(-14*day), at(-3*day), never, "", ""),
		t("4ReadOnlyDevTokenAbCdE", demoDevID, "dev-stats", "global:read", at(-7*day), at(-1*day), never, "", ""),
		t("8NeverUsedTokenAbCdEfG", demoCIID, "ci-deploy", "global:read purge_all", at(-45*day), never, at(3*day), "", ""),
		t("0psAutomationAdminAbCd", demoOpsID, "ops-automation", "global", at(-20*day), at(-4*day), at(70*day), "198.51.100.5", "fastly-tokens-cli/2"),
	}
}

// demoAutomationTokens are the demo account's automation tokens, oldest
// first, with times relative to now.
func demoAutomationTokens(now time.Time) []gen.AutomationTokenListEntry {
	at, never, day := demoClock(now)
	t := func(id, name, role, scope string, created, lastUsed, expires wire.Time, tls bool, ip, ua string, services ...string) gen.AutomationTokenListEntry {
		e := func(t wire.Time) wire.TimeOrEmpty { return wire.TimeOrEmpty{Time: t.Time} }
		return gen.AutomationTokenListEntry{ID: id, CreatorID: demoAdminID, Name: name, Role: role,
			Scopes: wire.ScopeString(wire.SplitScopes(scope)), Services: services, CreatedAt: e(created), LastUsedAt: e(lastUsed),
			ExpiresAt: e(expires), TLSAccess: tls, IP: wire.NullString(ip), UserAgent: wire.NullString(ua)}
	}
	terraform := t("AuT0TerraformCl0udAbCd", "terraform-cloud", "engineer", "global", at(-10*day), never, never, true, "", "")
	// terraform-cloud acts in two workspaces only.
	terraform.Workspaces, terraform.LimitWorkspaces = []string{"Ws0Pr0ducti0nAbCdEfGhI", "Ws0StagingAbCdEfGhIjKl"}, ptr(true)
	return []gen.AutomationTokenListEntry{
		t("AuT0CiDeployB0tAbCdEfG", "ci-deploy-bot", "engineer", "global", at(-60*day), at(-20*time.Minute), at(120*day), false,
			"198.51.100.9", "github-actions/2.321", "SU1Z0isxPaozGVKXdv0eY"),
		t("AuT0BillingExp0rtAbCdE", "billing-export", "billing", "global:read", at(-300*day), at(-120*day), never, false, "", ""),
		terraform,
	}
}

// demoClock gives the demo's times: at(d) is now+d in whole seconds, as
// Fastly sends them; never is no time.
func demoClock(now time.Time) (at func(time.Duration) wire.Time, never wire.Time, day time.Duration) {
	return func(d time.Duration) wire.Time { return wire.Time{Time: now.Add(d).Truncate(time.Second)} }, wire.Time{}, 24 * time.Hour
}
