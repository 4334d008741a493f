package api

import (
	"cmp"
	"net/http"
	"strconv"

	"github.com/seed-14d8318b/fastlytokens/gen"
)

// The services and workspaces an automation token is limited to, a page
// at a time.

// GetAutomationTokensIDServices implements
// get-automation-tokens-id-services.
func (s handlers) GetAutomationTokensIDServices(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID, params gen.GetAutomationTokensIDServicesParams) {
	s.serve(w, r, asSuperuser, s.tokenPage(id, params.Page, params.PerPage, func(t *token, n, size int) any {
		services := t.automation.Services
		return gen.AutomationTokenServices{Data: listOf(pageOf(services, n, size)), Meta: meta(len(services), n, size)}
	}))
}

// GetAutomationTokensIDWorkspaces implements
// get-automation-tokens-id-workspaces: workspace objects, by cursor.
func (s handlers) GetAutomationTokensIDWorkspaces(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID, params gen.GetAutomationTokensIDWorkspacesParams) {
	s.serve(w, r, asSuperuser, func(c caller) answer {
		t, f := s.automationToken(c, id)
		if f != nil {
			return failed(f)
		}
		all := make([]gen.AutomationTokenWorkspace, 0, len(t.automation.Workspaces))
		for _, ws := range t.automation.Workspaces {
			all = append(all, gen.AutomationTokenWorkspace{ID: ws, Name: cmp.Or(s.workspaces[ws], ws)})
		}
		limited := t.automation.LimitWorkspaces != nil && *t.automation.LimitWorkspaces
		if !limited {
			all = all[:0] // "empty if limit_workspaces is false": every workspace
		}
		page, next, limit, f := cursorPage(all, params.Cursor, params.Limit)
		if f != nil {
			return failed(f)
		}
		return ok(gen.AutomationTokenWorkspaces{Data: page, LimitWorkspaces: limited, Meta: gen.CursorMeta{Limit: limit, NextCursor: next,
			PreviousCursor: previousCursor(deref(params.Cursor), limit)}})
	})
}

// tokenPage answers with a page of what an automation token of the
// caller's customer is limited to, or why not.
func (s handlers) tokenPage(id string, p, perPage *int, answerWith func(t *token, n, size int) any) func(caller) answer {
	return func(c caller) answer {
		t, f := s.automationToken(c, id)
		if f != nil {
			return failed(f)
		}
		n, size, f := page(p, perPage)
		if f != nil {
			return failed(f)
		}
		return ok(answerWith(t, n, size))
	}
}

// previousCursor is the cursor of the page before the one at cursor, ""
// on the first.
func previousCursor(cursor string, limit int) string {
	start, _ := strconv.Atoi(cursor)
	if start == 0 {
		return ""
	}
	return strconv.Itoa(max(start-limit, 0))
}
