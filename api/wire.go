package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// tokenJSON is a token as real responses carry it: every field present,
// absent values as null.
type tokenJSON struct {
	ID            string   `json:"id"`
	UserID        string   `json:"user_id"`
	CustomerID    string   `json:"customer_id"`
	Name          string   `json:"name"`
	Scope         string   `json:"scope"`
	Scopes        []string `json:"scopes"`
	Services      []string `json:"services"`
	ServiceID     *string  `json:"service_id"`
	CreatedAt     string   `json:"created_at"`
	UpdatedAt     *string  `json:"updated_at"`
	DeletedAt     *string  `json:"deleted_at"`
	LastUsedAt    *string  `json:"last_used_at"`
	ExpiresAt     *string  `json:"expires_at"`
	IP            *string  `json:"ip"`
	UserAgent     *string  `json:"user_agent"`
	SudoExpiresAt *string  `json:"sudo_expires_at"`
	AccessToken   string   `json:"access_token,omitempty"`
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := formatTime(t)
	return &s
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (t *token) json() tokenJSON {
	services := t.services
	if services == nil {
		services = []string{}
	}
	return tokenJSON{
		ID: t.id, UserID: t.userID, CustomerID: t.customerID, Name: t.name,
		Scope: t.scope, Scopes: strings.Fields(t.scope), Services: services,
		CreatedAt: formatTime(t.createdAt), LastUsedAt: optTime(t.lastUsedAt), ExpiresAt: optTime(t.expiresAt),
		IP: optString(t.ip), UserAgent: optString(t.userAgent),
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

// writeCreateError writes create-token's 400 body {"code": …, "msg": …}.
func writeCreateError(w http.ResponseWriter, code, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"code": code, "msg": msg})
}

func setRateLimit(w http.ResponseWriter, remaining int, reset time.Time) {
	w.Header().Set("Fastly-RateLimit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("Fastly-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
}
