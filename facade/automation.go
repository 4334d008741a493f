package facade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
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
	if err == nil && (len(in.Roles) == 0 && !oneWord(string(in.Role)) || slices.ContainsFunc(in.Roles, func(r string) bool { return !oneWord(r) })) {
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
	invalid := cmp.Or(c.needKey(), err)
	return withSudo(ctx, c, SudoInput{Username: in.Username, Password: in.Password, OTP: in.OTP}, func() (*CreatedAutomationToken, Response, error) {
		return proven(fetch(ctx, c, invalid, c.api().CreateAutomationTokenCall(body)), automationCreatedFrom)
	})
}

// GetAutomationToken gets one automation token (get-automation-token-id).
func (c *Client) GetAutomationToken(ctx context.Context, id string) (*AutomationToken, Response, error) {
	return one(fetch(ctx, c, cmp.Or(c.needKey(), CheckID(FieldAutomationID, id)), c.api().GetAutomationTokenIdCall(id)), automationFrom)
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
	r, m := c.automationPage(ctx, page, perPage)
	if r.body == nil {
		return AutomationTokenPage{}, r.meta, r.err
	}
	return AutomationTokenPage{Tokens: r.body, Page: m.CurrentPage, PerPage: m.PerPage, RecordCount: m.RecordCount, TotalPages: m.TotalPages}, r.meta, r.err
}

// automationPage is list-automation-tokens, for ListAutomationTokens and
// AutomationTokens.
func (c *Client) automationPage(ctx context.Context, page, perPage int) (reply[[]AutomationToken], gen.PaginationMeta) {
	invalid := cmp.Or(c.needKey(), check(page >= 1 && perPage >= 1 && perPage <= wire.MaxPerPage, "page",
		fmt.Sprintf("pages count from 1 and hold 1 to %d entries", wire.MaxPerPage), nil))
	r := fetch(ctx, c, invalid, c.api().ListAutomationTokensCall(&gen.ListAutomationTokensParams{Page: &page, PerPage: &perPage}))
	if r.body == nil {
		return reshape[[]AutomationToken](r, nil), gen.PaginationMeta{}
	}
	tokens, err := convert(r.x, r.meta, r.body.Data, r.err, automationEntryFrom)
	m := r.body.Meta
	m.CurrentPage, r.err = cmp.Or(m.CurrentPage, page), err
	return reshape(r, tokens), m
}

// AutomationTokens iterates over every automation token of the customer,
// asking for each page only when the previous one is used up, so that no
// more than one page is held at a time. It stops at the first error, which
// it yields once with a zero token, and as soon as ctx is done, mid-page
// too. A server that answers another page than the one asked for, or keeps
// answering full pages past a bound, is an error rather than a loop.
func (c *Client) AutomationTokens(ctx context.Context) iter.Seq2[AutomationToken, error] {
	return pages(ctx, c, c.needKey(), c.automationPage)
}

// AutomationTokenServices lists the service ids of an automation token
// (get-automation-tokens-id-services), every page of them. They limit the
// token only when its LimitServices is set.
func (c *Client) AutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	return tokenIDs(ctx, c, id, func(n, perPage *int) gen.OperationCall[*gen.GetAutomationTokensIdServicesResponse] {
		return c.api().GetAutomationTokensIdServicesCall(id, &gen.GetAutomationTokensIdServicesParams{Page: n, PerPage: perPage})
	}, func(p *gen.AutomationTokenServices) ([]string, gen.PaginationMeta) { return p.Data, p.Meta })
}

// AutomationTokenWorkspaces lists the workspace ids of an automation token
// (get-automation-tokens-id-workspaces), every page of them. They limit
// the token only when its LimitWorkspaces is set.
func (c *Client) AutomationTokenWorkspaces(ctx context.Context, id string) ([]string, Response, error) {
	return tokenIDs(ctx, c, id, func(n, perPage *int) gen.OperationCall[*gen.GetAutomationTokensIdWorkspacesResponse] {
		return c.api().GetAutomationTokensIdWorkspacesCall(id, &gen.GetAutomationTokensIdWorkspacesParams{Page: n, PerPage: perPage})
	}, func(p *gen.AutomationTokenWorkspaces) ([]string, gen.PaginationMeta) { return p.Data, p.Meta })
}

