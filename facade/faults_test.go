package facade

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// Fault injection against loopback servers: each fault gives a typed error
// or the right number of attempts, never a panic. Retries wait on a fake
// clock, so nothing here depends on how fast the machine is.

// connCounter counts the TCP connections a test server accepts.
func connCounter(srv *httptest.Server) *atomic.Int32 {
	var n atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			n.Add(1)
		}
	}
	return &n
}

// startFake is newFake with the connections counted.
func startFake(t *testing.T, handler http.HandlerFunc) (*fake, *atomic.Int32) {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		handler(w, r)
	}))
	conns := connCounter(f.Server)
	f.Start()
	t.Cleanup(f.Close)
	return f, conns
}

func TestServerErrorsAreRetriedWithBackoffThenReported(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFake(t, respond(status, `{"msg":"upstream trouble"}`))
			clock := newFakeClock()
			policy := WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
			_, _, err := f.client(t, policy, withClock(clock)).ListTokens(context.Background())
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, "upstream trouble", apiErr.Title)
			assert.Equal(t, int32(4), f.requests.Load(), "bounded: exactly MaxAttempts")
			// Full jitter at its top (the fake's 0.999): the ceilings
			// double from the base and stop at MaxDelay.
			assert.Equal(t, []time.Duration{99900 * time.Microsecond, 199800 * time.Microsecond, 299700 * time.Microsecond}, clock.slept())

			// DELETE is idempotent too; POST is never retried once sent.
			f.requests.Store(0)
			_, err = f.client(t, WithRetry(RetryPolicy{MaxAttempts: 3})).RevokeToken(context.Background(), "abc")
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, int32(3), f.requests.Load())

			f.requests.Store(0)
			_, _, err = f.client(t, WithRetry(RetryPolicy{MaxAttempts: 3})).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, int32(1), f.requests.Load(), "create must not run twice")
		})
	}
}

func TestRateLimitedResponsesWaitForTheReset(t *testing.T) {
	cases := map[string]struct {
		headers func(now time.Time) []string
		wait    time.Duration
		retried bool
	}{
		"Retry-After seconds": {func(time.Time) []string { return []string{"Retry-After", "3"} }, 3 * time.Second, true},
		"Retry-After date": {func(now time.Time) []string {
			return []string{"Retry-After", now.Add(4 * time.Second).Format(http.TimeFormat)}
		}, 4 * time.Second, true},
		"Fastly-RateLimit-Reset": {func(now time.Time) []string {
			return []string{"Fastly-RateLimit-Reset", fmt.Sprint(now.Add(5 * time.Second).Unix()), "Fastly-RateLimit-Remaining", "0"}
		}, 5 * time.Second, true},
		"Retry-After first": {func(now time.Time) []string {
			return []string{"Retry-After", "1", "Fastly-RateLimit-Reset", fmt.Sprint(now.Add(9 * time.Second).Unix())}
		}, time.Second, true},
		"neither": {func(time.Time) []string { return nil }, 0, false},
		"reset an hour away": {func(now time.Time) []string {
			return []string{"Fastly-RateLimit-Reset", fmt.Sprint(now.Add(time.Hour).Unix())}
		}, 0, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			clock := newFakeClock()
			var n atomic.Int32
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					respond(429, `{"msg":"Rate limit exceeded"}`, tc.headers(clock.now())...)(w, r)
					return
				}
				respond(204, "", "Fastly-RateLimit-Remaining", "5", "Fastly-RateLimit-Reset", fmt.Sprint(clock.now().Add(time.Hour).Unix()))(w, r)
			})
			resp, err := newFakeClockClient(t, f, clock).RevokeToken(context.Background(), "abc")
			if !tc.retried {
				assert.ErrorIs(t, err, ErrRateLimited)
				assert.Equal(t, int32(1), n.Load(), "retrying before the reset is pointless")
				assert.Empty(t, clock.slept())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, int64(5), resp.RateLimit.Remaining)
			assert.Equal(t, int32(2), n.Load())
			assert.Equal(t, []time.Duration{tc.wait}, clock.slept())
		})
	}

	// A reset beyond the caller's deadline is not waited for.
	clock := newFakeClock()
	f := newFake(t, respond(429, `{"msg":"later"}`, "Retry-After", "20"))
	_, err := newFakeClockClient(t, f, clock).RevokeToken(fakeDeadline(clock.now().Add(10*time.Second)), "abc")
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, int32(1), f.requests.Load())
	assert.Empty(t, clock.slept())
}

