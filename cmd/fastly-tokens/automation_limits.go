package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// automationServicesOptions are automation services': the token's id.
type automationServicesOptions struct{ base }

// NewCmdAutomationServices is `automation services ID`.
func NewCmdAutomationServices(a *app, runF func(*automationServicesOptions) error) *cobra.Command {
	opts := &automationServicesOptions{base{app: a}}
	return command(opts, runF, automationServicesRun, cobra.Command{
		Use:     "services ID",
		Short:   "List the services an automation token is limited to",
		Example: "  fastly-tokens automation services AuT0CiDeployB0tAbCdEfG",
		Args:    oneID})
}

func automationServicesRun(o *automationServicesOptions) error {
	return o.withClient(func(c *facade.Client) error {
		t, _, err := c.GetAutomationToken(o.ctx, o.args[0])
		if err != nil {
			return err
		}
		services := []string{}
		if !t.AllServices() {
			if services, _, err = c.ListAutomationTokenServices(o.ctx, o.args[0]); err != nil {
				return err
			}
		}
		out := o.out()
		switch {
		case out.format == "json":
			return writeJSON(o.e.stdout, services)
		case len(services) == 0 && out.format == "table":
			_, err = fmt.Fprintln(o.e.stdout, "All services (services do not limit the token).")
			return err
		}
		return printList(out, o.e.stdout, services, func(s string) string { return s }, []string{"SERVICE ID"}, nil,
			func(s string) []string { return []string{s} })
	})
}

// automationWorkspacesOptions are automation workspaces': the token's id.
type automationWorkspacesOptions struct{ base }

// NewCmdAutomationWorkspaces is `automation workspaces ID`.
func NewCmdAutomationWorkspaces(a *app, runF func(*automationWorkspacesOptions) error) *cobra.Command {
	opts := &automationWorkspacesOptions{base{app: a}}
	return command(opts, runF, automationWorkspacesRun, cobra.Command{
		Use:     "workspaces ID",
		Short:   "List the workspaces an automation token is limited to",
		Example: "  fastly-tokens automation workspaces AuT0TerraformCl0udAbCd\n  fastly-tokens automation workspaces AuT0TerraformCl0udAbCd -o json",
		Args:    oneID})
}

func automationWorkspacesRun(o *automationWorkspacesOptions) error {
	return fetchAndPrint(&o.base, func(c *facade.Client) (*gen.AutomationTokenWorkspaces, error) {
		list, _, err := c.ListAutomationTokenWorkspaces(o.ctx, o.args[0])
		return list, err
	}, o.print)
}

// print shows a token's workspaces: that they do not limit it, their JSON
// with limit_workspaces, or a table.
func (o *automationWorkspacesOptions) print(list *gen.AutomationTokenWorkspaces) error {
	out := o.out()
	switch {
	case out.format == "table" && !list.LimitWorkspaces:
		_, err := fmt.Fprintln(o.e.stdout, "All workspaces (workspaces do not limit the token).")
		return err
	case out.format == "json":
		return writeJSON(o.e.stdout, list) // limit_workspaces with them
	}
	return printList(out, o.e.stdout, list.Data, func(w gen.AutomationTokenWorkspace) string { return w.ID },
		[]string{"ID", "NAME"}, []int{1}, func(w gen.AutomationTokenWorkspace) []string { return []string{w.ID, orDash(w.Name)} })
}
