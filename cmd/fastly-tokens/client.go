package main

import (
	"net/http/httptest"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
)

// withClient is a command's RunE that runs fn with a client built from the
// global flags; with --demo, the in-memory API it talks to lives as long
// as fn runs.
func (a *app) withClient(fn func(cmd *cobra.Command, c *facade.Client, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		c, done, err := a.client()
		if err != nil {
			return err
		}
		defer done()
		return fn(cmd, c, args)
	}
}

// client makes a facade client from the global flags: --demo starts a
// seeded in-memory API on loopback; otherwise the key comes from a.key.
// done releases what it started.
func (a *app) client() (*facade.Client, func(), error) {
	opts := []facade.Option{facade.WithUserAgent("fastly-tokens-cli/" + shortVersion()), facade.WithTimeout(a.g.timeout)}
	done := func() {}
	switch {
	case a.g.demo:
		srv, acct := api.NewDemoServer(a.e.now())
		ts := httptest.NewServer(srv)
		done = ts.Close
		a.src = "--demo"
		opts = append(opts, facade.WithBaseURL(ts.URL), facade.WithToken(acct.AdminKey))
	default:
		base, err := a.setting("base-url", a.g.baseURL, envAPIURL, envEndpoint)
		if err != nil {
			return nil, nil, err
		}
		if base != "" {
			if err := checkBaseURL(base); err != nil {
				return nil, nil, err
			}
			opts = append(opts, facade.WithBaseURL(base))
		}
		ks, err := a.key()
		if err != nil {
			return nil, nil, err
		}
		a.src = ks.from
		opts = append(opts, facade.WithToken(ks.key))
	}
	c, err := facade.New(opts...)
	if err != nil {
		done()
		return nil, nil, err
	}
	return c, done, nil
}

// checkBaseURL refuses a path: the Fastly API lives at the root of its
// host, and a path would only earn 404s (or a redirect for "//").
func checkBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return usagef("--base-url: %q is not a URL like https://api.fastly.com", raw)
	}
	if u.Path != "" && u.Path != "/" {
		return usagef("--base-url: %q has a path; give the API's origin, like https://api.fastly.com", raw)
	}
	return nil
}
