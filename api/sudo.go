package api

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// RequestSudoAccess implements request-sudo-access: with the key's user's
// username and password (JSON or form), the key may make sensitive writes
// until expiry_time, five minutes by default. Wrong credentials are a 403.
func (s handlers) RequestSudoAccess(w http.ResponseWriter, r *http.Request, params gen.RequestSudoAccessParams) {
	body, bodyErr := readSudo(r)
	s.serve(w, r, asWriter, func(c caller) answer {
		if bodyErr != nil || body.Username == "" || body.Password == "" {
			return fail(http.StatusBadRequest, "username and password are required")
		}
		u, f := s.login(body.Username, body.Password.Reveal(), deref(params.FastlyOTP))
		switch {
		case f != nil && f.code == wire.CodeTwoFactor:
			return failed(f)
		case f != nil || u.ID != c.user.ID || c.tok.user == nil:
			// Fastly's reference: 403, code forbidden, "The supplied
			// username/password combination is not correct".
			return failed(&failure{status: http.StatusForbidden, code: "forbidden", msg: msgBadLogin})
		}
		now := s.now()
		until := now.Add(wire.SudoDefault)
		if !body.ExpiryTime.IsZero() {
			if !body.ExpiryTime.After(now) {
				return fail(http.StatusBadRequest, "expiry_time must be in the future")
			}
			until = body.ExpiryTime.Time
		}
		c.tok.user.SudoExpiresAt = wire.Time{Time: until.Truncate(time.Second)}
		return ok(gen.SudoResponse{ExpiryTime: c.tok.user.SudoExpiresAt})
	})
}

// readSudo reads the sudo body as JSON, as Fastly's description sends it,
// or as a form, as Fastly's Go client does.
func readSudo(r *http.Request) (gen.SudoRequest, error) {
	var body gen.SudoRequest
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return body, err
	}
	if mediaType == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return body, err
		}
		body.Username, body.Password = form.Get("username"), wire.Secret(form.Get("password"))
		if v := form.Get("expiry_time"); v != "" {
			t, err := wire.ParseTime(v)
			if err != nil {
				return body, err
			}
			body.ExpiryTime = wire.Time{Time: t}
		}
		return body, nil
	}
	err = json.Unmarshal(raw, &body)
	return body, err
}
