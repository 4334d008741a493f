package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fastly's messages.
const (
	msgBadCredentials = "Provided credentials are missing or invalid"
	msgInsufficient   = "Insufficient permissions for this action"
	msgNotFound       = "Token not found"
)

// caller is an authenticated request's token and user.
type caller struct {
	tok  *token
	user *User
}

// authenticate resolves Fastly-Key. It writes the error response and
// returns ok=false when the key is missing, unknown, revoked or expired.
// s.mu must be held.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (caller, bool) {
	key := r.Header.Get("Fastly-Key")
	t, found := s.bySecret[key]
	if key == "" || !found || t.revoked {
		writeMsg(w, http.StatusUnauthorized, msgBadCredentials)
		return caller{}, false
	}
	now := s.now()
	if !t.expiresAt.IsZero() && !now.Before(t.expiresAt) {
		writeMsg(w, http.StatusUnauthorized, fmt.Sprintf("Token %s expired at %s", t.id, formatTime(t.expiresAt)))
		return caller{}, false
	}
	u := s.users[t.userID]
	if !hasScope(t.scope, "global") && !hasScope(t.scope, "global:read") {
		writeMsg(w, http.StatusForbidden, msgInsufficient)
		return caller{}, false
	}
	t.lastUsedAt = now
	t.ip = clientIP(r)
	t.userAgent = r.UserAgent()
	return caller{tok: t, user: u}, true
}

// canWrite reports whether the caller's token may change tokens.
func (c caller) canWrite() bool { return hasScope(c.tok.scope, "global") }

// sees reports whether the caller may see t: its own tokens, or any of its
// customer's when a superuser.
func (c caller) sees(t *token) bool {
	if t.revoked {
		return false
	}
	return t.userID == c.user.ID || (c.user.Superuser && t.customerID == c.user.CustomerID)
}

func hasScope(scope, want string) bool {
	for _, s := range strings.Fields(scope) {
		if s == want {
			return true
		}
	}
	return false
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// spendWrite counts a write against the user's hourly budget and sets the
// rate-limit headers. It writes a 429 and returns false when the budget is
// spent. s.mu must be held.
func (s *Server) spendWrite(w http.ResponseWriter, userID string) bool {
	now := s.now()
	win := s.writes[userID]
	if win == nil || !now.Before(win.start.Add(time.Hour)) {
		win = &window{start: now.Truncate(time.Hour)}
		s.writes[userID] = win
	}
	reset := win.start.Add(time.Hour)
	if win.count >= s.writeLimit {
		setRateLimit(w, 0, reset)
		writeMsg(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return false
	}
	win.count++
	setRateLimit(w, s.writeLimit-win.count, reset)
	return true
}
