package facade

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const testKey = "test-key-0123456789abcdefghijklmn"

// fake is a loopback server answering with handler, counting requests.
type fake struct {
	*httptest.Server
	requests atomic.Int32
}

func newFake(t testing.TB, handler http.HandlerFunc) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		handler(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// client makes a Client for f whose retries wait on a fake clock, so that
// no test sleeps.
func (f *fake) client(t testing.TB, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithBaseURL(f.URL), WithToken(testKey), withClock(newFakeClock())}
	c, err := New(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func respond(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// fakeClock is the retry transport's time in tests: sleeping advances it
// at once and records the delay; jitter is fixed at its maximum. It starts
// at the real time, so that deadlines of real contexts (the client's
// default timeout) compare with it as they would with the real clock.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC().Truncate(time.Second)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// withClock drives the client's retries and its sense of now by c.
func withClock(c *fakeClock) Option {
	return func(o *options) error {
		o.retry.Now, o.retry.Jitter, o.retry.Sleep = c.now, func() float64 { return 0.999 }, c.sleep
		return nil
	}
}

const tokenJSON = `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx",` +
	`"name":"my_token","scope":"global:read purge_all","scopes":["global:read","purge_all"],"services":["SU1"],` +
	`"service_id":"SU1","created_at":"2021-01-14T11:25:39Z",` +
	`"last_used_at":"2021-01-14T11:47:46Z","expires_at":null,"ip":"203.0.113.7","user_agent":"curl/8","sudo_expires_at":null}`

const createdJSON = `{"id":"5Yo3XXnrQpjc20u0ybrf2g","name":"my_token","user_id":"4y5K5trZocEAQYkesWlk7M",` +
	`"customer_id":"x4xCwxxJxGCx123Rx5xTx","service_id":null,"expires_at":null,"created_at":"2021-01-14T11:47:46Z",` +
	`"updated_at":"2021-01-14T11:47:46Z","scope":"global","services":[],"access_token":"ACCESS-tok_0123456789abcdefghijkl"}`

// bodyOf is the body a fake was sent.
func bodyOf(r *http.Request) []byte {
	b, _ := io.ReadAll(r.Body)
	return b
}

// rotation is a fake Fastly for RotateToken: the key's own token at
// /tokens/self, old for any other get, created for a create (its form
// kept), and deleteStatus for a revoke.
type rotation struct {
	forms   []url.Values
	deletes atomic.Int32
}

func (rot *rotation) serve(t *testing.T, old, created string, deleteStatus int) *fake {
	return newFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/tokens/self":
			respond(200, tokenJSON)(w, r)
		case r.Method == http.MethodGet:
			respond(200, old)(w, r)
		case r.Method == http.MethodPost:
			require.NoError(t, r.ParseForm())
			rot.forms = append(rot.forms, r.PostForm)
			respond(200, created)(w, r)
		default:
			rot.deletes.Add(1)
			respond(deleteStatus, `{"msg":"nope"}`)(w, r)
		}
	})
}

// refusing is a transport whose every dial is refused, as a port no one
// listens on refuses it: a test of "the connection was never made" that
// cannot race another test for a closed port.
var refusing = &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}}

// nowhere is the base URL of the tests that dial through refusing.
const nowhere = "http://127.0.0.1:9"

// roundTripperFunc is a function as an http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
