package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// keySource is the API key of a run and where it came from, in the order
// Fastly's CLI looks (https://www.fastly.com/documentation/help/cli/cli-auth/):
// --token-file, FASTLY_API_TOKEN, then the tokens Fastly's CLI stores
// (`fastly auth login`), the one --profile names or the default.
type keySource struct {
	key  string
	from string // for messages and whoami: never the key
}

// Environment variables Fastly's CLI and go-fastly read.
const (
	envToken      = facade.TokenEnv // FASTLY_API_TOKEN
	envAPIURL     = "FASTLY_API_URL"
	envEndpoint   = "FASTLY_API_ENDPOINT"
	envCustomerID = "FASTLY_CUSTOMER_ID"
	envDebug      = "FASTLY_DEBUG_MODE"
)

// setting is a global flag or an environment variable that says where or
// as whom to act: set but empty, it is a usage error, never a default.
func (a *app) setting(flag, flagValue string, vars ...string) (value, source string, err error) {
	return a.settingOf(a.flagSet(flag), flag, flagValue, vars...)
}

// customer is the --customer of cmd, else $FASTLY_CUSTOMER_ID (said on
// stderr, since it widens what a command acts on; not with --demo, whose
// account is its own); "" for none.
func (a *app) customer(cmd *cobra.Command, flagValue string) (string, error) {
	given := cmd.Flags().Changed("customer")
	if a.g.demo || given {
		return flagValue, nil
	}
	v, _, err := a.settingOf(false, "customer", "", envCustomerID)
	if err == nil && v != "" {
		fmt.Fprintf(a.e.stderr, "fastly-tokens: the tokens of customer %s, from %s\n", safetext.Escape(v), envCustomerID)
	}
	return v, err
}

// settingOf is setting's rule for a flag given or not; source names where
// the value came from ("--flag" or the variable), for messages.
func (a *app) settingOf(given bool, flag, flagValue string, vars ...string) (value, source string, err error) {
	if given {
		if strings.TrimSpace(flagValue) == "" {
			return "", "", usagef("--%s is empty", flag)
		}
		return flagValue, "--" + flag, nil
	}
	for _, name := range vars {
		if v, ok := a.e.lookupEnv(name); ok {
			if strings.TrimSpace(v) == "" {
				return "", "", usagef("%s is set but empty", name)
			}
			return v, name, nil
		}
	}
	return "", "", nil
}

func (a *app) key(ctx context.Context) (keySource, error) {
	if a.g.demo {
		return keySource{from: "--demo"}, nil
	}
	file, _, err := a.setting("token-file", a.g.tokenFile)
	if err != nil {
		return keySource{}, err
	}
	if file != "" {
		b, err := a.e.readSmallFile(ctx, file, maxKeyFileBytes)
		if err != nil {
			return keySource{}, keyFileError(ctx, err)
		}
		key := strings.TrimSpace(string(b))
		if key == "" {
			return keySource{}, usagef("--token-file: %s is empty", safetext.Escape(file))
		}
		from := "--token-file " + file
		if wire.SecretShaped(file) {
			from = "--token-file " + hiddenKey
		}
		return keySource{key: key, from: from}, nil
	}
	if a.flagSet("profile") {
		return a.storedKey(ctx)
	}
	if v, _, err := a.settingOf(false, "", "", envToken); err != nil || v != "" {
		return keySource{key: strings.TrimSpace(v), from: envToken}, err
	}
	return a.storedKey(ctx)
}

// keyFileError is the usage error of a key file that could not be read, or
// the interrupt that ended the wait for it.
func keyFileError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return usagef("--token-file: %v", err)
}

// fastlyConfig is the part of Fastly's CLI config.toml this reads; it is
// never written.
type fastlyConfig struct {
	Auth struct {
		Default string                     `toml:"default"`
		Tokens  map[string]storedAuthToken `toml:"tokens"`
	} `toml:"auth"`
	Profile map[string]struct {
		Default bool   `toml:"default"`
		Email   string `toml:"email"`
		Token   string `toml:"token"`
	} `toml:"profile"`
}

// storedAuthToken is an [auth.tokens.NAME] table. For type "sso" the
// Fastly CLI keeps OAuth tokens beside the API token; they are no
// Fastly-Key and are not read.
type storedAuthToken struct {
	Type              string `toml:"type"` // static or sso
	Token             string `toml:"token"`
	APITokenExpiresAt any    `toml:"api_token_expires_at"`
}

