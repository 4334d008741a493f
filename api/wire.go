package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// services is never null on the wire: [] when the token has none.
func (t *token) servicesList() []string {
	if t.services == nil {
		return []string{}
	}
	return t.services
}

// serviceID is one of the token's services when it has any, as in real
// responses; null when none.
func (t *token) serviceID() wire.NullString {
	if len(t.services) == 0 {
		return ""
	}
	return wire.NullString(t.services[0])
}

// response is the token as get and list answer it: every key of a
// recorded real response, null for absent values, and no updated_at or
// deleted_at (gen's model leaves zero ones out).
func (t *token) response() gen.TokenResponse {
	return gen.TokenResponse{
		Id: t.id, UserId: t.userID, CustomerId: t.customerID, Name: t.name,
		Scope: t.scope, Scopes: wire.SplitScopes(t.scope), Services: t.servicesList(), ServiceId: t.serviceID(),
		CreatedAt: wire.Time{Time: t.createdAt}, LastUsedAt: wire.Time{Time: t.lastUsedAt},
		ExpiresAt: wire.Time{Time: t.expiresAt}, SudoExpiresAt: wire.Time{Time: t.sudoExpiresAt},
		Ip: wire.NullString(t.ip), UserAgent: wire.NullString(t.userAgent),
	}
}

// created is the token as create answers it: exactly the keys of a
// recorded real response, updated_at equal to created_at, and the secret.
func (t *token) created() gen.TokenCreatedResponse {
	return gen.TokenCreatedResponse{
		Id: t.id, Name: t.name, UserId: t.userID, CustomerId: t.customerID, ServiceId: t.serviceID(),
		ExpiresAt: wire.Time{Time: t.expiresAt}, CreatedAt: wire.Time{Time: t.createdAt}, UpdatedAt: wire.Time{Time: t.createdAt},
		Scope: t.scope, Services: t.servicesList(), AccessToken: t.secret,
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeMsg writes Fastly's generic error body {"msg": …}.
func writeMsg(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"msg": msg})
}

// writeCode writes the error body of create-token and sudo: {"code": …, "msg": …}.
func writeCode(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "msg": msg})
}

func setRateLimit(w http.ResponseWriter, remaining int, reset time.Time) {
	w.Header().Set("Fastly-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("Fastly-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
}
