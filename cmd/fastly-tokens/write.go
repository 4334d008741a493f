package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// credentials are the flags of the commands that create a token.
type credentials struct {
	username, password, otp string
	passwordStdin           bool
	askedPassword, askedOTP bool
}

func (cr *credentials) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(newText(&cr.username), "username", "your `login`, which Fastly checks with your password (asked for when needed)")
	f.Var(newText(&cr.password), "password", "your `password`; other users can see it in ps: prefer --password-stdin")
	f.BoolVar(&cr.passwordStdin, "password-stdin", false, "read your password from the first line of stdin")
	f.Var(newText(&cr.otp), "otp", "one-time password `CODE`, for two-factor accounts (asked for when needed)")
}

// prepare checks the flags and reads --password-stdin before any request.
func (cr *credentials) prepare(e *env, cmd *cobra.Command) error {
	switch {
	case cr.password != "" && cr.passwordStdin:
		return usagef("use --password or --password-stdin, not both")
	case cr.password != "" && cr.username == "":
		return usagef("--password needs --username")
	case cmd.Flags().Changed("password"):
		fmt.Fprintln(e.stderr, "fastly-tokens: warning: --password is visible to other users (ps) and in your shell's history; prefer --password-stdin")
	case cr.passwordStdin:
		line, err := e.readLine()
		if strings.TrimSpace(line) == "" {
			if err != nil && err != io.EOF {
				return fmt.Errorf("--password-stdin: %w", err)
			}
			return usagef("--password-stdin: stdin has no password")
		}
		cr.password = strings.TrimSpace(line)
	}
	if cr.password != "" && cr.username == "" {
		return usagef("--password needs --username")
	}
	return nil
}

// withCredentials runs call with the credentials there are. When Fastly
// wants sudo mode and no password was given, it asks for the username
// (unless given) and the password, then goes on; when the account wants a
// one-time password and none was given, it asks for that. Each is asked
// once: without echo on a terminal, as the next line of stdin otherwise.
func withCredentials[T any](e *env, cr *credentials, call func(username string, password, otp facade.Secret) (T, error)) (T, error) {
	for {
		username := cr.username
		if cr.password == "" {
			username = "" // the two go together; the username waits for a password
		}
		v, err := call(username, facade.Secret(cr.password), facade.Secret(cr.otp))
		switch {
		case errors.Is(err, facade.ErrSudoRequired) && cr.password == "" && !cr.askedPassword:
			cr.askedPassword = true
			fmt.Fprintln(e.stderr, "Fastly wants your password to create a token with this key (sudo mode).")
			if cr.username == "" {
				u, aerr := e.askLine("Username")
				if aerr != nil {
					return v, fmt.Errorf("%w (give --username and --password-stdin, or run on a terminal)", err)
				}
				cr.username = u
			}
			p, aerr := e.askSecret("Password")
			if aerr != nil {
				return v, fmt.Errorf("%w (give --username and --password-stdin, or run on a terminal)", err)
			}
			cr.password = p
		case errors.Is(err, facade.ErrTwoFactorRequired) && cr.otp == "" && !cr.askedOTP:
			cr.askedOTP = true
			otp, aerr := e.askSecret("One-time password")
			if aerr != nil {
				return v, fmt.Errorf("%w (pass --otp CODE, or give it on stdin)", err)
			}
			cr.otp = otp
		default:
			return v, err
		}
	}
}

// expiry reads --expires-at or --expires-in; zero means none.
func expiry(cmd *cobra.Command, at string, in time.Duration, now time.Time) (time.Time, error) {
	atSet, inSet := cmd.Flags().Changed("expires-at"), cmd.Flags().Changed("expires-in")
	switch {
	case atSet && inSet:
		return time.Time{}, usagef("use --expires-at or --expires-in, not both")
	case atSet:
		t, err := wire.ParseTime(at)
		if err != nil {
			return time.Time{}, usagef("--expires-at: %q is not an RFC 3339 time like 2030-01-02T15:04:05Z", at)
		}
		return t, nil
	case inSet:
		if in <= 0 {
			return time.Time{}, usagef("--expires-in must be more than zero")
		}
		return now.Add(in).Truncate(time.Second), nil
	}
	return time.Time{}, nil
}

// created prints a new token and, this once, its secret.
func (a *app) created(t *facade.CreatedToken, verb string) error {
	o := a.out()
	if o.format == "json" {
		return writeJSON(a.e.stdout, t) // the API's shape, access_token included
	}
	fmt.Fprintf(a.e.stdout, "%s token %s (%s)\n", verb, safe(t.ID), safe(orDash(t.Name)))
	if err := o.detail(a.e.stdout, t.Token); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.e.stdout, "\nAccess token (shown only now; store it safely):\n  %s\n", safe(t.AccessToken.Reveal()))
	return err
}

// unproven explains a create whose answer named a token without its secret.
func unproven(err error) error {
	var de *facade.DecodeError
	if errors.As(err, &de) && de.TokenID != "" {
		return fmt.Errorf("%w; token %s was created without its secret and cannot be used: revoke it with 'fastly-tokens revoke %s'",
			err, safe(de.TokenID), safe(de.TokenID))
	}
	return err
}

