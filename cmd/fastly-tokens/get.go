package main

import (
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func newGet(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "get ID",
		Short:   "Show one token",
		Example: "  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g\n  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g -o json",
		Args:    oneID,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			t, _, err := c.GetToken(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			return a.out().token(a.e.stdout, *t)
		}),
	}
}
