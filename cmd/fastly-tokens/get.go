package main

import (
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// getOptions are get's: the token's id.
type getOptions struct{ base }

// NewCmdGet is `get ID`.
func NewCmdGet(a *app, runF func(*getOptions) error) *cobra.Command {
	opts := &getOptions{base{app: a}}
	return command(opts, runF, getRun, cobra.Command{
		Use:     "get ID",
		Short:   "Show one token",
		Example: "  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g\n  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g -o json",
		Args:    oneID})
}

func getRun(o *getOptions) error {
	return fetchAndPrint(&o.base, func(c *facade.Client) (*facade.Token, error) {
		t, _, err := c.GetToken(o.ctx, o.args[0])
		return t, err
	}, func(t *facade.Token) error { return o.out().token(o.e.stdout, *t) })
}
