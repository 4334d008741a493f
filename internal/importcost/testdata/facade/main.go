// Command facade is the hello-world of the import-cost test: it makes a
// client and lists the tokens.
package main

import (
	"context"
	"fmt"

	"github.com/seed-14d8318b/fastlytokens/facade"
)

func main() {
	c, err := facade.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	tokens, _, err := c.ListTokens(context.Background())
	fmt.Println(len(tokens), err)
}
