package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

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
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
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
			created, err := withCredentials(cmd.Context(), a.e, &cr, func(username string, password, otp facade.Secret) (*facade.CreatedToken, error) {
				created, _, err := c.RotateToken(cmd.Context(), args[0], facade.RotateInput{Username: username, Password: password, OTP: otp,
					ExpiresAt: exp, AllowOwnerChange: allowOwnerChange})
				return created, err
			})
			var re *facade.RotateError
			old := safetext.Escape(args[0])
			switch {
			case created != nil && err != nil:
				// The new token exists and its secret is shown only now;
				// the first line says the old one stays, and so does the
				// exit code.
				why := err
				if errors.As(err, &re) {
					why = re.Err
				}
				verdict, next := "was NOT revoked", "revoke it with 'fastly-tokens revoke "+old+"'"
				if facade.MayHaveActed(why) {
					verdict, next = "may not have been revoked", "check with 'fastly-tokens get "+old+"', and revoke it if it is still there"
				}
				heading := func(token string) string {
					return fmt.Sprintf("Created %s; old token %s %s: %s", token, old, verdict, message(why))
				}
				if perr := a.created(created, heading); perr != nil {
					return perr
				}
				return &partialError{err: fmt.Errorf("%w; the old token: %s", err, next)}
			case created != nil:
				return a.created(created, func(token string) string { return "Rotated " + old + " to " + token })
			case errors.As(err, &re) && re.NewID != "":
				return fmt.Errorf("%w; revoke it with 'fastly-tokens revoke %s'", err, safetext.Escape(re.NewID))
			}
			return unproven(err)
		}),
	}
	f := cmd.Flags()
	f.Var(newText(&expiresAt), "expires-at", "the new token expires at this RFC 3339 `time` (default: the old lifetime from now)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "the new token expires after this `duration` (default: the old lifetime)")
	f.BoolVar(&allowOwnerChange, "allow-owner-change", false, "rotate another user's token: the new token is yours")
	cr.register(cmd)
	return cmd
}
