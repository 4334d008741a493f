// Command fastly-tokens manages Fastly API tokens: list, get, whoami,
// create, revoke, revoke-current, rotate and audit them, manage automation
// tokens (automation list|get|create|services|workspaces|roles) and revoke
// a leaked token
// from its secret (revoke-secret); serve runs an in-memory Fastly API for
// tests and demo tours it. Run any command with
// --demo to try it against the in-memory API with no credentials, and
// `fastly-tokens help` for the rest.
//
// Exit codes: 0 success; 1 an API or other error; 2 bad usage or input;
// 3 authentication (401, 403, two-factor, sudo, no key); 4 not found;
// 5 rate limited; 6 partial success (some tokens revoked, some not);
// 7 audit --fail found something; 130 interrupted.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv))
}
