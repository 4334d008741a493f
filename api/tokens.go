package api

import (
	"cmp"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// maxBodyBytes bounds request bodies.
const maxBodyBytes = 1 << 20

// userTokens is the users' tokens match selects, oldest first, as the
// lists answer them. s.mu must be held.
func (s *Server) userTokens(match func(*token) bool) gen.TokenList {
	out := gen.TokenList{}
	for _, t := range s.sorted(func(t *token) bool { return t.user != nil && !t.revoked && match(t) }) {
		out = append(out, *t.user)
	}
	return out
}

// sorted is the tokens match selects, oldest first (then by id, for ties).
// s.mu must be held.
func (s *Server) sorted(match func(*token) bool) []*token {
	var picked []*token
	for _, t := range s.tokens {
		if match(t) {
			picked = append(picked, t)
		}
	}
	slices.SortFunc(picked, func(a, b *token) int {
		if c := a.createdAt().Compare(b.createdAt()); c != 0 {
			return c
		}
		return cmp.Compare(a.id(), b.id())
	})
	return picked
}

// visible finds a token the caller may see: a missing one, or one of
// another user, is a 404 alike. s.mu must be held.
func (s *Server) visible(c caller, id string) (*token, *failure) {
	if t, found := s.tokens[id]; found && wire.ValidID(id) && c.sees(t) {
		return t, nil
	}
	return nil, &failure{status: http.StatusNotFound, msg: msgNotFound}
}

// ListTokensUser implements list-tokens-user.
func (s handlers) ListTokensUser(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, asReader, func(c caller) answer {
		return ok(s.userTokens(func(t *token) bool { return t.owner() == c.user.ID }))
	})
}

// ListTokensCustomer implements list-tokens-customer.
func (s handlers) ListTokensCustomer(w http.ResponseWriter, r *http.Request, customerID gen.CustomerID) {
	s.serve(w, r, asReader, func(c caller) answer {
		if customerID != c.user.CustomerID || !c.user.Superuser {
			return fail(http.StatusForbidden, msgInsufficient)
		}
		return ok(s.userTokens(func(t *token) bool { return t.customer() == customerID }))
	})
}

// GetToken implements get-token. An automation token is read at
// /automation-tokens: here it is not found.
func (s handlers) GetToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.serve(w, r, asReader, func(c caller) answer {
		t, f := s.visible(c, tokenID)
		switch {
		case f != nil:
			return failed(f)
		case t.user == nil:
			return fail(http.StatusNotFound, msgNotFound)
		}
		return ok(t.user)
	})
}

// GetTokenCurrent implements get-token-current.
func (s handlers) GetTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, asReader, func(c caller) answer {
		if c.tok.user == nil {
			return c.tok.asUserToken()
		}
		return ok(c.tok.user)
	})
}

// RevokeToken implements revoke-token: a user token, or an automation
// token, as Fastly's web app revokes those.
func (s handlers) RevokeToken(w http.ResponseWriter, r *http.Request, tokenID gen.TokenID) {
	s.serve(w, r, asWriter, func(c caller) answer {
		t, f := s.visible(c, tokenID)
		if f != nil {
			return failed(f)
		}
		t.revoked = true
		return noContent()
	})
}

// RevokeTokenCurrent implements revoke-token-current. Any token may revoke
// itself, a read-only one included.
func (s handlers) RevokeTokenCurrent(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, anyKeyWriter, func(c caller) answer {
		c.tok.revoked = true
		return noContent()
	})
}

// BulkRevokeTokens implements bulk-revoke-tokens: all or nothing, unless
// WithBulkIgnoringUnknown (what Fastly does with an id it does not know is
// not documented: a modelling choice).
func (s handlers) BulkRevokeTokens(w http.ResponseWriter, r *http.Request) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	goodType := err == nil && mediaType == "application/vnd.api+json" && params["ext"] == "bulk"
	var body gen.BulkRevokeRequest
	decodeErr := json.NewDecoder(io.LimitReader(r.Body, maxBodyBytes)).Decode(&body)
	s.serve(w, r, asWriter, func(c caller) answer {
		switch {
		case !goodType:
			return fail(http.StatusBadRequest, "Content-Type must be application/vnd.api+json; ext=bulk")
		case decodeErr != nil || len(body.Data) == 0:
			return fail(http.StatusBadRequest, `Body must be {"data":[{"id":…,"type":"token"}]}`)
		}
		targets := make([]*token, 0, len(body.Data))
		for _, ref := range body.Data {
			t, f := s.visible(c, ref.ID)
			if ref.Type != gen.TokenReferenceTypeToken || f != nil {
				if s.bulkIgnoresUnknown && ref.Type == gen.TokenReferenceTypeToken {
					continue
				}
				return fail(http.StatusBadRequest, "Token revocation error: unknown token "+safeID(ref.ID))
			}
			targets = append(targets, t)
		}
		for _, t := range targets {
			t.revoked = true
		}
		return noContent()
	})
}

