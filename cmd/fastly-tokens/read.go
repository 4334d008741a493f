package main

import (
	"context"
	"flag"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func runList(ctx context.Context, e *env, args []string) error {
	var c common
	var customer string
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	c.register(fs)
	fs.StringVar(&customer, "customer", "", "list the tokens of customer `ID`")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("list takes no arguments")
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
	return printTokens(e, &c, tokens)
}

// listTokens lists a customer's tokens when customer is set, else the user's.
func listTokens(ctx context.Context, client *facade.Client, customer string) ([]facade.Token, error) {
	var tokens []facade.Token
	var err error
	if customer != "" {
		tokens, _, err = client.ListCustomerTokens(ctx, customer)
	} else {
		tokens, _, err = client.ListTokens(ctx)
	}
	return tokens, err
}

func printTokens(e *env, c *common, tokens []facade.Token) error {
	if c.json {
		if tokens == nil {
			tokens = []facade.Token{}
		}
		return writeJSON(e.stdout, tokens)
	}
	return writeTable(e.stdout, tokens, e.now())
}

func printToken(e *env, c *common, t facade.Token) error {
	if c.json {
		return writeJSON(e.stdout, t)
	}
	return writeDetail(e.stdout, t, e.now())
}

func runGet(ctx context.Context, e *env, args []string) error {
	var c common
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	c.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("get takes exactly one token ID")
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	t, _, err := client.GetToken(ctx, rest[0])
	if err != nil {
		return err
	}
	return printToken(e, &c, *t)
}

func runWhoami(ctx context.Context, e *env, args []string) error {
	var c common
	fs := flag.NewFlagSet("whoami", flag.ContinueOnError)
	c.register(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("whoami takes no arguments")
	}
	client, ctx, done, err := c.open(ctx, e)
	if err != nil {
		return err
	}
	defer done()
	t, _, err := client.CurrentToken(ctx)
	if err != nil {
		return err
	}
	return printToken(e, &c, *t)
}