func newCreate(a *app) *cobra.Command {
	var cr credentials
	var name, expiresAt string
	var expiresIn time.Duration
	var scopes, services []string
	cmd := &cobra.Command{
		Use:   "create --name NAME",
		Short: "Create a token",
		Long: `Create a token with the API key. Fastly shows its secret only in this answer.

Fastly may want the key in sudo mode, or your password, to create a token: the
command then asks for your username and password (without echo on a terminal,
as lines of stdin otherwise) and goes on. Give them ahead with --username and
--password-stdin. Two-factor accounts are asked for the one-time password the
same way, or give --otp.`,
		Example: `  fastly-tokens create --name ci-purge --scope purge_all --service SU1Z0isxPaozGVKXdv0eY --expires-in 30d
  printf '%s\n' "$PASSWORD" | fastly-tokens create --name deploy --username me@example.com --password-stdin -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" {
				return usagef("create needs --name")
			}
			if a.out().format == "ids" {
				return usagef("create shows the new secret only once: use -o table or -o json")
			}
			exp, err := expiry(cmd, expiresAt, expiresIn, a.e.now())
			if err != nil {
				return err
			}
			if err := cr.prepare(a.e, cmd); err != nil {
				return err
			}
			in := facade.CreateTokenInput{Name: name, Services: services, ExpiresAt: exp}
			for _, s := range scopes {
				in.Scopes = append(in.Scopes, facade.Scope(s))
			}
			c, done, err := a.client()
			if err != nil {
				return err
			}
			defer done()
			created, err := withCredentials(a.e, &cr, func(username string, password, otp facade.Secret) (*facade.CreatedToken, error) {
				in.Username, in.Password, in.OTP = username, password, otp
				created, _, err := c.CreateToken(cmd.Context(), in)
				return created, err
			})
			if err != nil {
				return unproven(err)
			}
			return a.created(created, "Created")
		},
	}
	f := cmd.Flags()
	f.Var(newText(&name), "name", "the token's `name` (required)")
	f.Var(&listValue{list: &scopes, kind: "scope"}, "scope", "a `scope`: global, purge_select, purge_all, global:read (repeat or comma-separate; default global)")
	f.Var(&listValue{list: &services, kind: "service id"}, "service", "limit the token to service `ID` (repeat or comma-separate; default all)")
	f.Var(newText(&expiresAt), "expires-at", "expire at this RFC 3339 `time` (default never)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "expire after this `duration`: 30d, 12h (default never)")
	cr.register(cmd)
	return cmd
}

func newRotate(a *app) *cobra.Command {
	var cr credentials
	var expiresAt string
	var expiresIn time.Duration
	var allowOwnerChange bool
	cmd := &cobra.Command{
		Use:   "rotate ID",
		Short: "Replace a token with a new one like it, then revoke the old one",
		Long: `Create a token with the old one's name, scopes and services (and, unless told
otherwise, as long a lifetime from now), then revoke the old one. The old token
is revoked only once the new one has arrived with its secret. A token of
another user is refused unless --allow-owner-change: the new token would be
yours. The Fastly web app's session token is not rotated. Credentials are
asked for as by create.`,
		Example: `  fastly-tokens rotate 7Hq2LmNpQrStUvWxYz0AbC
  fastly-tokens rotate 7Hq2LmNpQrStUvWxYz0AbC --expires-in 90d -o json`,
		Args: oneID,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.out().format == "ids" {
				return usagef("rotate shows the new secret only once: use -o table or -o json")
			}
			exp, err := expiry(cmd, expiresAt, expiresIn, a.e.now())
			if err != nil {
				return err
			}
			if err := cr.prepare(a.e, cmd); err != nil {
				return err
			}
			c, done, err := a.client()
			if err != nil {
				return err
			}
			defer done()
			created, err := withCredentials(a.e, &cr, func(username string, password, otp facade.Secret) (*facade.CreatedToken, error) {
				created, _, err := c.RotateToken(cmd.Context(), args[0], facade.RotateInput{Username: username, Password: password, OTP: otp,
					ExpiresAt: exp, AllowOwnerChange: allowOwnerChange})
				return created, err
			})
			if created != nil {
				// Even when revoking the old token failed, the new one exists
				// and its secret is shown only now.
				if perr := a.created(created, "Rotated "+safe(args[0])+" to"); perr != nil {
					return perr
				}
			}
			var re *facade.RotateError
			if errors.As(err, &re) && re.Created == nil {
				return fmt.Errorf("%w; revoke it with 'fastly-tokens revoke %s'", err, safe(re.NewID))
			}
			return err
		},
	}
	f := cmd.Flags()
	f.Var(newText(&expiresAt), "expires-at", "the new token expires at this RFC 3339 `time` (default: the old lifetime from now)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "the new token expires after this `duration` (default: the old lifetime)")
	f.BoolVar(&allowOwnerChange, "allow-owner-change", false, "rotate another user's token: the new token is yours")
	cr.register(cmd)
	return cmd
}

func newRevokeCurrent(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "revoke-current",
		Short:   "Revoke the token in use",
		Example: "  fastly-tokens revoke-current",
		Args:    noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			if _, err := c.RevokeCurrentToken(cmd.Context()); err != nil {
				return err
			}
			if a.out().format == "json" {
				return writeJSON(a.e.stdout, map[string]bool{"revoked_current": true})
			}
			_, err := fmt.Fprintln(a.e.stdout, "Revoked the token in use.")
			return err
		}),
	}
}

// readIDs reads ids from a file ('-': stdin), whitespace-separated; '#'
// starts a comment. A word that is not an id, or is the API key (a key
// file given by mistake), is an error naming its line, never quoting it.
func readIDs(e *env, path, key string) ([]string, error) {
	var r io.Reader = e.stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--from-file: %v", err)
		}
		defer f.Close()
		r, name = f, path
	}
	var ids []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, word := range strings.Fields(line) {
			if !wire.ValidID(word) || word == key {
				return nil, usagef("--from-file: %s:%d: not a token id (letters and digits, at most 64)", safe(name), n)
			}
			ids = append(ids, word)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("--from-file: %s: %v", safe(name), err)
	}
	return ids, nil
}
