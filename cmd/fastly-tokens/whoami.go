package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// whoamiOptions are whoami's: it takes none of its own.
type whoamiOptions struct{ base }

// NewCmdWhoami is `whoami`.
func NewCmdWhoami(a *app, runF func(*whoamiOptions) error) *cobra.Command {
	opts := &whoamiOptions{base{app: a}}
	return command(opts, runF, whoamiRun, cobra.Command{
		Use:     "whoami",
		Short:   "Show the token in use and where its key came from",
		Example: "  fastly-tokens whoami\n  FASTLY_API_TOKEN=... fastly-tokens whoami -o json",
		Args:    noArgs})
}

func whoamiRun(o *whoamiOptions) error {
	return fetchAndPrint(&o.base, func(c *facade.Client) (*facade.Token, error) {
		t, _, err := c.CurrentToken(o.ctx)
		return t, err
	}, o.print)
}

// print shows the token in use and where its key came from, never the
// key: on stderr when stdout is for a program.
func (o *whoamiOptions) print(t *facade.Token) error {
	out := o.out()
	if err := out.token(o.e.stdout, *t); err != nil {
		return err
	}
	w := o.e.stdout
	if out.format != "table" {
		w = o.e.stderr
	}
	_, err := fmt.Fprintf(w, "%-14s%s\n", "Key from:", safetext.Escape(o.src))
	return err
}
