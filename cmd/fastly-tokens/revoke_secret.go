package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// secretResult is revoke-secret's JSON.
type secretResult struct {
	Token          *facade.Token `json:"token"`
	Revoked        bool          `json:"revoked"`
	AlreadyRevoked bool          `json:"already_revoked"`
}

func newRevokeSecret(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "revoke-secret",
		Short: "Revoke a token from its secret (found in a log or a repository)",
		Long: `Read a token's secret from stdin (never from an argument: those show in ps and
shell history), look the token up with it, show who owns it, its name, scope
and last use, and revoke it after you confirm, or at once with --yes. On a
terminal the secret is read without echo; otherwise stdin's first line is
the secret and --yes is needed. A secret that no longer works is reported as
already revoked, and that is a success. The secret is never printed.`,
		Example: `  fastly-tokens revoke-secret
  printf '%s\n' "$FOUND_SECRET" | fastly-tokens revoke-secret --yes -o json`,
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			if !yes && !a.e.stdinTerminal {
				return usagef("revoke-secret reads the secret from stdin: confirm with --yes, or run it on a terminal")
			}
			secret, err := a.e.askSecret("Secret")
			if err != nil {
				return err
			}
			found, _, err := c.LookupSecret(cmd.Context(), facade.Secret(secret))
			if err != nil && !errors.Is(err, facade.ErrForbidden) {
				return err
			}
			if found.Inactive {
				return a.printSecretResult(secretResult{AlreadyRevoked: true})
			}
			if o := a.out(); o.format == "table" {
				if found.Token != nil {
					t := found.Token
					fmt.Fprintf(a.e.stdout, "The secret belongs to token %s (%s) of user %s; scope %s; last used %s.\n",
						safetext.Escape(t.ID), safetext.Escape(orDash(t.Name)), safetext.Escape(orDash(t.UserID)), safetext.Escape(orDash(t.Scopes.String())), relative(t.LastUsedAt, o.now, "never"))
				} else {
					fmt.Fprintln(a.e.stdout, "The secret works, but may not read tokens (a purge-only token?).")
				}
			}
			if !yes {
				answer, err := a.e.askLine("Revoke it? [y/N]")
				if err != nil || !strings.EqualFold(strings.TrimSpace(answer), "y") && !strings.EqualFold(strings.TrimSpace(answer), "yes") {
					fmt.Fprintln(a.e.stdout, "Not revoked.")
					return nil
				}
			}
			found, _, err = c.RevokeSecret(cmd.Context(), facade.Secret(secret))
			if err != nil {
				return err
			}
			return a.printSecretResult(secretResult{Token: found.Token, Revoked: found.Revoked, AlreadyRevoked: found.Inactive})
		}),
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "revoke without asking (needed when stdin is not a terminal)")
	return cmd
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
		_, err := fmt.Fprintln(w, "The secret does not work (Fastly answered 401): its token is revoked or expired, or it is no Fastly key. Nothing to revoke.")
		return err
	case r.Token != nil:
		_, err := fmt.Fprintf(w, "Revoked token %s.\n", safetext.Escape(r.Token.ID))
		return err
	}
	_, err := fmt.Fprintln(w, "Revoked the token.")
	return err
}
