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
)

func newServe(a *app) *cobra.Command {
	var addr string
	var empty bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the in-memory Fastly API on loopback, for other programs' tests",
		Long: `Run the in-memory Fastly API for tokens (package api) as an HTTP server on a
loopback address until SIGINT or SIGTERM: a faithful stand-in for tests in
any language. It prints NAME=value lines first (FASTLY_API_URL and keys),
then notes as # comments. It seeds the demo account unless --empty.`,
		Example: `  fastly-tokens serve --addr 127.0.0.1:8080
  fastly-tokens serve --empty`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context(), addr, empty) },
	}
	cmd.Flags().Var(newText(&addr), "addr", "loopback `address` to listen on (port 0: any free port)")
	addr = "127.0.0.1:0"
	cmd.Flags().BoolVar(&empty, "empty", false, "start with one user and one key instead of the demo account")
	return cmd
}

func (a *app) serve(ctx context.Context, addr string, empty bool) error {
	e := a.e
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr: %q is not host:port", safetext.Escape(addr))
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usagef("--addr: %s is not a loopback address; the in-memory API serves this machine only", safetext.Escape(host))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	ln = netutil.LimitListener(ln, serveMaxConns)
	base := "http://" + ln.Addr().String()

	// The first lines are NAME=value, for a shell or a test harness to read.
	var handler http.Handler
	if empty {
		srv := api.NewServer()
		u, _ := srv.AddUser(api.User{Login: "user@example.com", Password: "password", Superuser: true})
		_, key, _ := srv.AddToken(gen.TokenResponse{UserID: u.ID, Name: "serve", Scope: "global"})
		handler = srv
		fmt.Fprintf(e.stdout, "FASTLY_API_URL=%s\nFASTLY_API_TOKEN=%s\n", base, key)
		fmt.Fprintf(e.stdout, "# An empty in-memory Fastly API for tokens: one superuser, user@example.com, password \"password\", customer %s.\n", u.CustomerID)
	} else {
		srv, acct := api.NewDemoServer(e.now())
		handler = srv
		fmt.Fprintf(e.stdout, "FASTLY_API_URL=%s\nFASTLY_API_TOKEN=%s\nFASTLY_USER_TOKEN=%s\nFASTLY_READ_ONLY_TOKEN=%s\nFASTLY_OPS_TOKEN=%s\n",
			base, acct.AdminKey, acct.UserKey, acct.ReadOnlyKey, acct.OpsKey)
		fmt.Fprintf(e.stdout, "# The in-memory Fastly API for tokens, seeded with demo account %s.\n", acct.CustomerID)
		fmt.Fprintf(e.stdout, "# FASTLY_API_TOKEN is the superuser %s (password %q, one-time password %s);\n",
			acct.AdminLogin, acct.AdminPassword, acct.AdminOTP)
		fmt.Fprintf(e.stdout, "# FASTLY_USER_TOKEN is %s (password %q).\n", acct.UserLogin, acct.UserPassword)
		fmt.Fprintf(e.stdout, "# FASTLY_OPS_TOKEN is the superuser %s (password %q), without two-factor: it may create automation tokens.\n",
			acct.OpsLogin, acct.OpsPassword)
	}
	fmt.Fprint(e.stdout, "# Try: curl -H \"Fastly-Key: $FASTLY_API_TOKEN\" $FASTLY_API_URL/tokens\n# Stop with Ctrl-C (SIGINT) or SIGTERM.\n")

	hs := serveServer(handler)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
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
	fmt.Fprintln(e.stderr, "fastly-tokens serve: stopped")
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
