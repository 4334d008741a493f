package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func newAutomation(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "automation",
		Short: "Automation tokens: tokens for CI and services, not tied to a person",
		Long: `Automation tokens belong to the customer rather than to a person; superusers
manage them. Revoke one with 'fastly-tokens revoke ID', as any token.`,
		Example: "  fastly-tokens automation list\n  fastly-tokens automation create --name deploy-bot --role engineer --expires-in 90d",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newAutomationList(a), newAutomationGet(a), newAutomationCreate(a), newAutomationServices(a), newAutomationWorkspaces(a),
		newAutomationRoles(a))
	return cmd
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

// allAutomationTokens walks every page.
func allAutomationTokens(cmd *cobra.Command, c *facade.Client) ([]facade.ListedAutomationToken, error) {
	var out []facade.ListedAutomationToken
	for t, err := range c.ListAutomationTokensIter(cmd.Context()) {
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func newAutomationList(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the customer's automation tokens (every page)",
		Example: "  fastly-tokens automation list\n  fastly-tokens automation list -o ids",
		Args:    noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			tokens, err := allAutomationTokens(cmd, c)
			if err != nil {
				return err
			}
			return a.out().automationTokens(a.e.stdout, tokens)
		}),
	}
}

func newAutomationGet(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "get ID",
		Short:   "Show one automation token",
		Example: "  fastly-tokens automation get AuT0CiDeployB0tAbCdEfG",
		Args:    oneID,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			t, _, err := c.GetAutomationToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.out().one(a.e.stdout, *t, t.ID)
		}),
	}
}

func newAutomationServices(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "services ID",
		Short:   "List the services an automation token is limited to",
		Example: "  fastly-tokens automation services AuT0CiDeployB0tAbCdEfG",
		Args:    oneID,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			t, _, err := c.GetAutomationToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			services := []string{}
			if !t.AllServices() {
				list, _, err := c.ListAutomationTokenServices(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				services = list.Data
			}
			o := a.out()
			switch {
			case o.format == "json":
				return writeJSON(a.e.stdout, services)
			case len(services) == 0 && o.format == "table":
				_, err = fmt.Fprintln(a.e.stdout, "All services (services do not limit the token).")
				return err
			}
			rows := make([][]string, len(services))
			for i, s := range services {
				rows[i] = []string{s}
			}
			if o.format == "ids" {
				o.noHeaders = true
			}
			return o.table(a.e.stdout, []string{"SERVICE ID"}, rows, nil)
		}),
	}
}

func newAutomationCreate(a *app) *cobra.Command {
	var cr credentials
	var name, expiresAt string
	var expiresIn time.Duration
	var scopes, services, roles []string
	var tls bool
	cmd := &cobra.Command{
		Use:   "create --name NAME",
		Short: "Create an automation token",
		Long: `Create an automation token (superusers only). Fastly wants the key in sudo mode:
the command asks for your username and password, as create does, unless
--username and --password-stdin give them. Fastly shows the secret only in
this answer.`,
		Example: `  fastly-tokens automation create --name deploy-bot --role engineer --scope global --service SU1Z0isxPaozGVKXdv0eY --expires-in 90d
  printf '%s\n' "$PASSWORD" | fastly-tokens automation create --name exporter --role billing --username me@example.com --password-stdin -o json`,
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			switch {
			case name == "":
				return usagef("automation create needs --name")
			case a.out().format == "ids":
				return usagef("automation create shows the new secret only once: use -o table or -o json")
			}
			exp, err := expiry(cmd, expiresAt, expiresIn, a.e.now())
			if err != nil {
				return err
			}
			if err := cr.prepare(a.e, cmd); err != nil {
				return err
			}
			in := facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: name,
				Scope: strings.Join(scopes, " "), Services: services, ExpiresAt: wire.Time{Time: exp}, TLSAccess: tls}}
			if in.Roles, err = resolveRoles(cmd, c, roles); err != nil {
				return err
			}
			created, err := withCredentials(cmd.Context(), a.e, &cr, func(username string, password, otp wire.Secret) (*facade.CreatedAutomationToken, error) {
				in.Username, in.Password, in.OTP = username, password, otp
				created, _, err := c.CreateAutomationToken(cmd.Context(), in)
				return created, err
			})
			if created == nil {
				return unproven(err, "fastly-tokens automation list")
			}
			return a.createdAutomation(created, err)
		}),
	}
	f := cmd.Flags()
	f.Var(newText(&name), "name", "the token's `name` (required)")
	f.Var(&listValue{list: &roles, kind: "role"}, "role", "a `role`: "+roleNames()+", or a role's name or id from 'automation roles' (repeat for several)")
	scopeFlag(f, &scopes)
	f.Var(&listValue{list: &services, kind: "service id"}, "service", "limit the token to service `ID` (repeat or comma-separate; default all)")
	f.Var(newText(&expiresAt), "expires-at", "expire at this RFC 3339 `time` (default never)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "expire after this `duration`: 90d, 12h (default never)")
	f.BoolVar(&tls, "tls-access", false, "let the token manage TLS")
	cr.register(cmd)
	return cmd
}