// tokenIDs is all for a list of ids an automation token's pages carry: op
// is the call for a page, and of reads a page's ids and meta.
func tokenIDs[P any, R withJSON200[P]](ctx context.Context, c *Client, id string, op func(n, perPage *int) gen.OperationCall[R], of func(*P) ([]string, gen.PaginationMeta)) ([]string, Response, error) {
	return all(ctx, c, cmp.Or(c.needKey(), CheckID(FieldAutomationID, id)), func(ctx context.Context, n, perPage int) (reply[[]string], gen.PaginationMeta) {
		r := fetch(ctx, c, nil, op(&n, &perPage))
		if r.body == nil {
			return reshape[[]string](r, nil), gen.PaginationMeta{}
		}
		ids, m := of(r.body)
		return reshape(r, ids), m
	})
}

// IAMRole is a role a token may be given (ListRoles), as the spec
// describes it.
type IAMRole = gen.Role

// ListRoles lists the roles an automation token may be given (list-roles),
// every page of them: their ids go in AutomationTokenInput.Roles. Pages
// follow one another by a cursor; a cursor the server repeats is an error.
func (c *Client) ListRoles(ctx context.Context) ([]IAMRole, Response, error) {
	var cursor *string
	return all(ctx, c, c.needKey(), func(ctx context.Context, n, perPage int) (reply[[]IAMRole], gen.PaginationMeta) {
		r := fetch(ctx, c, nil, c.api().ListRolesCall(&gen.ListRolesParams{Cursor: cursor, PerPage: &perPage}))
		if r.body == nil {
			return reshape[[]IAMRole](r, nil), gen.PaginationMeta{}
		}
		next := cmp.Or(r.body.Meta.NextCursor, r.body.NextCursor)
		if cursor != nil && next == *cursor {
			r.err = cmp.Or(r.err, decodeError(r.x, r.meta, "", errors.New("the list of roles does not end: the server repeats a cursor")))
		}
		m := gen.PaginationMeta{CurrentPage: n, TotalPages: n} // the last page, unless a cursor goes on
		if cursor = &next; next != "" {
			m.TotalPages++
		}
		return reshape(r, r.body.Data), m
	})
}

// reshape is r with another body.
func reshape[B, A any](r reply[A], body B) reply[B] {
	return reply[B]{x: r.x, body: body, meta: r.meta, err: r.err}
}

// pageFunc gets page n, of perPage entries, of a paginated list.
type pageFunc[E any] func(ctx context.Context, n, perPage int) (reply[[]E], gen.PaginationMeta)

// all is every entry of a paginated list, walked as pages walks it, and
// the last page's Response.
func all[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) ([]E, Response, error) {
	list := []E{}
	meta, err := walk(ctx, c, invalid, page, func(e E) bool { list = append(list, e); return true })
	if err != nil {
		return nil, meta, err
	}
	return list, meta, nil
}

// pages iterates over every entry of a paginated list, as walk walks it;
// the error that ends the walk is yielded once, with a zero entry.
func pages[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) iter.Seq2[E, error] {
	return func(yield func(E, error) bool) {
		if _, err := walk(ctx, c, invalid, page, func(e E) bool { return yield(e, nil) }); err != nil {
			var zero E
			yield(zero, err)
		}
	}
}

// walk is the walk over every paginated list: page gets page n, of perPage
// entries, and each takes the entries until it returns false. It holds one
// page at a time, checks ctx before each entry, and ends on the page the
// meta names as the last or, without one, on a page that is not full. A
// page without entries (null, or no "data"), a page other than the one
// asked for, or more than the client's bound of pages, is an error. It
// returns the last page's Response. invalid, the input's check, comes
// before all of it.
func walk[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E], each func(E) bool) (Response, error) {
	if err := cmp.Or(invalid, check(ctx != nil, "context", "is nil", nil)); err != nil {
		return Response{}, err
	}
	var last Response
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return last, err
		}
		r, m := page(ctx, n, DefaultPageSize)
		switch last = r.meta; {
		case r.err != nil:
			return last, r.err
		case r.body == nil:
			return last, decodeError(r.x, last, "", errors.New(`the page has no "data"`))
		case m.CurrentPage != 0 && m.CurrentPage != n:
			return last, decodeError(r.x, last, "", fmt.Errorf("asked for page %d, the answer is page %d", n, m.CurrentPage))
		}
		for _, e := range r.body {
			if err := ctx.Err(); err != nil {
				return last, err
			}
			if !each(e) {
				return last, nil
			}
		}
		if m.TotalPages > 0 && n >= m.TotalPages || m.TotalPages == 0 && len(r.body) < cmp.Or(m.PerPage, DefaultPageSize) {
			return last, nil // the last page: the meta says so, or, without a meta, the page was not full
		}
		if n >= c.maxPages {
			return last, decodeError(r.x, last, "", fmt.Errorf("the list goes on past %d pages; the server may be ignoring the page or cursor asked for", c.maxPages))
		}
	}
}
