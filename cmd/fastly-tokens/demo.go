package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
)

func newDemo(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "A scripted tour of the commands against the in-memory API",
		Long: `Start one seeded in-memory Fastly API and run a token's lifecycle through the
real commands, printing each command line and what it shows. The output
flags (-o, --json, --no-headers) apply to every step.`,
		Example: "  fastly-tokens demo\n  fastly-tokens demo -o json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return a.demo(cmd.Context()) },
	}
}

func (a *app) demo(ctx context.Context) error {
	e := a.e
	srv, acct := api.NewDemoServer(e.now())
	ts := httptest.NewServer(srv)
	defer ts.Close()

	// Every step runs against the same server, as the demo admin, as if
	// FASTLY_API_TOKEN were set.
	stepEnv := *e
	stepEnv.getenv = func(k string) string {
		if k == facade.TokenEnv {
			return acct.AdminKey
		}
		return e.getenv(k)
	}
	stepEnv.stdinTerminal, stepEnv.stdoutTerminal, stepEnv.stderrTerminal, stepEnv.width = false, false, false, 0
	var outputFlags []string
	if f := a.out().format; f != "table" {
		outputFlags = append(outputFlags, "-o", f)
	}
	if a.g.noHeaders {
		outputFlags = append(outputFlags, "--no-headers")
	}
	var createdID string
	steps := []struct {
		about string
		args  []string
		typed string // what the user types at a prompt
		after func(out string)
	}{
		{about: "Who am I? The token in use:", args: []string{"whoami"}},
		{about: "My tokens (the web app's own session token among them):", args: []string{"list"}},
		{about: "Create a read-only token that may purge, for CI, expiring in 30 days; Fastly wants the password (sudo mode):",
			args:  []string{"create", "--name", "ci-readonly", "--scope", "global:read,purge_all", "--expires-in", "30d", "--username", acct.AdminLogin, "--otp", acct.AdminOTP},
			typed: acct.AdminPassword,
			after: func(out string) {
				if _, rest, ok := strings.Cut(out, "Created token "); ok {
					createdID, _, _ = strings.Cut(rest, " ")
				} else if _, rest, ok := strings.Cut(out, `"id": "`); ok {
					createdID, _, _ = strings.Cut(rest, `"`)
				}
			}},
		{about: "Every token of the customer (superuser view):", args: []string{"list", "--customer", acct.CustomerID}},
		{about: "Audit: expiring within 7 days, unused for 90 days, global without expiry:", args: []string{"audit", "--customer", acct.CustomerID}},
		{about: "Rotate the terraform token (a new one like it; the old one is revoked once the new one has arrived):",
			args: []string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--username", acct.AdminLogin, "--otp", acct.AdminOTP}, typed: acct.AdminPassword},
		{about: "Revoke the CI token and the unused dashboard token, in bulk:", args: []string{"revoke", "<created>", "3KdPqRsTuVwXyZaBcDeFgH"}},
		{about: "What is left:", args: []string{"list"}},
	}
	fmt.Fprintf(e.stdout, "Demo: an in-memory Fastly API for tokens at %s, seeded with customer %s.\n", ts.URL, acct.CustomerID)
	for _, step := range steps {
		argv := make([]string, len(step.args))
		for i, arg := range step.args {
			argv[i] = strings.ReplaceAll(arg, "<created>", createdID)
		}
		shown := strings.Join(append(append([]string(nil), argv...), outputFlags...), " ")
		fmt.Fprintf(e.stdout, "\n# %s\n$ fastly-tokens %s\n", step.about, shown)
		var out, prompts strings.Builder
		stepEnv.stdout, stepEnv.stderr = &out, &prompts
		stepEnv.stdin = strings.NewReader(step.typed + "\n")
		code := execute(ctx, &stepEnv, append(append(argv, outputFlags...), "--base-url", ts.URL))
		if step.typed != "" {
			fmt.Fprint(e.stdout, strings.ReplaceAll(prompts.String(), "Password (from stdin): \n", "Password: (typed, not shown)\n"))
		}
		fmt.Fprint(e.stdout, out.String())
		if code != exitOK {
			return fmt.Errorf("demo step %q failed (exit %d): %s", strings.Join(argv, " "), code, strings.TrimSpace(prompts.String()))
		}
		if step.after != nil {
			step.after(out.String())
		}
	}
	return nil
}
