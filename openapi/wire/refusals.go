package wire

import (
	"net/http"
	"strings"
	"time"
)

// Fastly's texts for the refusals its status alone does not tell apart,
// as recorded answers carry them: the in-memory API sends them, and
// Refused reads them.
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

// Refusal is what a refusal's texts say beyond its status.
type Refusal string

// The refusals Refused tells apart.
const (
	RefusedSudo           Refusal = "sudo mode required"
	RefusedBadCredentials Refusal = "credentials missing or invalid"
	RefusedKeyExpired     Refusal = "key expired"
	RefusedReadOnly       Refusal = "read-only key"
	RefusedTwoFactor      Refusal = "one-time password required"
)

// Refused reads what an error answer's status and texts (its title or
// msg, its detail and its code) say beyond the status; "" when nothing.
func Refused(status int, title, detail, code string) Refusal {
	switch {
	case status == http.StatusForbidden && (strings.Contains(title, "/sudo") || strings.Contains(detail, "/sudo")):
		return RefusedSudo
	case (status == http.StatusUnauthorized || status == http.StatusForbidden) && strings.Contains(title, "credentials are missing or invalid"):
		return RefusedBadCredentials
	case status == http.StatusUnauthorized && strings.Contains(title, " expired at "):
		return RefusedKeyExpired
	case status == http.StatusForbidden && strings.HasPrefix(title, "Read only tokens"):
		return RefusedReadOnly
	case status == http.StatusBadRequest && code == CodeTwoFactor:
		return RefusedTwoFactor
	}
	return ""
}