// fakeDeadline is a context whose deadline is told to whoever asks but
// never enforced in real time: the fake clock decides when it is reached.
func fakeDeadline(d time.Time) context.Context { return deadlineCtx{context.Background(), d} }

type deadlineCtx struct {
	context.Context
	d time.Time
}

func (c deadlineCtx) Deadline() (time.Time, bool) { return c.d, true }

func newFakeClockClient(t *testing.T, f *fake, clock *fakeClock) *Client {
	c, err := New(WithBaseURL(f.URL), WithToken(testKey), withClock(clock))
	require.NoError(t, err)
	return c
}

func TestConnectionResets(t *testing.T) {
	t.Run("before headers, GET is retried", func(t *testing.T) {
		var n atomic.Int32
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) < 3 {
				apitest.ResetConnection(w)
				return
			}
			respond(200, tokenJSON)(w, r)
		})
		tok, _, err := f.client(t).CurrentToken(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "my_token", tok.Name)
		assert.Equal(t, int32(3), n.Load())
	})
	t.Run("before headers, POST is not", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { apitest.ResetConnection(w) })
		_, _, err := f.client(t).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, "create-token", re.Operation())
		assert.Equal(t, int32(1), f.requests.Load(), "the server may have created it")
	})
	t.Run("before headers, every attempt", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { apitest.ResetConnection(w) })
		_, _, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 2})).ListTokens(context.Background())
		require.Error(t, err)
		assert.Equal(t, int32(2), f.requests.Load())
	})
	t.Run("after headers", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				panic(err)
			}
			_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + tokenJSON[:50])
			_ = buf.Flush()
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
		})
		_, _, err := f.client(t).CurrentToken(context.Background())
		var de *DecodeError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, 200, de.StatusCode, "the status survives")
	})
}

func TestBrokenBodies(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"truncated body": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "1000")
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(tokenJSON[:100]))
		},
		"invalid JSON":      respond(200, `{"id": "a",,}`),
		"HTML page":         respond(200, "<!doctype html><html><body>Service Unavailable</body></html>", "Content-Type", "text/html"),
		"empty body":        respond(200, ""),
		"JSON of a list":    respond(200, `[]`),
		"wrong field types": respond(200, `{"id":5,"name":true}`),
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, h)
			_, _, err := f.client(t).CurrentToken(context.Background())
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Equal(t, "get-token-current", de.Operation())
		})
	}
}

func TestHugeBodiesAreBounded(t *testing.T) {
	const size = 3 << 20
	chunk := strings.Repeat(" ", 64<<10)
	for name, declare := range map[string]bool{"with Content-Length": true, "chunked": false} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, _ *http.Request) {
				if declare {
					w.Header().Set("Content-Length", fmt.Sprint(size))
				}
				w.Header().Set("Content-Type", "application/json")
				bw := bufio.NewWriter(w)
				_, _ = bw.WriteString("[")
				for written := 1; written < size; written += len(chunk) {
					if _, err := bw.WriteString(chunk[:min(len(chunk), size-written)]); err != nil {
						return // the client hung up: expected
					}
				}
				_ = bw.Flush()
			})
			_, _, err := f.client(t, WithMaxResponseBytes(1<<20)).ListTokens(context.Background())
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.ErrorIs(t, err, ErrResponseTooLarge)
		})
	}
}

func TestDeadlineStopsRetries(t *testing.T) {
	// Every answer is a 503; the caller's deadline falls between two
	// backoffs of the fake clock, so the retries stop there.
	f := newFake(t, respond(503, `{"msg":"down"}`))
	clock := newFakeClock()
	c := f.client(t, withClock(clock), WithRetry(RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: 100 * time.Millisecond}))
	_, _, err := c.ListTokens(fakeDeadline(clock.now().Add(250 * time.Millisecond)))
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, int32(3), f.requests.Load(), "two backoffs of 99.9ms fit before the deadline, a third does not")

	// A cancelled context ends the call at once.
	f.requests.Store(0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err = c.ListTokens(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, f.requests.Load())
}

