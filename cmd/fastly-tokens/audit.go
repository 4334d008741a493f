package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

// auditReport groups tokens that need attention.
type auditReport struct {
	Expiring            []facade.Token
	Unused              []facade.Token
	GlobalWithoutExpiry []facade.Token
	// LeftOut are the Fastly web app's session tokens: no token anyone
	// created, and not one to audit as one.
	LeftOut []facade.Token
}

func audit(all []facade.Token, now time.Time, expiringWithin, unusedFor time.Duration) auditReport {
	var r auditReport
	var tokens []facade.Token
	for _, t := range all {
		if t.IsWebSession() {
			r.LeftOut = append(r.LeftOut, t)
			continue
		}
		tokens = append(tokens, t)
	}
	r.Expiring = facade.ExpiringWithin(tokens, now, expiringWithin)
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

func runAudit(ctx context.Context, e *env, args []string) error {
	var c common
	var customer, expiring, unused string
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	c.register(fs)
	fs.StringVar(&customer, "customer", "", "audit the tokens of customer `ID`")
	fs.StringVar(&expiring, "expiring-within", "7d", "flag tokens expiring within this `duration`")
	fs.StringVar(&unused, "unused-for", "90d", "flag tokens unused (or never used) for this `duration`")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("audit takes no arguments")
	}
	within, err := parseDuration("--expiring-within", expiring)
	if err != nil {
		return err
	}
	idle, err := parseDuration("--unused-for", unused)
	if err != nil {
		return err
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	tokens, err := listTokens(ctx, client, customer)
	if err != nil {
		return err
	}
	now := e.now()
	r := audit(tokens, now, within, idle)
	if c.json {
		orEmpty := func(ts []facade.Token) []facade.Token {
			if ts == nil {
				return []facade.Token{}
			}
			return ts
		}
		return writeJSON(e.stdout, map[string][]facade.Token{
			"expiring": orEmpty(r.Expiring), "unused": orEmpty(r.Unused), "global_without_expiry": orEmpty(r.GlobalWithoutExpiry),
			"left_out_web_sessions": orEmpty(r.LeftOut),
		})
	}
	sections := []struct {
		title  string
		tokens []facade.Token
	}{
		{fmt.Sprintf("Expiring within %s", expiring), r.Expiring},
		{fmt.Sprintf("Unused for %s or more", unused), r.Unused},
		{"Global scope without expiry", r.GlobalWithoutExpiry},
	}
	for _, t := range r.LeftOut {
		fmt.Fprintf(e.stdout, "Left out: %s, the Fastly web app's session token (%s), is no token anyone created.\n\n", t.ID, t.Name)
	}
	for i, sec := range sections {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		fmt.Fprintf(e.stdout, "%s: %d\n", sec.title, len(sec.tokens))
		if len(sec.tokens) > 0 {
			if err := writeTable(e.stdout, sec.tokens, now); err != nil {
				return err
			}
		}
	}
	return nil
}
