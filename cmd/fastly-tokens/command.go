package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// Every command is built the way gh builds its commands: an options
// struct holds its flags, arguments and what it runs with; NewCmdX(a,
// runF) makes the cobra command that fills the options; xRun(opts) does
// the work. A test passes a runF to see the options a command line makes,
// and calls xRun with options of its own.

// base is what every command's options hold: the program run (streams,
// global flags, the way to a client), and the command's context (Ctrl-C
// cancels it), command and arguments once cobra has parsed them.
type base struct {
	*app
	ctx  context.Context
	cmd  *cobra.Command
	args []string
}

func (b *base) bind(cmd *cobra.Command, args []string) {
	b.ctx, b.cmd, b.args = cmd.Context(), cmd, args
}

// binder is what command needs of a command's options: to be bound to
// the parsed command line (base does it).
type binder interface {
	bind(cmd *cobra.Command, args []string)
}

// command makes the cobra command spec describes, whose RunE binds opts to
// the parsed command line, then runs runF when a test gave one, else run.
func command[O binder](opts O, runF, run func(O) error, spec cobra.Command) *cobra.Command {
	spec.RunE = func(cmd *cobra.Command, args []string) error {
		opts.bind(cmd, args)
		if runF != nil {
			return runF(opts)
		}
		return run(opts)
	}
	return &spec
}

// fetchAndPrint is the run of a command that reads one thing and prints
// it: get fetches it with a client, print shows it.
func fetchAndPrint[T any](b *base, get func(*facade.Client) (T, error), print func(T) error) error {
	return b.withClient(func(c *facade.Client) error {
		v, err := get(c)
		if err != nil {
			return err
		}
		return print(v)
	})
}

// withClient runs fn with a client made from the global flags; with
// --demo, the in-memory API it talks to lives as long as fn runs.
func (b *base) withClient(fn func(c *facade.Client) error) error {
	c, done, err := b.client(b.ctx)
	if err != nil {
		return err
	}
	defer done()
	return fn(c)
}

// changed reports whether the command's flag name was given.
func (b *base) changed(name string) bool { return b.cmd.Flags().Changed(name) }
