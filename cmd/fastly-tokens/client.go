package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// client makes a facade client from the global flags: --demo starts a
// seeded in-memory API on loopback; otherwise the key comes from a.key.
// done releases what it started.
func (a *app) client(ctx context.Context) (*facade.Client, func(), error) {
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
		base, source, err := a.setting("base-url", a.g.baseURL, envAPIURL, envEndpoint)
		if err != nil {
			return nil, nil, err
		}
		if base != "" {
			if err := checkBaseURL(source, base); err != nil {
				return nil, nil, err
			}
			opts = append(opts, facade.WithBaseURL(base))
		}
		ks, err := a.key(ctx)
		if err != nil {
			return nil, nil, err
		}
		a.src, a.keyInUse = ks.from, ks.key
		opts = append(opts, facade.WithToken(ks.key))
	}
	logger, err := a.requestLog()
	if err != nil {
		done()
		return nil, nil, err
	}
	if logger != nil {
		opts = append(opts, facade.WithLogger(logger))
	}
	c, err := facade.New(opts...)
	if err != nil {
		done()
		return nil, nil, err
	}
	return c, done, nil
}

// requestLog is the logger --verbose (or FASTLY_DEBUG_MODE=true, Fastly
// CLI's variable) asks for: one stderr line per request, as key=value
// pairs whose values slog quotes when they hold anything a terminal would
// obey. nil when neither is set.
func (a *app) requestLog() (*slog.Logger, error) {
	on := a.g.verbose
	if v, ok := a.e.lookupEnv(envDebug); ok && !on {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return nil, usagef("%s=%q: want true or false", envDebug, safetext.Escape(v))
		}
		on = b
	}
	if !on {
		return nil, nil
	}
	return slog.New(slog.NewTextHandler(a.e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, at slog.Attr) slog.Attr {
			switch {
			case len(groups) > 0:
			case at.Key == slog.TimeKey, at.Key == slog.LevelKey:
				return slog.Attr{}
			case at.Key == slog.MessageKey:
				return slog.String("msg", strings.TrimPrefix(at.Value.String(), "fastlytokens: "))
			}
			return at
		}})), nil
}

// checkBaseURL refuses anything but an origin: the Fastly API lives at
// the root of its host, and a path would only earn 404s (or a redirect for
// "//"). Only the scheme and host of what was given are ever shown: a key
// pasted into the variable by mistake, whole or in a user, path or query,
// stays out of the message.
func checkBaseURL(source, raw string) error {
	u, err := url.Parse(raw)
	const want = "give the API's origin, like https://api.fastly.com"
	switch {
	case strings.Contains(raw, "@"):
		return usagef("%s: a user or password in the URL is not how Fastly takes a key: %s", source, want)
	case err != nil || u.Host == "" || u.Opaque != "":
		return usagef("%s is not a URL (not shown, in case it holds a key): %s", source, want)
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		origin := safetext.Escape(u.Scheme + "://" + u.Host)
		return usagef("%s: %s has a path, query or fragment (not shown, in case it holds a key); %s", source, origin, want)
	}
	return nil
}