// fastlyConfigPath is where Fastly's CLI keeps config.toml: fastly/ in the
// user config dir (~/.config on Linux, ~/Library/Application Support on
// macOS), else ~/.fastly; "" when there is none.
func (e *env) fastlyConfigPath() string {
	var candidates []string
	if dir, err := e.userConfigDir(); err == nil {
		candidates = append(candidates, filepath.Join(dir, "fastly", "config.toml"))
	}
	if home, err := e.userHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".fastly", "config.toml"))
	}
	for _, p := range candidates {
		if fileExists(p) {
			return p
		}
	}
	return ""
}

// warnIfShared warns, as ssh does of a private key, when the config that
// holds the user's API tokens may be read or changed by other users.
func (a *app) warnIfShared(path string) {
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(a.e.stderr, "fastly-tokens: warning: %s holds API keys and other users may read it (mode %04o); run 'chmod 600 %s'\n",
			safetext.Escape(path), info.Mode().Perm(), safetext.Escape(path))
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// storedKey is the token Fastly's CLI stored: the profile --profile names,
// else the default ([auth] default, else a [profile.NAME] with default =
// true). None is no key, which the commands report.
func (a *app) storedKey(ctx context.Context) (keySource, error) {
	profile, _, err := a.setting("profile", a.g.profile)
	if err != nil {
		return keySource{}, err
	}
	path := a.e.fastlyConfigPath()
	if path == "" {
		if profile != "" {
			return keySource{}, usagef("--profile %s: Fastly's CLI has stored no tokens here (run 'fastly auth login')", safetext.Escape(profile))
		}
		return keySource{}, nil
	}
	b, err := a.e.readSmallFile(ctx, path, maxConfigFileBytes)
	if err != nil {
		return keySource{}, usagef("Fastly CLI's config: %v; fix it, or pass --token-file", err)
	}
	a.warnIfShared(path)
	var cfg fastlyConfig
	if _, err := toml.Decode(string(b), &cfg); err != nil {
		// Not the parser's text: it quotes what it choked on, which may be
		// a token written without quotes.
		where := ""
		var pe toml.ParseError
		if errors.As(err, &pe) {
			where = fmt.Sprintf(" (line %d)", pe.Position.Line)
		}
		return keySource{}, usagef("Fastly CLI's %s cannot be read as TOML%s: fix it, or pass --token-file", path, where)
	}
	name := profile
	if name == "" {
		name = cfg.Auth.Default
	}
	if t, ok := cfg.Auth.Tokens[name]; ok && name != "" {
		return a.storedAuthKey(path, name, t)
	}
	if profile == "" && name != "" {
		return keySource{}, usagef("Fastly CLI's %s names the default token %s, which it does not hold: run 'fastly auth login', or pass --profile", path, safetext.Escape(name))
	}
	for _, n := range slices.Sorted(maps.Keys(cfg.Profile)) { // the first default, the same every run
		p := cfg.Profile[n]
		if (profile == "" && p.Default) || (profile != "" && n == profile) {
			if strings.TrimSpace(p.Token) == "" {
				return keySource{}, usagef("Fastly CLI profile %s in %s has no token", safetext.Escape(n), path)
			}
			return keySource{key: strings.TrimSpace(p.Token), from: fmt.Sprintf("Fastly CLI profile %s (%s)", n, path)}, nil
		}
	}
	if profile != "" {
		return keySource{}, usagef("--profile: no profile %s in %s", safetext.Escape(profile), path)
	}
	return keySource{}, nil
}

func (a *app) storedAuthKey(path, name string, t storedAuthToken) (keySource, error) {
	login := "fastly auth login"
	if t.Type == "sso" {
		login = "fastly auth login --sso --token " + safetext.Escape(name)
	}
	if strings.TrimSpace(t.Token) == "" {
		return keySource{}, &authError{msg: fmt.Sprintf("Fastly CLI's token %s in %s has no API token: run '%s'", safetext.Escape(name), path, login)}
	}
	if at, ok := configTime(t.APITokenExpiresAt); ok && !at.After(a.e.now()) {
		return keySource{}, &authError{msg: fmt.Sprintf("Fastly CLI's token %s expired at %s: run '%s'",
			safetext.Escape(name), at.UTC().Format(time.RFC3339), login)}
	}
	return keySource{key: strings.TrimSpace(t.Token), from: fmt.Sprintf("Fastly CLI token %s (%s)", name, path)}, nil
}

// configTime reads a time Fastly's CLI stored: a TOML date-time, RFC 3339
// text or Unix seconds.
func configTime(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		t, err := time.Parse(time.RFC3339, v)
		return t, err == nil
	case int64:
		return time.Unix(v, 0), v > 0
	}
	return time.Time{}, false
}

// authError is a problem with the key itself, reported with exit code 3.
type authError struct{ msg string }

func (e *authError) Error() string { return e.msg }
