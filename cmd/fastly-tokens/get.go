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
	return &cobra.Command{
		Use:     "get ID",
		Short:   "Show one token",
		Example: "  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g\n  fastly-tokens get 5Yo3XXnrQpjc20u0ybrf2g -o json",
		Args:    oneID,
		RunE:    runE(opts, runF, getRun),
	}
}

func getRun(o *getOptions) error {
	return o.withClient(func(c *facade.Client) error {
		t, _, err := c.GetToken(o.ctx, o.args[0])
		if err != nil {
			return err
		}
		return o.out().token(o.e.stdout, *t)
	})
}
