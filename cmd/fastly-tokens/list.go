package main

import (
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func newList(a *app) *cobra.Command {
	var customer string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List your tokens, or a customer's",
		Long: `List the tokens of the user the API key belongs to, or with --customer those
of a whole customer (superusers only). The list includes the Fastly web app's
session token, marked as such.`,
		Example: `  fastly-tokens list
  fastly-tokens list --customer x4xCwxxJxGCx123Rx5xTx -o json
  fastly-tokens list -o ids | fastly-tokens revoke --from-file -`,
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			tokens, err := listTokens(cmd, c, customer)
			if err != nil {
				return err
			}
			return a.out().tokens(a.e.stdout, tokens)
		}),
	}
	cmd.Flags().Var(newText(&customer), "customer", "list the tokens of customer `ID` (superusers)")
	return cmd
}

// listTokens lists a customer's tokens when customer is set, else the user's.
func listTokens(cmd *cobra.Command, c *facade.Client, customer string) ([]facade.Token, error) {
	if customer != "" {
		tokens, _, err := c.ListCustomerTokens(cmd.Context(), customer)
		return tokens, err
	}
	tokens, _, err := c.ListTokens(cmd.Context())
	return tokens, err
}
