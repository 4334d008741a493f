package facade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
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
	err := checkNew(in.Name, in.Scopes, in.Services, in.Username, in.Password, in.OTP)
	if err == nil && !oneWord(string(in.Role)) {
		err = &InputError{Field: "role", Reason: "must be one word, such as engineer, billing or user"}
	}
	return gen.AutomationTokenCreateRequest{Name: in.Name, Role: string(in.Role), Scope: in.Scopes.String(),
		Services: in.Services, ExpiresAt: wire.Time{Time: in.ExpiresAt}, TlsAccess: in.TLSAccess}, err
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
	body, err := in.body()
	if err = cmp.Or(c.needKey(), err); err != nil {
		return nil, Response{}, err
	}
	creds := SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}
	return withSudo(ctx, c, creds, func() (*CreatedAutomationToken, Response, error) {
		x := c.exchange(opCreateAutomation)
		j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.CreateAutomationToken(ctx, body)
		}, gen.ParseCreateAutomationTokenResponse)
		if ok, err := proven(x, meta, j, err); !ok {
			return nil, meta, err
		}
		return automationCreatedFrom(j), meta, err
	})
}

// GetAutomationToken gets one automation token (get-automation-token-id).
func (c *Client) GetAutomationToken(ctx context.Context, id string) (*AutomationToken, Response, error) {
	if err := cmp.Or(c.needKey(), CheckID(FieldAutomationID, id)); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opGetAutomation)
	j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.GetAutomationTokenId(ctx, id)
	}, gen.ParseGetAutomationTokenIdResponse)
	return one(x, meta, j, err, automationFrom)
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
	j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.ListAutomationTokens(ctx, &gen.ListAutomationTokensParams{Page: &page, PerPage: &perPage})
	}, gen.ParseListAutomationTokensResponse)
	if j == nil {
		return AutomationTokenPage{}, meta, err
	}
	if j.Data == nil {
		return AutomationTokenPage{}, meta, decodeError(x, meta, "", err, errors.New(`the page has no "data"`))
	}
	tokens, err := convert(x, meta, j.Data, err, automationEntryFrom)
	if tokens == nil {
		return AutomationTokenPage{}, meta, err
	}
	return AutomationTokenPage{Tokens: tokens, Page: cmp.Or(j.Meta.CurrentPage, page), PerPage: j.Meta.PerPage,
		RecordCount: j.Meta.RecordCount, TotalPages: j.Meta.TotalPages}, meta, err
}

// AutomationTokens iterates over every automation token of the customer,
// asking for each page only when the previous one is used up, so that no
// more than one page is held at a time. It stops at the first error, which
// it yields once with a zero token, and as soon as ctx is done, mid-page
// too. A server that answers another page than the one asked for, or keeps
// answering full pages past a bound, is an error rather than a loop.
func (c *Client) AutomationTokens(ctx context.Context) iter.Seq2[AutomationToken, error] {
	return pages(ctx, c, c.exchange(opListAutomation), func(n int) ([]AutomationToken, gen.PaginationMeta, Response, error) {
		p, meta, err := c.ListAutomationTokens(ctx, n, DefaultPageSize)
		return p.Tokens, gen.PaginationMeta{CurrentPage: p.Page, PerPage: p.PerPage, TotalPages: p.TotalPages}, meta, err
	})
}

// AutomationTokenServices lists the service ids an automation token is
// limited to (get-automation-tokens-id-services), every page of them; none
// means all services.
func (c *Client) AutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	if err := cmp.Or(c.needKey(), CheckID(FieldAutomationID, id)); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opAutomationServices)
	var last Response
	services := []string{}
	for s, err := range pages(ctx, c, x, func(n int) ([]string, gen.PaginationMeta, Response, error) {
		perPage := DefaultPageSize
		j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetAutomationTokensIdServices(ctx, id, &gen.GetAutomationTokensIdServicesParams{Page: &n, PerPage: &perPage})
		}, gen.ParseGetAutomationTokensIdServicesResponse)
		last = meta
		if j == nil || err != nil {
			return nil, gen.PaginationMeta{}, meta, err
		}
		if j.Data == nil {
			return nil, gen.PaginationMeta{}, meta, decodeError(x, meta, "", errors.New(`the page has no "data"`))
		}
		return j.Data, j.Meta, meta, nil
	}) {
		if err != nil {
			return nil, last, err
		}
		services = append(services, s)
	}
	return services, last, nil
}

// pages is the walk over every paginated list: page gets page n. It holds
// one page at a time, checks ctx before each entry, and ends on the page
// the meta names as the last or, without one, on a page that is not full.
// A page other than the one asked for, or more than the client's bound of
// pages, is an error, yielded once.
func pages[E any](ctx context.Context, c *Client, x exchange, page func(n int) ([]E, gen.PaginationMeta, Response, error)) iter.Seq2[E, error] {
	return func(yield func(E, error) bool) {
		var zero E
		if ctx == nil {
			yield(zero, &InputError{Field: "context", Reason: "is nil"})
			return
		}
		for n := 1; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			entries, m, meta, err := page(n)
			if err == nil && m.CurrentPage != 0 && m.CurrentPage != n {
				err = decodeError(x, meta, "", fmt.Errorf("asked for page %d, the answer is page %d", n, m.CurrentPage))
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for _, e := range entries {
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
				if !yield(e, nil) {
					return
				}
			}
			if lastPage(n, len(entries), m) {
				return
			}
			if n >= c.maxPages {
				yield(zero, decodeError(x, meta, "", fmt.Errorf("the list goes on past %d pages; the server may be ignoring page", c.maxPages)))
				return
			}
		}
	}
}

// lastPage says whether page n is the last: the meta says so, or, without
// a meta, the page was not full.
func lastPage(n, entries int, m gen.PaginationMeta) bool {
	if m.TotalPages > 0 {
		return n >= m.TotalPages
	}
	return entries < cmp.Or(m.PerPage, DefaultPageSize)
}
