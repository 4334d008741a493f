package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// credentials are the create-token login flags.
type credentials struct {
	username, password, otp string
}

func (cr *credentials) register(fs *flag.FlagSet) {
	fs.StringVar(&cr.username, "username", "", "your login, for Fastly to check with your password (sudo)")
	fs.StringVar(&cr.password, "password", "", "password for --username (asked for when absent)")
	fs.StringVar(&cr.otp, "otp", "", "one-time password for two-factor authentication")
}

// resolve prompts for a missing password.
func (cr *credentials) resolve(e *env) error {
	if cr.password != "" && cr.username == "" {
		return usagef("--password needs --username")
	}
	if cr.username != "" && cr.password == "" {
		p, err := promptSecret(e, "Password")
		if err != nil {
			return err
		}
		cr.password = p
	}
	return nil
}

// withSudo runs call; when Fastly wants the key in sudo mode and no
// password was given, it asks for the username (unless --username gave it)
// and the password, without echo on a terminal or from stdin, and goes on,
// once: with them, the create posts /sudo first.
func withSudo[T any](e *env, cr *credentials, call func() (T, error)) (T, error) {
	v, err := call()
	if !errors.Is(err, facade.ErrSudoRequired) || cr.password != "" {
		return v, err
	}
	fmt.Fprintln(e.stderr, "Fastly wants your password to create a token with this key (sudo mode).")
	if cr.username == "" {
		u, perr := promptLine(e, "Username")
		if perr != nil {
			return v, perr
		}
		cr.username = u
	}
	p, perr := promptSecret(e, "Password")
	if perr != nil {
		return v, perr
	}
	cr.password = p
	return call()
}

// withOTP runs call; when the account asks for a one-time password and none
// was given, it prompts on a terminal and tries once more.
func withOTP[T any](e *env, cr *credentials, call func(otp facade.Secret) (T, error)) (T, error) {
	v, err := call(facade.Secret(cr.otp))
	if errors.Is(err, facade.ErrTwoFactorRequired) && cr.otp == "" && isTerminal(e.stdin) {
		otp, perr := promptSecret(e, "One-time password")
		if perr != nil {
			return v, perr
		}
		cr.otp = otp
		return call(facade.Secret(otp))
	}
	if errors.Is(err, facade.ErrTwoFactorRequired) && cr.otp == "" {
		return v, fmt.Errorf("%w (pass --otp)", err)
	}
	return v, err
}

func runCreate(ctx context.Context, e *env, args []string) error {
	var c common
	var cr credentials
	var name, expiresAt, expiresIn string
	var scopes, services stringList
	fs := flag.NewFlagSet("create", flag.ContinueOnError)
	c.register(fs)
	cr.register(fs)
	fs.StringVar(&name, "name", "", "token `name`")
	fs.Var(&scopes, "scope", "scope (repeatable): global, purge_select, purge_all, global:read")
	fs.Var(&services, "service", "limit to service `ID` (repeatable)")
	fs.StringVar(&expiresAt, "expires-at", "", "expiry as RFC 3339 `time`")
	fs.StringVar(&expiresIn, "expires-in", "", "expiry as a `duration` from now (30d, 12h)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("create takes no arguments; use --name")
	}
	exp, err := expiry(expiresAt, expiresIn, e.now())
	if err != nil {
		return err
	}
	if err := cr.resolve(e); err != nil {
		return err
	}
	in := facade.CreateTokenInput{Name: name, Services: services, ExpiresAt: exp}
	for _, s := range scopes {
		in.Scopes = append(in.Scopes, facade.Scope(s))
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	created, err := withSudo(e, &cr, func() (*facade.CreatedToken, error) {
		return withOTP(e, &cr, func(otp facade.Secret) (*facade.CreatedToken, error) {
			in.Username, in.Password, in.OTP = cr.username, facade.Secret(cr.password), otp
			created, _, err := client.CreateToken(ctx, in)
			return created, err
		})
	})
	if err != nil {
		return err
	}
	return printCreated(e, &c, created, "Created")
}

// printCreated shows a new token and, this once, its secret.
func printCreated(e *env, c *common, t *facade.CreatedToken, verb string) error {
	if c.json {
		return writeJSON(e.stdout, struct {
			facade.Token
			AccessToken string `json:"access_token"`
		}{t.Token, t.AccessToken.Reveal()})
	}
	fmt.Fprintf(e.stdout, "%s token %s (%s)\n", verb, t.ID, orDash(t.Name))
	if err := writeDetail(e.stdout, t.Token, e.now()); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\nAccess token (shown only now; store it safely):\n  %s\n", t.AccessToken.Reveal())
	return nil
}

func runRevoke(ctx context.Context, e *env, args []string) error {
	var c common
	var fromFile string
	fs := flag.NewFlagSet("revoke", flag.ContinueOnError)
	c.register(fs)
	fs.StringVar(&fromFile, "from-file", "", "read token ids from `FILE` ('-' for stdin), one per line")
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	if fromFile != "" {
		more, err := readIDs(e, fromFile)
		if err != nil {
			return err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return usagef("revoke needs at least one token ID (or --from-file)")
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	if len(ids) == 1 {
		_, err = client.RevokeToken(ctx, ids[0])
	} else {
		_, err = client.BulkRevokeTokens(ctx, ids)
	}
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(e.stdout, map[string][]string{"revoked": ids})
	}
	fmt.Fprintf(e.stdout, "Revoked %d token(s): %s\n", len(ids), strings.Join(ids, ", "))
	return nil
}

// readIDs reads whitespace-separated ids; '#' starts a comment.
func readIDs(e *env, path string) ([]string, error) {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--from-file: cannot open %s", path)
		}
		defer f.Close()
		r = f
	}
	var ids []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		ids = append(ids, strings.Fields(line)...)
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("--from-file: %v", err)
	}
	return ids, nil
}

func runRevokeCurrent(ctx context.Context, e *env, args []string) error {
	var c common
	fs := flag.NewFlagSet("revoke-current", flag.ContinueOnError)
	c.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("revoke-current takes no arguments")
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	if _, err := client.RevokeCurrentToken(ctx); err != nil {
		return err
	}
	if c.json {
		return writeJSON(e.stdout, map[string]bool{"revoked_current": true})
	}
	fmt.Fprintln(e.stdout, "Revoked the token in use.")
	return nil
}

func runRotate(ctx context.Context, e *env, args []string) error {
	var c common
	var cr credentials
	var expiresAt, expiresIn string
	fs := flag.NewFlagSet("rotate", flag.ContinueOnError)
	c.register(fs)
	cr.register(fs)
	fs.StringVar(&expiresAt, "expires-at", "", "new token's expiry as RFC 3339 `time`")
	fs.StringVar(&expiresIn, "expires-in", "", "new token's expiry as a `duration` from now")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("rotate takes exactly one token ID")
	}
	exp, err := expiry(expiresAt, expiresIn, e.now())
	if err != nil {
		return err
	}
	if err := cr.resolve(e); err != nil {
		return err
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	created, err := withSudo(e, &cr, func() (*facade.CreatedToken, error) {
		return withOTP(e, &cr, func(otp facade.Secret) (*facade.CreatedToken, error) {
			return client.RotateToken(ctx, rest[0], facade.RotateInput{Username: cr.username, Password: facade.Secret(cr.password), OTP: otp, ExpiresAt: exp})
		})
	})
	if created != nil {
		// Even when revoking the old token failed, the new one exists and
		// its secret is shown only now.
		if perr := printCreated(e, &c, created, "Rotated "+rest[0]+" to"); perr != nil {
			return perr
		}
	}
	return err
}
