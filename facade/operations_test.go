package facade

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func TestGetTokenSendsKeyAndDecodes(t *testing.T) {
	var seen *http.Request
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		seen = r.Clone(context.Background())
		respond(200, tokenJSON)(w, r)
	})
	tok, resp, err := f.client(t).GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
	require.NoError(t, err)
	assert.Equal(t, "/tokens/5Yo3XXnrQpjc20u0ybrf2g", seen.URL.Path)
	assert.Equal(t, http.MethodGet, seen.Method)
	assert.Equal(t, testKey, seen.Header.Get("Fastly-Key"))
	assert.Equal(t, DefaultUserAgent, seen.Header.Get("User-Agent"))
	assert.Equal(t, "application/json", seen.Header.Get("Accept"))
	assert.Equal(t, Response{StatusCode: 200}, resp, "GET responses carry no rate limit")

	assert.Equal(t, Token{gen.TokenResponse{
		ID: "5Yo3XXnrQpjc20u0ybrf2g", CustomerID: "x4xCwxxJxGCx123Rx5xTx", UserID: "4y5K5trZocEAQYkesWlk7M",
		Name: "my_token", Scope: "global:read purge_all", Scopes: wire.Scopes{"global:read", "purge_all"}, Services: []string{"SU1"}, ServiceID: "SU1",
		CreatedAt:  wire.Time{Time: time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC)},
		LastUsedAt: wire.Time{Time: time.Date(2021, 1, 14, 11, 47, 46, 0, time.UTC)},
		IP:         "203.0.113.7", UserAgent: "curl/8",
	}}, *tok)
	assert.False(t, tok.Expires())
}

// seenRequest is what routeRecorder saw of a request.
type seenRequest struct {
	method, path, contentType, body, otp, key string
	hasOTP                                    bool
}

// routeRecorder answers every token operation as Fastly does and keeps
// what each request carried.
type routeRecorder struct {
	mu  sync.Mutex
	got []seenRequest
}

func (rr *routeRecorder) serve(w http.ResponseWriter, r *http.Request) {
	b := bodyOf(r)
	rr.mu.Lock()
	_, hasOTP := r.Header["Fastly-Otp"]
	rr.got = append(rr.got, seenRequest{r.Method, r.URL.Path, r.Header.Get("Content-Type"), string(b), r.Header.Get("Fastly-OTP"), r.Header.Get("Fastly-Key"), hasOTP})
	rr.mu.Unlock()
	switch {
	case r.Method == http.MethodDelete:
		respond(204, "", "Fastly-RateLimit-Remaining", "9985", "Fastly-RateLimit-Reset", "1700000000")(w, r)
	case r.Method == http.MethodPost:
		respond(200, createdJSON, "Fastly-RateLimit-Remaining", "9986", "Fastly-RateLimit-Reset", "1700000000")(w, r)
	case strings.HasSuffix(r.URL.Path, "/tokens"):
		respond(200, "["+tokenJSON+"]")(w, r)
	default:
		respond(200, tokenJSON)(w, r)
	}
}

func TestEveryOperationHitsItsRoute(t *testing.T) {
	var rr routeRecorder
	c := newFake(t, rr.serve).client(t)
	ctx := context.Background()
	_, _, err := c.ListTokens(ctx)
	require.NoError(t, err)
	_, _, err = c.ListCustomerTokens(ctx, "x4xCwxxJxGCx123Rx5xTx")
	require.NoError(t, err)
	_, _, err = c.GetToken(ctx, "abc")
	require.NoError(t, err)
	_, _, err = c.CurrentToken(ctx)
	require.NoError(t, err)
	assert.Equal(t, RateLimit{}, c.RateLimit(), "no write yet: nothing reported")
	expires := time.Date(2030, 7, 28, 19, 24, 50, 0, time.FixedZone("", 2*3600))
	created, resp, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Scope: "global:read purge_all", Services: []string{"S1", "S2"}, ExpiresAt: wire.Time{Time: expires}}, OTP: "123456"})
	require.NoError(t, err)
	assert.Equal(t, "ACCESS-tok_0123456789abcdefghijkl", created.AccessToken.Reveal())
	assert.Equal(t, RateLimit{Remaining: 9986, Reset: time.Unix(1700000000, 0).UTC(), Reported: true}, resp.RateLimit)
	_, _, err = c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "no-otp"}})
	require.NoError(t, err)
	_, err = c.RevokeToken(ctx, "abc")
	require.NoError(t, err)
	resp, err = c.RevokeCurrentToken(ctx)
	require.NoError(t, err)
	want := Response{StatusCode: 204, RateLimit: RateLimit{Remaining: 9985, Reset: time.Unix(1700000000, 0).UTC(), Reported: true}}
	assert.Equal(t, want, resp, "every call reports the rate limit the same way")
	_, resp, err = c.BulkRevokeTokens(ctx, []string{"a", "b"})
	require.NoError(t, err)
	assert.Equal(t, want, resp)
	assert.Equal(t, want.RateLimit, c.RateLimit())
	assertRoutesAndBodies(t, rr.got)
}