// safeID echoes an id only when it is one.
func safeID(id string) string {
	if !wire.ValidID(id) {
		return "(malformed id)"
	}
	return id
}

// newScope is the scope of a new token, user or automation, from the
// space-delimited list a request sent: the default scope when empty; false
// for a scope the spec's Scope enum does not name, or a service id that is
// no id.
func newScope(requested string, services []string) (wire.Scopes, bool) {
	scopes := wire.SplitScopes(requested)
	if len(scopes) == 0 {
		scopes = wire.Scopes{string(gen.ScopeGlobal)}
	}
	known := !slices.ContainsFunc(scopes, func(sc string) bool { return !gen.Scope(sc).Valid() })
	return scopes, known && !slices.ContainsFunc(services, func(id string) bool { return !wire.ValidID(id) })
}

// CreateToken implements create-token. It authenticates by credentials
// (form fields or HTTP basic auth, with Fastly-OTP when the user has
// two-factor authentication) or by a global key, which must be in sudo
// mode unless the form carries the user's credentials too.
func (s handlers) CreateToken(w http.ResponseWriter, r *http.Request, params gen.CreateTokenParams) {
	form, formErr := readForm(r)
	creator := policy{write: true, auth: func(s *Server, r *http.Request) (caller, *failure) { return s.createCaller(r, form, params) }}
	s.serve(w, r, creator, func(c caller) answer {
		if formErr != nil {
			return failed(&failure{status: http.StatusBadRequest, code: "invalid_request", msg: "Body must be application/x-www-form-urlencoded"})
		}
		m, f := s.newUserToken(c.user, form)
		if f != nil {
			return failed(f)
		}
		t := &token{user: m}
		return s.stored(t, t.created)
	})
}

// newUserToken is the token a create form asks for, as get-token will
// answer it. s.mu must be held.
func (s *Server) newUserToken(u *User, form url.Values) (*gen.TokenResponse, *failure) {
	services := form["services[]"]
	scopes, known := newScope(form.Get("scope"), services)
	if !known {
		return nil, &failure{status: http.StatusBadRequest, code: "invalid_scope", msg: "Unknown scope or service"}
	}
	m := &gen.TokenResponse{UserID: u.ID, CustomerID: u.CustomerID, Name: form.Get("name"), Scope: scopes.String(), Services: services}
	if v := form.Get("expires_at"); v != "" {
		t, err := wire.ParseTime(v)
		switch {
		case err != nil:
			return nil, &failure{status: http.StatusUnprocessableEntity, msg: "expires_at must be an RFC 3339 time with zone"}
		case !t.After(s.now()):
			return nil, &failure{status: http.StatusUnprocessableEntity, msg: "expires_at must be in the future"}
		}
		m.ExpiresAt = wire.Time{Time: t}
	}
	return m, nil
}

func readForm(r *http.Request) (url.Values, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/x-www-form-urlencoded" {
		return nil, errNotForm
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	return url.ParseQuery(string(b))
}

var errNotForm = &formError{}

type formError struct{}

func (*formError) Error() string { return "not a form" }

// createCaller authenticates create-token: by the form's credentials or
// HTTP basic auth, by a global key, or by both, when they must be the same
// user's. A key alone must be in sudo mode (with WithStrictSudo, always).
// s.mu must be held.
func (s *Server) createCaller(r *http.Request, form url.Values, params gen.CreateTokenParams) (caller, *failure) {
	login, password := form.Get("username"), form.Get("password")
	if login == "" {
		login, password, _ = r.BasicAuth()
	}
	var byLogin *User
	if login != "" {
		u, f := s.login(login, password, deref(params.FastlyOTP))
		if f != nil {
			return caller{}, f
		}
		byLogin = u
	}
	if r.Header.Get(wire.HeaderKey) == "" {
		if byLogin == nil {
			return caller{}, &failure{status: http.StatusUnauthorized, msg: wire.MsgBadCredentials}
		}
		return caller{user: byLogin}, nil
	}
	c, f := s.writer(r)
	switch {
	case f != nil:
		return caller{}, f
	case byLogin != nil && byLogin.ID != c.user.ID:
		return caller{}, &failure{status: http.StatusForbidden, msg: "The credentials are not those of the key's user"}
	case (byLogin == nil || s.strictSudo) && !c.tok.inSudo(s.now()):
		return caller{}, &failure{status: http.StatusForbidden, msg: wire.MsgSudoRequired}
	}
	return c, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
