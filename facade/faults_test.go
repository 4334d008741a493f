package facade

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fault injection against loopback servers: each fault gives a typed error
// or the right number of attempts, and never a panic.

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

// startFake is newFake with a hook to set the server up before it starts.
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

// reset closes the client's connection abruptly (RST) without a response.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

func TestServerErrorsAreRetriedThenReported(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFake(t, respond(status, `{"msg":"upstream trouble"}`))
			_, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})).ListTokens(context.Background())
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, "upstream trouble", apiErr.Message)
			assert.Equal(t, int32(4), f.requests.Load(), "bounded: exactly MaxAttempts")

			// DELETE is idempotent too; POST is never retried once sent.
			f.requests.Store(0)
			_, err = f.client(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond})).RevokeToken(context.Background(), "abc")
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, int32(3), f.requests.Load())

			f.requests.Store(0)
			_, err = f.client(t, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond})).CreateToken(context.Background(), CreateTokenInput{Name: "x"})
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, int32(1), f.requests.Load(), "create must not run twice")
		})
	}
}

func TestRateLimitedResponses(t *testing.T) {
	soon := func() string { return fmt.Sprint(time.Now().Add(1500 * time.Millisecond).Unix()) }
	cases := map[string]struct {
		headers []string
		retried bool
	}{
		"Retry-After":            {[]string{"Retry-After", "0"}, true},
		"Fastly-RateLimit-Reset": {[]string{"Fastly-RateLimit-Reset", soon(), "Fastly-RateLimit-Remaining", "0"}, true},
		"both":                   {[]string{"Retry-After", "0", "Fastly-RateLimit-Reset", soon()}, true},
		"neither":                {nil, false},
		"reset an hour away":     {[]string{"Fastly-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Hour).Unix())}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var n atomic.Int32
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					respond(429, `{"msg":"Rate limit exceeded"}`, tc.headers...)(w, r)
					return
				}
				respond(204, "", "Fastly-RateLimit-Remaining", "5")(w, r)
			})
			rl, err := f.client(t).RevokeToken(context.Background(), "abc")
			if tc.retried {
				require.NoError(t, err)
				assert.Equal(t, 5, rl.Remaining)
				assert.Equal(t, int32(2), n.Load())
				return
			}
			assert.ErrorIs(t, err, ErrRateLimited)
			assert.Equal(t, int32(1), n.Load(), "retrying before the reset is pointless")
		})
	}

	// A reset beyond the caller's deadline is not waited for.
	f := newFake(t, respond(429, `{"msg":"later"}`, "Retry-After", "2"))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.client(t).RevokeToken(ctx, "abc")
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Less(t, time.Since(start), 400*time.Millisecond)
	assert.Equal(t, int32(1), f.requests.Load())
}

func TestConnectionResets(t *testing.T) {
	t.Run("before headers, GET is retried", func(t *testing.T) {
		var n atomic.Int32
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) < 3 {
				reset(w)
				return
			}
			respond(200, tokenJSON)(w, r)
		})
		tok, err := f.client(t).CurrentToken(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "my_token", tok.Name)
		assert.Equal(t, int32(3), n.Load())
	})
	t.Run("before headers, POST is not", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { reset(w) })
		_, err := f.client(t).CreateToken(context.Background(), CreateTokenInput{Name: "x"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "create-token")
		assert.Equal(t, int32(1), f.requests.Load(), "the server may have created it")
	})
	t.Run("before headers, every attempt", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, _ *http.Request) { reset(w) })
		_, err := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond})).ListTokens(context.Background())
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
		_, err := f.client(t).CurrentToken(context.Background())
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
			_, err := f.client(t).CurrentToken(context.Background())
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Equal(t, "get-token-current", de.Operation)
		})
	}

	t.Run("HTML error page", func(t *testing.T) {
		f := newFake(t, respond(403, "<html><body><h1>403 Forbidden</h1></body></html>", "Content-Type", "text/html"))
		_, err := f.client(t).ListTokens(context.Background())
		assert.ErrorIs(t, err, ErrForbidden)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Empty(t, apiErr.Message, "no HTML in the message")
	})
	t.Run("wrong content type", func(t *testing.T) {
		f := newFake(t, respond(200, tokenJSON, "Content-Type", "text/plain"))
		_, err := f.client(t).CurrentToken(context.Background())
		assert.NoError(t, err, "a JSON body decodes whatever its label")
		_, err = f.client(t, WithResponseValidation()).CurrentToken(context.Background())
		var ce *ContractError
		assert.ErrorAs(t, err, &ce, "the spec says application/json")
	})
}

func TestHugeBodiesAreBounded(t *testing.T) {
	const size = 20 << 20
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
			_, err := f.client(t).ListTokens(context.Background())
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, 200, de.StatusCode)
			assert.Contains(t, err.Error(), "byte limit")
		})
	}
}

func TestSlowServerAndDeadline(t *testing.T) {
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.client(t).ListTokens(ctx)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)
	assert.Equal(t, int32(1), f.requests.Load(), "no retry after the deadline")
}

func TestRedirectToAnotherHostCarriesNoKey(t *testing.T) {
	var sawKey atomic.Bool
	other := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Fastly-Key") != "" {
			sawKey.Store(true)
		}
		respond(200, "[]")(w, r)
	})
	for _, status := range []int{301, 302, 307, 308} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/tokens", status)
		})
		_, err := f.client(t).ListTokens(context.Background())
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, "status %d", status)
		assert.Equal(t, status, apiErr.StatusCode)
	}
	assert.False(t, sawKey.Load())
	assert.Equal(t, int32(0), other.requests.Load())
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
	_, err := c.ListTokens(ctx) // 500, then 200 on the retry
	require.NoError(t, err)
	_, err = c.GetToken(ctx, "abc") // 404
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.ListTokens(ctx) // decode error
	var de *DecodeError
	assert.ErrorAs(t, err, &de)
	_, err = c.ListTokens(ctx) // 429 without a hint
	assert.ErrorIs(t, err, ErrRateLimited)
	_, err = c.ListTokens(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(6), n.Load())
	assert.Equal(t, int32(1), conns.Load(), "one connection served every request")
}

func TestRetriesAreBoundedInTime(t *testing.T) {
	f := newFake(t, respond(503, `{"msg":"down"}`))
	c := f.client(t, WithRetry(RetryPolicy{MaxAttempts: 10, BaseDelay: 50 * time.Millisecond, MaxDelay: 100 * time.Millisecond}))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListTokens(ctx)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 500*time.Millisecond, "the deadline bounds the retries")
	assert.Less(t, f.requests.Load(), int32(10))

	// The dial itself fails: nothing was sent, so even create may retry,
	// a bounded number of times.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	dead, err := New(WithBaseURL("http://"+addr), WithToken(testKey), WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	require.NoError(t, err)
	_, err = dead.CreateToken(context.Background(), CreateTokenInput{Name: "x"})
	require.Error(t, err)
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr) && opErr.Op == "dial", "%v", err)
}
