package facade

import (
	"encoding/json"
	"errors"
	"time"
)

// wireToken is a token as it travels; it is decoded once and converted.
type wireToken struct {
	ID            string   `json:"id"`
	UserID        string   `json:"user_id"`
	CustomerID    string   `json:"customer_id"`
	Name          string   `json:"name"`
	Scope         string   `json:"scope"`
	ScopeList     []string `json:"scopes"`
	Services      []string `json:"services"`
	ServiceID     string   `json:"service_id"`
	CreatedAt     wireTime `json:"created_at"`
	UpdatedAt     wireTime `json:"updated_at"`
	DeletedAt     wireTime `json:"deleted_at"`
	LastUsedAt    wireTime `json:"last_used_at"`
	ExpiresAt     wireTime `json:"expires_at"`
	SudoExpiresAt wireTime `json:"sudo_expires_at"`
	IP            string   `json:"ip"`
	UserAgent     string   `json:"user_agent"`
	AccessToken   string   `json:"access_token"`
}

func (w *wireToken) token() Token {
	scopes := ParseScopes(w.Scope)
	if len(scopes) == 0 && len(w.ScopeList) > 0 {
		scopes = make(Scopes, len(w.ScopeList))
		for i, s := range w.ScopeList {
			scopes[i] = Scope(s)
		}
	}
	return Token{
		ID: w.ID, UserID: w.UserID, CustomerID: w.CustomerID, Name: w.Name,
		Scopes: scopes, Services: w.Services, ServiceID: w.ServiceID,
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
		DeletedAt: time.Time(w.DeletedAt), LastUsedAt: time.Time(w.LastUsedAt),
		ExpiresAt: time.Time(w.ExpiresAt), SudoExpiresAt: time.Time(w.SudoExpiresAt),
		IP: w.IP, UserAgent: w.UserAgent,
	}
}

// legacyTimeLayout is a form Fastly once sent: "2016-06-22 03:19:48 UTC".
const legacyTimeLayout = "2006-01-02 15:04:05 MST"

// errBadTime is returned for a timestamp in no known form.
var errBadTime = errors.New("timestamp is neither RFC 3339 nor \"2006-01-02 15:04:05 UTC\"")

// wireTime decodes RFC 3339 timestamps (with or without fractions), the
// legacy form and null (the zero time).
type wireTime time.Time

func (t *wireTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = wireTime{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errBadTime
	}
	s := string(b[1 : len(b)-1])
	if s == "" {
		*t = wireTime{}
		return nil
	}
	if v, err := time.Parse(time.RFC3339Nano, s); err == nil {
		*t = wireTime(v)
		return nil
	}
	if v, err := time.Parse(legacyTimeLayout, s); err == nil {
		*t = wireTime(v)
		return nil
	}
	return errBadTime
}

func decodeToken(body []byte) (Token, string, error) {
	var w wireToken
	if err := json.Unmarshal(body, &w); err != nil {
		return Token{}, "", err
	}
	if w.ID == "" {
		return Token{}, "", errors.New("token has no id")
	}
	return w.token(), w.AccessToken, nil
}

func decodeTokens(body []byte) ([]Token, error) {
	var ws []wireToken
	if err := json.Unmarshal(body, &ws); err != nil {
		return nil, err
	}
	out := make([]Token, len(ws))
	for i := range ws {
		out[i] = ws[i].token()
	}
	return out, nil
}