// assertRoutesAndBodies holds what TestEveryOperationHitsItsRoute sent to
// the routes, the key, and the create's and the bulk revoke's bodies.
func assertRoutesAndBodies(t *testing.T, got []seenRequest) {
	require.Len(t, got, 9)
	var routes []string
	for _, g := range got {
		routes = append(routes, g.method+" "+g.path)
		assert.Equal(t, testKey, g.key)
	}
	assert.Equal(t, []string{
		"GET /tokens", "GET /customer/x4xCwxxJxGCx123Rx5xTx/tokens", "GET /tokens/abc", "GET /tokens/self",
		"POST /tokens", "POST /tokens", "DELETE /tokens/abc", "DELETE /tokens/self", "DELETE /tokens",
	}, routes)

	create := got[4]
	assert.Equal(t, "application/x-www-form-urlencoded", create.contentType)
	assert.Equal(t, "123456", create.otp)
	form, err := url.ParseQuery(create.body)
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"name": {"ci"}, "scope": {"global:read purge_all"}, "services[]": {"S1", "S2"},
		"expires_at": {"2030-07-28T17:24:50Z"},
	}, form)
	assert.Contains(t, create.body, "services%5B%5D=S1&services%5B%5D=S2", "repeated bracketed keys, not services[0]")
	assert.False(t, got[5].hasOTP, "no Fastly-OTP header without a one-time password")

	bulk := got[8]
	assert.Equal(t, "application/vnd.api+json; ext=bulk", bulk.contentType)
	assert.JSONEq(t, `{"data":[{"id":"a","type":"token"},{"id":"b","type":"token"}]}`, bulk.body)
}

func TestCreateWithCredentials(t *testing.T) {
	var key, body string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		key = r.Header.Get("Fastly-Key")
		b := bodyOf(r)
		body = string(b)
		respond(200, createdJSON)(w, r)
	})
	for want, c := range map[string]*Client{"": f.client(t, WithToken("")), testKey: f.client(t)} {
		_, _, err := c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: "me@example.com", Password: "pw"}})
		require.NoError(t, err)
		assert.Equal(t, want, key, "the credentials go beside the key, when there is one")
		form, _ := url.ParseQuery(body)
		assert.Equal(t, "me@example.com", form.Get("username"))
		assert.Equal(t, "pw", form.Get("password"))
		assert.NotContains(t, form, "scope", "Fastly's default applies")
	}
}

