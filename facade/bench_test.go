package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

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

func tokenList(n int) string {
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

// baselineToken is the minimal struct a hand-written client would decode
// into: the same fields, plain types.
type baselineToken struct {
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

// baseline does what plain net/http + encoding/json would: build the
// request, send it, decode the body.
func baseline(b *testing.B, hc *http.Client, method, url string, body io.Reader, out any) {
	req, err := http.NewRequestWithContext(context.Background(), method, url, body)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Fastly-Key", testKey)
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
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
	c, err := New(WithToken(testKey), WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkGet(b *testing.B) {
	rt := canned(200, tokenJSON)
	b.Run("facade", func(b *testing.B) {
		c := benchClient(b, rt)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		hc := &http.Client{Transport: rt}
		b.ReportAllocs()
		for b.Loop() {
			var t baselineToken
			baseline(b, hc, http.MethodGet, DefaultBaseURL+"/tokens/5Yo3XXnrQpjc20u0ybrf2g", nil, &t)
		}
	})
}

func BenchmarkList(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		rt := canned(200, tokenList(n))
		b.Run("facade/"+strconv.Itoa(n), func(b *testing.B) {
			c := benchClient(b, rt)
			b.ReportAllocs()
			for b.Loop() {
				toks, err := c.ListTokens(context.Background())
				if err != nil || len(toks) != n {
					b.Fatal(err, len(toks))
				}
			}
		})
		b.Run("baseline/"+strconv.Itoa(n), func(b *testing.B) {
			hc := &http.Client{Transport: rt}
			b.ReportAllocs()
			for b.Loop() {
				var toks []baselineToken
				baseline(b, hc, http.MethodGet, DefaultBaseURL+"/tokens", nil, &toks)
				if len(toks) != n {
					b.Fatal(len(toks))
				}
			}
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	rt := canned(200, strings.TrimSuffix(tokenJSON, "}")+`,"access_token":"ACCESS-tok_0123456789abcdefghijkl"}`)
	in := CreateTokenInput{Name: "ci", Scopes: Scopes{ScopeGlobalRead, ScopePurgeAll}, Services: []string{"S1", "S2"},
		ExpiresAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	b.Run("facade", func(b *testing.B) {
		c := benchClient(b, rt)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.CreateToken(context.Background(), in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		hc := &http.Client{Transport: rt}
		b.ReportAllocs()
		for b.Loop() {
			form := "name=ci&scope=global%3Aread+purge_all&services%5B%5D=S1&services%5B%5D=S2&expires_at=2030-01-01T00%3A00%3A00Z"
			var t baselineToken
			baseline(b, hc, http.MethodPost, DefaultBaseURL+"/tokens", strings.NewReader(form), &t)
		}
	})
}

func BenchmarkRevoke(b *testing.B) {
	rt := canned(204, "")
	b.Run("facade", func(b *testing.B) {
		c := benchClient(b, rt)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.RevokeToken(context.Background(), "5Yo3XXnrQpjc20u0ybrf2g"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		hc := &http.Client{Transport: rt}
		b.ReportAllocs()
		for b.Loop() {
			baseline(b, hc, http.MethodDelete, DefaultBaseURL+"/tokens/5Yo3XXnrQpjc20u0ybrf2g", nil, nil)
		}
	})
}
