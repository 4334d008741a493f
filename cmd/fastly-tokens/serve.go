package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/net/netutil"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// serveOptions are serve's: where to listen, and whether to seed the demo
// account.
type serveOptions struct {
	base
	addr  string
	empty bool
}

// NewCmdServe is `serve`.
func NewCmdServe(a *app, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{base: base{app: a}}
	cmd := command(opts, runF, serveRun, cobra.Command{
		Use:   "serve",
		Short: "Run the in-memory Fastly API on loopback, for other programs' tests",
		Long: `Run the in-memory Fastly API for tokens (package api) as an HTTP server on a
loopback address until SIGINT or SIGTERM: a faithful stand-in for tests in
any language. It prints NAME=value lines first (FASTLY_API_URL and keys),
then notes as # comments. It seeds the demo account unless --empty.`,
		Example: `  fastly-tokens serve --addr 127.0.0.1:8080
  fastly-tokens serve --empty`,
		Args: noArgs})
	cmd.Flags().Var(newText(&opts.addr), "addr", "loopback `address` to listen on (port 0: any free port)")
	opts.addr = "127.0.0.1:0"
	cmd.Flags().BoolVar(&opts.empty, "empty", false, "start with one user and one key instead of the demo account")
	return cmd
}

func serveRun(o *serveOptions) error {
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usagef("--addr: %q is not host:port", safetext.Escape(o.addr))
	}
	if !wire.LoopbackHost(host) {
		return usagef("--addr: %s is not a loopback address; the in-memory API serves this machine only", safetext.Escape(host))
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", o.addr, err)
	}
	ln = netutil.LimitListener(ln, serveMaxConns)
	// The first lines are NAME=value, for a shell or a test harness to read.
	handler := o.seeded("http://" + ln.Addr().String())
	fmt.Fprint(o.e.stdout, "# Try: curl -H \"Fastly-Key: $FASTLY_API_TOKEN\" $FASTLY_API_URL/tokens\n# Stop with Ctrl-C (SIGINT) or SIGTERM.\n")
	return o.serveUntilStopped(ln, handler)
}

// seeded is the in-memory API serve runs, seeded, and says on stdout where
// it is and which keys it holds.
func (o *serveOptions) seeded(base string) http.Handler {
	w := o.e.stdout
	if o.empty {
		srv := api.NewServer()
		u, _ := srv.AddUser(api.User{Login: "user@example.com", Password: "password", Superuser: true})
		_, key, _ := srv.AddToken(gen.TokenResponse{UserID: u.ID, Name: "serve", Scope: "global"})
		fmt.Fprintf(w, "FASTLY_API_URL=%s\nFASTLY_API_TOKEN=%s\n", base, key)
		fmt.Fprintf(w, "# An empty in-memory Fastly API for tokens: one superuser, user@example.com, password \"password\", customer %s.\n", u.CustomerID)
		return srv
	}
	srv, acct := api.NewDemoServer(o.e.now())
	fmt.Fprintf(w, "FASTLY_API_URL=%s\nFASTLY_API_TOKEN=%s\nFASTLY_USER_TOKEN=%s\nFASTLY_READ_ONLY_TOKEN=%s\nFASTLY_OPS_TOKEN=%s\n",
		base, acct.AdminKey, acct.UserKey, acct.ReadOnlyKey, acct.OpsKey)
	fmt.Fprintf(w, "# The in-memory Fastly API for tokens, seeded with demo account %s.\n", acct.CustomerID)
	fmt.Fprintf(w, "# FASTLY_API_TOKEN is the superuser %s (password %q, one-time password %s);\n",
		acct.AdminLogin, acct.AdminPassword, acct.AdminOTP)
	fmt.Fprintf(w, "# FASTLY_USER_TOKEN is %s (password %q).\n", acct.UserLogin, acct.UserPassword)
	fmt.Fprintf(w, "# FASTLY_OPS_TOKEN is the superuser %s (password %q), without two-factor: it may create automation tokens.\n",
		acct.OpsLogin, acct.OpsPassword)
	return srv
}

// serveUntilStopped serves handler on ln until SIGINT or SIGTERM (or the
// run's end), then shuts down, giving requests in flight 5 s.
func (o *serveOptions) serveUntilStopped(ln net.Listener, handler http.Handler) error {
	hs := serveServer(handler)
	ctx, stop := signal.NotifyContext(o.ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(o.e.stderr, "fastly-tokens serve: stopped")
	return nil
}

// serveMaxConns bounds the connections serve holds open at once: more wait
// to be accepted.
const serveMaxConns = 256

// serveServer is the HTTP server of serve: a slow or idle client cannot
// hold a connection, nor a header read, for long.
func serveServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10}
}