// resolveRoles turns --role values into the create's role ids: each
// value is a role's id or name, checked against the roles the API serves
// (iam-v1-roles-list). An unknown value is a usage error.
func resolveRoles(cmd *cobra.Command, c *facade.Client, values []string) ([]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	known, _, err := c.ListRoles(cmd.Context())
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(values))
	for _, v := range values {
		i := slices.IndexFunc(known, func(r gen.IamRole) bool { return r.ID == v || strings.EqualFold(r.Name, v) })
		if i < 0 {
			return nil, usagef("--role: %q is not one of %s, nor a role's name or id (see 'fastly-tokens automation roles')", safetext.Escape(v), roleNames())
		}
		ids = append(ids, known[i].ID)
	}
	return ids, nil
}

func newAutomationRoles(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "roles [ID]",
		Short: "List the roles an automation token may be given, or show one with its permissions",
		Example: "  fastly-tokens automation roles\n  fastly-tokens automation roles -o json\n" +
			"  fastly-tokens automation roles r0le0000000000engineer",
		Args: cobra.MaximumNArgs(1),
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			if len(args) == 1 {
				role, _, err := c.GetRole(cmd.Context(), args[0])
				if err != nil {
					return err
				}
				return a.out().one(a.e.stdout, role, role.ID)
			}
			roles, _, err := c.ListRoles(cmd.Context())
			if err != nil {
				return err
			}
			return printList(a.out(), a.e.stdout, roles, func(r gen.IamRole) string { return r.ID },
				[]string{"ID", "NAME", "DESCRIPTION"}, []int{2}, func(r gen.IamRole) []string {
					return []string{r.ID, orDash(cmp.Or(r.DisplayName, r.Name)), orDash(r.Description)}
				})
		}),
	}
}

func newAutomationWorkspaces(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "workspaces ID",
		Short:   "List the workspaces an automation token is limited to",
		Example: "  fastly-tokens automation workspaces AuT0TerraformCl0udAbCd\n  fastly-tokens automation workspaces AuT0TerraformCl0udAbCd -o json",
		Args:    oneID,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			list, _, err := c.ListAutomationTokenWorkspaces(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			o := a.out()
			if o.format == "table" && !list.LimitWorkspaces {
				_, err = fmt.Fprintln(a.e.stdout, "All workspaces (workspaces do not limit the token).")
				return err
			}
			if o.format == "json" {
				return writeJSON(a.e.stdout, list) // limit_workspaces with them
			}
			return printList(o, a.e.stdout, list.Data, func(w gen.AutomationTokenWorkspace) string { return w.ID },
				[]string{"ID", "NAME"}, []int{1}, func(w gen.AutomationTokenWorkspace) []string { return []string{w.ID, orDash(w.Name)} })
		}),
	}
}

// roleNames lists the legacy roles the spec names.
func roleNames() string {
	names := make([]string, len(gen.LegacyRoleValues()))
	for i, r := range gen.LegacyRoleValues() {
		names[i] = string(r)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// createdAutomation prints a new automation token and, this once, its
// secret, as created does.
func (a *app) createdAutomation(t *facade.CreatedAutomationToken, flaw error) error {
	a.warnFlawed(flaw)
	o := a.out()
	if o.format == "json" {
		return writeJSON(a.e.stdout, t)
	}
	fmt.Fprintf(a.e.stdout, "Created automation token %s (%s)\n", safetext.Escape(t.ID), safetext.Escape(orDash(t.Name)))
	if err := o.detail(a.e.stdout, t); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.e.stdout, "\nAccess token (shown only now; store it safely):\n  %s\n", safetext.Escape(t.AccessToken.Reveal()))
	return err
}
