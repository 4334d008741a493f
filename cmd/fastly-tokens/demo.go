package main

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
)

// demoOptions are demo's: it takes none of its own; the output flags apply
// to every step.
type demoOptions struct{ base }

// NewCmdDemo is `demo`.
func NewCmdDemo(a *app, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{base{app: a}}
	return command(opts, runF, demoRun, cobra.Command{
		Use:   "demo",
		Short: "A scripted tour of the commands against the in-memory API",
		Long: `Start one seeded in-memory Fastly API and run a token's lifecycle through the
real commands, printing each command line and what it shows. The output
flags -o json, --json and --no-headers apply to every step; -o ids does not
fit create's answer, which shows a secret once, and is refused.`,
		Example: "  fastly-tokens demo\n  fastly-tokens demo -o json",
		Args:    noArgs})
}

// demoStep is one step of the tour: a command line and what the user
// types at its prompt.
type demoStep struct {
	about string
	args  []string
	typed string // what the user types at a prompt; demoSecret stands for the secret create showed
	shown string // the command line as shown, when it is not args (the secret piped in)
}

// demoSecret stands, in a step's typed input, for the secret the create
// step showed.
const demoSecret = "<secret>"

// demoSteps is the tour, against the demo account.
func demoSteps(acct api.DemoAccount) []demoStep {
	return []demoStep{
		{about: "Who am I? The token in use:", args: []string{"whoami"}},
		{about: "My tokens (the web app's own session token among them):", args: []string{"list"}},
		{about: "Create a read-only token that may purge, for CI, expiring in 30 days; Fastly wants the password (sudo mode):",
			args:  []string{"create", "--name", "ci-readonly", "--scope", "global:read,purge_all", "--expires-in", "30d", "--username", acct.AdminLogin, "--otp", acct.AdminOTP},
			typed: acct.AdminPassword},
		{about: "Every token of the customer (superuser view):", args: []string{"list", "--customer", acct.CustomerID}},
		{about: "Audit: expiring within 7 days, unused for 90 days, global without expiry:", args: []string{"audit", "--customer", acct.CustomerID}},
		{about: "Rotate the terraform token (a new one like it; the old one is revoked once the new one has arrived):",
			args: []string{"rotate", "7Hq2LmNpQrStUvWxYz0AbC", "--username", acct.AdminLogin, "--otp", acct.AdminOTP}, typed: acct.AdminPassword},
		{about: "The customer's automation tokens (for CI and services, not tied to a person):", args: []string{"automation", "list"}},
		{about: "The CI token's secret turned up in a build log: revoke it from the secret alone (read from stdin, never shown):",
			args: []string{"revoke-secret", "--yes"}, typed: demoSecret, shown: `printf '%s\n' "$LEAKED" | fastly-tokens revoke-secret --yes`},
		{about: "Revoke the unused dashboard token and the unused billing automation token, in bulk:", args: []string{"revoke", "3KdPqRsTuVwXyZaBcDeFgH", "AuT0BillingExp0rtAbCdE"}},
		{about: "What is left:", args: []string{"list"}},
	}
}

func demoRun(o *demoOptions) error {
	if o.out().format == "ids" {
		return usagef("demo shows create's secret once, which -o ids cannot: use -o table or -o json")
	}
	srv, acct := api.NewDemoServer(o.e.now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tour := &demoTour{o: o, env: o.stepEnv(acct), url: ts.URL, outputFlags: o.outputFlags()}
	fmt.Fprintf(o.e.stdout, "Demo: an in-memory Fastly API for tokens at %s, seeded with customer %s.\n", ts.URL, acct.CustomerID)
	for _, step := range demoSteps(acct) {
		if err := tour.run(step); err != nil {
			return err
		}
	}
	return nil
}

// stepEnv is what every step runs with: the run's streams (each step gets
// its own buffers), the demo admin's key as if FASTLY_API_TOKEN were set,
// and nothing else of the user's environment, so that the tour is the same
// for everyone, whatever FASTLY_CUSTOMER_ID or FASTLY_API_URL say.
func (o *demoOptions) stepEnv(acct api.DemoAccount) env {
	e := *o.e
	e.lookupEnv = func(k string) (string, bool) {
		if k == facade.TokenEnv {
			return acct.AdminKey, true
		}
		return "", false
	}
	e.stdinTerminal, e.stdoutTerminal, e.stderrTerminal, e.width = false, false, false, 0
	return e
}

// outputFlags are the run's output flags, which every step takes.
func (o *demoOptions) outputFlags() []string {
	var flags []string
	if f := o.out().format; f != "table" {
		flags = append(flags, "-o", f)
	}
	if o.g.noHeaders {
		flags = append(flags, "--no-headers")
	}
	return flags
}

// demoTour runs the steps one after another, against one server.
type demoTour struct {
	o           *demoOptions
	env         env
	url         string
	outputFlags []string
	secret      string // the secret the create step showed
}

// run prints a step's command line, runs it as the user would and prints
// what it shows, the prompts included.
func (t *demoTour) run(step demoStep) error {
	args := append(append([]string(nil), step.args...), t.outputFlags...)
	shown := "fastly-tokens " + strings.Join(args, " ")
	if step.shown != "" {
		shown = strings.Join(append([]string{step.shown}, t.outputFlags...), " ")
	}
	stdout := t.o.e.stdout
	fmt.Fprintf(stdout, "\n# %s\n$ %s\n", step.about, shown)
	var out, prompts strings.Builder
	t.env.stdout, t.env.stderr = &out, &prompts
	t.env.stdin = strings.NewReader(strings.ReplaceAll(step.typed, demoSecret, t.secret) + "\n")
	code := execute(t.o.ctx, &t.env, append(args, "--base-url", t.url))
	if step.typed != "" && step.shown == "" {
		fmt.Fprint(stdout, strings.ReplaceAll(prompts.String(), "Password (from stdin): \n", "Password: (typed, not shown)\n"))
	}
	fmt.Fprint(stdout, out.String())
	if code != exitOK {
		return fmt.Errorf("demo step %q failed (exit %d): %s", strings.Join(step.args, " "), code, strings.TrimSpace(prompts.String()))
	}
	if t.secret == "" {
		t.secret = createdSecret(out.String())
	}
	return nil
}

// createdSecret is the secret a create step showed, in a table or in
// JSON; "" when the output shows none.
func createdSecret(out string) string {
	if _, secret, ok := strings.Cut(out, "store it safely):\n  "); ok {
		secret, _, _ = strings.Cut(secret, "\n")
		return strings.TrimSpace(secret)
	}
	if _, secret, ok := strings.Cut(out, `"access_token": "`); ok {
		secret, _, _ = strings.Cut(secret, `"`)
		return secret
	}
	return ""
}