func TestCreateAsksForSudoOnceWhenFastlyWantsIt(t *testing.T) {
	var paths []string
	var sudoBody url.Values
	var sudoOTP string
	sudoDone := false
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.Method+" "+r.URL.Path)
		switch {
		case r.URL.Path == "/sudo":
			require.NoError(t, r.ParseForm())
			assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"), "a form, as recorded")
			sudoBody = r.PostForm
			sudoOTP = r.Header.Get("Fastly-OTP")
			sudoDone = true
			respond(200, `{"expiry_time":"2021-01-14T11:52:45+00:00"}`)(w, r)
		case !sudoDone:
			respond(403, `{"msg":"You must POST /sudo to access this endpoint"}`)(w, r)
		default:
			respond(200, createdJSON)(w, r)
		}
	})
	c := f.client(t)
	_, _, err := c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	assert.ErrorIs(t, err, ErrSudoRequired, "without credentials, the caller is told")
	assert.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, []string{"POST /tokens"}, paths)

	paths = nil
	created, _, err := c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: "me@example.com", Password: "pw"}, OTP: "123456"})
	require.NoError(t, err)
	assert.Equal(t, "5Yo3XXnrQpjc20u0ybrf2g", created.ID)
	assert.Equal(t, []string{"POST /tokens", "POST /sudo", "POST /tokens"}, paths, "sudo, then create again, once")
	assert.Equal(t, url.Values{"username": {"me@example.com"}, "password": {"pw"}}, sudoBody, "a form, no expiry_time unless asked")
	assert.Equal(t, "123456", sudoOTP)

	// A create that still wants sudo after it is not retried again.
	sudoDone, paths = false, nil
	f2 := newFake(t, respond(403, `{"msg":"You must POST /sudo to access this endpoint"}`))
	_, _, err = f2.client(t).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Username: "me@example.com", Password: "pw"}})
	assert.ErrorIs(t, err, ErrSudoRequired)
	assert.Equal(t, int32(2), f2.requests.Load(), "create, then the sudo the fake refuses too")
}

func TestSudo(t *testing.T) {
	clock := newFakeClock()
	var body url.Values
	reply := `{"expiry_time":"2021-01-14T11:52:45+00:00"}`
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		body = r.PostForm
		respond(200, reply, "Fastly-RateLimit-Remaining", "9985", "Fastly-RateLimit-Reset", "1610625600")(w, r)
	})
	c, err := New(WithBaseURL(f.URL), WithToken(testKey), withClock(clock))
	require.NoError(t, err)
	until, resp, err := c.Sudo(context.Background(), SudoInput{SudoRequest: gen.SudoRequest{Username: "me", Password: "pw", ExpiryTime: wire.Time{Time: time.Date(2021, 1, 14, 12, 0, 0, 0, time.UTC)}}})
	require.NoError(t, err)
	assert.True(t, until.ExpiryTime.Equal(time.Date(2021, 1, 14, 11, 52, 45, 0, time.UTC)))
	assert.Equal(t, int64(9985), resp.RateLimit.Remaining)
	assert.Equal(t, url.Values{"username": {"me"}, "password": {"pw"}, "expiry_time": {"2021-01-14T12:00:00Z"}}, body)

	reply = `{}`
	until, _, err = c.Sudo(context.Background(), SudoInput{SudoRequest: gen.SudoRequest{Username: "me", Password: "pw"}})
	require.NoError(t, err)
	assert.Equal(t, clock.now().Add(5*time.Minute), until.ExpiryTime.Time, "five minutes when Fastly does not say")

	for name, in := range map[string]SudoInput{"no user": {SudoRequest: gen.SudoRequest{Password: "pw"}}, "no password": {SudoRequest: gen.SudoRequest{Username: "me"}},
		"bad otp": {SudoRequest: gen.SudoRequest{Username: "me", Password: "pw"}, OTP: "1\n2"}} {
		_, _, err := c.Sudo(context.Background(), in)
		assert.ErrorIs(t, err, ErrInvalidInput, name)
	}
	_, _, err = f.client(t, WithToken("")).Sudo(context.Background(), SudoInput{SudoRequest: gen.SudoRequest{Username: "me", Password: "pw"}})
	assert.ErrorIs(t, err, ErrNoToken, "sudo elevates a key: it needs one")
}

func TestBulkRevokeChunksAndDeduplicates(t *testing.T) {
	var sizes []int
	var mu sync.Mutex
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Data []map[string]string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			respond(400, `{"msg":"bad body"}`)(w, r)
			return
		}
		mu.Lock()
		sizes = append(sizes, len(body.Data))
		n := len(sizes)
		mu.Unlock()
		if n == 3 {
			respond(403, `{"msg":"Not allowed"}`)(w, r)
			return
		}
		respond(204, "")(w, r)
	})
	c := f.client(t, WithBulkChunkSize(2))
	ids := []string{"a", "b", "a", "c", "d", "e", "b", "f"}
	_, _, err := c.BulkRevokeTokens(context.Background(), ids)
	var bre *BulkRevokeError
	require.ErrorAs(t, err, &bre)
	assert.Equal(t, []int{2, 2, 2}, sizes, "6 unique ids in chunks of 2; the third failed")
	assert.Equal(t, []string{"a", "b", "c", "d"}, bre.Revoked)
	assert.Equal(t, []string{"e", "f"}, bre.Failed)
	assert.ErrorIs(t, err, ErrForbidden)

	_, _, err = c.BulkRevokeTokens(context.Background(), []string{"ok", "bad id"})
	assert.ErrorIs(t, err, ErrInvalidInput, "every id is checked before anything is sent")
	assert.Len(t, sizes, 3)
	_, _, err = c.BulkRevokeTokens(context.Background(), nil)
	assert.NoError(t, err, "nothing to revoke")
	assert.Len(t, sizes, 3)
}

