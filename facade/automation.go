package facade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// AutomationTokenInput describes a new automation token. The token may act
// on the services named, or on every service when none is named: naming
// services always limits the token to them (limit_services), so that it
// never gets more than asked.
type AutomationTokenInput struct {
	Name string // required; no control characters
	// Roles are role ids (ListRoles), since September 2026; Role is one
	// legacy role (engineer, billing or user; see Roles). One of the two is
	// required; Roles win.
	Roles      []string
	Role       Role
	Scopes     Scopes    // empty: DefaultScope
	Services   []string  // service ids; empty: every service
	Workspaces []string  // workspace ids; empty: Fastly's default
	ExpiresAt  time.Time // zero: never expires
	TLSAccess  bool

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
	roles := in.Roles
	if len(roles) == 0 {
		roles = []string{string(in.Role)}
	}
	if err == nil && slices.ContainsFunc(roles, func(r string) bool { return !oneWord(r) }) {
		err = &InputError{Field: "role", Reason: "each must be one word: a role id, or engineer, billing or user"}
	}
	for _, id := range in.Workspaces {
		err = cmp.Or(err, CheckID("workspace id", id))
	}
	req := gen.AutomationTokenCreateRequest{Name: in.Name, Role: string(in.Role), Roles: in.Roles, Scope: in.Scopes.String(),
		Services: in.Services, LimitServices: len(in.Services) > 0, Workspaces: in.Workspaces, ExpiresAt: wire.Time{Time: in.ExpiresAt},
		TlsAccess: in.TLSAccess}
	if len(in.Workspaces) > 0 {
		limit := true
		req.LimitWorkspaces = &limit
	}
	return req, err
}

const (
	opListAutomation       = "list-automation-tokens"
	opCreateAutomation     = "create-automation-token"
	opGetAutomation        = "get-automation-token-id"
	opAutomationServices   = "get-automation-tokens-id-services"
	opAutomationWorkspaces = "get-automation-tokens-id-workspaces"
	opListRoles            = "list-roles"
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

// AutomationTokenServices lists the service ids of an automation token
// (get-automation-tokens-id-services), every page of them. They limit the
// token only when its LimitServices is set.
func (c *Client) AutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	x := c.exchange(opAutomationServices)
	return c.allIDs(ctx, x, id, func(n int) ([]string, gen.PaginationMeta, Response, error) {
		perPage := DefaultPageSize
		j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetAutomationTokensIdServices(ctx, id, &gen.GetAutomationTokensIdServicesParams{Page: &n, PerPage: &perPage})
		}, gen.ParseGetAutomationTokensIdServicesResponse)
		if j == nil {
			return nil, gen.PaginationMeta{}, meta, err
		}
		return j.Data, j.Meta, meta, err
	})
}

// AutomationTokenWorkspaces lists the workspace ids of an automation token
// (get-automation-tokens-id-workspaces), every page of them. They limit
// the token only when its LimitWorkspaces is set.
func (c *Client) AutomationTokenWorkspaces(ctx context.Context, id string) ([]string, Response, error) {
	x := c.exchange(opAutomationWorkspaces)
	return c.allIDs(ctx, x, id, func(n int) ([]string, gen.PaginationMeta, Response, error) {
		perPage := DefaultPageSize
		j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.GetAutomationTokensIdWorkspaces(ctx, id, &gen.GetAutomationTokensIdWorkspacesParams{Page: &n, PerPage: &perPage})
		}, gen.ParseGetAutomationTokensIdWorkspacesResponse)
		if j == nil {
			return nil, gen.PaginationMeta{}, meta, err
		}
		return j.Data, j.Meta, meta, err
	})
}

// allIDs walks every page of a token's ids, which each page must carry
// (a page without "data" is an error, not an empty list).
func (c *Client) allIDs(ctx context.Context, x exchange, id string, page func(n int) ([]string, gen.PaginationMeta, Response, error)) ([]string, Response, error) {
	if err := cmp.Or(c.needKey(), CheckID(FieldAutomationID, id)); err != nil {
		return nil, Response{}, err
	}
	var last Response
	ids := []string{}
	for s, err := range pages(ctx, c, x, func(n int) ([]string, gen.PaginationMeta, Response, error) {
		data, m, meta, err := page(n)
		if last = meta; err == nil && data == nil {
			err = decodeError(x, meta, "", errors.New(`the page has no "data"`))
		}
		return data, m, meta, err
	}) {
		if err != nil {
			return nil, last, err
		}
		ids = append(ids, s)
	}
	return ids, last, nil
}

// IAMRole is a role a token may be given (ListRoles).
type IAMRole struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// ListRoles lists the roles an automation token may be given (list-roles),
// every page of them: their ids go in AutomationTokenInput.Roles.
func (c *Client) ListRoles(ctx context.Context) ([]IAMRole, Response, error) {
	if err := c.needKey(); err != nil {
		return nil, Response{}, err
	}
	x := c.exchange(opListRoles)
	var roles []IAMRole
	var cursor *string
	for n := 1; ; n++ {
		perPage := DefaultPageSize
		j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
			return c.api.ListRoles(ctx, &gen.ListRolesParams{Cursor: cursor, PerPage: &perPage})
		}, gen.ParseListRolesResponse)
		if err != nil || j.Data == nil {
			return nil, meta, cmp.Or(err, decodeError(x, meta, "", errors.New(`the page has no "data"`)))
		}
		for _, r := range j.Data {
			roles = append(roles, IAMRole{ID: r.Id, Name: r.Name, Description: r.Description})
		}
		next := cmp.Or(j.Meta.NextCursor, j.NextCursor)
		switch {
		case next == "":
			return roles, meta, nil
		case cursor != nil && next == *cursor, n >= c.maxPages:
			return nil, meta, decodeError(x, meta, "", errors.New("the list of roles does not end: the server repeats a cursor or goes on past the bound of pages"))
		}
		cursor = &next
	}
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
