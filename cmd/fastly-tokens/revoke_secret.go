package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// secretResult is revoke-secret's JSON.
type secretResult struct {
	Token          *facade.Token `json:"token"`
	Revoked        bool          `json:"revoked"`
	AlreadyRevoked bool          `json:"already_revoked"`
	// LastUse is the token's last use before the lookup, from a list the
	// caller's key could take beforehand; nil when it could not see the
	// token, since the lookup itself is then the last use Fastly shows.
	LastUse *lastUse `json:"last_use_before_lookup"`
}

type lastUse struct {
	At        time.Time `json:"at,omitzero"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
}

// revokeSecretOptions are revoke-secret's: whether to revoke without
// asking. The secret itself comes from stdin, never from a flag.
type revokeSecretOptions struct {
	base
	yes bool
}

// NewCmdRevokeSecret is `revoke-secret`.
func NewCmdRevokeSecret(a *app, runF func(*revokeSecretOptions) error) *cobra.Command {
	opts := &revokeSecretOptions{base: base{app: a}}
	cmd := command(opts, runF, revokeSecretRun, cobra.Command{
		Use:   "revoke-secret",
		Short: "Revoke a token from its secret (found in a log or a repository)",
		Long: `Read a token's secret from stdin (never from an argument: those show in ps and
shell history), look the token up with it, show who owns it, its name, scope
and last use, and revoke it after you confirm, or at once with --yes. On a
terminal the secret is read without echo; otherwise stdin's first line is
the secret and --yes is needed. The secret is never printed.

Looking a token up with its secret is itself a use of it: Fastly then shows
the lookup as the token's last use, over the leaker's. So before it uses the
secret, the command lists the tokens your key may see (a superuser's
customer's, else your own) and reports the last use, IP and client from that
list. When your key cannot see the token, it says that the lookup is now the
token's last use.

A secret that no longer works (Fastly answers 401 for an expired token, 403
for an invalid one) has nothing to revoke: that is a success.`,
		Example: `  fastly-tokens revoke-secret
  printf '%s\n' "$FOUND_SECRET" | fastly-tokens revoke-secret --yes -o json`,
		Args: noArgs})
	cmd.Flags().BoolVar(&opts.yes, "yes", false, "revoke without asking (needed when stdin is not a terminal)")
	return cmd
}

func revokeSecretRun(o *revokeSecretOptions) error {
	if !o.yes && !o.e.stdinTerminal {
		return usagef("revoke-secret reads the secret from stdin: confirm with --yes, or run it on a terminal")
	}
	return o.withClient(func(c *facade.Client) error {
		secret, err := o.e.askSecret(o.ctx, "Secret")
		if err != nil {
			return err
		}
		before := o.visibleTokens(c) // the evidence, before the secret is used
		found, _, err := c.LookupSecret(o.ctx, wire.Secret(secret))
		if err != nil && !errors.Is(err, facade.ErrForbidden) {
			return err
		}
		if found.Inactive {
			return o.printSecretResult(secretResult{AlreadyRevoked: true})
		}
		res := secretResult{Token: found.Token}
		if t, ok := before[tokenID(found.Token)]; ok {
			res.LastUse = &lastUse{At: t.LastUsedAt.Time, IP: string(t.IP), UserAgent: string(t.UserAgent)}
		}
		if out := o.out(); out.format == "table" {
			o.describeSecret(out, res)
		}
		if !o.yes && !o.confirmed() {
			if o.ctx.Err() != nil {
				return o.ctx.Err() // Ctrl-C at the question: interrupted, not a "no"
			}
			_, err := fmt.Fprintln(o.e.stdout, "Not revoked.")
			return err
		}
		found, _, err = c.RevokeSecret(o.ctx, wire.Secret(secret))
		if facade.MayHaveActed(err) {
			return &notedError{err: err, note: "the token may have been revoked; run revoke-secret again with the secret to check (a secret that no longer works has nothing left to revoke)"}
		} else if err != nil {
			return err
		}
		res.Revoked, res.AlreadyRevoked = found.Revoked, found.Inactive
		return o.printSecretResult(res)
	})
}

// tokenID is t's id, "" for none.
func tokenID(t *facade.Token) string {
	if t == nil {
		return ""
	}
	return t.ID
}

// confirmed asks whether to revoke; only y or yes is a yes.
func (o *revokeSecretOptions) confirmed() bool {
	answer, err := o.e.askLine(o.ctx, "Revoke it? [y/N]")
	answer = strings.TrimSpace(answer)
	return err == nil && (strings.EqualFold(answer, "y") || strings.EqualFold(answer, "yes"))
}

// visibleTokens lists, by id, the tokens the client's key may see: its
// customer's for a superuser, else its own; none when it may list neither.
func (o *revokeSecretOptions) visibleTokens(c *facade.Client) map[string]facade.Token {
	var tokens []facade.Token
	if me, _, err := c.CurrentToken(o.ctx); err == nil {
		tokens, _, err = c.ListCustomerTokens(o.ctx, me.CustomerID)
		if err != nil {
			tokens, _, _ = c.ListTokens(o.ctx)
		}
	}
	byID := make(map[string]facade.Token, len(tokens))
	for _, t := range tokens {
		byID[t.ID] = t
	}
	return byID
}

// describeSecret says whose token the secret is, and its last use before
// the lookup, or that the lookup is now its last use.
func (a *app) describeSecret(o output, r secretResult) {
	w := a.e.stdout
	if r.Token == nil {
		fmt.Fprintln(w, "The secret works, but may not read tokens (a purge-only token?).")
		return
	}
	t := r.Token
	fmt.Fprintf(w, "The secret belongs to token %s (%s) of user %s; scope %s.\n",
		safetext.Escape(t.ID), safetext.Escape(orDash(t.Name)), safetext.Escape(orDash(t.UserID)), safetext.Escape(orDash(t.ScopeList().String())))
	if r.LastUse == nil {
		fmt.Fprintln(w, "Your key cannot list this token's owner's tokens, so its last use before this lookup is lost: the lookup is now its last use.")
		return
	}
	fmt.Fprintf(w, "Last used before this lookup: %s, from %s, by %s.\n", relative(r.LastUse.At, o.now, "never"),
		safetext.Escape(orDash(r.LastUse.IP)), safetext.Escape(orDash(r.LastUse.UserAgent)))
}

func (a *app) printSecretResult(r secretResult) error {
	w := a.e.stdout
	switch a.out().format {
	case "json":
		return writeJSON(w, r)
	case "ids":
		if r.Token != nil {
			fmt.Fprintln(w, safetext.Escape(r.Token.ID))
		}
		return nil
	}
	switch {
	case r.AlreadyRevoked:
		_, err := fmt.Fprintln(w, "The secret does not work (Fastly answered 401 or 403): its token is revoked or expired, or it is no Fastly key. Nothing to revoke.")
		return err
	case r.Token != nil:
		_, err := fmt.Fprintf(w, "Revoked token %s.\n", safetext.Escape(r.Token.ID))
		return err
	}
	_, err := fmt.Fprintln(w, "Revoked the token.")
	return err
}
