package facade

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// AutomationTokenInput describes a new automation token.
type AutomationTokenInput struct {
	Name      string    // required; no control characters
	Role      Role      // required: engineer, billing or user (see Roles)
	Scopes    Scopes    // empty: DefaultScope
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
	if in.Role == "" || strings.IndexFunc(string(in.Role), func(r rune) bool { return unicode.IsSpace(r) || safetext.Unsafe(r) }) >= 0 {
		return zero, &InputError{Field: "role", Reason: "must be one word, such as engineer, billing or user"}
	}
	if err := checkScopes(in.Scopes); err != nil {
		return zero, err
	}
	if err := checkServices(in.Services); err != nil {
		return zero, err
	}
	return gen.AutomationTokenCreateRequest{Name: in.Name, Role: string(in.Role), Scope: in.Scopes.String(),
		Services: in.Services, ExpiresAt: wire.Time{Time: in.ExpiresAt}, TlsAccess: in.TLSAccess}, nil
}

const (
	opListAutomation     = "list-automation-tokens"
	opCreateAutomation   = "create-automation-token"
	opGetAutomation      = "get-automation-token-id"
	opAutomationServices = "get-automation-tokens-id-services"
)

// DefaultPageSize is how many entries a page of a paginated list asks for:
// the most a page may hold.
const DefaultPageSize = wire.MaxPerPage

// maxPages bounds the walks over paginated lists (a million entries at
// DefaultPageSize): a server that always answers a full page and no
// total_pages must not keep a client asking forever.
const maxPages = 10_000

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
	creds := SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}
	return withSudo(ctx, c, creds, func() (*CreatedAutomationToken, Response, error) {
		x := c.exchange(opCreateAutomation)
		r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.CreateAutomationToken(ctx, body)
		}, gen.ParseCreateAutomationTokenResponse)
		if r == nil {
			return nil, meta, err
		}
		if r.JSON200 == nil {
			return nil, meta, decodeError(x, meta, "", err, errors.New("no new token"))
		}
		if ok, err := proven(x, meta, r.JSON200.Id, r.JSON200.AccessToken, err); !ok {
			return nil, meta, err
		}
		return automationCreatedFrom(r.JSON200), meta, err
	})
}

// GetAutomationToken gets one automation token (get-automation-token-id).
func (c *Client) GetAutomationToken(ctx context.Context, id string) (*AutomationToken, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := CheckID(FieldAutomationID, id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGetAutomation)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetAutomationTokenId(ctx, id)
	}, gen.ParseGetAutomationTokenIdResponse)
	if r == nil {
		return nil, meta, err
	}
	if r.JSON200 == nil || r.JSON200.Id == "" {
		return nil, meta, decodeError(x, meta, "", err, errors.New("no automation token with an id"))
	}
	t := automationFrom(r.JSON200)
	return &t, meta, err
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
// (list-automation-tokens); page counts from 1, perPage is at most
// DefaultPageSize. AutomationTokens walks every page.
func (c *Client) ListAutomationTokens(ctx context.Context, page, perPage int) (AutomationTokenPage, Response, error) {
	if err := c.needKey(); err != nil {
		return AutomationTokenPage{}, Response{}, err
	}
	if page < 1 || perPage < 1 || perPage > wire.MaxPerPage {
		return AutomationTokenPage{}, Response{}, &InputError{Field: "page", Reason: fmt.Sprintf("pages count from 1 and hold 1 to %d entries", wire.MaxPerPage)}
	}
	x := c.exchange(opListAutomation)
	r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListAutomationTokens(ctx, &gen.ListAutomationTokensParams{Page: &page, PerPage: &perPage})
	}, gen.ParseListAutomationTokensResponse)
	if r == nil {
		return AutomationTokenPage{}, meta, err
	}
	j := r.JSON200
	if j == nil || j.Data == nil {
		return AutomationTokenPage{}, meta, decodeError(x, meta, "", err, errors.New(`the page has no "data"`))
	}
	out := AutomationTokenPage{Tokens: make([]AutomationToken, len(j.Data)), Page: j.Meta.CurrentPage, PerPage: j.Meta.PerPage,
		RecordCount: j.Meta.RecordCount, TotalPages: j.Meta.TotalPages}
	for i := range j.Data {
		if j.Data[i].Id == "" {
			return AutomationTokenPage{}, meta, decodeError(x, meta, "", err, errors.New("an automation token of the list has no id"))
		}
		out.Tokens[i] = automationEntryFrom(&j.Data[i])
	}
	if out.Page == 0 {
		out.Page = page
	}
	return out, meta, err
}

