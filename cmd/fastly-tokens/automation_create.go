package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// automationCreateOptions are automation create's: the new token's flags,
// its roles and whether it may manage TLS.
type automationCreateOptions struct {
	base
	token     tokenFlags
	roles     []string
	tlsAccess bool
}

// NewCmdAutomationCreate is `automation create --name NAME`.
func NewCmdAutomationCreate(a *app, runF func(*automationCreateOptions) error) *cobra.Command {
	opts := &automationCreateOptions{base: base{app: a}}
	cmd := command(opts, runF, automationCreateRun, cobra.Command{
		Use:   "create --name NAME",
		Short: "Create an automation token",
		Long: `Create an automation token (superusers only). Fastly wants the key in sudo mode:
the command asks for your username and password, as create does, unless
--username and --password-stdin give them. Fastly shows the secret only in
this answer.`,
		Example: `  fastly-tokens automation create --name deploy-bot --role engineer --scope global --service SU1Z0isxPaozGVKXdv0eY --expires-in 90d
  printf '%s\n' "$PASSWORD" | fastly-tokens automation create --name exporter --role billing --username me@example.com --password-stdin -o json`,
		Args: noArgs})
	opts.token.registerReach(cmd)
	cmd.Flags().Var(&listValue{list: &opts.roles, kind: "role"}, "role", "a `role`: "+roleNames()+", or a role's name or id from 'automation roles' (repeat for several)")
	cmd.Flags().BoolVar(&opts.tlsAccess, "tls-access", false, "let the token manage TLS")
	opts.token.registerExpiry(cmd, "never")
	return cmd
}

func automationCreateRun(o *automationCreateOptions) error {
	exp, err := o.token.prepare(&o.base)
	if err != nil {
		return err
	}
	in := facade.AutomationTokenInput{AutomationTokenCreateRequest: gen.AutomationTokenCreateRequest{Name: o.token.name,
		Scope: strings.Join(o.token.scopes, " "), Services: o.token.services, ExpiresAt: wire.Time{Time: exp}, TLSAccess: o.tlsAccess}}
	return o.withClient(func(c *facade.Client) error {
		if in.Roles, err = o.resolveRoles(c); err != nil {
			return err
		}
		created, err := withCredentials(o.ctx, o.e, &o.token.credentials, func(username string, password, otp wire.Secret) (*facade.CreatedAutomationToken, error) {
			in.Username, in.Password, in.OTP = username, password, otp
			created, _, err := c.CreateAutomationToken(o.ctx, in)
			return created, err
		})
		if created == nil {
			return unproven(err, "fastly-tokens automation list")
		}
		return o.createdAutomation(created, err)
	})
}

// resolveRoles turns --role values into the create's role ids: each
// value is a role's id or name, checked against the roles the API serves
// (iam-v1-roles-list). An unknown value is a usage error.
func (o *automationCreateOptions) resolveRoles(c *facade.Client) ([]string, error) {
	if len(o.roles) == 0 {
		return nil, nil
	}
	known, _, err := c.ListRoles(o.ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(o.roles))
	for _, v := range o.roles {
		i := slices.IndexFunc(known, func(r gen.IamRole) bool { return r.ID == v || strings.EqualFold(r.Name, v) })
		if i < 0 {
			return nil, usagef("--role: %q is not one of %s, nor a role's name or id (see 'fastly-tokens automation roles')", safetext.Escape(v), roleNames())
		}
		ids = append(ids, known[i].ID)
	}
	return ids, nil
}

// roleNames lists the legacy roles the spec names.
func roleNames() string {
	names := make([]string, len(gen.LegacyRoleValues()))
	for i, r := range gen.LegacyRoleValues() {
		names[i] = string(r)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
