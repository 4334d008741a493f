package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
)

const usageText = `Usage: fastly-tokens <command> [flags] [args]

Commands:
  list            list your tokens (--customer ID: a customer's)
  get ID          show one token
  whoami          show the token in use
  create          create a token (--name, --scope..., --service..., --expires-at|--expires-in,
                  --username/--password or the API key, --otp)
  revoke ID...    revoke tokens (several: one bulk request per 100; --from-file F, '-' = stdin)
  revoke-current  revoke the token in use
  rotate ID       replace a token with a new one like it, then revoke the old
  audit           tokens expiring soon, unused for long, global without expiry
  demo            a scripted tour against the in-memory API
  serve           run the in-memory API on loopback for other programs' tests
                  (--addr 127.0.0.1:PORT, --empty)

Flags of every command:
  --json              JSON output for scripts
  --token-file FILE   read the API key from FILE (default: $FASTLY_API_TOKEN)
  --base-url URL      API address (default https://api.fastly.com)
  --demo              run against a seeded in-memory API; no credentials needed
  --timeout D         give up after D (default 30s)

Exit codes: 0 ok, 1 API or other error, 2 bad usage or input,
3 authentication (401/403/two-factor), 4 not found, 5 rate limited.
`

// env is what a command runs with.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

// common are the flags every command takes.
type common struct {
	json      bool
	tokenFile string
	baseURL   string
	demo      bool
	timeout   time.Duration
}

func (c *common) register(fs *flag.FlagSet) {
	fs.BoolVar(&c.json, "json", false, "JSON output")
	fs.StringVar(&c.tokenFile, "token-file", "", "read the API key from `FILE`")
	fs.StringVar(&c.baseURL, "base-url", "", "API address `URL`")
	fs.BoolVar(&c.demo, "demo", false, "use a seeded in-memory API")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "overall `timeout`")
}

type command struct {
	name string
	run  func(ctx context.Context, e *env, args []string) error
}

func commands() map[string]command {
	cmds := []command{
		{"list", runList}, {"get", runGet}, {"whoami", runWhoami}, {"create", runCreate},
		{"revoke", runRevoke}, {"revoke-current", runRevokeCurrent}, {"rotate", runRotate},
		{"audit", runAudit}, {"demo", runDemo}, {"serve", runServe},
	}
	m := make(map[string]command, len(cmds))
	for _, c := range cmds {
		m[c.name] = c
	}
	return m
}

// run is the whole program; main only exits with its code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	cmd, ok := commands()[name]
	if !ok {
		return report(stderr, usagef("unknown command %q", name))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := cmd.run(ctx, e, args[1:]); err != nil {
		return report(stderr, err)
	}
	return exitOK
}

// parse parses flags that may come before or after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// session is a connected client and how to tear it down.
type session struct {
	client *facade.Client
	close  func()
}

// connect makes a client from the common flags: --demo starts a seeded
// in-memory API on loopback; otherwise the key comes from --token-file or
// FASTLY_API_TOKEN.
func connect(e *env, c *common, extra ...facade.Option) (*session, error) {
	opts := []facade.Option{facade.WithUserAgent("fastly-tokens-cli/1")}
	closeFn := func() {}
	switch {
	case c.demo:
		srv, acct := api.NewDemoServer(e.now())
		ts := httptest.NewServer(srv)
		closeFn = ts.Close
		opts = append(opts, facade.WithBaseURL(ts.URL), facade.WithToken(acct.AdminKey))
	default:
		if c.baseURL != "" {
			opts = append(opts, facade.WithBaseURL(c.baseURL))
		}
		key := strings.TrimSpace(e.getenv(facade.TokenEnv))
		if c.tokenFile != "" {
			b, err := os.ReadFile(c.tokenFile)
			if err != nil {
				return nil, usagef("--token-file: cannot read %s", c.tokenFile)
			}
			key = strings.TrimSpace(string(b))
		}
		opts = append(opts, facade.WithToken(key))
	}
	client, err := facade.New(append(opts, extra...)...)
	if err != nil {
		closeFn()
		return nil, err
	}
	return &session{client: client, close: closeFn}, nil
}

// open connects and bounds the command by --timeout; done releases both.
func (c *common) open(ctx context.Context, e *env) (*facade.Client, context.Context, func(), error) {
	s, err := connect(e, c)
	if err != nil {
		return nil, nil, nil, err
	}
	cancel := context.CancelFunc(func() {})
	if c.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
	}
	return s.client, ctx, func() { cancel(); s.close() }, nil
}
