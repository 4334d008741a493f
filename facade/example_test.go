package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// demo starts the in-memory API, seeded, and returns a client for its admin.
// Real code calls facade.New() and reads FASTLY_API_TOKEN.
func demo() (*facade.Client, api.DemoAccount, func()) {
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	c, err := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken(acct.AdminKey))
	if err != nil {
		log.Fatal(err)
	}
	return c, acct, ts.Close
}

func ExampleNew() {
	c, err := facade.New(
		facade.WithToken("my-api-token"), // default: $FASTLY_API_TOKEN
		facade.WithUserAgent("my-service/1.0"),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 4}),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.RateLimit().Reported)
	// Output: false
}

func ExampleClient_ListTokens() {
	c, _, stop := demo()
	defer stop()
	tokens, _, err := c.ListTokens(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tokens {
		if t.IsWebSession() {
			continue // the Fastly web app's session, not a token anyone created
		}
		fmt.Println(t.Name, t.Scopes)
	}
	// Output:
	// admin-laptop global
	// old-dashboard global:read
	// terraform global
}

func ExampleClient_ListCustomerTokens() {
	c, acct, stop := demo()
	defer stop()
	tokens, _, err := c.ListCustomerTokens(context.Background(), acct.CustomerID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(tokens), "tokens")
	// Output: 9 tokens
}

func ExampleClient_GetToken() {
	c, _, stop := demo()
	defer stop()
	t, _, err := c.GetToken(context.Background(), "9ZyXwVuTsRqPoNmLkJiHgF")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Name, t.Scopes.Has(string(gen.ScopePurgeAll)), t.Services)
	// Output: purge-hook true [SU1Z0isxPaozGVKXdv0eY]
}

func ExampleClient_GetToken_notFound() {
	c, _, stop := demo()
	defer stop()
	_, _, err := c.GetToken(context.Background(), "doesNotExist0000000000")
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Title)
	}
	// Output:
	// true
	// 404 Token not found
}

func ExampleClient_CurrentToken() {
	c, _, stop := demo()
	defer stop()
	if t, _, err := c.CurrentToken(context.Background()); err == nil {
		fmt.Println(t.Name, t.Expires())
	}
	// Output: admin-laptop false
}

func ExampleClient_CreateToken() {
	c, acct, stop := demo()
	defer stop()
	created, resp, err := c.CreateToken(context.Background(), facade.CreateTokenInput{
		TokenCreateForm: gen.TokenCreateForm{ // the create-token form, as the spec describes it
			Name:      "ci-purge",
			Scope:     "purge_select purge_all",
			Services:  []string{"SU1Z0isxPaozGVKXdv0eY"},
			ExpiresAt: wire.Time{Time: time.Now().Add(30 * 24 * time.Hour)},
			// The user's credentials: Fastly may want them, or the key in
			// sudo mode, and CreateToken gets the latter with them when it
			// must.
			Username: acct.AdminLogin, Password: wire.Secret(acct.AdminPassword),
		},
		OTP: wire.Secret(acct.AdminOTP),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(created.Name, created.Scope)
	fmt.Println(created.AccessToken)               // redacted when printed
	fmt.Println(len(created.AccessToken.Reveal())) // the secret itself, shown once by Fastly
	fmt.Println(resp.RateLimit.Remaining)          // writes left this hour
	// Output:
	// ci-purge purge_select purge_all
	// [REDACTED]
	// 32
	// 9999
}

func ExampleClient_CreateToken_twoFactor() {
	c, acct, stop := demo()
	defer stop()
	in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "laptop",
		Username: acct.AdminLogin, Password: wire.Secret(acct.AdminPassword)}}
	_, _, err := c.CreateToken(context.Background(), in)
	if errors.Is(err, facade.ErrTwoFactorRequired) {
		in.OTP = wire.Secret(acct.AdminOTP) // ask the user for their one-time password
		_, _, err = c.CreateToken(context.Background(), in)
	}
	fmt.Println(err)
	// Output: <nil>
}

func ExampleClient_RevokeToken() {
	c, _, stop := demo()
	defer stop()
	resp, err := c.RevokeToken(context.Background(), "3KdPqRsTuVwXyZaBcDeFgH")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.RateLimit.Remaining)
	// Output: 9999
}

