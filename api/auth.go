package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Fastly's messages, as recorded.
const (
	msgInsufficient = "Insufficient permissions for this action"
	msgNotFound     = "Token not found"
	msgBadLogin     = "Invalid username or password"
	msgTwoFactor    = "Two-factor authentication is required: send the one-time password in Fastly-OTP"
)

// caller is an authenticated request's token and user. A create-token
// authenticated by username and password alone has a user and no token.
type caller struct {
	tok  *token
	user *User
}

// resolveKey authenticates Fastly-Key: a missing or expired key is a
// 401, an unknown or revoked one, which Fastly calls invalid, a 403 (as
// its reference documents them: "401 if the token has expired and a 403
// for invalid access token"). The request is the key's last use from then on,
// its answer included, as in every recorded real answer: last_used_at is
// the response's Date to the second, ip and user_agent the caller's.
// Looking a found secret up with the secret itself therefore overwrites
// when, where from and by what client the leaker last used it. s.mu must
// be held.
func (s *Server) resolveKey(r *http.Request) (caller, *failure) {
	key := r.Header.Get(wire.HeaderKey)
	t, found := s.bySecret[key]
	switch {
	case key == "":
		return caller{}, &failure{status: http.StatusUnauthorized, msg: wire.MsgBadCredentials}
	case !found || t.revoked:
		return caller{}, &failure{status: http.StatusForbidden, msg: wire.MsgBadCredentials}
	}
	now := s.now()
	if expires := t.expiresAt(); !expires.IsZero() && !now.Before(expires) {
		return caller{}, &failure{status: http.StatusUnauthorized, msg: wire.MsgKeyExpired(t.id(), expires)}
	}
	t.used(now, clientIP(r), r.UserAgent())
	return caller{tok: t, user: s.users[t.owner()]}, nil
}

// reader authenticates a read: any token whose scopes include global or
// global:read. s.mu must be held.
func (s *Server) reader(r *http.Request) (caller, *failure) {
	c, f := s.resolveKey(r)
	if f != nil {
		return c, f
	}
	if scopes := c.tok.scopes(); !scopes.Has(string(gen.ScopeGlobal)) && !scopes.Has(string(gen.ScopeGlobalRead)) {
		return caller{}, &failure{status: http.StatusForbidden, msg: msgInsufficient}
	}
	return c, nil
}

// writer authenticates a write: a global token; a read-only one gets the
// recorded 403. s.mu must be held.
func (s *Server) writer(r *http.Request) (caller, *failure) {
	c, f := s.resolveKey(r)
	if f != nil {
		return c, f
	}
	switch scopes := c.tok.scopes(); {
	case scopes.Has(string(gen.ScopeGlobal)):
		return c, nil
	case scopes.Has(string(gen.ScopeGlobalRead)):
		return caller{}, &failure{status: http.StatusForbidden, msg: wire.MsgReadOnly}
	}
	return caller{}, &failure{status: http.StatusForbidden, msg: msgInsufficient}
}

// superuser authenticates a read of the automation tokens: a superuser's
// key. s.mu must be held.
func (s *Server) superuser(r *http.Request) (caller, *failure) {
	c, f := s.reader(r)
	if f == nil && !c.user.Superuser {
		f = &failure{status: http.StatusForbidden, msg: "Only superusers manage automation tokens"}
	}
	return c, f
}

// login checks a username and password, and the one-time password when
// the user has two-factor authentication on. s.mu must be held.
func (s *Server) login(username, password, otp string) (*User, *failure) {
	u, found := s.byLogin[username]
	if !found || u.Password != password {
		return nil, &failure{status: http.StatusBadRequest, code: "invalid_grant", msg: msgBadLogin}
	}
	if u.OTP != "" && otp != u.OTP {
		return nil, &failure{status: http.StatusBadRequest, code: wire.CodeTwoFactor, msg: msgTwoFactor}
	}
	return u, nil
}

// sees reports whether the caller may see t: its own tokens, or any of its
// customer's when a superuser.
func (c caller) sees(t *token) bool {
	if t.revoked {
		return false
	}
	return t.owner() == c.user.ID || (c.user.Superuser && t.customer() == c.user.CustomerID)
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// budgetOf is whose write budget a request spends: the account of the key
// it sent, or of the user who logged in without one, else the client's
// address.
func (s *Server) budgetOf(r *http.Request, c caller) string {
	key := r.Header.Get(wire.HeaderKey)
	if t, found := s.bySecret[key]; found && key != "" {
		return "customer:" + t.customer()
	}
	if c.user != nil && key == "" {
		return "customer:" + c.user.CustomerID
	}
	return "address:" + clientIP(r)
}

// spendWrite counts a write against the account's budget for the current
// hour and sets the rate-limit headers, which every write answer carries,
// errors included. It writes a 429, with Retry-After, and returns false
// when the budget is spent. s.mu must be held.
func (s *Server) spendWrite(w http.ResponseWriter, budget string) bool {
	now := s.now()
	win := s.writes[budget]
	if win == nil || !now.Before(win.start.Add(time.Hour)) {
		win = &window{start: now.Truncate(time.Hour)}
		s.writes[budget] = win
	}
	limit := defaultWriteLimit
	if n, ok := s.limits[strings.TrimPrefix(budget, "customer:")]; ok {
		limit = n
	}
	reset := win.start.Add(time.Hour)
	if win.count >= limit {
		setRateLimit(w, 0, reset)
		// Retry-After (whole seconds, rounded up) says the same as the
		// reset, in the header every HTTP client knows.
		w.Header().Set(wire.HeaderRetryAfter, strconv.FormatInt(int64((reset.Sub(now)+time.Second-1)/time.Second), 10))
		writeMsg(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return false
	}
	win.count++
	setRateLimit(w, limit-win.count, reset)
	return true
}
