package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

func newWhoami(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "whoami",
		Short:   "Show the token in use and where its key came from",
		Example: "  fastly-tokens whoami\n  FASTLY_API_TOKEN=... fastly-tokens whoami -o json",
		Args:    noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			t, _, err := c.CurrentToken(cmd.Context())
			if err != nil {
				return err
			}
			o := a.out()
			if err := o.token(a.e.stdout, *t); err != nil {
				return err
			}
			// Where the key came from, never the key; on stderr when
			// stdout is for a program.
			w := a.e.stdout
			if o.format != "table" {
				w = a.e.stderr
			}
			_, err = fmt.Fprintf(w, "%-14s%s\n", "Key from:", safetext.Escape(a.src))
			return err
		}),
	}
}
