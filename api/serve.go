package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// policy is what an operation asks of a request before its handler runs,
// and how its errors are written.
type policy struct {
	// auth authenticates the request; s.mu is held.
	auth func(s *Server, r *http.Request) (caller, *failure)
	// write spends the account's write budget first, and every answer
	// carries the rate-limit headers, errors included (as recorded).
	write bool
	// problem writes errors in the shape of the automation-token
	// endpoints ({"title", "detail", "status", "errors"}); else Fastly's
	// legacy {"msg"}.
	problem bool
	// unmetered: the write counts, but its answer carries no rate-limit
	// headers (the recorded create-automation-token reply has none).
	unmetered bool
}

// The policies of the operations.
var (
	asReader     = policy{auth: (*Server).reader}
	asWriter     = policy{auth: (*Server).writer, write: true}
	asSuperuser  = policy{auth: (*Server).superuser, problem: true}
	anyKeyWriter = policy{auth: (*Server).resolveKey, write: true} // any token may revoke itself, a read-only one too
)

// answer is what a handler's work came to: a status and a body (nil for
// none), or a failure.
type answer struct {
	status int
	body   any
	fail   *failure
}

func ok(body any) answer                 { return answer{status: http.StatusOK, body: body} }
func noContent() answer                  { return answer{status: http.StatusNoContent} }
func failed(f *failure) answer           { return answer{fail: f} }
func fail(status int, msg string) answer { return failed(&failure{status: status, msg: msg}) }

// serve is every operation's frame: with the server's lock held it
// authenticates the caller as p says, spends the write budget (for writes:
// a refused write counts too) and runs do with the caller; then it writes
// the answer. Handlers read their bodies before, so that no slow client
// holds the lock.
func (s handlers) serve(w http.ResponseWriter, r *http.Request, p policy, do func(caller) answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := p.auth(s.Server, r)
	if p.write && !s.spendWrite(w, s.budgetOf(r, c)) {
		return
	}
	if p.unmetered {
		w.Header().Del(wire.HeaderRateLimitRemaining)
		w.Header().Del(wire.HeaderRateLimitReset)
	}
	a := failed(f)
	if f == nil {
		a = do(c)
	}
	switch {
	case a.fail != nil && p.problem:
		a.fail.writeProblem(w)
	case a.fail != nil:
		a.fail.write(w)
	case a.body == nil:
		w.WriteHeader(a.status)
	default:
		writeJSON(w, a.status, a.body)
	}
}

// failure is an error answer not yet written.
type failure struct {
	status int
	msg    string
	code   string // create-token's and sudo's "code"
}

func (f *failure) write(w http.ResponseWriter) {
	if f.code != "" {
		writeJSON(w, f.status, map[string]string{"code": f.code, "msg": f.msg})
		return
	}
	writeMsg(w, f.status, f.msg)
}

// writeProblem writes the error shape of the automation-token endpoints.
func (f *failure) writeProblem(w http.ResponseWriter) {
	title := http.StatusText(f.status)
	body := map[string]any{"title": title, "detail": f.msg, "status": f.status,
		"errors": []map[string]string{{"title": title, "detail": f.msg}}}
	if f.code != "" {
		body["code"] = f.code
	}
	writeJSON(w, f.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeMsg writes Fastly's legacy error body {"msg": …}.
func writeMsg(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"msg": msg})
}

func setRateLimit(w http.ResponseWriter, remaining int, reset time.Time) {
	w.Header().Set(wire.HeaderRateLimitRemaining, strconv.Itoa(remaining))
	w.Header().Set(wire.HeaderRateLimitReset, strconv.FormatInt(reset.Unix(), 10))
}
