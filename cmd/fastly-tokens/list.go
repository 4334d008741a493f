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
			tokens, customer, err := a.listTokens(cmd, c, customer)
			if err != nil {
				return err
			}
			return a.out().tokens(a.e.stdout, tokens, customer != "")
		}),
	}
	cmd.Flags().Var(newText(&customer), "customer", "list the tokens of customer `ID` (superusers; else $FASTLY_CUSTOMER_ID)")
	return cmd
}

// listTokens lists a customer's tokens when customer (a --customer flag's
// value) or $FASTLY_CUSTOMER_ID names one, else the user's; it says which.
func (a *app) listTokens(cmd *cobra.Command, c *facade.Client, flagValue string) (tokens []facade.Token, customer string, err error) {
	if customer, err = a.customer(cmd, flagValue); err != nil {
		return nil, "", err
	}
	if customer != "" {
		tokens, _, err = c.ListCustomerTokens(cmd.Context(), customer)
		return tokens, customer, err
	}
	tokens, _, err = c.ListTokens(cmd.Context())
	return tokens, "", err
}