// AutomationTokens iterates over every automation token of the customer,
// asking for each page only when the previous one is used up, so that no
// more than one page is held at a time. It stops at the first error, which
// it yields once with a zero token, and as soon as ctx is done, mid-page
// too. A server that answers another page than the one asked for, or keeps
// answering full pages past a bound, is an error rather than a loop.
func (c *Client) AutomationTokens(ctx context.Context) iter.Seq2[AutomationToken, error] {
	return func(yield func(AutomationToken, error) bool) {
		if ctx == nil {
			yield(AutomationToken{}, &InputError{Field: "context", Reason: "is nil"})
			return
		}
		x := c.exchange(opListAutomation)
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(AutomationToken{}, err)
				return
			}
			p, meta, err := c.ListAutomationTokens(ctx, page, DefaultPageSize)
			if err == nil {
				err = samePage(x, meta, page, p.Page)
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
			more, err := c.morePages(x, meta, page, len(p.Tokens), p.PerPage, p.TotalPages)
			if err != nil {
				yield(AutomationToken{}, err)
			}
			if !more {
				return
			}
		}
	}
}

// samePage checks that a paginated answer is the page asked for (0: the
// answer did not say).
func samePage(x exchange, meta Response, asked, got int) error {
	if got != 0 && got != asked {
		return decodeError(x, meta, "", fmt.Errorf("asked for page %d, the answer is page %d", asked, got))
	}
	return nil
}

// morePages is the paging rule of every paginated list: it ends on the
// page the meta names as the last or, without a meta, on a page that is
// not full; past the client's bound of pages, going on is an error.
func (c *Client) morePages(x exchange, meta Response, page, entries, perPage, totalPages int) (bool, error) {
	if perPage == 0 {
		perPage = DefaultPageSize
	}
	if (totalPages > 0 && page >= totalPages) || (totalPages == 0 && entries < perPage) {
		return false, nil
	}
	if page >= c.maxPages {
		return false, decodeError(x, meta, "", fmt.Errorf("the list goes on past %d pages; the server may be ignoring page", c.maxPages))
	}
	return true, nil
}

// AutomationTokenServices lists the service ids an automation token is
// limited to (get-automation-tokens-id-services), every page of them; none
// means all services.
func (c *Client) AutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	if err := CheckID(FieldAutomationID, id); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opAutomationServices)
	services := []string{}
	for page := 1; ; page++ {
		perPage := DefaultPageSize
		r, meta, err := call(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetAutomationTokensIdServices(ctx, id, &gen.GetAutomationTokensIdServicesParams{Page: &page, PerPage: &perPage})
		}, gen.ParseGetAutomationTokensIdServicesResponse)
		if r == nil {
			return nil, meta, err
		}
		j := r.JSON200
		if j == nil || j.Data == nil {
			return nil, meta, decodeError(x, meta, "", err, errors.New(`the page has no "data"`))
		}
		if err == nil {
			err = samePage(x, meta, page, j.Meta.CurrentPage)
		}
		if err != nil {
			return nil, meta, err
		}
		services = append(services, j.Data...)
		more, err := c.morePages(x, meta, page, len(j.Data), j.Meta.PerPage, j.Meta.TotalPages)
		if err != nil {
			return nil, meta, err
		}
		if !more {
			return services, meta, nil
		}
	}
}
