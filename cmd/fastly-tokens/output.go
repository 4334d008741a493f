package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// output is how a command prints: a table (or key: value lines for one
// token), JSON, or ids one per line.
type output struct {
	format    string // table, json or ids
	noHeaders bool
	width     int // fit tables to this many columns; 0 leaves them as wide as they are
	now       time.Time
}

func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(safetext.JSON(b.Bytes()))
	return err
}

// tokens prints tokens; withUser adds a USER column (the owner's user id),
// for lists of a whole customer's tokens.
func (o output) tokens(w io.Writer, tokens []facade.Token, withUser bool) error {
	header, flexible := []string{"ID", "NAME", "SCOPE", "SERVICES", "CREATED", "LAST USED", "EXPIRES"}, []int{1, 3, 2}
	if withUser {
		header, flexible = append([]string{"ID", "USER"}, header[1:]...), []int{2, 4, 3}
	}
	return printList(o, w, tokens, func(t facade.Token) string { return t.ID }, header, flexible,
		func(t facade.Token) []string {
			row := []string{t.ID, orDash(t.Name), orDash(t.Scope), servicesCell(t.Services, ","),
				relative(t.CreatedAt.Time, o.now, "-"), relative(t.LastUsedAt.Time, o.now, "never"), relative(t.ExpiresAt.Time, o.now, "never")}
			if withUser {
				row = append([]string{t.ID, orDash(t.UserID)}, row[1:]...)
			}
			return row
		})
}

// printList prints items as a JSON list (never null), their ids one a
// line, or a table with header, a row per item; flexible is as for table.
func printList[T any](o output, w io.Writer, items []T, id func(T) string, header []string, flexible []int, row func(T) []string) error {
	switch o.format {
	case "json":
		if items == nil {
			items = []T{}
		}
		return writeJSON(w, items)
	case "ids":
		for _, it := range items {
			fmt.Fprintln(w, safetext.Escape(id(it)))
		}
		return nil
	}
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		rows = append(rows, row(it))
	}
	return o.table(w, header, rows, flexible)
}

// servicesCell shows a token's services, "all" when it has none.
func servicesCell(services []string, sep string) string {
	if len(services) == 0 {
		return "all"
	}
	return strings.Join(services, sep)
}

// table prints rows in aligned columns, every cell made safe. When width
// is set and the table is wider, the flexible columns (by index, widest
// first) are cut with "…".
func (o output) table(w io.Writer, header []string, rows [][]string, flexible []int) error {
	widths := make([]int, len(header))
	cells := make([][]string, 0, len(rows)+1)
	if !o.noHeaders {
		cells = append(cells, header)
	}
	for _, r := range rows {
		safeRow := make([]string, len(r))
		for i, c := range r {
			safeRow[i] = safetext.Escape(c)
		}
		cells = append(cells, safeRow)
	}
	for _, r := range cells {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	fit(widths, flexible, o.width, 2)
	var b strings.Builder
	for _, r := range cells {
		b.Reset()
		for i, c := range r {
			c = cut(c, widths[i])
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// minColumn is the narrowest a flexible column is cut to.
const minColumn = 8

// fit narrows the flexible columns, the widest first, until the row fits
// in width (gap spaces between columns), or none can shrink.
func fit(widths, flexible []int, width, gap int) {
	if width <= 0 {
		return
	}
	total := func() int {
		n := gap * (len(widths) - 1)
		for _, w := range widths {
			n += w
		}
		return n
	}
	for total() > width {
		widest := -1
		for _, i := range flexible {
			if widths[i] > minColumn && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			return
		}
		widths[widest]--
	}
}

// cut shortens s to n runes, ending in "…" when it was longer.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

// token prints one token: details, JSON, or its id.
func (o output) token(w io.Writer, t facade.Token) error {
	switch o.format {
	case "json":
		return writeJSON(w, t)
	case "ids":
		_, err := fmt.Fprintln(w, safetext.Escape(t.ID))
		return err
	}
	var note []string
	if t.IsWebSession() {
		note = []string{"Note:", "the Fastly web app's session token"}
	}
	return o.detail(w, t, note)
}

// relative writes t as people read it: "in 5d", "3h ago", "never".
func relative(t, now time.Time, never string) string {
	if t.IsZero() {
		return never
	}
	if d := t.Sub(now); d < time.Second && d > -time.Second {
		return "just now"
	}
	if t.After(now) {
		return "in " + span(now, t)
	}
	return span(t, now) + " ago"
}

// span is the time from a to b (a before b), short: 45s, 12m, 30h, 20d,
// 3y. Years are counted on the calendar, so that no span overflows.
func span(a, b time.Time) string {
	const day = 24 * time.Hour
	if years := calendarYears(a, b); years >= 2 {
		return fmt.Sprintf("%dy", years)
	}
	d := b.Sub(a).Round(time.Second)
	in := func(unit time.Duration) int64 { return int64((d + unit/2) / unit) } // nearest whole unit
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", in(time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", in(time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", in(time.Hour))
	}
	return fmt.Sprintf("%dd", in(day))
}

// calendarYears counts the whole years from a to b.
func calendarYears(a, b time.Time) int {
	a, b = a.UTC(), b.UTC()
	years := b.Year() - a.Year()
	before := func(x, y time.Time) bool { // x's date and time of year come before y's
		if x.Month() != y.Month() {
			return x.Month() < y.Month()
		}
		if x.Day() != y.Day() {
			return x.Day() < y.Day()
		}
		hx, mx, sx := x.Clock()
		hy, my, sy := y.Clock()
		return hx*3600+mx*60+sx < hy*3600+my*60+sy
	}
	if before(b, a) {
		years--
	}
	return years
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
