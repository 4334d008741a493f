package facade

import (
	"cmp"
	"context"
	"iter"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/newtoken"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// AutomationTokenInput describes a new automation token: gen's
// create-automation-token body, so that every field the spec gives it can
// be set, and the credentials for sudo mode.
//
// In the body, Name is required, and only it; Roles are role ids
// (ListRoles) and Role one legacy role (gen.LegacyRoleValues), Roles
// winning; Scope is a space-delimited list of scopes (empty: Fastly's
// default, global). The token never gets more than asked: naming Services
// limits the token to them and naming Workspaces to those
// (CreateAutomationToken sets LimitServices and LimitWorkspaces then);
// with neither named, it may act on every service.
type AutomationTokenInput struct {
	gen.AutomationTokenCreateRequest

	// Username, Password and OTP put the key in sudo mode when Fastly
	// wants it (only superusers in sudo mode may create automation
	// tokens): CreateAutomationToken then posts /sudo and creates again,
	// once.
	Username string
	Password wire.Secret
	OTP      wire.Secret
}

// body is the request to send, narrowed as the input asks, or why the
// input cannot be sent.
func (in AutomationTokenInput) body() (gen.AutomationTokenCreateRequest, error) {
	req := in.AutomationTokenCreateRequest
	err := checkNew(req.Name, req.Scope, req.Services, in.Username, in.Password, in.OTP)
	err = cmp.Or(err, refuse(FieldRole, newtoken.RolesProblem(req.Role, req.Roles)))
	for _, id := range req.Workspaces {
		err = cmp.Or(err, checkID(FieldWorkspaceID, id))
	}
	if len(req.Services) > 0 {
		req.LimitServices = true
	}
	if len(req.Workspaces) > 0 {
		limit := true
		req.LimitWorkspaces = &limit
	}
	return req, err
}

// CreateAutomationToken creates an automation token
// (create-automation-token). Only superusers may, with the key in sudo
// mode: with Username and Password in the input, the sudo is done when
// Fastly asks for it (ErrSudoRequired). As with CreateToken, a success that
// cannot be proved is a *DecodeError, and one proved but breaking the spec
// elsewhere comes with its token.
func (c *Client) CreateAutomationToken(ctx context.Context, in AutomationTokenInput) (*CreatedAutomationToken, Response, error) {
	body, err := in.body()
	invalid := cmp.Or(c.needKey(), err)
	sudo := SudoInput{SudoRequest: gen.SudoRequest{Username: in.Username, Password: in.Password}, OTP: in.OTP}
	return withSudo(ctx, c, sudo, func() (*CreatedAutomationToken, Response, error) {
		return proven(fetch(ctx, c, invalid, c.api().CreateAutomationTokenCall(body), in.Password.Reveal(), in.OTP.Reveal()), asCreatedAutomation)
	})
}

// GetAutomationToken gets one automation token (get-automation-token-id).
func (c *Client) GetAutomationToken(ctx context.Context, id string) (*AutomationToken, Response, error) {
	return one(fetch(ctx, c, cmp.Or(c.needKey(), checkID(FieldAutomationID, id)), c.api().GetAutomationTokenIDCall(id)), asAutomation)
}

func asAutomation(m gen.AutomationTokenResponse) AutomationToken { return AutomationToken{m} }
func asListedAutomation(m gen.AutomationTokenListEntry) ListedAutomationToken {
	return ListedAutomationToken{m}
}
func asCreatedAutomation(m gen.AutomationTokenCreateResponse) CreatedAutomationToken {
	return CreatedAutomationToken{m}
}

// AutomationTokenPage is one page of the customer's automation tokens,
// with gen's pagination meta: the page's number (from 1), its size, and
// how many tokens and pages there are in all.
type AutomationTokenPage struct {
	Tokens []ListedAutomationToken
	gen.PaginationMeta
}

// ListAutomationTokens lists every automation token of the customer
// (list-automation-tokens), every page of them, with the last page's
// Response. ListAutomationTokensIter walks them a page at a time.
func (c *Client) ListAutomationTokens(ctx context.Context) ([]ListedAutomationToken, Response, error) {
	return all(ctx, c, c.needKey(), c.automationPage)
}

// ListAutomationTokensPage gets one page of the customer's automation
// tokens; page counts from 1, and perPage is 1 to wire.MaxPerPage.
func (c *Client) ListAutomationTokensPage(ctx context.Context, page, perPage int) (AutomationTokenPage, Response, error) {
	r, m := c.automationPage(ctx, page, perPage)
	if r.body == nil {
		return AutomationTokenPage{}, r.meta, r.err
	}
	return AutomationTokenPage{Tokens: r.body, PaginationMeta: m}, r.meta, r.err
}

// automationPage is one page of list-automation-tokens, for every way of
// listing them.
func (c *Client) automationPage(ctx context.Context, page, perPage int) (reply[[]ListedAutomationToken], gen.PaginationMeta) {
	invalid := cmp.Or(c.needKey(), check(page >= 1 && perPage >= 1 && perPage <= wire.MaxPerPage, FieldPage,
		wire.PageRule, nil))
	r := fetch(ctx, c, invalid, c.api().ListAutomationTokensCall(&gen.ListAutomationTokensParams{Page: &page, PerPage: &perPage}))
	if r.body == nil {
		return reshape[[]ListedAutomationToken](r, nil), gen.PaginationMeta{}
	}
	tokens, err := convert(r.x, r.meta, r.body.Data, r.err, asListedAutomation)
	m := r.body.Meta
	m.CurrentPage, r.err = cmp.Or(m.CurrentPage, page), err
	return reshape(r, tokens), m
}

// ListAutomationTokensIter iterates over every automation token of the customer,
// asking for each page only when the previous one is used up, so that no
// more than one page is held at a time. It stops at the first error, which
// it yields once with a zero token, and as soon as ctx is done, mid-page
// too. A server that answers another page than the one asked for, or keeps
// answering full pages past a bound, is an error rather than a loop.
func (c *Client) ListAutomationTokensIter(ctx context.Context) iter.Seq2[ListedAutomationToken, error] {
	return pages(ctx, c, c.needKey(), c.automationPage)
}

// ListAutomationTokenServices lists the service ids of an automation token
// (get-automation-tokens-id-services), every page of them. They limit the
// token only when its LimitServices is set.
func (c *Client) ListAutomationTokenServices(ctx context.Context, id string) ([]string, Response, error) {
	return all(ctx, c, cmp.Or(c.needKey(), checkID(FieldAutomationID, id)), func(ctx context.Context, n, perPage int) (reply[[]string], gen.PaginationMeta) {
		r := fetch(ctx, c, nil, c.api().GetAutomationTokensIDServicesCall(id, &gen.GetAutomationTokensIDServicesParams{Page: &n, PerPage: &perPage}))
		if r.body == nil {
			return reshape[[]string](r, nil), gen.PaginationMeta{}
		}
		return reshape(r, r.body.Data), r.body.Meta
	})
}

// ListAutomationTokenWorkspaces lists the workspaces of an automation
// token (get-automation-tokens-id-workspaces), every page of them, in the
// answer's model: its Data holds every page's. They limit the token only
// when LimitWorkspaces is set.
func (c *Client) ListAutomationTokenWorkspaces(ctx context.Context, id string) (*gen.AutomationTokenWorkspaces, Response, error) {
	var last *gen.AutomationTokenWorkspaces
	workspaces, resp, err := all(ctx, c, cmp.Or(c.needKey(), checkID(FieldAutomationID, id)), c.workspacePages(id, &last))
	if err != nil {
		return nil, resp, err
	}
	last.Data = workspaces
	return last, resp, nil
}

// ListAutomationTokenWorkspacesIter iterates over the workspaces of an
// automation token, as ListAutomationTokensIter does over the tokens: a
// page at a time.
func (c *Client) ListAutomationTokenWorkspacesIter(ctx context.Context, id string) iter.Seq2[gen.AutomationTokenWorkspace, error] {
	return pages(ctx, c, cmp.Or(c.needKey(), checkID(FieldAutomationID, id)), c.workspacePages(id, nil))
}

// workspacePages are the pages of a token's workspaces; last, when not
// nil, is kept at the page answered last.
func (c *Client) workspacePages(id string, last **gen.AutomationTokenWorkspaces) pageFunc[gen.AutomationTokenWorkspace] {
	return byCursor(func(ctx context.Context, cursor *string, limit int) reply[*gen.AutomationTokenWorkspaces] {
		return fetch(ctx, c, nil, c.api().GetAutomationTokensIDWorkspacesCall(id, &gen.GetAutomationTokensIDWorkspacesParams{Cursor: cursor, Limit: &limit}))
	}, func(p *gen.AutomationTokenWorkspaces) ([]gen.AutomationTokenWorkspace, string) {
		if last != nil {
			*last = p
		}
		return p.Data, p.Meta.NextCursor
	})
}

// ListRoles lists the IAM roles an automation token may be given
// (iam-v1-roles-list), every page of them: their ids go in
// AutomationTokenInput.Roles.
func (c *Client) ListRoles(ctx context.Context) ([]gen.IamRole, Response, error) {
	return all(ctx, c, c.needKey(), byCursor(func(ctx context.Context, cursor *string, limit int) reply[*gen.IamRoleList] {
		return fetch(ctx, c, nil, c.api().IamV1RolesListCall(&gen.IamV1RolesListParams{Cursor: cursor, Limit: &limit}))
	}, func(p *gen.IamRoleList) ([]gen.IamRole, string) { return p.Data, p.NextCursor }))
}

// GetRole gets one IAM role with the permissions it grants
// (iam-v1-roles-get).
func (c *Client) GetRole(ctx context.Context, id string) (*gen.IamRole, Response, error) {
	include := gen.IncludePermissions
	r := fetch(ctx, c, cmp.Or(c.needKey(), checkID(FieldRoleID, id)), c.api().IamV1RolesGetCall(id, &gen.IamV1RolesGetParams{Include: &include}))
	return r.body, r.meta, r.err
}
