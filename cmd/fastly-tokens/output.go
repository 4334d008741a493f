package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// relative writes t as people read it: "in 5d", "3h ago", "never".
func relative(t, now time.Time, never string) string {
	if t.IsZero() {
		return never
	}
	d := t.Sub(now).Round(time.Second)
	if d == 0 {
		return "just now"
	}
	if d > 0 {
		return "in " + short(d)
	}
	return short(-d) + " ago"
}

func short(d time.Duration) string {
	const day, year = 24 * time.Hour, 365 * 24 * time.Hour
	in := func(unit time.Duration) int { return int((d + unit/2) / unit) } // nearest whole unit
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", in(time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", in(time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", in(time.Hour))
	case d < 2*year:
		return fmt.Sprintf("%dd", in(day))
	}
	return fmt.Sprintf("%dy", in(year))
}

// writeTable prints tokens in aligned columns.
func writeTable(w io.Writer, tokens []facade.Token, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tSERVICES\tCREATED\tLAST USED\tEXPIRES")
	for _, t := range tokens {
		services := "all"
		if len(t.Services) > 0 {
			services = strings.Join(t.Services, ",")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, orDash(t.Name), orDash(t.Scopes.String()), services,
			relative(t.CreatedAt, now, "-"), relative(t.LastUsedAt, now, "never"), relative(t.ExpiresAt, now, "never"))
	}
	return tw.Flush()
}

// writeDetail prints one token as aligned "key: value" lines.
func writeDetail(w io.Writer, t facade.Token, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	services := "all"
	if len(t.Services) > 0 {
		services = strings.Join(t.Services, ", ")
	}
	rows := [][2]string{
		{"ID", t.ID}, {"Name", orDash(t.Name)}, {"User", t.UserID}, {"Customer", orDash(t.CustomerID)},
		{"Scope", orDash(t.Scopes.String())}, {"Services", services},
		{"Created", stamp(t.CreatedAt, now, "-")}, {"Last used", stamp(t.LastUsedAt, now, "never")},
		{"Expires", stamp(t.ExpiresAt, now, "never")},
	}
	if t.IP != "" {
		rows = append(rows, [2]string{"Last IP", t.IP})
	}
	if t.UserAgent != "" {
		rows = append(rows, [2]string{"Last client", t.UserAgent})
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s:\t%s\n", r[0], r[1])
	}
	return tw.Flush()
}

func stamp(t, now time.Time, never string) string {
	if t.IsZero() {
		return never
	}
	return t.UTC().Format(time.RFC3339) + " (" + relative(t, now, never) + ")"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