func TestIteratorsYieldTheirErrorOnce(t *testing.T) {
	bad := newFake(t, respond(401, `{"msg":"Provided credentials are missing or invalid"}`)).client(t)
	var errs []error
	for tok, err := range bad.ListAutomationTokensIter(context.Background()) {
		assert.Equal(t, ListedAutomationToken{}, tok)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}

func TestExpiringWithin(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) wire.Time { return wire.Time{Time: now.Add(d)} }
	tokens := []Token{
		{gen.TokenResponse{ID: "never"}},
		{gen.TokenResponse{ID: "past", ExpiresAt: at(-time.Hour)}},
		{gen.TokenResponse{ID: "soon", ExpiresAt: at(time.Hour)}},
		{gen.TokenResponse{ID: "edge", ExpiresAt: at(24 * time.Hour)}},
		{gen.TokenResponse{ID: "later", ExpiresAt: at(25 * time.Hour)}},
		{gen.TokenResponse{ID: "web", Name: wire.WebSessionName, ExpiresAt: at(time.Hour), SudoExpiresAt: at(0)}},
	}
	var got []string
	for _, tok := range ExpiringWithin(tokens, now, 24*time.Hour) {
		got = append(got, tok.ID)
	}
	assert.Equal(t, []string{"soon", "edge"}, got)

	clock := newFakeClock()
	list := `[` + strings.Replace(tokenJSON, `"expires_at":null`, `"expires_at":"`+clock.now().Add(time.Hour).Format(time.RFC3339)+`"`, 1) + `]`
	f := newFake(t, respond(200, list))
	c, err := New(WithBaseURL(f.URL), WithToken(testKey), withClock(clock))
	require.NoError(t, err)
	soon, _, err := c.ExpiringTokens(context.Background(), 2*time.Hour)
	require.NoError(t, err)
	assert.Len(t, soon, 1, "the client's clock decides what is soon")
	_, _, err = c.ExpiringTokens(context.Background(), -time.Second)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestRotateKeepsLifetimeAndReportsPartialFailure(t *testing.T) {
	clock := newFakeClock()
	old := strings.NewReplacer(`"created_at":"2021-01-14T11:25:39Z"`, `"created_at":"2029-12-02T00:00:00Z"`,
		`"expires_at":null`, `"expires_at":"2030-01-01T00:00:00Z"`).Replace(tokenJSON)
	var createdForm url.Values
	revokeStatus := 204
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			respond(200, old)(w, r)
		case http.MethodPost:
			b := bodyOf(r)
			createdForm, _ = url.ParseQuery(string(b))
			respond(200, strings.Replace(createdJSON, "5Yo3XXnrQpjc20u0ybrf2g", "NewTokenId000000000000", 1))(w, r)
		case http.MethodDelete:
			respond(revokeStatus, `{"msg":"nope"}`)(w, r)
		}
	})
	c, err := New(WithBaseURL(f.URL), WithToken(testKey), withClock(clock))
	require.NoError(t, err)
	created, _, err := c.RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.NoError(t, err)
	assert.Equal(t, "NewTokenId000000000000", created.ID)
	assert.Equal(t, "my_token", createdForm.Get("name"))
	assert.Equal(t, "global:read purge_all", createdForm.Get("scope"))
	assert.Equal(t, []string{"SU1"}, createdForm["services[]"])
	assert.Equal(t, clock.now().Add(30*24*time.Hour).Format(time.RFC3339), createdForm.Get("expires_at"),
		"the old token lived 30 days; the new one does too")

	revokeStatus = 500
	created, _, err = c.RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	var re *RotateError
	require.ErrorAs(t, err, &re)
	require.NotNil(t, created, "the new token is returned with the error")
	assert.Equal(t, created, re.Created)
	assert.ErrorIs(t, err, ErrServer)
	assert.Contains(t, err.Error(), "NewTokenId000000000000")
}

