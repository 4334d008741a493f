package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
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
			created, err := withCredentials(cmd.Context(), a.e, &cr, func(username string, password, otp wire.Secret) (*facade.CreatedToken, error) {
				created, _, err := c.RotateToken(cmd.Context(), args[0], facade.RotateInput{Username: username, Password: password, OTP: otp,
					ExpiresAt: exp, AllowOwnerChange: allowOwnerChange})
				return created, err
			})
			return a.rotated(args[0], created, err)
		}),
	}
	f := cmd.Flags()
	f.Var(newText(&expiresAt), "expires-at", "the new token expires at this RFC 3339 `time` (default: the old lifetime from now)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "the new token expires after this `duration` (default: the old lifetime)")
	f.BoolVar(&allowOwnerChange, "allow-owner-change", false, "rotate another user's token: the new token is yours")
	cr.register(cmd)
	return cmd
}

// rotatedJSON is rotate's -o json: the new token as the API answered it,
// and what became of the old one.
type rotatedJSON struct {
	NewToken *facade.CreatedToken `json:"new_token"`
	OldToken struct {
		ID string `json:"id"`
		// Status is revoked, not_revoked (the revoke was refused) or
		// unknown (its answer was lost or proves nothing).
		Status string `json:"status"`
	} `json:"old_token"`
}

// rotated reports a rotation of the token oldID: the new token and its
// secret when it was created, and whether the old token was revoked.
func (a *app) rotated(oldID string, created *facade.CreatedToken, err error) error {
	var re *facade.RotateError
	switch {
	case created == nil && errors.As(err, &re) && re.NewID != "":
		return &notedError{err: err, note: "revoke it with 'fastly-tokens revoke " + safetext.Escape(re.NewID) + "'"}
	case created == nil:
		return unproven(err, "fastly-tokens list")
	}
	why := err // the revoke's failure
	if errors.As(err, &re) {
		why = re.Err
	}
	old := safetext.Escape(oldID)
	status, verdict, next := "revoked", "", ""
	switch {
	case err != nil && facade.MayHaveActed(why):
		status, verdict, next = "unknown", "may not have been revoked", "check with 'fastly-tokens get "+old+"', and revoke it if it is still there"
	case err != nil:
		status, verdict, next = "not_revoked", "was NOT revoked", "revoke it with 'fastly-tokens revoke "+old+"'"
	}
	if a.out().format == "json" {
		out := rotatedJSON{NewToken: created}
		out.OldToken.ID, out.OldToken.Status = oldID, status
		if perr := writeJSON(a.e.stdout, out); perr != nil {
			return perr
		}
	} else if perr := a.created(created, nil, func(token string) string {
		if err == nil {
			return "Rotated " + old + " to " + token
		}
		// The first line says the old token stays, and so does the exit code.
		return fmt.Sprintf("Created %s; old token %s %s: %s", token, old, verdict, message(why))
	}); perr != nil {
		return perr
	}
	if err != nil {
		return &partialError{err: &notedError{err: err, note: "the old token " + old + " " + verdict + ": " + next}}
	}
	return nil
}
