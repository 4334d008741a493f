package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// NewCmdAutomation is `automation`, the parent of the automation-token
// commands.
func NewCmdAutomation(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "automation",
		Short: "Automation tokens: tokens for CI and services, not tied to a person",
		Long: `Automation tokens belong to the customer rather than to a person; superusers
manage them. Revoke one with 'fastly-tokens revoke ID', as any token.`,
		Example: "  fastly-tokens automation list\n  fastly-tokens automation create --name deploy-bot --role engineer --expires-in 90d",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdAutomationList(a, nil), NewCmdAutomationGet(a, nil), NewCmdAutomationCreate(a, nil),
		NewCmdAutomationServices(a, nil), NewCmdAutomationWorkspaces(a, nil), NewCmdAutomationRoles(a, nil))
	return cmd
}

// automationListOptions are automation list's: it takes none of its own.
type automationListOptions struct{ base }

// NewCmdAutomationList is `automation list`.
func NewCmdAutomationList(a *app, runF func(*automationListOptions) error) *cobra.Command {
	opts := &automationListOptions{base{app: a}}
	return command(opts, runF, automationListRun, cobra.Command{
		Use:     "list",
		Short:   "List the customer's automation tokens (every page)",
		Example: "  fastly-tokens automation list\n  fastly-tokens automation list -o ids",
		Args:    noArgs})
}

func automationListRun(o *automationListOptions) error {
	return fetchAndPrint(&o.base, func(c *facade.Client) ([]facade.ListedAutomationToken, error) {
		tokens, _, err := c.ListAutomationTokens(o.ctx)
		return tokens, err
	}, func(tokens []facade.ListedAutomationToken) error { return o.out().automationTokens(o.e.stdout, tokens) })
}

// automationGetOptions are automation get's: the token's id.
type automationGetOptions struct{ base }

// NewCmdAutomationGet is `automation get ID`.
func NewCmdAutomationGet(a *app, runF func(*automationGetOptions) error) *cobra.Command {
	opts := &automationGetOptions{base{app: a}}
	return command(opts, runF, automationGetRun, cobra.Command{
		Use:     "get ID",
		Short:   "Show one automation token",
		Example: "  fastly-tokens automation get AuT0CiDeployB0tAbCdEfG",
		Args:    oneID})
}

func automationGetRun(o *automationGetOptions) error {
	return fetchAndPrint(&o.base, func(c *facade.Client) (*facade.AutomationToken, error) {
		t, _, err := c.GetAutomationToken(o.ctx, o.args[0])
		return t, err
	}, func(t *facade.AutomationToken) error { return o.out().one(o.e.stdout, *t, t.ID) })
}

// automationTokens prints automation tokens as the list answers them.
func (o output) automationTokens(w io.Writer, tokens []facade.ListedAutomationToken) error {
	return printList(o, w, tokens, func(t facade.ListedAutomationToken) string { return t.ID },
		[]string{"ID", "NAME", "ROLE", "SCOPE", "SERVICES", "CREATED", "LAST USED", "EXPIRES"}, []int{1, 4, 3},
		func(t facade.ListedAutomationToken) []string {
			services := "all"
			if !t.AllServices() {
				services = servicesCell(t.Services, ",")
			}
			return []string{t.ID, orDash(t.Name), orDash(roleCell(t.Role, t.Roles)), orDash(wire.Scopes(t.Scopes).String()), services,
				relative(t.CreatedAt.Time, o.now, "-"), relative(t.LastUsedAt.Time, o.now, "never"), relative(t.ExpiresAt.Time, o.now, "never")}
		})
}

// roleCell shows an automation token's roles: their names, else the one role.
func roleCell(role string, roles []gen.RoleRef) string {
	if len(roles) == 0 {
		return role
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = cmp.Or(r.Name, r.ID)
	}
	return strings.Join(names, ",")
}

// one prints one token or role: its details, its JSON (one object, as get
// -o json prints), or its id.
func (o output) one(w io.Writer, t any, id string) error {
	switch o.format {
	case "json":
		return writeJSON(w, t)
	case "ids":
		_, err := fmt.Fprintln(w, safetext.Escape(id))
		return err
	}
	return o.detail(w, t)
}
