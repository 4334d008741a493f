package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Benchmarks of the facade beside a raw net/http + encoding/json client
// doing the same work, in one run: go test -run '^$' -bench . ./facade
//
// Calls run with a context that has a deadline, as a service's request
// contexts do; with context.Background the facade adds its own per-call
// timer (DefaultTimeout), which BenchmarkRevokeNoDeadline measures.

// benchID is the id the benchmarks get and revoke: a variable, so that
// the raw client builds its URL at run time, as the facade does.
var benchID = "5Yo3XXnrQpjc20u0ybrf2g"

// benchCtx carries a deadline far in the future.
func benchCtx(b *testing.B) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	b.Cleanup(cancel)
	return ctx
}

// cannedTransport answers every request in-process with the same bytes, so
// benchmarks measure the client, not a network.
type cannedTransport struct {
	status int
	body   []byte
	header http.Header
}

func (c *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{StatusCode: c.status, Header: c.header, Body: io.NopCloser(bytes.NewReader(c.body)),
		ContentLength: int64(len(c.body)), Request: req}, nil
}

func canned(status int, body string) *cannedTransport {
	return &cannedTransport{status: status, body: []byte(body), header: http.Header{
		"Content-Type": {"application/json"}, "Fastly-Ratelimit-Remaining": {"999"}, "Fastly-Ratelimit-Reset": {"1700000000"},
	}}
}

func listJSON(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.Replace(tokenJSON, "5Yo3XXnrQpjc20u0ybrf2g", fmt.Sprintf("tok%019d", i), 1))
	}
	b.WriteByte(']')
	return b.String()
}

