package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// flagged are the tokens of one kind that need attention.
type flagged[T any] struct {
	Expiring            []T `json:"expiring"`
	Unused              []T `json:"unused"`
	GlobalWithoutExpiry []T `json:"global_without_expiry"`
}

// auditReport groups tokens that need attention.
type auditReport struct {
	flagged[facade.Token]
	// LeftOut are the Fastly web app's session tokens: no token anyone
	// created, and not one to audit as one.
	LeftOut []facade.Token `json:"left_out_web_sessions"`
	// Automation is the audit of the customer's automation tokens, with
	// --customer.
	Automation *flagged[facade.ListedAutomationToken] `json:"automation,omitempty"`
}

// auditFacts is what the audit reads of a token of either kind.
type auditFacts struct {
	expiresWithin bool // within the --expiring-within window
	lastSeen      time.Time
	global        bool
	expires       bool
}

// classify applies the audit's three rules to tokens of one kind. A token
// never used counts as last seen when it was created.
func classify[T any](tokens []T, now time.Time, unusedFor time.Duration, facts func(T) auditFacts) flagged[T] {
	f := flagged[T]{Expiring: []T{}, Unused: []T{}, GlobalWithoutExpiry: []T{}}
	for _, t := range tokens {
		a := facts(t)
		if a.expiresWithin {
			f.Expiring = append(f.Expiring, t)
		}
		if a.lastSeen.Before(now.Add(-unusedFor)) {
			f.Unused = append(f.Unused, t)
		}
		if a.global && !a.expires {
			f.GlobalWithoutExpiry = append(f.GlobalWithoutExpiry, t)
		}
	}
	return f
}

func lastSeen(lastUsed, created time.Time) time.Time {
	if lastUsed.IsZero() {
		return created
	}
	return lastUsed
}

func auditAutomation(tokens []facade.ListedAutomationToken, now time.Time, expiringWithin, unusedFor time.Duration) *flagged[facade.ListedAutomationToken] {
	f := classify(tokens, now, unusedFor, func(t facade.ListedAutomationToken) auditFacts {
		return auditFacts{expiresWithin: t.ExpiresWithin(now, expiringWithin), lastSeen: lastSeen(t.LastUsedAt.Time, t.CreatedAt.Time),
			global: wire.Scopes(t.Scopes).Has(string(gen.ScopeGlobal)), expires: t.Expires()}
	})
	return &f
}

// findings lists the ids of the tokens that need attention, each once.
func (r auditReport) findings() []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, group := range [][]facade.Token{r.Expiring, r.Unused, r.GlobalWithoutExpiry} {
		for _, t := range group {
			add(t.ID)
		}
	}
	if r.Automation != nil {
		for _, group := range [][]facade.ListedAutomationToken{r.Automation.Expiring, r.Automation.Unused, r.Automation.GlobalWithoutExpiry} {
			for _, t := range group {
				add(t.ID)
			}
		}
	}
	return out
}

func audit(all []facade.Token, now time.Time, expiringWithin, unusedFor time.Duration) auditReport {
	r := auditReport{LeftOut: []facade.Token{}}
	var tokens []facade.Token
	for _, t := range all {
		if t.IsWebSession() {
			r.LeftOut = append(r.LeftOut, t)
			continue
		}
		tokens = append(tokens, t)
	}
	r.flagged = classify(tokens, now, unusedFor, func(t facade.Token) auditFacts {
		return auditFacts{expiresWithin: t.ExpiresWithin(now, expiringWithin), lastSeen: lastSeen(t.LastUsedAt.Time, t.CreatedAt.Time),
			global: t.ScopeList().Has(string(gen.ScopeGlobal)), expires: t.Expires()}
	})
	return r
}

// auditOptions are audit's: whose tokens, the two windows, and whether
// a finding fails the run.
type auditOptions struct {
	base
	customer         string
	expiring, unused time.Duration
	fail             bool
}

