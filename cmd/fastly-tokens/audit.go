package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// auditReport groups tokens that need attention.
type auditReport struct {
	Expiring            []facade.Token `json:"expiring"`
	Unused              []facade.Token `json:"unused"`
	GlobalWithoutExpiry []facade.Token `json:"global_without_expiry"`
	// LeftOut are the Fastly web app's session tokens: no token anyone
	// created, and not one to audit as one.
	LeftOut []facade.Token `json:"left_out_web_sessions"`
	// Automation is the audit of the customer's automation tokens, with
	// --customer.
	Automation *automationReport `json:"automation,omitempty"`
}

// automationReport groups automation tokens that need attention.
type automationReport struct {
	Expiring            []facade.AutomationToken `json:"expiring"`
	Unused              []facade.AutomationToken `json:"unused"`
	GlobalWithoutExpiry []facade.AutomationToken `json:"global_without_expiry"`
}

func auditAutomation(tokens []facade.AutomationToken, now time.Time, expiringWithin, unusedFor time.Duration) *automationReport {
	r := &automationReport{Expiring: []facade.AutomationToken{}, Unused: []facade.AutomationToken{}, GlobalWithoutExpiry: []facade.AutomationToken{}}
	for _, t := range tokens {
		if t.Expires() && t.ExpiresAt.After(now) && !t.ExpiresAt.After(now.Add(expiringWithin)) {
			r.Expiring = append(r.Expiring, t)
		}
		lastSeen := t.LastUsedAt
		if lastSeen.IsZero() {
			lastSeen = t.CreatedAt
		}
		if lastSeen.Before(now.Add(-unusedFor)) {
			r.Unused = append(r.Unused, t)
		}
		if t.Scopes.Has(facade.ScopeGlobal) && !t.Expires() {
			r.GlobalWithoutExpiry = append(r.GlobalWithoutExpiry, t)
		}
	}
	return r
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
		for _, group := range [][]facade.AutomationToken{r.Automation.Expiring, r.Automation.Unused, r.Automation.GlobalWithoutExpiry} {
			for _, t := range group {
				add(t.ID)
			}
		}
	}
	return out
}

func audit(all []facade.Token, now time.Time, expiringWithin, unusedFor time.Duration) auditReport {
	r := auditReport{Expiring: []facade.Token{}, Unused: []facade.Token{}, GlobalWithoutExpiry: []facade.Token{}, LeftOut: []facade.Token{}}
	var tokens []facade.Token
	for _, t := range all {
		if t.IsWebSession() {
			r.LeftOut = append(r.LeftOut, t)
			continue
		}
		tokens = append(tokens, t)
	}
	r.Expiring = append(r.Expiring, facade.ExpiringWithin(tokens, now, expiringWithin)...)
	for _, t := range tokens {
		lastSeen := t.LastUsedAt
		if lastSeen.IsZero() {
			lastSeen = t.CreatedAt
		}
		if lastSeen.Before(now.Add(-unusedFor)) {
			r.Unused = append(r.Unused, t)
		}
		if t.Scopes.Has(facade.ScopeGlobal) && !t.Expires() {
			r.GlobalWithoutExpiry = append(r.GlobalWithoutExpiry, t)
		}
	}
	return r
}

func newAudit(a *app) *cobra.Command {
	var customer string
	var expiring, unused time.Duration
	var fail bool
	cmd := &cobra.Command{
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
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, _ []string) error {
			tokens, err := listTokens(cmd, c, customer)
			if err != nil {
				return err
			}
			o := a.out()
			r := audit(tokens, o.now, expiring, unused)
			if customer != "" {
				automation, err := allAutomationTokens(cmd, c)
				if err != nil {
					return err
				}
				r.Automation = auditAutomation(automation, o.now, expiring, unused)
			}
			if err := a.printAudit(o, r, expiring, unused); err != nil {
				return err
			}
			if n := len(r.findings()); fail && n > 0 {
				return &findingsError{n: n}
			}
			return nil
		}),
	}
	f := cmd.Flags()
	f.Var(newText(&customer), "customer", "audit the tokens of customer `ID` (superusers)")
	f.Var(newDuration(&expiring, 7*24*time.Hour), "expiring-within", "flag tokens expiring within this `duration`")
	f.Var(newDuration(&unused, 90*24*time.Hour), "unused-for", "flag tokens unused (or never used) for this `duration`")
	f.BoolVar(&fail, "fail", false, "exit 7 when anything is found")
	return cmd
}

func (a *app) printAudit(o output, r auditReport, expiring, unused time.Duration) error {
	w := a.e.stdout
	switch o.format {
	case "json":
		return writeJSON(w, r)
	case "ids":
		for _, id := range r.findings() {
			fmt.Fprintln(w, safe(id))
		}
		return nil
	}
	for _, t := range r.LeftOut {
		fmt.Fprintf(w, "Left out: %s, the Fastly web app's session token, is no token anyone created.\n\n", safe(t.ID))
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
			if err := o.tokens(w, sec.tokens); err != nil {
				return err
			}
		}
	}
	if ar := r.Automation; ar != nil {
		automation := []struct {
			title  string
			tokens []facade.AutomationToken
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
