package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

func newCreate(a *app) *cobra.Command {
	var cr credentials
	var name, expiresAt string
	var expiresIn time.Duration
	var scopes, services []string
	cmd := &cobra.Command{
		Use:   "create --name NAME",
		Short: "Create a token",
		Long: `Create a token with the API key. Fastly shows its secret only in this answer.

Fastly may want the key in sudo mode, or your password, to create a token: the
command then asks for your username and password (without echo on a terminal,
as lines of stdin otherwise) and goes on. Give them ahead with --username and
--password-stdin. Two-factor accounts are asked for the one-time password the
same way, or give --otp.`,
		Example: `  fastly-tokens create --name ci-purge --scope purge_all --service SU1Z0isxPaozGVKXdv0eY --expires-in 30d
  printf '%s\n' "$PASSWORD" | fastly-tokens create --name deploy --username me@example.com --password-stdin -o json`,
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			if name == "" {
				return usagef("create needs --name")
			}
			if a.out().format == "ids" {
				return usagef("create shows the new secret only once: use -o table or -o json")
			}
			exp, err := expiry(cmd, expiresAt, expiresIn, a.e.now())
			if err != nil {
				return err
			}
			if err := cr.prepare(a.e, cmd); err != nil {
				return err
			}
			in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: name, Scope: strings.Join(scopes, " "),
				Services: services, ExpiresAt: wire.Time{Time: exp}}}
			created, err := withCredentials(cmd.Context(), a.e, &cr, func(username string, password, otp wire.Secret) (*facade.CreatedToken, error) {
				in.Username, in.Password, in.OTP = username, password, otp
				created, _, err := c.CreateToken(cmd.Context(), in)
				return created, err
			})
			if created == nil {
				return unproven(err, "fastly-tokens list")
			}
			return a.created(created, err, func(token string) string { return "Created " + token })
		}),
	}
	f := cmd.Flags()
	f.Var(newText(&name), "name", "the token's `name` (required)")
	scopeFlag(f, &scopes)
	f.Var(&listValue{list: &services, kind: "service id"}, "service", "limit the token to service `ID` (repeat or comma-separate; default all)")
	f.Var(newText(&expiresAt), "expires-at", "expire at this RFC 3339 `time` (default never)")
	f.Var(newDuration(&expiresIn, 0), "expires-in", "expire after this `duration`: 30d, 12h (default never)")
	cr.register(cmd)
	return cmd
}
