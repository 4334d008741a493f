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

// revokeResult is what a revoke did with each id, for text and JSON.
type revokeResult struct {
	Revoked  []string `json:"revoked"`
	NotFound []string `json:"not_found"`
	// Unknown are ids whose request got no answer: Fastly may have
	// revoked them.
	Unknown []string `json:"unknown"`
	Failed  []string `json:"failed"`
	Error   string   `json:"error,omitempty"`
}

func newRevoke(a *app) *cobra.Command {
	var fromFile string
	cmd := &cobra.Command{
		Use:   "revoke ID...",
		Short: "Revoke tokens by id",
		Long: `Revoke one token, or many: more than one is sent in bulk, 100 ids a request.
Ids come from the arguments and from --from-file (a file, or - for stdin: ids
separated by white space, # starts a comment). Duplicates are sent once. Ids
that name no token are reported as not found and the others still revoked.

Exit codes: 0 every token revoked; 4 none revoked, none found; 6 some revoked
and some not; otherwise the code of what went wrong (3 authentication, 5 rate
limited, 1 other); 130 interrupted, after reporting what was done.`,
		Example: `  fastly-tokens revoke 5Yo3XXnrQpjc20u0ybrf2g
  fastly-tokens revoke --from-file leaked-ids.txt -o json
  fastly-tokens list -o ids | grep -v "$KEEP" | fastly-tokens revoke --from-file -`,
		RunE: a.withClient(func(cmd *cobra.Command, c *facade.Client, args []string) error {
			ids := make([]string, 0, len(args))
			for i, id := range args {
				if !a.isTokenID(id) {
					return usagef("argument %d is not a token id (letters and digits, at most 64)", i+1)
				}
				ids = append(ids, id)
			}
			if cmd.Flags().Changed("from-file") {
				if fromFile == "-" && a.e.stdinTerminal {
					fmt.Fprintln(a.e.stderr, "Reading token ids from stdin, one or more a line; end with Ctrl-D.")
				}
				more, err := interruptible(cmd.Context(), func() ([]string, error) { return readIDs(a.e, fromFile, a.isTokenID) }, func() {})
				if err != nil {
					return err
				}
				ids = append(ids, more...)
			}
			ids = unique(ids)
			if len(ids) == 0 {
				return usagef("revoke needs at least one token ID (or --from-file)")
			}
			res, err := a.revoke(cmd, c, ids)
			if errors.Is(err, facade.ErrInvalidInput) {
				return err // refused before anything was sent
			}
			if perr := a.printRevoked(res, err); perr != nil {
				return perr
			}
			if err != nil && len(res.Revoked) > 0 {
				return &partialError{err: err}
			}
			return err
		}),
	}
	cmd.Flags().Var(newText(&fromFile), "from-file", "read token ids from `FILE` (- for stdin)")
	return cmd
}

func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// revoke revokes ids, one by revoke-token, more in bulk, with progress on
// stderr when it is a terminal and there is more than one request to make.
func (a *app) revoke(cmd *cobra.Command, c *facade.Client, ids []string) (revokeResult, error) {
	res := revokeResult{Revoked: []string{}, NotFound: []string{}, Unknown: []string{}, Failed: []string{}}
	// Each id is looked up first: only a token known to exist is reported
	// revoked when a lost answer's retry finds it gone.
	opts := []facade.RevokeOption{facade.CheckFirst()}
	if len(ids) == 1 {
		_, err := c.RevokeToken(cmd.Context(), ids[0], opts...)
		switch {
		case err == nil:
			res.Revoked = ids
		case facade.MayHaveActed(err):
			res.Unknown = ids // no answer, a server error, an answer that proves nothing: it may have been revoked
		case errors.Is(err, facade.ErrNotFound):
			res.NotFound = ids
		default:
			res.Failed = ids
		}
		return res, err
	}
	if a.e.stderrTerminal && len(ids) > facade.DefaultBulkChunkSize {
		opts = append(opts, facade.OnProgress(func(done, total int) {
			fmt.Fprintf(a.e.stderr, "\rrevoked %s of %s", thousands(done), thousands(total))
			if done == total {
				fmt.Fprintln(a.e.stderr)
			}
		}))
	}
	_, err := c.BulkRevokeTokens(cmd.Context(), ids, opts...)
	var be *facade.BulkRevokeError
	switch {
	case err == nil:
		res.Revoked = ids
	case errors.As(err, &be):
		res.Revoked = append(res.Revoked, be.Revoked...)
		res.NotFound = append(res.NotFound, be.NotFound...)
		res.Unknown = append(res.Unknown, be.Unknown...)
		res.Failed = append(res.Failed, be.Failed...)
	default:
		res.Failed = ids
	}
	return res, err
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
				return nil, usagef("--from-file: %s:%d: not a token id (letters and digits, at most 64)", safetext.Escape(name), n)
			}
			ids = append(ids, word)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, usagef("--from-file: %s: %v", safetext.Escape(name), err)
	}
	return ids, nil
}