// firstErr is the first error seq yields.
func firstErr[E any](seq func(func(E, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// everyCall calls each of c's operations once with good input and ctx;
// those that authenticate with a leaked secret rather than c's key are
// named "secret …".
func everyCall(ctx context.Context, c *Client) map[string]func() error {
	return map[string]func() error{
		"list":     func() error { _, _, err := c.ListTokens(ctx); return err },
		"customer": func() error { _, _, err := c.ListCustomerTokens(ctx, "abc"); return err },
		"get":      func() error { _, _, err := c.GetToken(ctx, "abc"); return err },
		"current":  func() error { _, _, err := c.CurrentToken(ctx); return err },
		"create": func() error {
			_, _, err := c.CreateToken(ctx, CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
			return err
		},
		"revoke":     func() error { _, err := c.RevokeToken(ctx, "abc"); return err },
		"self":       func() error { _, err := c.RevokeCurrentToken(ctx); return err },
		"bulk":       func() error { _, _, err := c.BulkRevokeTokens(ctx, []string{"abc"}); return err },
		"bulk, none": func() error { _, _, err := c.BulkRevokeTokens(ctx, nil); return err },
		"expiring":   func() error { _, _, err := c.ExpiringTokens(ctx, time.Hour); return err },
		"rotate":     func() error { _, _, err := c.RotateToken(ctx, "abc", RotateInput{}); return err },
		"auto list":  func() error { _, _, err := c.ListAutomationTokens(ctx); return err },
		"automation": func() error { return firstErr(c.ListAutomationTokensIter(ctx)) },
		"auto page":  func() error { _, _, err := c.ListAutomationTokensPage(ctx, 1, 10); return err },
		"auto get":   func() error { _, _, err := c.GetAutomationToken(ctx, "abc"); return err },
		"auto create": func() error {
			_, _, err := c.CreateAutomationToken(ctx, AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: "x", Role: string(gen.RoleEngineer)}})
			return err
		},
		"services":   func() error { _, _, err := c.ListAutomationTokenServices(ctx, "abc"); return err },
		"workspaces": func() error { _, _, err := c.ListAutomationTokenWorkspaces(ctx, "abc"); return err },
		"ws iter":    func() error { return firstErr(c.ListAutomationTokenWorkspacesIter(ctx, "abc")) },
		"roles":      func() error { _, _, err := c.ListRoles(ctx); return err },
		"role":       func() error { _, _, err := c.GetRole(ctx, "abc"); return err },
		"sudo": func() error {
			_, _, err := c.Sudo(ctx, SudoInput{SudoRequest: gen.SudoRequest{Username: "u", Password: "password"}})
			return err
		},
		"secret lookup": func() error { _, _, err := c.LookupSecret(ctx, "secret"); return err },
		"secret revoke": func() error { _, _, err := c.RevokeSecret(ctx, "secret"); return err },
	}
}

// cancelled is a context cancelled already.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestZeroClientAndNilContext(t *testing.T) {
	for name, c := range map[string]*Client{"nil": nil, "zero": {}} {
		for call, fn := range everyCall(cancelled(), c) { // the input is checked before the context
			assert.ErrorIs(t, fn(), ErrInvalidInput, "%s client: %s", name, call)
		}
		for call, fn := range everyCall(context.Background(), c) {
			assert.ErrorIs(t, fn(), ErrInvalidInput, "%s client: %s", name, call)
		}
		assert.Equal(t, RateLimit{}, c.RateLimit())
		assert.NoError(t, c.checkTokenID("abc"), "an id check needs no client")
	}

	f := newFake(t, respond(200, tokenJSON))
	//lint:ignore SA1012 a nil context is the bad input under test
	_, _, err := f.client(t).CurrentToken(nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, f.requests.Load())
}

func TestNoToken(t *testing.T) {
	f := newFake(t, respond(200, tokenJSON))
	for _, ctx := range []context.Context{context.Background(), cancelled()} { // the key is checked before the context
		for name, call := range everyCall(ctx, f.client(t, WithToken(""))) {
			if !strings.HasPrefix(name, "secret ") { // those bring their own key
				assert.ErrorIs(t, call(), ErrNoToken, name)
			}
		}
	}
	assert.Zero(t, f.requests.Load(), "nothing is sent without a key")
}

func TestRotateRevokesOnlyAfterAProvedCreate(t *testing.T) {
	noSecret := strings.Replace(createdJSON, `"access_token":"ACCESS-tok_0123456789abcdefghijkl"`, `"access_token":""`, 1)
	noSecret = strings.Replace(noSecret, "5Yo3XXnrQpjc20u0ybrf2g", "NewTokenId000000000000", 1)
	var rot rotation
	created, _, err := rot.serve(t, tokenJSON, noSecret, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	assert.Nil(t, created)
	var re *RotateError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "NewTokenId000000000000", re.NewID, "the new token is named, to be revoked")
	assert.Nil(t, re.Created)
	assert.Contains(t, err.Error(), "revoke it")
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "NewTokenId000000000000", de.TokenID)
	assert.Zero(t, rot.deletes.Load(), "the old token is kept")

	// A create that is not JSON at all: nothing is revoked either.
	var broken rotation
	_, _, err = broken.serve(t, tokenJSON, `{"id":`, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.ErrorAs(t, err, &de)
	assert.Zero(t, broken.deletes.Load())
}

func TestRotateRefusesAnotherOwnersToken(t *testing.T) {
	var rot rotation
	theirs := strings.Replace(tokenJSON, `"user_id":"4y5K5trZocEAQYkesWlk7M"`, `"user_id":"someoneElse00000000000"`, 1)
	f := rot.serve(t, theirs, createdJSON, 204)
	_, _, err := f.client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	var oe *OwnerError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "someoneElse00000000000", oe.Owner)
	assert.Equal(t, "4y5K5trZocEAQYkesWlk7M", oe.Caller)
	assert.NotErrorIs(t, err, ErrInvalidInput, "the refusal needed the server: not input caught before sending")
	assert.Contains(t, err.Error(), "someoneElse00000000000")
	assert.Empty(t, rot.forms, "nothing was created")

	_, _, err = f.client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{AllowOwnerChange: true})
	require.NoError(t, err)
	assert.Len(t, rot.forms, 1)
}

