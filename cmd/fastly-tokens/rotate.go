package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// rotateOptions are rotate's: the old token's id, and the new token's
// expiry and credentials.
type rotateOptions struct {
	base
	token            tokenFlags
	allowOwnerChange bool
}

// NewCmdRotate is `rotate ID`.
func NewCmdRotate(a *app, runF func(*rotateOptions) error) *cobra.Command {
	opts := &rotateOptions{base: base{app: a}}
	cmd := command(opts, runF, rotateRun, cobra.Command{
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
		Args: oneID})
	opts.token.registerExpiry(cmd, "the old lifetime from now")
	cmd.Flags().BoolVar(&opts.allowOwnerChange, "allow-owner-change", false, "rotate another user's token: the new token is yours")
	return cmd
}

func rotateRun(o *rotateOptions) error {
	exp, err := o.token.prepare(&o.base)
	if err != nil {
		return err
	}
	return o.withClient(func(c *facade.Client) error {
		created, err := withCredentials(o.ctx, o.e, &o.token.credentials, func(username string, password, otp wire.Secret) (*facade.CreatedToken, error) {
			created, _, err := c.RotateToken(o.ctx, o.args[0], facade.RotateInput{Username: username, Password: password, OTP: otp,
				ExpiresAt: exp, AllowOwnerChange: o.allowOwnerChange})
			return created, err
		})
		return o.rotated(o.args[0], created, err)
	})
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
