package main

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
)

// runDemo starts one seeded in-memory API and runs a token lifecycle
// through the real commands, printing each command and what it shows.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("demo takes no arguments")
	}
	srv, acct := api.NewDemoServer(e.now())
	ts := httptest.NewServer(srv)
	defer ts.Close()

	// Every step runs against the same server, authenticated as the demo
	// admin, as if FASTLY_API_TOKEN were set.
	stepEnv := *e
	stepEnv.getenv = func(k string) string {
		if k == facade.TokenEnv {
			return acct.AdminKey
		}
		return e.getenv(k)
	}
	var createdID string
	steps := []struct {
		about string
		args  []string
		typed string // what the user types at the prompt
		after func(out string)
	}{
		{about: "Who am I? The token in use:", args: []string{"whoami"}},
		{about: "My tokens:", args: []string{"list"}},
		{about: "Create a read-only token that may purge, for CI, expiring in 30 days (Fastly asks for the password: sudo mode):",
			args:  []string{"create", "--name", "ci-readonly", "--scope", "global:read", "--scope", "purge_all", "--expires-in", "30d", "--username", acct.AdminLogin, "--otp", acct.AdminOTP},
			typed: acct.AdminPassword,
			after: func(out string) {
				if _, rest, ok := strings.Cut(out, "Created token "); ok {
					createdID, _, _ = strings.Cut(rest, " ")
				}
			}},
		{about: "Every token of the customer (superuser view):", args: []string{"list", "--customer", acct.CustomerID}},
		{about: "Audit: expiring within 7 days, unused for 90 days, global without expiry:", args: []string{"audit", "--customer", acct.CustomerID}},
		{about: "Rotate the terraform token (a new one like it, then the old one is revoked):", args: []string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--username", acct.AdminLogin, "--otp", acct.AdminOTP},
			typed: acct.AdminPassword},
		{about: "Bulk revoke the CI token and the unused dashboard token:", args: []string{"revoke", "<created>", "3KdPqRsTuVwXyZaBcDeFgH"}},
		{about: "What is left:", args: []string{"list"}},
	}
	fmt.Fprintf(e.stdout, "Demo: an in-memory Fastly Tokens API at %s, seeded with customer %s.\n", ts.URL, acct.CustomerID)
	for _, step := range steps {
		argv := make([]string, len(step.args))
		for i, a := range step.args {
			argv[i] = strings.ReplaceAll(a, "<created>", createdID)
		}
		fmt.Fprintf(e.stdout, "\n# %s\n$ fastly-tokens %s\n", step.about, strings.Join(argv, " "))
		var out, prompts strings.Builder
		stepEnv.stdout = &out
		stepEnv.stderr = &prompts
		stepEnv.stdin = strings.NewReader(step.typed + "\n")
		cmd := commands()[argv[0]]
		err := cmd.run(ctx, &stepEnv, append(argv[1:], "--base-url", ts.URL))
		if step.typed != "" {
			fmt.Fprint(e.stdout, strings.ReplaceAll(prompts.String(), "Password (from stdin): ", "Password: (typed, not shown)"))
		}
		fmt.Fprint(e.stdout, out.String())
		if err != nil {
			return fmt.Errorf("demo step %q: %w", strings.Join(argv, " "), err)
		}
		if step.after != nil {
			step.after(out.String())
		}
	}
	return nil
}
