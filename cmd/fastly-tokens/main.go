// Command fastly-tokens manages Fastly API tokens: list, get, whoami,
// create, revoke, revoke-current, rotate and audit. Run it with --demo to
// try it against an in-memory API with no credentials, or `fastly-tokens
// demo` for a scripted tour.
//
// Exit codes: 0 success, 1 API or other error, 2 bad usage or input,
// 3 authentication (401, 403, two-factor required), 4 not found,
// 5 rate limited.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
