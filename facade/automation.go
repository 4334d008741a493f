package facade

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Role is what an automation token may do, as a user of that role may.
type Role string

// The roles Fastly documents; others are kept as they come.
const (
	RoleEngineer Role = "engineer"
	RoleBilling  Role = "billing"
	RoleUser     Role = "user"
)

// AutomationToken is a token for CI and services, tied to the customer
// rather than to a person. It marshals to JSON in the API's shape. Fastly
// sends absent times as "" or null; both are the zero time.
type AutomationToken struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Role       Role     `json:"role"`
	CustomerID string   `json:"customer_id,omitempty"`
	CreatorID  string   `json:"creator_id,omitempty"`
	Scopes     Scopes   `json:"scopes"`
	Services   []string `json:"services"`
	ServiceID  string   `json:"service_id,omitempty"`
	// TLSAccess lets the token manage TLS.
	TLSAccess bool `json:"tls_access"`

	CreatedAt     time.Time `json:"created_at,omitzero"`
	LastUsedAt    time.Time `json:"last_used_at,omitzero"`
	ExpiresAt     time.Time `json:"expires_at,omitzero"`
	SudoExpiresAt time.Time `json:"sudo_expires_at,omitzero"`

	IP        string `json:"ip,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
}

// Expires reports whether the token has an expiry time.
func (t AutomationToken) Expires() bool { return !t.ExpiresAt.IsZero() }

// ExpiresWithin reports whether the token expires after now and no later
// than now+d, as Token.ExpiresWithin does.
func (t AutomationToken) ExpiresWithin(now time.Time, d time.Duration) bool {
	return t.Expires() && t.ExpiresAt.After(now) && !t.ExpiresAt.After(now.Add(d))
}

// CreatedAutomationToken is a new automation token with its secret, shown
// only once. It marshals with the secret revealed, and logs without it, as
// CreatedToken does.
type CreatedAutomationToken struct {
	AutomationToken
	AccessToken Secret
}

// MarshalJSON implements json.Marshaler: the token and its access_token.
func (c CreatedAutomationToken) MarshalJSON() ([]byte, error) {
	type plain AutomationToken
	return json.Marshal(struct {
		plain
		AccessToken string `json:"access_token"`
	}{plain(c.AutomationToken), c.AccessToken.Reveal()})
}

// LogValue implements slog.LogValuer: the token without its secret.
func (c CreatedAutomationToken) LogValue() slog.Value { return slog.AnyValue(c.AutomationToken) }

// AutomationTokenInput describes a new automation token.
type AutomationTokenInput struct {
	Name      string    // required; no control characters
	Role      Role      // required: engineer, billing or user
	Scopes    Scopes    // empty: global
	Services  []string  // service ids; empty: all
	ExpiresAt time.Time // zero: never expires
	TLSAccess bool

	// Username, Password and OTP put the key in sudo mode when Fastly
	// wants it (only superusers in sudo mode may create automation
	// tokens): CreateAutomationToken then posts /sudo and creates again,
	// once.
	Username string
	Password Secret
	OTP      Secret
}

func (in AutomationTokenInput) body() (gen.AutomationTokenCreateRequest, error) {
	var zero gen.AutomationTokenCreateRequest
	if err := checkCredentials(in.Username, in.Password, in.OTP, false); err != nil {
		return zero, err
	}
	if err := checkName(in.Name); err != nil {
		return zero, err
	}
	if in.Role == "" || strings.IndexFunc(string(in.Role), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return zero, &InputError{Field: "role", Reason: "must be one word: engineer, billing or user"}
	}
	if err := checkScopes(in.Scopes); err != nil {
		return zero, err
	}
	for _, id := range in.Services {
		if err := checkID(fieldServiceID, id); err != nil {
			return zero, err
		}
	}
	return gen.AutomationTokenCreateRequest{Name: in.Name, Role: string(in.Role), Scope: in.Scopes.String(),
		Services: in.Services, ExpiresAt: wire.Time{Time: in.ExpiresAt}, TlsAccess: in.TLSAccess}, nil
}

const (
	opListAutomation     = "list-automation-tokens"
	opCreateAutomation   = "create-automation-token"
	opGetAutomation      = "get-automation-token-id"
	opAutomationServices = "get-automation-tokens-id-services"
	fieldAutomationID    = "automation token id"
)

// DefaultPageSize is how many entries a page of a paginated list asks for.
const DefaultPageSize = 100

// CreateAutomationToken creates an automation token
// (create-automation-token). Only superusers may, with the key in sudo
// mode: with Username and Password in the input, the sudo is done when
// Fastly asks for it (ErrSudoRequired). As with CreateToken, a success that
// cannot be proved is a *DecodeError, and one proved but breaking the spec
// elsewhere comes with its token.
func (c *Client) CreateAutomationToken(ctx context.Context, in AutomationTokenInput) (*CreatedAutomationToken, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	body, err := in.body()
	if err != nil {
		return nil, Response{}, err
	}
	created, meta, err := c.createAutomation(ctx, body)
	if created == nil && errors.Is(err, ErrSudoRequired) && in.Username != "" {
		if _, _, serr := c.Sudo(ctx, SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}); serr != nil {
			return nil, Response{}, serr
		}
		return c.createAutomation(ctx, body)
	}
	return created, meta, err
}

func (c *Client) createAutomation(ctx context.Context, body gen.AutomationTokenCreateRequest) (*CreatedAutomationToken, Response, error) {
	x := c.exchange(opCreateAutomation, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.CreateAutomationToken(ctx, body)
	}, gen.ParseCreateAutomationTokenResponse)
	if r == nil || r.JSON200 == nil {
		if err == nil {
			err = missingBody(x, meta, r.ContentType())
		}
		return nil, meta, err
	}
	j := r.JSON200
	id := oneLine(j.Id, maxCode)
	switch {
	case j.Id == "":
		return nil, meta, noID(x, meta, "the new automation token")
	case j.AccessToken == "":
		return nil, meta, &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID, TokenID: id,
			Err: &scrubbedError{text: "the new automation token " + id + " has no access_token"}}
	}
	var de *DecodeError
	if errors.As(err, &de) {
		de.TokenID = id
	}
	return &CreatedAutomationToken{
		AutomationToken: AutomationToken{ID: j.Id, Name: j.Name, Role: Role(j.Role), CustomerID: j.CustomerId,
			Scopes: wire.SplitScopes(j.Scope), Services: j.Services, TLSAccess: j.TlsAccess,
			CreatedAt: j.CreatedAt.Time, LastUsedAt: j.LastUsedAt.Time, ExpiresAt: j.ExpiresAt.Time,
			IP: j.Ip, UserAgent: j.UserAgent},
		AccessToken: Secret(j.AccessToken),
	}, meta, err
}

// GetAutomationToken gets one automation token (get-automation-token-id).
func (c *Client) GetAutomationToken(ctx context.Context, id string) (*AutomationToken, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := checkID(fieldAutomationID, id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGetAutomation, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetAutomationTokenId(ctx, id)
	}, gen.ParseGetAutomationTokenIdResponse)
	if err != nil {
		return nil, meta, err
	}
	j := r.JSON200
	if j == nil {
		return nil, meta, missingBody(x, meta, r.ContentType())
	}
	if j.Id == "" {
		return nil, meta, noID(x, meta, "the automation token")
	}
	return &AutomationToken{ID: j.Id, Name: j.Name, Role: Role(j.Role), CustomerID: j.CustomerId,
		Scopes: wire.SplitScopes(j.Scope), Services: j.Services, TLSAccess: j.TlsAccess,
		CreatedAt: j.CreatedAt.Time, LastUsedAt: j.LastUsedAt.Time, ExpiresAt: j.ExpiresAt.Time,
		IP: deref(j.Ip), UserAgent: deref(j.UserAgent)}, meta, nil
}

// AutomationTokenPage is one page of the customer's automation tokens.
type AutomationTokenPage struct {
	Tokens      []AutomationToken
	Page        int // this page's number, from 1
	PerPage     int
	RecordCount int // tokens in all pages
	TotalPages  int
}

// ListAutomationTokens gets one page of the customer's automation tokens
// (list-automation-tokens); page counts from 1, perPage is at most 100.
// AutomationTokens walks every page.
func (c *Client) ListAutomationTokens(ctx context.Context, page, perPage int) (AutomationTokenPage, Response, error) {
	if err := c.needKey(); err != nil {
		return AutomationTokenPage{}, Response{}, err
	}
	if page < 1 || perPage < 1 || perPage > 100 {
		return AutomationTokenPage{}, Response{}, &InputError{Field: "page", Reason: "pages count from 1 and hold 1 to 100 entries"}
	}
	x := c.exchange(opListAutomation, http.StatusOK)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListAutomationTokens(ctx, &gen.ListAutomationTokensParams{Page: &page, PerPage: &perPage})
	}, gen.ParseListAutomationTokensResponse)
	if err != nil {
		return AutomationTokenPage{}, meta, err
	}
	j := r.JSON200
	if j == nil {
		return AutomationTokenPage{}, meta, missingBody(x, meta, r.ContentType())
	}
	if j.Data == nil {
		return AutomationTokenPage{}, meta, noData(x, meta)
	}
	out := AutomationTokenPage{Tokens: make([]AutomationToken, len(j.Data)), Page: j.Meta.CurrentPage, PerPage: j.Meta.PerPage,
		RecordCount: j.Meta.RecordCount, TotalPages: j.Meta.TotalPages}
	for i := range j.Data {
		e := &j.Data[i]
		if e.Id == "" {
			return AutomationTokenPage{}, meta, noID(x, meta, "an automation token of the list")
		}
		scopes := wire.Scopes(e.Scopes)
		if len(scopes) == 0 {
			scopes = wire.SplitScopes(e.Scope)
		}
		out.Tokens[i] = AutomationToken{ID: e.Id, Name: e.Name, Role: Role(e.Role), CustomerID: e.CustomerId, CreatorID: e.CreatorId,
			Scopes: scopes, Services: e.Services, ServiceID: deref(e.ServiceId), TLSAccess: e.TlsAccess,
			CreatedAt: e.CreatedAt.Time, LastUsedAt: e.LastUsedAt.Time, ExpiresAt: e.ExpiresAt.Time, SudoExpiresAt: e.SudoExpiresAt.Time,
			IP: deref(e.Ip), UserAgent: deref(e.UserAgent)}
	}
	if out.Page == 0 {
		out.Page = page
	}
	return out, meta, nil
}

// AutomationTokens iterates over every automation token of the customer,
// asking for each page only when the previous one is used up, so that no
// more than one page is held at a time. It stops at the first error, which
// it yields once with a zero token, and as soon as ctx is done, mid-page
// too. A server that answers another page than the one asked for, or keeps
// answering full pages past maxPages, is an error rather than a loop.
func (c *Client) AutomationTokens(ctx context.Context) iter.Seq2[AutomationToken, error] {
	x := c.exchange(opListAutomation, http.StatusOK)
	return func(yield func(AutomationToken, error) bool) {
		if ctx == nil {
			yield(AutomationToken{}, &InputError{Field: "context", Reason: "is nil"})
			return
		}
		for page := 1; ; page++ {
			if page > maxPages {
				yield(AutomationToken{}, tooManyPages(x, Response{}))
				return
			}
			if err := ctx.Err(); err != nil {
				yield(AutomationToken{}, err)
				return
			}
			p, meta, err := c.ListAutomationTokens(ctx, page, DefaultPageSize)
			if err == nil && p.Page != page {
				err = wrongPage(x, meta, page, p.Page)
			}
			if err != nil {
				yield(AutomationToken{}, err)
				return
			}
			for _, t := range p.Tokens {
				if err := ctx.Err(); err != nil {
					yield(AutomationToken{}, err)
					return
				}
				if !yield(t, nil) {
					return
				}
			}
			if lastPage(page, len(p.Tokens), p.PerPage, p.TotalPages) {
				return
			}
		}
	}
}

// lastPage says whether page is the last: the meta says so, or, without a
// meta, the page was not full.
func lastPage(page, got, perPage, totalPages int) bool {
	if totalPages > 0 {
		return page >= totalPages
	}
	if perPage == 0 {
		perPage = DefaultPageSize
	}
	return got < perPage
}

// maxPages bounds the walks over paginated lists (a million entries at
// DefaultPageSize): a server that always answers a full page and no
// total_pages must not keep a client asking forever.
var maxPages = 10_000 // a variable for tests

func tooManyPages(x exchange, meta Response) error {
	return &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
		Err: &scrubbedError{text: fmt.Sprintf("the list goes on past %d pages; the server may be ignoring page", maxPages)}}
}

func wrongPage(x exchange, meta Response, asked, got int) error {
	return &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
		Err: &scrubbedError{text: fmt.Sprintf("asked for page %d, the answer is page %d", asked, got)}}
}

// AutomationTokenServices lists the service ids an automation token is
// limited to (get-automation-tokens-id-services), every page of them; none
// means all services.
func (c *Client) AutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := checkID(fieldAutomationID, id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opAutomationServices, http.StatusOK)
	services := []string{}
	var meta Response
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, meta, tooManyPages(x, meta)
		}
		perPage := DefaultPageSize
		r, m, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetAutomationTokensIdServices(ctx, id, &gen.GetAutomationTokensIdServicesParams{Page: &page, PerPage: &perPage})
		}, gen.ParseGetAutomationTokensIdServicesResponse)
		meta = m
		if err != nil {
			return nil, meta, err
		}
		if r.JSON200 == nil {
			return nil, meta, missingBody(x, meta, r.ContentType())
		}
		if r.JSON200.Data == nil {
			return nil, meta, noData(x, meta)
		}
		if got := r.JSON200.Meta.CurrentPage; got != 0 && got != page {
			return nil, meta, wrongPage(x, meta, page, got)
		}
		services = append(services, r.JSON200.Data...)
		if lastPage(page, len(r.JSON200.Data), r.JSON200.Meta.PerPage, r.JSON200.Meta.TotalPages) {
			break
		}
	}
	return services, meta, nil
}

// noData is the DecodeError of a paginated answer without its data.
func noData(x exchange, meta Response) error {
	return &DecodeError{Operation: x.op, StatusCode: meta.StatusCode, TraceID: meta.TraceID,
		Err: &scrubbedError{text: `the page has no "data"`}}
}

// checkName is the rule for a new token's name, user or automation.
func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return &InputError{Field: "name", Reason: "is required"}
	}
	if len(name) > maxNameLength {
		return &InputError{Field: "name", Reason: "is longer than 255 bytes"}
	}
	if strings.IndexFunc(name, func(r rune) bool {
		return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar
	}) >= 0 {
		return &InputError{Field: "name", Reason: "contains control characters"}
	}
	return nil
}

// checkScopes is the rule for the scopes of a new token.
func checkScopes(scopes Scopes) error {
	for _, s := range scopes {
		if s == "" || strings.IndexFunc(string(s), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return &InputError{Field: "scope", Reason: "each must be one non-empty word"}
		}
	}
	return nil
}
