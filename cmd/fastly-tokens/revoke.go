package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// revokeResult is what a revoke did with each id, as the library counted
// it, and why some were not revoked, for text and JSON.
type revokeResult struct {
	facade.BulkRevokeResult
	Error string `json:"error,omitempty"`
}

// revokeOptions are revoke's: the ids, from the arguments and --from-file.
type revokeOptions struct {
	base
	fromFile string
}

// NewCmdRevoke is `revoke ID...`.
func NewCmdRevoke(a *app, runF func(*revokeOptions) error) *cobra.Command {
	opts := &revokeOptions{base: base{app: a}}
	cmd := command(opts, runF, revokeRun, cobra.Command{
		Use:   "revoke ID...",
		Short: "Revoke tokens by id",
		Long: `Revoke one token, or many: more than one is sent in bulk, 100 ids a request.
Ids come from the arguments and from --from-file (a file, or - for stdin: ids
separated by white space, # starts a comment). Duplicates are sent once. Each
id is looked up first (one read each), so that a revoke whose answer is lost
is known done when the retry finds the token gone; ids that name no token are
reported as not found, not sent, and the others still revoked. A lookup that
fails (a 5xx) does not hold the revoke back.

Exit codes: 0 every token revoked; 4 none revoked, none found; 6 some revoked
and some not; otherwise the code of what went wrong (3 authentication, 5 rate
limited, 1 other); 130 interrupted, after reporting what was done.`,
		Example: `  fastly-tokens revoke 5Yo3XXnrQpjc20u0ybrf2g
  fastly-tokens revoke --from-file leaked-ids.txt -o json
  fastly-tokens list -o ids | grep -v "$KEEP" | fastly-tokens revoke --from-file -`})
	cmd.Flags().Var(newText(&opts.fromFile), "from-file", "read token ids from `FILE` (- for stdin)")
	return cmd
}

func revokeRun(o *revokeOptions) error {
	return o.withClient(func(c *facade.Client) error {
		ids, err := o.ids()
		if err != nil {
			return err
		}
		res, err := o.revoke(c, ids)
		if errors.Is(err, facade.ErrInvalidInput) {
			return err // refused before anything was sent
		}
		if perr := o.printRevoked(res, err); perr != nil {
			return perr
		}
		if err != nil && len(res.Revoked) > 0 {
			return &partialError{err: err}
		}
		return err
	})
}

// ids are the arguments' ids, then --from-file's. Each is checked here,
// so that a bad one is named by its place, never quoted.
func (o *revokeOptions) ids() ([]string, error) {
	ids := make([]string, 0, len(o.args))
	for i, id := range o.args {
		if !o.isTokenID(id) {
			return nil, usagef("argument %d is not a token id (%s)", i+1, wire.IDRule)
		}
		ids = append(ids, id)
	}
	if o.changed("from-file") {
		if o.fromFile == "-" && o.e.stdinTerminal {
			fmt.Fprintln(o.e.stderr, "Reading token ids from stdin, one or more a line; end with Ctrl-D.")
		}
		more, err := interruptible(o.ctx, func() ([]string, error) { return readIDs(o.e, o.fromFile, o.isTokenID) }, func() {})
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return nil, usagef("revoke needs at least one token ID (or --from-file)")
	}
	return ids, nil
}

// revoke revokes ids (the library sends each once, one id by revoke-token,
// more in bulk), with progress on stderr when it is a terminal and there
// is more than one request to make. Each id is looked up first: only a
// token known to exist is reported revoked when a lost answer's retry
// finds it gone.
func (o *revokeOptions) revoke(c *facade.Client, ids []string) (revokeResult, error) {
	opts := []facade.RevokeOption{facade.CheckFirst()}
	if o.e.stderrTerminal && len(ids) > facade.DefaultBulkChunkSize {
		opts = append(opts, facade.OnProgress(func(done, total int) {
			fmt.Fprintf(o.e.stderr, "\rrevoked %s of %s", thousands(done), thousands(total))
			if done == total {
				fmt.Fprintln(o.e.stderr)
			}
		}))
	}
	res, _, err := c.BulkRevokeTokens(o.ctx, ids, opts...)
	return revokeResult{BulkRevokeResult: res}, err
}

// printRevoked says which ids were revoked, not found and not revoked.
func (a *app) printRevoked(res revokeResult, err error) error {
	w := a.e.stdout
	switch a.out().format {
	case "json":
		if err != nil {
			res.Error = message(err)
		}
		return writeJSON(w, res)
	case "ids":
		for _, id := range res.Revoked {
			fmt.Fprintln(w, id)
		}
		return nil
	}
	section := func(title string, ids []string) {
		if len(ids) == 0 {
			return
		}
		fmt.Fprintf(w, "%s %s token(s):\n  %s\n", title, thousands(len(ids)), strings.Join(ids, "\n  "))
	}
	section("Revoked", res.Revoked)
	section("Not found:", res.NotFound)
	section("Unknown (no answer came; Fastly may have revoked them, see 'fastly-tokens list'):", res.Unknown)
	section("Not revoked:", res.Failed)
	return nil
}

// thousands writes n with thousands separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isTokenID reports whether id may be sent as a token id: an id the spec
// allows, not shaped like a secret, and not the API key in use (a key file
// given where a file of ids was meant).
func (a *app) isTokenID(id string) bool { return wire.UsableID(id) && id != a.keyInUse }

// readIDs reads ids from a file ('-': stdin), whitespace-separated; '#'
// starts a comment. A word that isID refuses (not an id, or the API key:
// a key file given by mistake) is an error naming its line, never quoting
// it.
func readIDs(e *env, path string, isID func(string) bool) ([]string, error) {
	var r io.Reader = e.stdin
	name := "stdin"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--from-file: %v", err)
		}
		defer f.Close()
		r, name = f, path
	}
	var ids []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, word := range strings.Fields(line) {
			if !isID(word) {
				return nil, usagef("--from-file: %s:%d: not a token id (%s)", safetext.Escape(name), n, wire.IDRule)
			}
			ids = append(ids, word)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("--from-file: %s: %v", safetext.Escape(name), err)
	}
	return ids, nil
}