func ExampleClient_BulkRevokeTokens() {
	c, _, stop := demo()
	defer stop()
	ids := []string{"3KdPqRsTuVwXyZaBcDeFgH", "7Hq2LmNpQrStUvWxYz0AbC", "3KdPqRsTuVwXyZaBcDeFgH", "goneGoneGone0000000000"}
	// CheckFirst looks each id up: one that names no token is not sent, and
	// a lost answer's retry that finds a token gone counts as revoked.
	res, _, err := c.BulkRevokeTokens(context.Background(), ids, facade.CheckFirst())
	fmt.Println("revoked:", res.Revoked)
	fmt.Println("not found:", res.NotFound)
	fmt.Println("unknown:", res.Unknown, "failed:", res.Failed)
	fmt.Println(errors.Is(err, facade.ErrNotFound)) // every id not revoked was not found
	// Output:
	// revoked: [3KdPqRsTuVwXyZaBcDeFgH 7Hq2LmNpQrStUvWxYz0AbC]
	// not found: [goneGoneGone0000000000]
	// unknown: [] failed: []
	// true
}

// A create whose answer names the new token but lost its secret: the token
// exists and cannot be used, so revoke it.
func ExampleDecodeError() {
	noSecret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"NewTokenId000000000000","name":"ci","access_token":""}`))
	}))
	defer noSecret.Close()
	c, _ := facade.New(facade.WithBaseURL(noSecret.URL), facade.WithToken("my-api-token"))
	_, _, err := c.CreateToken(context.Background(), facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	var de *facade.DecodeError
	if errors.As(err, &de) && de.TokenID != "" {
		fmt.Println("revoke", de.TokenID, "- it was created without its secret")
	}
	fmt.Println(facade.MayHaveActed(err))
	// Output:
	// revoke NewTokenId000000000000 - it was created without its secret
	// true
}

func ExampleClient_RotateToken() {
	c, acct, stop := demo()
	defer stop()
	created, _, err := c.RotateToken(context.Background(), "7Hq2LmNpQrStUvWxYz0AbC", facade.RotateInput{
		Username: acct.AdminLogin, Password: wire.Secret(acct.AdminPassword), OTP: wire.Secret(acct.AdminOTP),
	})
	var rotErr *facade.RotateError
	if errors.As(err, &rotErr) {
		// The new token exists: store rotErr.Created.AccessToken before anything else.
		log.Fatal(err)
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(created.Name, created.Services)
	// Output: terraform [SU1Z0isxPaozGVKXdv0eY]
}

func ExampleClient_ListAutomationTokensIter() {
	c, _, stop := demo()
	defer stop()
	// One page at a time, however many tokens the customer has.
	for t, err := range c.ListAutomationTokensIter(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		if wire.Scopes(t.Scopes).Has(string(gen.ScopeGlobal)) && t.ExpiresAt.IsZero() {
			fmt.Println("global automation token without expiry:", t.Name)
		}
	}
	// Output: global automation token without expiry: terraform-cloud
}

func ExampleClient_ExpiringTokens() {
	c, _, stop := demo()
	defer stop()
	soon, _, err := c.ExpiringTokens(context.Background(), 7*24*time.Hour)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range soon {
		fmt.Println(t.Name)
	}
	// Output: terraform
}

func ExampleClient_Sudo() {
	c, acct, stop := demo()
	defer stop()
	// Fastly asks for sudo mode before sensitive writes made with a key.
	deploy := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "deploy"}}
	_, _, err := c.CreateToken(context.Background(), deploy)
	if errors.Is(err, facade.ErrSudoRequired) {
		until, _, err := c.Sudo(context.Background(), facade.SudoInput{SudoRequest: gen.SudoRequest{Username: acct.AdminLogin, Password: wire.Secret(acct.AdminPassword)}, OTP: wire.Secret(acct.AdminOTP)})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("sudo for", time.Until(until.ExpiryTime.Time).Round(time.Minute))
		_, _, err = c.CreateToken(context.Background(), deploy)
		fmt.Println(err)
	}
	// Output:
	// sudo for 5m0s
	// <nil>
}

func ExampleRateLimitError() {
	srv, acct := api.NewDemoServer(time.Now())
	srv.SetWriteLimit(acct.CustomerID, 0) // the account's writes for the hour are spent
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c, _ := facade.New(facade.WithBaseURL(ts.URL), facade.WithToken(acct.AdminKey))

	_, err := c.RevokeToken(context.Background(), "3KdPqRsTuVwXyZaBcDeFgH")
	var rl *facade.RateLimitError
	if errors.As(err, &rl) {
		wait, ok := rl.Wait(time.Now()) // Retry-After, else until the write budget resets
		fmt.Println("rate limited; wait:", ok && wait > 0 && wait <= time.Hour)
	}
	// Output: rate limited; wait: true
}
