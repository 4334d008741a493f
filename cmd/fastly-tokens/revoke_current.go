package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func newRevokeCurrent(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "revoke-current",
		Short:   "Revoke the token in use",
		Example: "  fastly-tokens revoke-current",
		Args:    noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			_, err := c.RevokeCurrentToken(cmd.Context(), facade.CheckFirst())
			if facade.MayHaveActed(err) {
				return &notedError{err: err, note: "the token in use may have been revoked; see 'fastly-tokens whoami' (it fails once the token is gone)"}
			} else if err != nil {
				return err
			}
			if a.out().format == "json" {
				return writeJSON(a.e.stdout, map[string]bool{"revoked_current": true})
			}
			_, err = fmt.Fprintln(a.e.stdout, "Revoked the token in use.")
			return err
		}),
	}
}
