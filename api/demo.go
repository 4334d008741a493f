package api

import "time"

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
	UserKey       string // a regular user's global token
	UserLogin     string
	UserPassword  string
	ReadOnlyKey   string // a global:read token of the regular user
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
		UserLogin: "dev@example.com", UserPassword: "dev-password"}
	s.SetWriteLimit(acct.CustomerID, DemoWriteLimit)
	admin, _ := s.AddUser(User{ID: "4y5K5trZocEAQYkesWlk7M", CustomerID: acct.CustomerID, Login: acct.AdminLogin,
		Password: acct.AdminPassword, OTP: acct.AdminOTP, Superuser: true})
	dev, _ := s.AddUser(User{ID: "6bNzXwHqT0pQ2rLmVkA9sE", CustomerID: acct.CustomerID, Login: acct.UserLogin, Password: acct.UserPassword})
	ci, _ := s.AddUser(User{ID: "1cIbOtUsErAaBbCcDdEeFf", CustomerID: acct.CustomerID, Login: "ci@example.com", Password: "ci-password"})

	day := 24 * time.Hour
	at := func(d time.Duration) time.Time { return now.Add(d).Truncate(time.Second) }
	seeds := []TokenSeed{
		{ID: "5Yo3XXnrQpjc20u0ybrf2g", UserID: admin.ID, Name: "admin-laptop", Scope: "global",
			CreatedAt: at(-400 * day), LastUsedAt: at(-2 * time.Hour), IP: "203.0.113.7", UserAgent: "fastly-cli/10.4.0"},
		{ID: "7Hq2LmNpQrStUvWxYz0AbC", UserID: admin.ID, Name: "terraform", Scope: "global", Services: []string{"SU1Z0isxPaozGVKXdv0eY"},
			CreatedAt: at(-85 * day), LastUsedAt: at(-1 * day), ExpiresAt: at(5 * day), IP: "198.51.100.20", UserAgent: "terraform-provider-fastly/5.7.0"},
		{ID: "3KdPqRsTuVwXyZaBcDeFgH", UserID: admin.ID, Name: "old-dashboard", Scope: "global:read",
			CreatedAt: at(-200 * day), LastUsedAt: at(-150 * day), ExpiresAt: at(20 * day), IP: "192.0.2.44", UserAgent: "dashboard/2.1"},
		{ID: "W3bSe55ionT0kenAbCdEfG", UserID: admin.ID, Name: "manage.fastly.com browser session", Scope: "global",
			CreatedAt: at(-3 * time.Hour), LastUsedAt: at(-5 * time.Minute), ExpiresAt: at(11 * time.Hour), SudoExpiresAt: at(-2 * time.Hour),
			IP: "203.0.113.7", UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},
		{ID: "9ZyXwVuTsRqPoNmLkJiHgF", UserID: dev.ID, Name: "purge-hook", Scope: "purge_select purge_all", Services: []string{"SU1Z0isxPaozGVKXdv0eY"},
			CreatedAt: at(-30 * day), LastUsedAt: at(-10 * time.Minute), ExpiresAt: at(60 * day), IP: "198.51.100.77", UserAgent: "curl/8.5.0"},
		{ID: "2AbCdEfGhIjKlMnOpQrStU", UserID: dev.ID, Name: "dev-global", Scope: "global",
			CreatedAt: at(-14 * day), LastUsedAt: at(-3 * day)},
		{ID: "4ReadOnlyDevTokenAbCdE", UserID: dev.ID, Name: "dev-stats", Scope: "global:read",
			CreatedAt: at(-7 * day), LastUsedAt: at(-1 * day)},
		{ID: "8NeverUsedTokenAbCdEfG", UserID: ci.ID, Name: "ci-deploy", Scope: "global:read purge_all",
			CreatedAt: at(-45 * day), ExpiresAt: at(3 * day)},
	}
	keys := map[string]string{}
	for _, seed := range seeds {
		id, key, _ := s.AddToken(seed)
		keys[id] = key
	}
	acct.AdminKey, acct.UserKey, acct.ReadOnlyKey = keys["5Yo3XXnrQpjc20u0ybrf2g"], keys["2AbCdEfGhIjKlMnOpQrStU"], keys["4ReadOnlyDevTokenAbCdE"]
	acct.WebSessionID = "W3bSe55ionT0kenAbCdEfG"

	automation := []AutomationSeed{
		{ID: "AuT0CiDeployB0tAbCdEfG", CreatorID: admin.ID, Name: "ci-deploy-bot", Role: "engineer", Scope: "global",
			Services: []string{"SU1Z0isxPaozGVKXdv0eY"}, CreatedAt: at(-60 * day), LastUsedAt: at(-20 * time.Minute),
			ExpiresAt: at(120 * day), IP: "198.51.100.9", UserAgent: "github-actions/2.321"},
		{ID: "AuT0BillingExp0rtAbCdE", CreatorID: admin.ID, Name: "billing-export", Role: "billing", Scope: "global:read",
			CreatedAt: at(-300 * day), LastUsedAt: at(-120 * day)},
		{ID: "AuT0TerraformCl0udAbCd", CreatorID: admin.ID, Name: "terraform-cloud", Role: "engineer", Scope: "global",
			CreatedAt: at(-10 * day), TLSAccess: true},
	}
	for _, seed := range automation {
		_, _, _ = s.AddAutomationToken(seed)
	}
	acct.AutomationIDs = []string{"AuT0CiDeployB0tAbCdEfG", "AuT0BillingExp0rtAbCdE", "AuT0TerraformCl0udAbCd"}
	return s, acct
}
