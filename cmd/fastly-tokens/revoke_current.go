package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// revokeCurrentOptions are revoke-current's: it takes none of its own.
type revokeCurrentOptions struct{ base }

// NewCmdRevokeCurrent is `revoke-current`.
func NewCmdRevokeCurrent(a *app, runF func(*revokeCurrentOptions) error) *cobra.Command {
	opts := &revokeCurrentOptions{base{app: a}}
	return command(opts, runF, revokeCurrentRun, cobra.Command{
		Use:     "revoke-current",
		Short:   "Revoke the token in use",
		Example: "  fastly-tokens revoke-current",
		Args:    noArgs})
}

func revokeCurrentRun(o *revokeCurrentOptions) error {
	return o.withClient(func(c *facade.Client) error {
		_, err := c.RevokeCurrentToken(o.ctx, facade.CheckFirst())
		if facade.MayHaveActed(err) {
			return &notedError{err: err, note: "the token in use may have been revoked; see 'fastly-tokens whoami' (it fails once the token is gone)"}
		} else if err != nil {
			return err
		}
		if o.out().format == "json" {
			return writeJSON(o.e.stdout, map[string]bool{"revoked_current": true})
		}
		_, err = fmt.Fprintln(o.e.stdout, "Revoked the token in use.")
		return err
	})
}