// rawToken is what a hand-written client would decode into: the same
// fields, plain types, pointers for what may be null.
type rawToken struct {
	ID            string     `json:"id"`
	UserID        string     `json:"user_id"`
	CustomerID    string     `json:"customer_id"`
	Name          string     `json:"name"`
	Scope         string     `json:"scope"`
	Scopes        []string   `json:"scopes"`
	Services      []string   `json:"services"`
	ServiceID     *string    `json:"service_id"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     *time.Time `json:"updated_at"`
	DeletedAt     *time.Time `json:"deleted_at"`
	LastUsedAt    *time.Time `json:"last_used_at"`
	ExpiresAt     *time.Time `json:"expires_at"`
	IP            *string    `json:"ip"`
	UserAgent     *string    `json:"user_agent"`
	SudoExpiresAt *time.Time `json:"sudo_expires_at"`
	AccessToken   string     `json:"access_token"`
}

// raw does what plain net/http + encoding/json would: build the request,
// send it with the key, check the status, decode the body.
func raw(ctx context.Context, b *testing.B, hc *http.Client, method, url, contentType string, body io.Reader, want int, out any) {
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Fastly-Key", testKey)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	if resp.StatusCode != want {
		b.Fatal(resp.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			b.Fatal(err)
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

func benchClient(b *testing.B, rt http.RoundTripper) *Client {
	c, err := New(WithToken(testKey), WithTransport(rt))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// versus runs one call of the facade and the same work done by the raw
// client, as sub-benchmarks "facade" and "raw" of b.
func versus(b *testing.B, rt http.RoundTripper, facadeCall func(context.Context, *Client) error, rawCall func(context.Context, *testing.B, *http.Client)) {
	b.Run("facade", func(b *testing.B) {
		c, ctx := benchClient(b, rt), benchCtx(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := facadeCall(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		hc, ctx := &http.Client{Transport: rt}, benchCtx(b)
		b.ReportAllocs()
		for b.Loop() {
			rawCall(ctx, b, hc)
		}
	})
}

func BenchmarkGet(b *testing.B) {
	versus(b, canned(200, tokenJSON), func(ctx context.Context, c *Client) error {
		_, _, err := c.GetToken(ctx, benchID)
		return err
	}, func(ctx context.Context, b *testing.B, hc *http.Client) {
		var t rawToken
		raw(ctx, b, hc, http.MethodGet, DefaultBaseURL+"/tokens/"+benchID, "", nil, 200, &t)
	})
}

// BenchmarkList lists 1, 100 and 1,000 tokens: List/1000/facade beside
// List/1000/raw.
func BenchmarkList(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			versus(b, canned(200, listJSON(n)), func(ctx context.Context, c *Client) error {
				toks, _, err := c.ListTokens(ctx)
				if err == nil && len(toks) != n {
					err = fmt.Errorf("%d tokens", len(toks))
				}
				return err
			}, func(ctx context.Context, b *testing.B, hc *http.Client) {
				var toks []rawToken
				if raw(ctx, b, hc, http.MethodGet, DefaultBaseURL+"/tokens", "", nil, 200, &toks); len(toks) != n {
					b.Fatal(len(toks))
				}
			})
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	in := CreateTokenInput{TokenCreateForm: gen.TokenCreateForm{Name: "ci", Scope: "global:read purge_all", Services: []string{"S1", "S2"}, ExpiresAt: wire.Time{Time: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	versus(b, canned(200, createdJSON), func(ctx context.Context, c *Client) error {
		_, _, err := c.CreateToken(ctx, in)
		return err
	}, func(ctx context.Context, b *testing.B, hc *http.Client) {
		form := url.Values{"name": {in.Name}, "scope": {in.Scope}, "services[]": in.Services,
			"expires_at": {in.ExpiresAt.Format(time.RFC3339)}}
		var t rawToken
		raw(ctx, b, hc, http.MethodPost, DefaultBaseURL+"/tokens", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), 200, &t)
	})
}

func BenchmarkRevoke(b *testing.B) {
	versus(b, canned(204, ""), func(ctx context.Context, c *Client) error {
		_, err := c.RevokeToken(ctx, benchID)
		return err
	}, func(ctx context.Context, b *testing.B, hc *http.Client) {
		raw(ctx, b, hc, http.MethodDelete, DefaultBaseURL+"/tokens/"+benchID, "", nil, 204, nil)
	})
}

func BenchmarkRevokeNoDeadline(b *testing.B) {
	c := benchClient(b, canned(204, ""))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.RevokeToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAutomationTokens walks 10,000 automation tokens, a page of 100
// at a time, in-process.
func BenchmarkAutomationTokens(b *testing.B) {
	tr := newPagedTransport(10_000, pageSize)
	c := benchClient(b, tr)
	ctx := benchCtx(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.ListAutomationTokensIter(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 10_000 {
			b.Fatal(n)
		}
	}
}

// loopbackVersus is versus over a real connection: an httptest server on
// loopback answering every request with the same bytes, each client
// keeping its connection alive.
func loopbackVersus(b *testing.B, status int, body string, facadeCall func(context.Context, *Client) error, rawCall func(context.Context, *testing.B, *http.Client, string)) {
	canned := canned(status, body)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range canned.header {
			w.Header()[k] = v
		}
		w.WriteHeader(canned.status)
		_, _ = w.Write(canned.body)
	}))
	b.Cleanup(srv.Close)
	b.Run("facade", func(b *testing.B) {
		c, err := New(WithToken(testKey), WithBaseURL(srv.URL), WithTransport(srv.Client().Transport))
		if err != nil {
			b.Fatal(err)
		}
		ctx := benchCtx(b)
		b.ReportAllocs()
		for b.Loop() {
			if err := facadeCall(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		hc, ctx := srv.Client(), benchCtx(b)
		b.ReportAllocs()
		for b.Loop() {
			rawCall(ctx, b, hc, srv.URL)
		}
	})
}

// BenchmarkLoopbackGet and BenchmarkLoopbackRevoke are Get and Revoke
// over loopback, where a round trip's cost is in the comparison.
func BenchmarkLoopbackGet(b *testing.B) {
	loopbackVersus(b, 200, tokenJSON, func(ctx context.Context, c *Client) error {
		_, _, err := c.GetToken(ctx, benchID)
		return err
	}, func(ctx context.Context, b *testing.B, hc *http.Client, base string) {
		var t rawToken
		raw(ctx, b, hc, http.MethodGet, base+"/tokens/"+benchID, "", nil, 200, &t)
	})
}

func BenchmarkLoopbackRevoke(b *testing.B) {
	loopbackVersus(b, 204, "", func(ctx context.Context, c *Client) error {
		_, err := c.RevokeToken(ctx, benchID)
		return err
	}, func(ctx context.Context, b *testing.B, hc *http.Client, base string) {
		raw(ctx, b, hc, http.MethodDelete, base+"/tokens/"+benchID, "", nil, 204, nil)
	})
}
