package facade

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedTransport serves the automation-token list a page at a time, from
// pages made once, and counts the pages asked for.
type pagedTransport struct {
	pages [][]byte
	asked int
}

func newPagedTransport(total, perPage int) *pagedTransport {
	t := &pagedTransport{}
	pages := (total + perPage - 1) / perPage
	for p := 1; p <= pages; p++ {
		var b strings.Builder
		b.WriteString(`{"data":[`)
		for i := (p - 1) * perPage; i < min(p*perPage, total); i++ {
			if i > (p-1)*perPage {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"auto%018d","services":[],"name":"bot-%d","role":"engineer","scope":"global","scopes":"global",`+
				`"service_id":null,"creator_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx","ip":null,"user_agent":null,`+
				`"tls_access":false,"created_at":"2021-01-14T11:25:39Z","last_used_at":"","expires_at":null,"sudo_expires_at":null}`, i, i)
		}
		fmt.Fprintf(&b, `],"meta":{"per_page":%d,"current_page":%d,"record_count":%d,"total_pages":%d}}`, perPage, p, total, pages)
		t.pages = append(t.pages, []byte(b.String()))
	}
	return t
}

func (t *pagedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.asked++
	p, _ := strconv.Atoi(req.URL.Query().Get("page"))
	body := []byte(`{"data":[],"meta":{}}`)
	if p >= 1 && p <= len(t.pages) {
		body = t.pages[p-1]
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
}

// TestAutomationTokensHoldOnePageAtATime walks 10,000 automation tokens and
// checks, at every page, that the heap holds about one page: had the
// iterator kept the pages it walked, the heap would hold all of them (some
// 5 MB) by the end.
func TestAutomationTokensHoldOnePageAtATime(t *testing.T) {
	tr := newPagedTransport(10_000, DefaultPageSize)
	c, err := New(WithToken(testKey), WithHTTPClient(&http.Client{Transport: tr}))
	require.NoError(t, err)
	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	base := live()
	var peak uint64
	n := 0
	for tok, err := range c.AutomationTokens(context.Background()) {
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("auto%018d", n), tok.ID)
		n++
		if n%DefaultPageSize == 0 {
			if now := live(); now > base {
				peak = max(peak, now-base)
			}
		}
	}
	assert.Equal(t, 10_000, n)
	assert.Equal(t, 100, tr.asked, "one request a page")
	t.Logf("heap above the start, at most: %d bytes (one page of %d tokens is %d bytes of JSON)", peak, DefaultPageSize, len(tr.pages[0]))
	assert.Less(t, peak, uint64(1<<20), "the iterator holds one page, not the 10,000 tokens")
}

func TestAutomationTokenTimesAndScopes(t *testing.T) {
	body := `{"id":"AuT0CiDeployB0tAbCdEfG","services":null,"name":"bot","role":"engineer","access_token":"","scope":"global:read purge_all",` +
		`"ip":"","created_at":"2021-01-14T11:25:39Z","last_used_at":"","expires_at":null,"user_agent":"","tls_access":true,"customer_id":"x"}`
	f := newFake(t, respond(200, body))
	tok, _, err := f.client(t).GetAutomationToken(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.True(t, tok.LastUsedAt.IsZero(), `"" is no time`)
	assert.True(t, tok.ExpiresAt.IsZero(), "null is no time")
	assert.False(t, tok.Expires())
	assert.Equal(t, Scopes{ScopeGlobalRead, ScopePurgeAll}, tok.Scopes)
	assert.True(t, tok.TLSAccess)
	assert.Empty(t, tok.Services)

	_, _, err = f.client(t).GetAutomationToken(context.Background(), "a/b")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = f.client(t).ListAutomationTokens(context.Background(), 0, 100)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = f.client(t).ListAutomationTokens(context.Background(), 1, 101)
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestAutomationTokenServicesPages(t *testing.T) {
	var pages []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Query().Get("page")
		pages = append(pages, p)
		ids := make([]string, 0, 100)
		n := 100
		if p == "3" {
			n = 7
		}
		for i := range n {
			ids = append(ids, fmt.Sprintf(`"S%s%03d"`, p, i))
		}
		respond(200, `{"data":[`+strings.Join(ids, ",")+`]}`)(w, r) // no meta: a short page ends it
	})
	services, _, err := f.client(t).AutomationTokenServices(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.Len(t, services, 207)
	assert.Equal(t, []string{"1", "2", "3"}, pages)
}
