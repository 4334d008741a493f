package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
	"github.com/spf13/pflag"
)

// durationValue is a duration flag that takes Go durations (90m, 12h) and
// whole days (30d), and says what to do with a bare number.
type durationValue struct{ d *time.Duration }

func newDuration(d *time.Duration, def time.Duration) *durationValue {
	*d = def
	return &durationValue{d: d}
}

func (v *durationValue) Set(s string) error {
	d, err := parseDuration(s)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

func (v *durationValue) String() string {
	if v.d == nil {
		return ""
	}
	if *v.d == 0 {
		return "0" // pflag's zero, so that help shows the usage's own default only
	}
	if *v.d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", *v.d/(24*time.Hour))
	}
	return v.d.String()
}

func (*durationValue) Type() string { return "duration" }

// parseDuration reads 30d, 12h, 90m, 45s; never a negative or empty one.
func parseDuration(s string) (time.Duration, error) {
	switch {
	case s == "":
		return 0, fmt.Errorf("is empty; give a duration like 30d or 12h")
	case isNumber(s):
		return 0, fmt.Errorf("%q has no unit: did you mean %ss or %sd?", s, s, s)
	}
	if days, ok := strings.CutSuffix(s, "d"); ok && isNumber(days) {
		n, err := strconv.Atoi(days)
		if err != nil || n > 100*365 {
			return 0, fmt.Errorf("%q is too long; at most 36500d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration like 30d, 12h or 90m", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// textValue is a string flag that refuses an empty value: an empty --scope
// or --customer must not quietly mean the default.
type textValue struct{ s *string }

func newText(s *string) *textValue { return &textValue{s: s} }

func (v *textValue) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("is empty")
	}
	*v.s = s
	return nil
}

func (v *textValue) String() string {
	if v.s == nil {
		return ""
	}
	return *v.s
}

func (*textValue) Type() string { return "string" }

// listValue is a repeatable flag that also takes comma-separated values;
// empty values are refused, and so are values not in allowed, when set.
type listValue struct {
	list    *[]string
	kind    string
	allowed []string
}

func (v *listValue) Set(s string) error {
	parts := strings.Split(s, ",")
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return fmt.Errorf("has an empty %s", v.kind)
		}
		if v.allowed != nil && !slices.Contains(v.allowed, p) {
			return fmt.Errorf("%q is not a %s Fastly knows: want one of %s", p, v.kind, strings.Join(v.allowed, ", "))
		}
		*v.list = append(*v.list, p)
	}
	return nil
}

func (v *listValue) String() string {
	if v.list == nil {
		return ""
	}
	return strings.Join(*v.list, ",")
}

func (*listValue) Type() string { return "strings" }

var _ pflag.Value = (*listValue)(nil)

// scopeFlag adds --scope, which takes the scopes Fastly documents only: a
// typo is refused before any request or password prompt.
func scopeFlag(f *pflag.FlagSet, scopes *[]string) {
	var known []string
	for _, s := range gen.ScopeValues() {
		known = append(known, string(s))
	}
	f.Var(&listValue{list: scopes, kind: "scope", allowed: known}, "scope",
		fmt.Sprintf("a `scope`: %s (repeat or comma-separate; default %s)", strings.Join(known, ", "), gen.ScopeGlobal))
}

// checkOTP refuses a one-time password that is not one (wire.ValidOTP),
// from the flag or a prompt, before it is sent, naming where it came from.
func checkOTP(otp, from string) error {
	if otp != "" && !wire.ValidOTP(otp) {
		return usagef("%s: a one-time password is the digits an authenticator shows", from)
	}
	return nil
}

// outputValue is -o: table, json or ids.
type outputValue struct{ s *string }

func (v *outputValue) Set(s string) error {
	switch s {
	case "table", "json", "ids":
		*v.s = s
		return nil
	}
	return fmt.Errorf("%q is not one of table, json, ids", s)
}

func (v *outputValue) String() string { return *v.s }

func (*outputValue) Type() string { return "format" }
