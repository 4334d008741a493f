package main

import (
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// listOptions are list's: the customer whose tokens to list, if any.
type listOptions struct {
	base
	customer string
}

// NewCmdList is `list`.
func NewCmdList(a *app, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{base: base{app: a}}
	cmd := command(opts, runF, listRun, cobra.Command{
		Use:   "list",
		Short: "List your tokens, or a customer's",
		Long: `List the tokens of the user the API key belongs to, or with --customer those
of a whole customer (superusers only). The list includes the Fastly web app's
session token, marked as such.`,
		Example: `  fastly-tokens list
  fastly-tokens list --customer x4xCwxxJxGCx123Rx5xTx -o json
  fastly-tokens list -o ids | fastly-tokens revoke --from-file -`,
		Args: noArgs})
	customerFlag(cmd, &opts.customer, "list the tokens of customer `ID` (superusers; else $FASTLY_CUSTOMER_ID)")
	return cmd
}

func listRun(o *listOptions) error {
	return o.withClient(func(c *facade.Client) error {
		tokens, customer, err := o.listTokens(c, o.customer)
		if err != nil {
			return err
		}
		return o.out().tokens(o.e.stdout, tokens, customer != "")
	})
}

// customerFlag is the --customer flag of list and audit.
func customerFlag(cmd *cobra.Command, customer *string, usage string) {
	cmd.Flags().Var(newText(customer), "customer", usage)
}

// listTokens lists a customer's tokens when customer (a --customer flag's
// value) or $FASTLY_CUSTOMER_ID names one, else the user's; it says which.
func (b *base) listTokens(c *facade.Client, flagValue string) (tokens []facade.Token, customer string, err error) {
	if customer, err = b.customer(b.cmd, flagValue); err != nil {
		return nil, "", err
	}
	if customer != "" {
		tokens, _, err = c.ListCustomerTokens(b.ctx, customer)
		return tokens, customer, err
	}
	tokens, _, err = c.ListTokens(b.ctx)
	return tokens, "", err
}