func TestTheKeyIsNeverUsedAsAnID(t *testing.T) {
	const alnumKey = "KeyThatLooksLikeAnId00000000000"
	f := newFake(t, respond(204, ""))
	c := f.client(t, WithToken(alnumKey))
	_, err := c.RevokeToken(context.Background(), alnumKey)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.NotContains(t, err.Error(), alnumKey)
	_, _, err = c.GetToken(context.Background(), alnumKey)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = c.BulkRevokeTokens(context.Background(), []string{"abc", alnumKey})
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Zero(t, f.requests.Load())
}

func TestBulkRevokeReportsProgress(t *testing.T) {
	f := newFake(t, respond(204, ""))
	var seen [][2]int
	_, _, err := f.client(t, WithBulkChunkSize(2)).BulkRevokeTokens(context.Background(), []string{"a", "b", "c", "a", "d", "e"},
		OnProgress(func(done, total int) { seen = append(seen, [2]int{done, total}) }))
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{2, 5}, {4, 5}, {5, 5}}, seen, "five unique ids, in chunks of two")
}

// TestRotateNeverWidens: a token that expires but whose lifetime cannot be
// worked out is not replaced by one that never expires, and a name the
// server sent with control characters is cleaned, not refused.
func TestRotateNeverWidens(t *testing.T) {
	expiring := strings.Replace(tokenJSON, `"expires_at":null`, `"expires_at":"2031-01-01T00:00:00Z"`, 1)
	for name, old := range map[string]string{
		"no created_at":        strings.Replace(expiring, `"created_at":"2021-01-14T11:25:39Z",`, ``, 1),
		"expiry before create": strings.Replace(expiring, `"created_at":"2021-01-14T11:25:39Z"`, `"created_at":"2032-01-01T00:00:00Z"`, 1),
	} {
		var rot rotation
		_, _, err := rot.serve(t, old, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Equal(t, FieldExpiry, ie.Field)
		assert.Empty(t, rot.forms, "%s: nothing was created", name)
	}
	// With an expiry given, the rotation goes on.
	var rot rotation
	_, _, err := rot.serve(t, strings.Replace(expiring, `"created_at":"2021-01-14T11:25:39Z",`, ``, 1), createdJSON, 204).client(t).RotateToken(
		context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{ExpiresAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	require.Len(t, rot.forms, 1)
	assert.Equal(t, "2030-01-01T00:00:00Z", rot.forms[0].Get("expires_at"))

	rot = rotation{}
	dirty := strings.Replace(tokenJSON, `"name":"my_token"`, `"name":"evil\u001b[2J\u202ename"`, 1)
	_, _, err = rot.serve(t, dirty, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.NoError(t, err)
	require.Len(t, rot.forms, 1)
	assert.Equal(t, "evil [2J name", rot.forms[0].Get("name"))
}

// TestRotateKeepsServiceReach: an old token whose answer names a service_id
// but null services is limited to that service, and so is its replacement;
// one whose answer names neither cannot be copied without perhaps reaching
// every service, so nothing is created.
func TestRotateKeepsServiceReach(t *testing.T) {
	serviceIDOnly := strings.Replace(tokenJSON, `"services":["SU1"]`, `"services":null`, 1)
	var rot rotation
	_, _, err := rot.serve(t, serviceIDOnly, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.NoError(t, err)
	require.Len(t, rot.forms, 1)
	assert.Equal(t, []string{"SU1"}, rot.forms[0]["services[]"], "the service_id became the new token's one service")

	unknown := strings.Replace(serviceIDOnly, `"service_id":"SU1"`, `"service_id":null`, 1)
	rot = rotation{}
	_, _, err = rot.serve(t, unknown, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, FieldServices, ie.Field)
	assert.Empty(t, rot.forms, "nothing was created")
	assert.Zero(t, rot.deletes.Load(), "nothing was revoked")

	// An answer with neither scope nor scopes: the new token would get
	// Fastly's default, global.
	noScope := strings.NewReplacer(`"scope":"global:read purge_all",`, ``, `"scopes":["global:read","purge_all"],`, ``).Replace(tokenJSON)
	rot = rotation{}
	_, _, err = rot.serve(t, noScope, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, FieldScope, ie.Field)
	assert.Empty(t, rot.forms, "nothing was created")
	assert.Zero(t, rot.deletes.Load(), "nothing was revoked")

	allServices := strings.Replace(unknown, `"services":null`, `"services":[]`, 1)
	rot = rotation{}
	_, _, err = rot.serve(t, allServices, createdJSON, 204).client(t).RotateToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.NoError(t, err, "an empty list is Fastly's word for every service")
	require.Len(t, rot.forms, 1)
	assert.Empty(t, rot.forms[0]["services[]"])
}

// TestSecretShapedIDsAreNeverSent: a value with the shape of an API key
// given as an id (a secret pasted in the wrong place) is refused before it
// can reach a URL, and the error does not quote it.
func TestSecretShapedIDsAreNeverSent(t *testing.T) {
	const secret = "k3yThatIsNeverSentAnywhere012345"
	f := newFake(t, respond(200, tokenJSON))
	c := f.client(t)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"get":    func() error { _, _, err := c.GetToken(ctx, secret); return err },
		"revoke": func() error { _, err := c.RevokeToken(ctx, secret); return err },
		"bulk": func() error {
			_, _, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g", secret})
			return err
		},
		"customer": func() error {
			_, _, err := c.ListCustomerTokens(ctx, secret)
			return err
		},
		"automation": func() error { _, _, err := c.GetAutomationToken(ctx, secret); return err },
	} {
		err := call()
		var ie *InputError
		require.ErrorAs(t, err, &ie, name)
		assert.Contains(t, ie.Reason, "has the shape of an API key", name)
		assert.NotContains(t, err.Error(), secret, name)
	}
	assert.Zero(t, f.requests.Load(), "nothing was sent")
}
