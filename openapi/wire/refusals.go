package wire

import (
	"net/http"
	"strings"
	"time"
)

// Fastly's texts for the refusals its status alone does not tell apart,
// as recorded answers carry them: the in-memory API sends them, and
// Refusal.In reads them.
const (
	MsgBadCredentials = "Provided credentials are missing or invalid"
	MsgReadOnly       = "Read only tokens are not allowed to access this endpoint."
	MsgSudoRequired   = "You must POST /sudo to access this endpoint"
	CodeTwoFactor     = "2fa.verify" // the code of the 400 that asks for Fastly-OTP
)

// MsgKeyExpired is the 401's text for an expired key.
func MsgKeyExpired(id string, at time.Time) string {
	return "Token " + id + " expired at " + at.UTC().Format(time.RFC3339)
}

// Refusal is one thing a refusal's texts may say beyond its status.
type Refusal string

// The refusals In tells apart.
const (
	RefusedSudo           Refusal = "sudo mode required"
	RefusedBadCredentials Refusal = "credentials missing or invalid"
	RefusedKeyExpired     Refusal = "key expired"
	RefusedReadOnly       Refusal = "read-only key"
	RefusedTwoFactor      Refusal = "one-time password required"
)

// In reports whether an error answer's status and texts (its title or
// msg, its detail and its code) say r. Each refusal is read on its own:
// one answer may say two of them.
func (r Refusal) In(status int, title, detail, code string) bool {
	switch r {
	case RefusedSudo:
		return status == http.StatusForbidden && (strings.Contains(title, "/sudo") || strings.Contains(detail, "/sudo"))
	case RefusedBadCredentials:
		return (status == http.StatusUnauthorized || status == http.StatusForbidden) && strings.Contains(title, "credentials are missing or invalid")
	case RefusedKeyExpired:
		return status == http.StatusUnauthorized && strings.Contains(title, " expired at ")
	case RefusedReadOnly:
		return status == http.StatusForbidden && strings.HasPrefix(title, "Read only tokens")
	case RefusedTwoFactor:
		return status == http.StatusBadRequest && code == CodeTwoFactor
	}
	return false
}
