package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// createOptions are create's: the new token's flags.
type createOptions struct {
	base
	token tokenFlags
}

// NewCmdCreate is `create --name NAME`.
func NewCmdCreate(a *app, runF func(*createOptions) error) *cobra.Command {
	opts := &createOptions{base: base{app: a}}
	cmd := command(opts, runF, createRun, cobra.Command{
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
		Args: noArgs})
	opts.token.registerReach(cmd)
	opts.token.registerExpiry(cmd, "never")
	return cmd
}

func createRun(o *createOptions) error {
	exp, err := o.token.prepare(&o.base)
	if err != nil {
		return err
	}
	in := facade.CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: o.token.name, Scope: strings.Join(o.token.scopes, " "),
		Services: o.token.services, ExpiresAt: wire.Time{Time: exp}}}
	return o.withClient(func(c *facade.Client) error {
		created, err := withCredentials(o.ctx, o.e, &o.token.credentials, func(username string, password, otp wire.Secret) (*facade.CreatedToken, error) {
			in.Username, in.Password, in.OTP = username, password, otp
			created, _, err := c.CreateToken(o.ctx, in)
			return created, err
		})
		if created == nil {
			return unproven(err, "fastly-tokens list")
		}
		return o.created(created, err, func(token string) string { return "Created " + token })
	})
}
