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
flags -o json, --json and --no-headers apply to every step; -o ids does not
fit create's answer, which shows a secret once, and is refused.`,
		Example: "  fastly-tokens demo\n  fastly-tokens demo -o json",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return a.demo(cmd.Context()) },
	}
}

func (a *app) demo(ctx context.Context) error {
	e := a.e
	if a.out().format == "ids" {
		return usagef("demo shows create's secret once, which -o ids cannot: use -o table or -o json")
	}
	srv, acct := api.NewDemoServer(e.now())
	ts := httptest.NewServer(srv)
	defer ts.Close()

	// Every step runs against the same server, as the demo admin, as if
	// FASTLY_API_TOKEN were set.
	stepEnv := *e
	// Nothing else of the user's environment: the tour is the same for
	// everyone, whatever FASTLY_CUSTOMER_ID or FASTLY_API_URL say.
	stepEnv.lookupEnv = func(k string) (string, bool) {
		if k == facade.TokenEnv {
			return acct.AdminKey, true
		}
		return "", false
	}
	stepEnv.stdinTerminal, stepEnv.stdoutTerminal, stepEnv.stderrTerminal, stepEnv.width = false, false, false, 0
	var outputFlags []string
	if f := a.out().format; f != "table" {
		outputFlags = append(outputFlags, "-o", f)
	}
	if a.g.noHeaders {
		outputFlags = append(outputFlags, "--no-headers")
	}
	var createdID, createdSecret string
	steps := []struct {
		about string
		args  []string
		typed string // what the user types at a prompt
		shown string // the command line as shown, when not the args
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
					_, secret, _ := strings.Cut(out, "store it safely):\n  ")
					createdSecret = strings.TrimSpace(secret)
				} else if _, rest, ok := strings.Cut(out, `"id": "`); ok {
					createdID, _, _ = strings.Cut(rest, `"`)
					_, secret, _ := strings.Cut(out, `"access_token": "`)
					createdSecret, _, _ = strings.Cut(secret, `"`)
				}
			}},
		{about: "Every token of the customer (superuser view):", args: []string{"list", "--customer", acct.CustomerID}},
		{about: "Audit: expiring within 7 days, unused for 90 days, global without expiry:", args: []string{"audit", "--customer", acct.CustomerID}},
		{about: "Rotate the terraform token (a new one like it; the old one is revoked once the new one has arrived):",
			args: []string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--username", acct.AdminLogin, "--otp", acct.AdminOTP}, typed: acct.AdminPassword},
		{about: "The customer's automation tokens (for CI and services, not tied to a person):", args: []string{"automation", "list"}},
		{about: "The CI token's secret turned up in a build log: revoke it from the secret alone (read from stdin, never shown):",
			args: []string{"revoke-secret", "--yes"}, typed: "<secret>", shown: `printf '%s\n' "$LEAKED" | fastly-tokens revoke-secret --yes`},
		{about: "Revoke the unused dashboard token and the unused billing automation token, in bulk:", args: []string{"revoke", "3KdPqRsTuVwXyZaBcDeFgH", "AuT0BillingExp0rtAbCdE"}},
		{about: "What is left:", args: []string{"list"}},
	}
	fmt.Fprintf(e.stdout, "Demo: an in-memory Fastly API for tokens at %s, seeded with customer %s.\n", ts.URL, acct.CustomerID)
	for _, step := range steps {
		argv := make([]string, len(step.args))
		for i, arg := range step.args {
			argv[i] = strings.ReplaceAll(arg, "<created>", createdID)
		}
		shown := "fastly-tokens " + strings.Join(append(append([]string(nil), argv...), outputFlags...), " ")
		if step.shown != "" {
			shown = step.shown + strings.TrimPrefix(strings.Join(append([]string{""}, outputFlags...), " "), "")
		}
		fmt.Fprintf(e.stdout, "\n# %s\n$ %s\n", step.about, shown)
		var out, prompts strings.Builder
		stepEnv.stdout, stepEnv.stderr = &out, &prompts
		stepEnv.stdin = strings.NewReader(strings.ReplaceAll(step.typed, "<secret>", createdSecret) + "\n")
		code := execute(ctx, &stepEnv, append(append(argv, outputFlags...), "--base-url", ts.URL))
		if step.typed != "" && step.shown == "" {
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