func TestKeepAliveSurvivesRecoverableErrors(t *testing.T) {
	var n atomic.Int32
	f, conns := startFake(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			respond(500, `{"msg":"retry me"}`)(w, r)
		case 3:
			respond(404, `{"msg":"Token lookup failed."}`)(w, r)
		case 4:
			respond(200, `not json`)(w, r)
		case 5:
			respond(429, `{"msg":"slow"}`)(w, r)
		default:
			respond(200, "["+tokenJSON+"]")(w, r)
		}
	})
	c := f.client(t)
	ctx := context.Background()
	_, _, err := c.ListTokens(ctx) // 500, then 200 on the retry
	require.NoError(t, err)
	_, _, err = c.GetToken(ctx, "abc") // 404
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = c.ListTokens(ctx) // decode error
	var de *DecodeError
	assert.ErrorAs(t, err, &de)
	_, _, err = c.ListTokens(ctx) // 429 without a hint
	assert.ErrorIs(t, err, ErrRateLimited)
	_, _, err = c.ListTokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(6), n.Load())
	assert.Equal(t, int32(1), conns.Load(), "one connection served every request")
}

func TestDialFailuresMayRetryEvenCreate(t *testing.T) {
	// The dial itself fails: nothing was sent, so even create may retry,
	// a bounded number of times.
	clock := newFakeClock()
	dead, err := New(WithBaseURL(nowhere), WithTransport(refusing), WithToken(testKey), withClock(clock), WithRetry(RetryPolicy{MaxAttempts: 3}))
	require.NoError(t, err)
	_, _, err = dead.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x"}})
	var opErr *net.OpError
	require.True(t, errors.As(err, &opErr) && opErr.Op == "dial", "%v", err)
	assert.Len(t, clock.slept(), 2, "three attempts, two waits")
}

// TestBulkRevokeLostAnswerIsUnknown: a chunk whose request got no answer
// may have been revoked: its ids are Unknown, never "not revoked"; the ids
// not sent are Failed.
func TestBulkRevokeLostAnswerIsUnknown(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			apitest.ResetConnection(w)
		}
	})
	ids := []string{"aaaa1", "aaaa2", "aaaa3", "aaaa4"}
	_, _, err := f.client(t, WithBulkChunkSize(2), WithRetry(RetryPolicy{MaxAttempts: 1})).BulkRevokeTokens(context.Background(), ids)
	var be *BulkRevokeError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []string{"aaaa1", "aaaa2"}, be.Unknown)
	assert.Equal(t, []string{"aaaa3", "aaaa4"}, be.Failed)
	assert.Empty(t, be.Revoked)
	assert.Contains(t, err.Error(), "2 unknown, 2 not revoked")
	assert.Equal(t, ids, []string{"aaaa1", "aaaa2", "aaaa3", "aaaa4"}, "the caller's ids are not touched")

	// A gateway's 502 after the request went through: unknown too.
	gateway := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	_, _, err = gateway.client(t, WithBulkChunkSize(2), WithRetry(RetryPolicy{MaxAttempts: 1})).BulkRevokeTokens(context.Background(), ids)
	require.ErrorAs(t, err, &be)
	assert.Equal(t, []string{"aaaa1", "aaaa2"}, be.Unknown)

	// A connection never made cannot have revoked anything: all failed.
	c, err := New(WithBaseURL(nowhere), WithTransport(refusing), WithToken(testKey), WithBulkChunkSize(2), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, _, err = c.BulkRevokeTokens(context.Background(), ids)
	require.ErrorAs(t, err, &be)
	assert.Empty(t, be.Unknown)
	assert.Equal(t, ids, be.Failed)
	assert.False(t, MayHaveActed(err))

	// Nor can one whose TLS handshake failed (a certificate not trusted):
	// the server never saw a request.
	var seen atomic.Int32
	untrusted := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { seen.Add(1) }))
	defer untrusted.Close()
	c, err = New(WithBaseURL(untrusted.URL), WithToken(testKey), WithRetry(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, _, err = c.CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "x", Username: "me", Password: "pw"}})
	var lost *RequestError
	require.ErrorAs(t, err, &lost)
	assert.False(t, MayHaveActed(err), "%v", err)
	_, _, err = c.BulkRevokeTokens(context.Background(), ids)
	require.ErrorAs(t, err, &be)
	assert.Empty(t, be.Unknown)
	assert.Zero(t, seen.Load())

	assert.False(t, MayHaveActed(&InputError{Field: "name", Reason: "is empty"}))
	assert.False(t, MayHaveActed(&APIError{StatusCode: http.StatusBadRequest}))
	assert.True(t, MayHaveActed(&APIError{StatusCode: http.StatusServiceUnavailable}))
	assert.True(t, MayHaveActed(&DecodeError{StatusCode: http.StatusOK}))
}

