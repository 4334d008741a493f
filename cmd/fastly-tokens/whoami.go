package main

import (
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func newWhoami(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "whoami",
		Short:   "Show the token in use",
		Example: "  fastly-tokens whoami\n  FASTLY_API_TOKEN=... fastly-tokens whoami -o json",
		Args:    noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			t, _, err := c.CurrentToken(cmd.Context())
			if err != nil {
				return err
			}
			return a.out().token(a.e.stdout, *t)
		}),
	}
}
