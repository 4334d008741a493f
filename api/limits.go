package api

import (
	"net/http"

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
// get-automation-tokens-id-workspaces.
func (s handlers) GetAutomationTokensIDWorkspaces(w http.ResponseWriter, r *http.Request, id gen.AutomationTokenID, params gen.GetAutomationTokensIDWorkspacesParams) {
	s.serve(w, r, asSuperuser, s.tokenPage(id, params.Page, params.PerPage, func(t *token, n, size int) any {
		workspaces := t.automation.Workspaces
		return gen.AutomationTokenWorkspaces{Data: listOf(pageOf(workspaces, n, size)), Meta: meta(len(workspaces), n, size),
			LimitWorkspaces: t.automation.LimitWorkspaces}
	}))
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
