package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// tokenFlags are the flags shared by the commands that make a token:
// create, automation create and rotate. All three take the new token's
// expiry and the credentials; create and automation create also take its
// name, scopes and services (its reach), which rotate copies from the old
// token instead.
type tokenFlags struct {
	name             string
	scopes, services []string
	expiresAt        string
	expiresIn        time.Duration
	credentials
}

// registerReach adds the flags of a new token's name, scopes and services.
func (tf *tokenFlags) registerReach(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(newText(&tf.name), "name", "the token's `name` (required)")
	scopeFlag(f, &tf.scopes)
	f.Var(&listValue{list: &tf.services, kind: "service id"}, "service", "limit the token to service `ID` (repeat or comma-separate; default all)")
}

// registerExpiry adds --expires-at and --expires-in (whose defaults say
// what happens without them) and the credentials.
func (tf *tokenFlags) registerExpiry(cmd *cobra.Command, defaultExpiry string) {
	f := cmd.Flags()
	f.Var(newText(&tf.expiresAt), "expires-at", "expire at this RFC 3339 `time` (default "+defaultExpiry+")")
	f.Var(newDuration(&tf.expiresIn, 0), "expires-in", "expire after this `duration`: 30d, 12h (default "+defaultExpiry+")")
	tf.credentials.register(cmd)
}

// prepare checks the flags before any request: the name, when the command
// takes one, and that -o ids, which would lose the secret, is not asked
// for; it reads --password-stdin and returns the expiry (zero: none).
func (tf *tokenFlags) prepare(b *base) (time.Time, error) {
	what := strings.TrimPrefix(b.cmd.CommandPath(), b.cmd.Root().Name()+" ")
	switch {
	case b.cmd.Flags().Lookup("name") != nil && tf.name == "":
		return time.Time{}, usagef("%s needs --name", what)
	case b.out().format == "ids":
		return time.Time{}, usagef("%s shows the new secret only once: use -o table or -o json", what)
	}
	exp, err := tf.expiry(b)
	if err != nil {
		return time.Time{}, err
	}
	return exp, tf.credentials.prepare(b)
}

// expiry reads --expires-at or --expires-in; zero means none.
func (tf *tokenFlags) expiry(b *base) (time.Time, error) {
	atSet, inSet := b.changed("expires-at"), b.changed("expires-in")
	switch {
	case atSet && inSet:
		return time.Time{}, usagef("use --expires-at or --expires-in, not both")
	case atSet:
		t, err := wire.ParseTime(tf.expiresAt)
		if err != nil {
			return time.Time{}, usagef("--expires-at: %q is not an RFC 3339 time like 2030-01-02T15:04:05Z", tf.expiresAt)
		}
		return t, nil
	case inSet:
		if tf.expiresIn <= 0 {
			return time.Time{}, usagef("--expires-in must be more than zero")
		}
		return b.e.now().Add(tf.expiresIn).Truncate(time.Second), nil
	}
	return time.Time{}, nil
}