// NewCmdAudit is `audit`.
func NewCmdAudit(a *app, runF func(*auditOptions) error) *cobra.Command {
	opts := &auditOptions{base: base{app: a}}
	cmd := command(opts, runF, auditRun, cobra.Command{
		Use:   "audit",
		Short: "Find tokens expiring soon, unused for long, or global without expiry",
		Long: `Audit your tokens, or with --customer a customer's, its automation tokens
included: which expire soon, which have not been used for long (or ever),
which have the global scope and no expiry. The Fastly web app's session token
is left out, and said so.

With --fail the command exits 7 when it finds anything, for CI to gate on;
-o json gives the findings by kind, -o ids their ids.`,
		Example: `  fastly-tokens audit
  fastly-tokens audit --customer x4xCwxxJxGCx123Rx5xTx --unused-for 30d --fail -o json`,
		Args: noArgs})
	customerFlag(cmd, &opts.customer, "audit the tokens of customer `ID` (superusers; else $FASTLY_CUSTOMER_ID)")
	f := cmd.Flags()
	f.Var(newDuration(&opts.expiring, 7*24*time.Hour), "expiring-within", "flag tokens expiring within this `duration`")
	f.Var(newDuration(&opts.unused, 90*24*time.Hour), "unused-for", "flag tokens unused (or never used) for this `duration`")
	f.BoolVar(&opts.fail, "fail", false, "exit 7 when anything is found")
	return cmd
}

func auditRun(o *auditOptions) error {
	return o.withClient(func(c *facade.Client) error {
		tokens, customer, err := o.listTokens(c, o.customer)
		if err != nil {
			return err
		}
		out := o.out()
		r := audit(tokens, out.now, o.expiring, o.unused)
		if customer != "" {
			automation, _, err := c.ListAutomationTokens(o.ctx)
			if err != nil {
				return err
			}
			r.Automation = auditAutomation(automation, out.now, o.expiring, o.unused)
		}
		if err := o.printAudit(out, r, o.expiring, o.unused); err != nil {
			return err
		}
		if n := len(r.findings()); o.fail && n > 0 {
			return &findingsError{n: n}
		}
		return nil
	})
}

func (a *app) printAudit(o output, r auditReport, expiring, unused time.Duration) error {
	w := a.e.stdout
	switch o.format {
	case "json":
		return writeJSON(w, r)
	case "ids":
		for _, id := range r.findings() {
			fmt.Fprintln(w, safetext.Escape(id))
		}
		return nil
	}
	for _, t := range r.LeftOut {
		fmt.Fprintf(w, "Left out: %s, the Fastly web app's session token, is no token anyone created.\n\n", safetext.Escape(t.ID))
	}
	sections := []struct {
		title  string
		tokens []facade.Token
	}{
		{fmt.Sprintf("Expiring within %s", (&durationValue{d: &expiring}).String()), r.Expiring},
		{fmt.Sprintf("Unused for %s or more", (&durationValue{d: &unused}).String()), r.Unused},
		{"Global scope without expiry", r.GlobalWithoutExpiry},
	}
	for i, sec := range sections {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s: %d\n", sec.title, len(sec.tokens))
		if len(sec.tokens) > 0 {
			if err := o.tokens(w, sec.tokens, true); err != nil {
				return err
			}
		}
	}
	if ar := r.Automation; ar != nil {
		automation := []struct {
			title  string
			tokens []facade.ListedAutomationToken
		}{
			{sections[0].title, ar.Expiring}, {sections[1].title, ar.Unused}, {sections[2].title, ar.GlobalWithoutExpiry},
		}
		for _, sec := range automation {
			fmt.Fprintf(w, "\nAutomation tokens, %s: %d\n", strings.ToLower(sec.title[:1])+sec.title[1:], len(sec.tokens))
			if len(sec.tokens) > 0 {
				if err := o.automationTokens(w, sec.tokens); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
