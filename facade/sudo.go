package facade

import (
	"cmp"
	"context"
	"net/http"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// SudoInput re-authenticates the client's key for sensitive writes.
type SudoInput struct {
	Username string
	Password Secret
	// OTP is the one-time password, for accounts with two-factor
	// authentication (sent as Fastly-OTP).
	OTP Secret
	// Expiry is when sudo mode should end; zero is Fastly's default, five
	// minutes from now.
	Expiry time.Time
}

// sudoDefault is how long sudo mode lasts when Fastly does not say.
const sudoDefault = 5 * time.Minute

// Sudo puts the client's key in sudo mode (request-sudo-access), which
// Fastly asks for before sensitive writes such as creating a token with a
// key, and returns when it ends. Wrong credentials are a 403.
func (c *Client) Sudo(ctx context.Context, in SudoInput) (time.Time, Response, error) {
	if err := c.needKey(); err != nil {
		return time.Time{}, Response{}, err
	}
	if err := checkCredentials(in.Username, in.Password, in.OTP, true); err != nil {
		return time.Time{}, Response{}, err
	}
	var params *gen.RequestSudoAccessParams
	if otp := in.OTP.Reveal(); otp != "" {
		params = &gen.RequestSudoAccessParams{FastlyOTP: &otp}
	}
	body := gen.SudoRequest{Username: in.Username, Password: in.Password.Reveal(), ExpiryTime: wire.Time{Time: in.Expiry}}
	x := c.exchange(opSudo)
	x.secrets = scrub.New(c.key, in.Password.Reveal(), in.OTP.Reveal())
	start := c.now()
	j, meta, err := fetch(ctx, c, x, func(ctx context.Context) (*http.Response, error) {
		return c.api.RequestSudoAccess(ctx, params, body)
	}, gen.ParseRequestSudoAccessResponse)
	if j == nil {
		return time.Time{}, meta, err
	}
	return cmp.Or(j.ExpiryTime.Time, start.Add(sudoDefault)), meta, err
}
