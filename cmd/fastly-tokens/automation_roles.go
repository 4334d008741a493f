package main

import (
	"cmp"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// automationRolesOptions are automation roles': a role's id, or none.
type automationRolesOptions struct{ base }

// NewCmdAutomationRoles is `automation roles [ID]`.
func NewCmdAutomationRoles(a *app, runF func(*automationRolesOptions) error) *cobra.Command {
	opts := &automationRolesOptions{base{app: a}}
	return command(opts, runF, automationRolesRun, cobra.Command{
		Use:   "roles [ID]",
		Short: "List the roles an automation token may be given, or show one with its permissions",
		Example: "  fastly-tokens automation roles\n  fastly-tokens automation roles -o json\n" +
			"  fastly-tokens automation roles r0le0000000000engineer",
		Args: cobra.MaximumNArgs(1)})
}

func automationRolesRun(o *automationRolesOptions) error {
	return o.withClient(func(c *facade.Client) error {
		if len(o.args) == 1 {
			role, _, err := c.GetRole(o.ctx, o.args[0])
			if err != nil {
				return err
			}
			return o.out().one(o.e.stdout, role, role.ID)
		}
		roles, _, err := c.ListRoles(o.ctx)
		if err != nil {
			return err
		}
		return printList(o.out(), o.e.stdout, roles, func(r gen.IamRole) string { return r.ID },
			[]string{"ID", "NAME", "DESCRIPTION"}, []int{2}, func(r gen.IamRole) []string {
				return []string{r.ID, orDash(cmp.Or(r.DisplayName, r.Name)), orDash(r.Description)}
			})
	})
}
