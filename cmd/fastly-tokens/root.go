package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
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
	// keyInUse is the API key, kept only to refuse it where an id goes.
	keyInUse string
}

// flagSet reports whether a global flag was given, empty or not.
func (a *app) flagSet(name string) bool {
	f := a.root.PersistentFlags().Lookup(name)
	return f != nil && f.Changed
}

// run is the whole program; main only exits with its code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	e := newEnv(stdin, stdout, stderr, lookupEnv)
	// Every signal that would end the program ends the run instead, as
	// Ctrl-C does: a prompt puts the terminal back as it was (its echo
	// off in raw mode would outlive a program killed there), and a write
	// in flight still says what it may have done.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer stop()
	return execute(ctx, e, args)
}

// execute runs one command line and reports its error.
func execute(ctx context.Context, e *env, args []string) int {
	a := &app{e: e}
	root := newRoot(a)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	code := exitCode(err, ctx.Err() != nil && err != nil)
	if err != nil {
		a.report(err, code, root, args)
	}
	return code
}

// report says on stderr what went wrong, what to do about it, and, for
// bad usage, where the help is. A usage error may quote what was typed:
// an argument shaped like an API key is left out.
func (a *app) report(err error, code int, root *cobra.Command, args []string) {
	stderr := a.e.stderr
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "fastly-tokens: %s\n", hideKeys(message(err), args))
	} else {
		fmt.Fprintf(stderr, "fastly-tokens: %s\n", message(err))
	}
	if next := a.nextStep(err); next != "" {
		fmt.Fprintln(stderr, next)
	}
	if ue != nil && ue.hint != "" {
		fmt.Fprintf(stderr, "\n%s\n\n", hideKeys(ue.hint, args))
	}
	if code == exitUsage {
		cmd, _, _ := root.Find(args)
		name := "fastly-tokens"
		if cmd != nil && cmd != root {
			name = cmd.CommandPath()
		}
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
	}
}

const rootLong = `fastly-tokens manages Fastly API tokens: list, inspect, create, revoke,
rotate and audit them. It finds the API key where Fastly's CLI does:
--token-file, FASTLY_API_TOKEN, then the token 'fastly auth login' stored
(--profile picks one). Every command runs against a seeded in-memory API
with --demo, no credentials needed.

Exit codes: 0 success; 1 an API or other error; 2 bad usage or input;
3 authentication (401, 403, two-factor, sudo, no key); 4 not found;
5 rate limited; 6 partial success (some tokens revoked, some not);
7 audit --fail found something; 130 interrupted.`

// newRoot is the program's command tree.
func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "fastly-tokens",
		Short:         "Manage Fastly API tokens",
		Long:          rootLong,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(*cobra.Command, []string) error {
			if a.g.json && a.flagSet("output") && a.g.format != "json" {
				return usagef("--json and -o %s disagree: give one of them", a.g.format)
			}
			return nil
		},
	}
	root.SetHelpCommand(newHelp(root))
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
	a.registerGlobals(root)
	root.AddCommand(NewCmdList(a, nil), NewCmdGet(a, nil), NewCmdWhoami(a, nil), NewCmdCreate(a, nil), NewCmdRevoke(a, nil),
		NewCmdRevokeCurrent(a, nil), NewCmdRotate(a, nil), NewCmdAudit(a, nil), NewCmdAutomation(a), NewCmdRevokeSecret(a, nil),
		NewCmdServe(a, nil), NewCmdDemo(a, nil), NewCmdVersion(a, nil))
	addCompletion(root)
	return root
}

// registerGlobals adds the flags every command takes.
func (a *app) registerGlobals(root *cobra.Command) {
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
}

// addCompletion adds cobra's completion command, its argument errors made
// usage errors.
func addCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
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

// noArgs and oneArg say what a command takes, as usage errors. A command
// with subcommands takes none but its subcommands' names.
func noArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case cmd.HasAvailableSubCommands():
		return unknownCommand(cmd, args[0])
	}
	return usagef("%s takes no arguments", cmd.Name())
}

// unknownCommand is a usage error for name, which is no subcommand of
// parent, with the nearest names as gh gives them.
func unknownCommand(parent *cobra.Command, name string) error {
	err := &usageError{msg: fmt.Sprintf("unknown command %q for %q", name, parent.CommandPath())}
	if parent.SuggestionsMinimumDistance <= 0 {
		parent.SuggestionsMinimumDistance = 2 // cobra's own default
	}
	if near := parent.SuggestionsFor(name); len(near) > 0 {
		err.hint = "Did you mean this?\n\t" + strings.Join(near, "\n\t")
	}
	return err
}

// newHelp is `help [command]`: like cobra's, but a topic that is no
// command is a usage error, not the root's help and exit 0.
func newHelp(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help shows any command's help: fastly-tokens help automation create.",
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			if target, rest, err := root.Find(args); err == nil && len(rest) == 0 {
				for _, sub := range target.Commands() {
					if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
						out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil {
				return &usageError{msg: err.Error()}
			}
			if len(rest) > 0 {
				return unknownCommand(target, rest[0])
			}
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
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
