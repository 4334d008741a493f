package api

import "time"

// DemoAccount is what NewDemoServer seeded: the customer and the API keys
// of its users.
type DemoAccount struct {
	CustomerID string
	AdminLogin string
	AdminKey   string // a superuser's global token
	UserKey    string // a regular user's global token
	// AdminPassword and AdminOTP let create-token authenticate with
	// credentials; the admin has two-factor authentication on.
	AdminPassword string
	AdminOTP      string
}

// NewDemoServer makes a server seeded with a realistic account: a customer
// with a superuser and two users, and tokens of mixed scopes — one expiring
// within a week, one never used, one global without expiry, one purge-only.
func NewDemoServer(now time.Time, opts ...Option) (*Server, DemoAccount) {
	s := NewServer(opts...)
	acct := DemoAccount{CustomerID: "x4xCwxxJxGCx123Rx5xTx", AdminLogin: "admin@example.com", AdminPassword: "correct horse battery staple", AdminOTP: "123456"}
	admin, _ := s.AddUser(User{ID: "4y5K5trZocEAQYkesWlk7M", CustomerID: acct.CustomerID, Login: acct.AdminLogin,
		Password: acct.AdminPassword, OTP: acct.AdminOTP, Superuser: true})
	dev, _ := s.AddUser(User{ID: "6bNzXwHqT0pQ2rLmVkA9sE", CustomerID: acct.CustomerID, Login: "dev@example.com", Password: "dev-password"})
	ci, _ := s.AddUser(User{ID: "1cIbOtUsErAaBbCcDdEeFf", CustomerID: acct.CustomerID, Login: "ci@example.com", Password: "ci-password"})

	day := 24 * time.Hour
	seeds := []TokenSeed{
		{ID: "5Yo3XXnrQpjc20u0ybrf2g", UserID: admin.ID, Name: "admin-laptop", Scope: "global",
			CreatedAt: now.Add(-400 * day), LastUsedAt: now.Add(-2 * time.Hour), IP: "203.0.113.7", UserAgent: "fastly-cli/10.4.0"},
		{ID: "7Hq2LmNpQrStUvWxYz0AbC", UserID: admin.ID, Name: "terraform", Scope: "global", Services: []string{"SU1Z0isxPaozGVKXdv0eY"},
			CreatedAt: now.Add(-85 * day), LastUsedAt: now.Add(-1 * day), ExpiresAt: now.Add(5 * day), IP: "198.51.100.20", UserAgent: "terraform-provider-fastly/5.7.0"},
		{ID: "3KdPqRsTuVwXyZaBcDeFgH", UserID: admin.ID, Name: "old-dashboard", Scope: "global:read",
			CreatedAt: now.Add(-200 * day), LastUsedAt: now.Add(-150 * day), ExpiresAt: now.Add(20 * day), IP: "192.0.2.44", UserAgent: "dashboard/2.1"},
		{ID: "9ZyXwVuTsRqPoNmLkJiHgF", UserID: dev.ID, Name: "purge-hook", Scope: "purge_select purge_all", Services: []string{"SU1Z0isxPaozGVKXdv0eY"},
			CreatedAt: now.Add(-30 * day), LastUsedAt: now.Add(-10 * time.Minute), ExpiresAt: now.Add(60 * day), IP: "198.51.100.77", UserAgent: "curl/8.5.0"},
		{ID: "2AbCdEfGhIjKlMnOpQrStU", UserID: dev.ID, Name: "dev-global", Scope: "global",
			CreatedAt: now.Add(-14 * day), LastUsedAt: now.Add(-3 * day)},
		{ID: "8NeverUsedTokenAbCdEfG", UserID: ci.ID, Name: "ci-deploy", Scope: "global:read purge_all",
			CreatedAt: now.Add(-45 * day), ExpiresAt: now.Add(3 * day)},
	}
	var keys []string
	for _, seed := range seeds {
		_, key, _ := s.AddToken(seed)
		keys = append(keys, key)
	}
	acct.AdminKey, acct.UserKey = keys[0], keys[4]
	return s, acct
}