// TestRevokeAnsweredWithout204IsUnproven: the spec gives a revoke 204. A
// 200 (an HTML page from a proxy, say) proves nothing: the revoke is
// reported as one that may have happened, and a rotation says the old
// token may remain.
func TestRevokeAnsweredWithout204IsUnproven(t *testing.T) {
	page := respond(200, `<html><title>Welcome</title></html>`, "Content-Type", "text/html")
	f := newFake(t, page)
	c := f.client(t)
	ctx := context.Background()
	for name, revoke := range map[string]func() error{
		"revoke":  func() error { _, err := c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g"); return err },
		"current": func() error { _, err := c.RevokeCurrentToken(ctx); return err },
		"bulk":    func() error { _, _, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"}); return err },
	} {
		err := revoke()
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.ErrorContains(t, err, "a revoke answered 200, not 204", name)
		assert.True(t, MayHaveActed(err), name)
	}
	var bulkErr *BulkRevokeError
	_, _, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g"})
	require.ErrorAs(t, err, &bulkErr)
	assert.Equal(t, []string{"5Yo3XXnrQpjc20u0ybrf2g"}, bulkErr.Unknown)
	assert.Empty(t, bulkErr.Revoked)

	rot := &rotation{}
	f = rot.serve(t, tokenJSON, createdJSON, 200)
	created, _, err := f.client(t).RotateToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g", RotateInput{})
	require.NotNil(t, created, "the new token is kept")
	var rotErr *RotateError
	require.ErrorAs(t, err, &rotErr)
	assert.True(t, MayHaveActed(rotErr.Err), "the old token may remain")
}

// TestFailedReadsNeverMayHaveActed: a read changes nothing, so however it
// fails (a 5xx, an unreadable answer, a lost one) it never "may have
// acted"; the same failures of a write may have.
func TestFailedReadsNeverMayHaveActed(t *testing.T) {
	failures := map[string]http.HandlerFunc{
		"503":         respond(http.StatusServiceUnavailable, `{"msg":"down"}`),
		"html 200":    respond(http.StatusOK, `<html>hi</html>`, "Content-Type", "text/html"),
		"lost answer": func(w http.ResponseWriter, _ *http.Request) { apitest.ResetConnection(w) },
	}
	ctx := context.Background()
	for name, fail := range failures {
		c := newFake(t, fail).client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
		_, _, err := c.GetToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
		require.Error(t, err, name)
		assert.False(t, MayHaveActed(err), "a get that failed with %s: %v", name, err)
		_, _, err = c.ListTokens(ctx)
		require.Error(t, err, name)
		assert.False(t, MayHaveActed(err), "a list that failed with %s: %v", name, err)
		_, err = c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g")
		require.Error(t, err, name)
		assert.True(t, MayHaveActed(err), "a revoke that failed with %s: %v", name, err)
	}
}

// TestCreateSalvagesADeliveredSecret: a create answer that carries the new
// token's secret but does not decode (a field of the wrong type, a status
// gen does not parse, a null id) still gives the caller the secret, with
// the *DecodeError that says what was wrong.
func TestCreateSalvagesADeliveredSecret(t *testing.T) {
	const secret = "ACCESS-tok_0123456789abcdefghijkl"
	for name, tc := range map[string]struct {
		status int
		body   string
		id     string
	}{
		"a bad expiry": {200, strings.Replace(createdJSON, `"expires_at":null`, `"expires_at":"soon"`, 1), "5Yo3XXnrQpjc20u0ybrf2g"},
		"201":          {201, createdJSON, "5Yo3XXnrQpjc20u0ybrf2g"},
		"a null id":    {200, strings.Replace(createdJSON, `"id":"5Yo3XXnrQpjc20u0ybrf2g"`, `"id":null`, 1), ""},
	} {
		// gen alone gives no token with a secret: it fails to decode the
		// body, or leaves a 201 undecoded, or decodes a token with no id.
		parsed, perr := gen.ParseCreateTokenResponse(&http.Response{StatusCode: tc.status,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(tc.body))})
		assert.True(t, perr != nil || parsed.GetJSON200() == nil || parsed.GetJSON200().ID == "", "%s: gen decodes it", name)

		f := newFake(t, respond(tc.status, tc.body))
		created, _, err := f.client(t).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		require.NotNil(t, created, "%s: the secret is not dropped", name)
		assert.Equal(t, secret, created.AccessToken.Reveal(), name)
		assert.Equal(t, tc.id, created.ID, name)
		assert.Equal(t, tc.id, de.TokenID, name)
	}
	// An answer without a secret salvages nothing.
	f := newFake(t, respond(201, strings.Replace(createdJSON, secret, "", 1)))
	created, _, err := f.client(t).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	assert.Nil(t, created)
	assert.Error(t, err)
}

// TestWritesNeverSentNeverMayHaveActed: a write refused before it is sent
// (a context already done, a validating transport's refusal) cannot have
// been carried out; one whose answer was lost, and whose retry was then
// refused for another reason (a 429), may have been.
func TestWritesNeverSentNeverMayHaveActed(t *testing.T) {
	f := newFake(t, respond(200, createdJSON))
	_, _, err := f.client(t).CreateToken(cancelled(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, MayHaveActed(err), "%v", err)
	assert.Zero(t, f.requests.Load())

	// A validating transport refuses a request before sending it.
	refusing := roundTripperFunc(func(*http.Request) (*http.Response, error) {
		return nil, &contract.Error{Operation: "create-token", Kind: "request", Reason: "a field breaks the spec"}
	})
	_, _, err = f.client(t, WithTransport(refusing)).CreateToken(context.Background(), CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci"}})
	var violation *contract.Error
	require.ErrorAs(t, err, &violation)
	assert.False(t, MayHaveActed(err), "%v", err)
	assert.Zero(t, f.requests.Load())

	var deletes atomic.Int32
	lostThenLimited := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if deletes.Add(1) == 1 {
			apitest.ResetConnection(w) // carried out, its answer lost
			return
		}
		respond(http.StatusTooManyRequests, `{"msg":"Rate limit exceeded"}`)(w, r)
	})
	_, err = lostThenLimited.client(t, WithRetry(RetryPolicy{MaxAttempts: 2, MaxWait: time.Nanosecond})).RevokeToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g")
	var unknown *UnknownOutcomeError
	require.ErrorAs(t, err, &unknown)
	assert.True(t, MayHaveActed(err))
	assert.ErrorIs(t, err, ErrRateLimited, "the retry's answer is kept")
}

// TestFailedCheckDoesNotHoldARevokeBack: when CheckFirst's lookup fails
// with a 5xx, the revoke is sent all the same, unchecked.
func TestFailedCheckDoesNotHoldARevokeBack(t *testing.T) {
	var deletes atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			respond(http.StatusServiceUnavailable, `{"msg":"down"}`)(w, r)
			return
		}
		deletes.Add(1)
		respond(http.StatusNoContent, "")(w, r)
	})
	c := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()
	_, err := c.RevokeToken(ctx, "5Yo3XXnrQpjc20u0ybrf2g", CheckFirst())
	require.NoError(t, err)
	_, err = c.RevokeCurrentToken(ctx, CheckFirst())
	require.NoError(t, err)
	res, _, err := c.BulkRevokeTokens(ctx, []string{"5Yo3XXnrQpjc20u0ybrf2g", "6Yo3XXnrQpjc20u0ybrf2g"}, CheckFirst())
	require.NoError(t, err)
	assert.Equal(t, []string{"5Yo3XXnrQpjc20u0ybrf2g", "6Yo3XXnrQpjc20u0ybrf2g"}, res.Revoked)
	assert.Equal(t, int32(3), deletes.Load(), "every revoke was sent")
}
