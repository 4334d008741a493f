package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// globals are the flags every command takes.
type globals struct {
	tokenFile string
	profile   string
	verbose   bool
	baseURL   string
	demo      bool
	timeout   time.Duration
	format    string
	json      bool
	noHeaders bool
}

// app is one run of the program.
type app struct {
	e    *env
	g    globals
	root *cobra.Command
	src  string // where the key came from: keySource.from
}

// flagSet reports whether a global flag was given, empty or not.
func (a *app) flagSet(name string) bool {
	f := a.root.PersistentFlags().Lookup(name)
	return f != nil && f.Changed
}

// run is the whole program; main only exits with its code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	e := newEnv(stdin, stdout, stderr, lookupEnv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, e, args)
}

// execute runs one command line and reports its error.
func execute(ctx context.Context, e *env, args []string) int {
	a := &app{e: e}
	root := newRoot(a)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	interrupted := ctx.Err() != nil
	code := exitCode(err, interrupted && err != nil)
	if err != nil {
		fmt.Fprintf(e.stderr, "fastly-tokens: %s\n", message(err))
		if next := a.nextStep(err); next != "" {
			fmt.Fprintln(e.stderr, next)
		}
		if code == exitUsage {
			cmd, _, _ := root.Find(args)
			name := "fastly-tokens"
			if cmd != nil && cmd != root {
				name = cmd.CommandPath()
			}
			fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", name)
		}
	}
	return code
}

const rootLong = `fastly-tokens manages Fastly API tokens: list, inspect, create, revoke,
rotate and audit them. It reads the API key from FASTLY_API_TOKEN or
--token-file; every command runs against a seeded in-memory API with --demo,
no credentials needed.

Exit codes: 0 success; 1 an API or other error; 2 bad usage or input;
3 authentication (401, 403, two-factor, sudo, no key); 4 not found;
5 rate limited; 6 partial success (some tokens revoked, some not);
7 audit --fail found something; 130 interrupted.`

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "fastly-tokens",
		Short:         "Manage Fastly API tokens",
		Long:          rootLong,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	a.root = root
	root.SetIn(a.e.stdin)
	root.SetOut(a.e.stdout)
	root.SetErr(a.e.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if cmd.Name() == "revoke-secret" {
			// pflag quotes what was typed; here that may be the secret.
			return usagef("revoke-secret takes only --yes and the global flags; the secret is read from stdin, never from an argument")
		}
		return &usageError{msg: err.Error()}
	})
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")

	f := root.PersistentFlags()
	f.StringVar(&a.g.tokenFile, "token-file", "", "read the API key from `FILE` (else $FASTLY_API_TOKEN, else Fastly CLI's stored token)")
	f.StringVar(&a.g.profile, "profile", "", "use Fastly CLI's stored token `NAME` (fastly auth login)")
	f.StringVar(&a.g.baseURL, "base-url", "", "the API's `URL` (else $FASTLY_API_URL, else $FASTLY_API_ENDPOINT, else https://api.fastly.com)")
	f.BoolVar(&a.g.verbose, "verbose", false, "one stderr line per API request (or set FASTLY_DEBUG_MODE=true)")
	f.BoolVar(&a.g.demo, "demo", false, "run against a seeded in-memory API; no credentials needed")
	f.Var(newDuration(&a.g.timeout, facade.DefaultTimeout), "timeout", "give up on an API call after this `duration` (prompts do not count)")
	a.g.format = "table"
	f.VarP(&outputValue{s: &a.g.format}, "output", "o", "output `format`: table, json or ids")
	f.BoolVar(&a.g.json, "json", false, "same as -o json")
	f.BoolVar(&a.g.noHeaders, "no-headers", false, "print tables without their header row")

	root.AddCommand(newList(a), newGet(a), newWhoami(a), newCreate(a), newRevoke(a), newRevokeCurrent(a),
		newRotate(a), newAudit(a), newAutomation(a), newRevokeSecret(a), newServe(a), newDemo(a), newVersion(a))
	// cobra's completion command, its argument errors made usage errors.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = "  fastly-tokens completion bash > /etc/bash_completion.d/fastly-tokens\n" +
				"  fastly-tokens completion zsh > \"${fpath[1]}/_fastly-tokens\""
			for _, sub := range c.Commands() {
				check := sub.Args
				sub.Args = func(cmd *cobra.Command, args []string) error {
					if check != nil {
						if err := check(cmd, args); err != nil {
							return &usageError{msg: err.Error()}
						}
					}
					return nil
				}
			}
			c.Args = func(_ *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usagef("completion: %q is not one of bash, zsh, fish, powershell", args[0])
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
		}
	}
	return root
}

// noArgs and oneArg say what a command takes, as usage errors.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments", cmd.Name())
	}
	return nil
}

func oneID(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("%s takes exactly one token ID", cmd.Name())
	}
	return nil
}

// out is how this run prints.
func (a *app) out() output {
	format := a.g.format
	if a.g.json {
		format = "json"
	}
	width := 0
	if a.e.stdoutTerminal {
		width = a.e.width
	}
	return output{format: format, noHeaders: a.g.noHeaders, width: width, now: a.e.now()}
}
