package facade

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/gen"
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
	var p int
	_, _ = fmt.Sscan(req.URL.Query().Get("page"), &p)
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
	tr := newPagedTransport(10_000, pageSize)
	c, err := New(WithToken(testKey), WithTransport(tr))
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
	for tok, err := range c.ListAutomationTokensIter(context.Background()) {
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("auto%018d", n), tok.ID)
		n++
		if n%pageSize == 0 {
			if now := live(); now > base {
				peak = max(peak, now-base)
			}
		}
	}
	assert.Equal(t, 10_000, n)
	assert.Equal(t, 100, tr.asked, "one request a page")
	t.Logf("heap above the start, at most: %d bytes (one page of %d tokens is %d bytes of JSON)", peak, pageSize, len(tr.pages[0]))
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
	assert.Equal(t, "global:read purge_all", tok.Scope)
	assert.Empty(t, tok.Services)
	assert.True(t, tok.AllServices(), "no services, no limit_services: every service")

	_, _, err = f.client(t).GetAutomationToken(context.Background(), "a/b")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = f.client(t).ListAutomationTokensPage(context.Background(), 0, 100)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, _, err = f.client(t).ListAutomationTokensPage(context.Background(), 1, 101)
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
	services, _, err := f.client(t).ListAutomationTokenServices(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.Len(t, services, 207)
	assert.Equal(t, []string{"1", "2", "3"}, pages)
}

// endlessPages answers every page request with a full page of
// pageSize entries and the given meta, whatever page was asked for.
type endlessPages struct {
	meta  string
	entry string
	asked int
}

func (e *endlessPages) RoundTrip(req *http.Request) (*http.Response, error) {
	e.asked++
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range pageSize {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e.entry)
	}
	b.WriteString(`],"meta":` + e.meta + `}`)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(b.String())), Request: req}, nil
}

const automationEntry = `{"id":"AuT0CiDeployB0tAbCdEfG","name":"bot","role":"engineer","scope":"global","services":[]}`

// TestPaginationFailsClosed: the walks over pages stop, with an error, on
// a nil or cancelled context (mid-page too), on a server that answers
// another page than the one asked for, and on one that never ends.
func TestPaginationFailsClosed(t *testing.T) {
	var nilCtx context.Context
	n, errs := collectTokens(boundedClient(t, newPagedTransport(250, pageSize)), nilCtx, 0, nil)
	assert.Zero(t, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrInvalidInput)

	// Cancelled after the tenth token of the first page: not one more.
	tr := newPagedTransport(250, pageSize)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, errs = collectTokens(boundedClient(t, tr), ctx, 10, cancel)
	assert.Equal(t, 10, n)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, 1, tr.asked)

	// Page 1 again when page 2 was asked for.
	repeat := &endlessPages{meta: `{"current_page":1,"per_page":100,"record_count":1000,"total_pages":10}`, entry: automationEntry}
	n, errs = collectTokens(boundedClient(t, repeat), context.Background(), 0, nil)
	assert.Equal(t, pageSize, n)
	require.Len(t, errs, 1)
	var de *DecodeError
	require.ErrorAs(t, errs[0], &de)
	assert.Contains(t, de.Error(), "asked for page 2, the answer is page 1")

	// Full pages and no meta, forever: maxPages pages, then an error.
	endless := &endlessPages{meta: `{}`, entry: automationEntry}
	n, errs = collectTokens(boundedClient(t, endless), context.Background(), 0, nil)
	assert.Equal(t, 3*pageSize, n)
	require.Len(t, errs, 1)
	assert.ErrorContains(t, errs[0], "past 3 pages")
	assert.Equal(t, 3, endless.asked)
}

// TestServicePaginationFailsClosed: the same for the services of a token:
// an error, not a truncated list.
func TestServicePaginationFailsClosed(t *testing.T) {
	endless := &endlessPages{meta: `{}`, entry: `"SU1Z0isxPaozGVKXdv0eY"`}
	services, _, err := boundedClient(t, endless).ListAutomationTokenServices(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	assert.Nil(t, services)
	assert.ErrorContains(t, err, "past 3 pages")
	assert.Equal(t, 3, endless.asked)
	repeat := &endlessPages{meta: `{"current_page":1,"per_page":100,"total_pages":5}`, entry: `"SU1Z0isxPaozGVKXdv0eY"`}
	_, _, err = boundedClient(t, repeat).ListAutomationTokenServices(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	assert.ErrorContains(t, err, "asked for page 2, the answer is page 1")
}

// boundedClient is a client over rt that walks at most 3 pages.
func boundedClient(t *testing.T, rt http.RoundTripper) *Client {
	c, err := New(WithToken(testKey), WithTransport(rt))
	require.NoError(t, err)
	c.maxPages = 3
	return c
}

// collectTokens walks every automation token, calling stop at the
// stopAt-th, and counts the tokens and the errors it met.
func collectTokens(c *Client, ctx context.Context, stopAt int, stop func()) (n int, errs []error) {
	for _, err := range c.ListAutomationTokensIter(ctx) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if n++; n == stopAt {
			stop()
		}
	}
	return n, errs
}

func TestAutomationTokenExpiresWithin(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) ListedAutomationToken {
		return ListedAutomationToken{gen.AutomationTokenListEntry{ExpiresAt: gen.TimeOrEmpty{Time: now.Add(d)}}}
	}
	assert.True(t, at(time.Hour).ExpiresWithin(now, 2*time.Hour))
	assert.True(t, at(2*time.Hour).ExpiresWithin(now, 2*time.Hour), "the end of the window is in it")
	assert.False(t, at(3*time.Hour).ExpiresWithin(now, 2*time.Hour), "later")
	assert.False(t, at(-time.Hour).ExpiresWithin(now, 2*time.Hour), "already expired")
	assert.False(t, at(0).ExpiresWithin(now, 2*time.Hour), "expired now")
	assert.False(t, ListedAutomationToken{}.ExpiresWithin(now, 24*time.Hour), "never expires")
}

// TestListRolesFollowsCursors: IAM roles come a page at a time, each
// naming the cursor of the next ("" on the last); a repeated cursor, a
// page without "data" and a list past the bound of pages are errors.
func TestListRolesFollowsCursors(t *testing.T) {
	var cursors, queries []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("cursor")
		cursors, queries = append(cursors, cursor), append(queries, r.URL.RawQuery)
		switch cursor {
		case "":
			respond(200, `{"data":[{"id":"r0le1","name":"engineer","description":"Engineer"}],"limit":100,"next_cursor":"c2"}`)(w, r)
		case "c2":
			respond(200, `{"data":[{"id":"r0le2","name":"billing"}],"next_cursor":"c3"}`)(w, r)
		case "c3":
			respond(200, `{"data":[{"id":"r0le3","name":"user"}],"next_cursor":""}`)(w, r)
		}
	})
	roles, _, err := f.client(t).ListRoles(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []gen.IamRole{{ID: "r0le1", Name: "engineer", Description: "Engineer"}, {ID: "r0le2", Name: "billing"}, {ID: "r0le3", Name: "user"}}, roles)
	assert.Equal(t, []string{"", "c2", "c3"}, cursors)
	assert.Equal(t, "limit=100", queries[0], "no empty cursor= on the first page: an optional parameter is sent only when set")

	for name, tc := range map[string]struct{ body, want string }{
		"a repeated cursor": {`{"data":[{"id":"r0le1"}],"next_cursor":"same"}`, "repeats a cursor"},
		"no data":           {`{"next_cursor":""}`, `the page has no "data"`},
	} {
		f := newFake(t, respond(200, tc.body))
		roles, _, err := f.client(t).ListRoles(context.Background())
		assert.Nil(t, roles, name)
		var de *DecodeError
		require.ErrorAs(t, err, &de, name)
		assert.ErrorContains(t, err, tc.want, name)
	}

	n := 0
	f = newFake(t, func(w http.ResponseWriter, r *http.Request) { // a new cursor each time, without end
		n++
		respond(200, fmt.Sprintf(`{"data":[{"id":"r0le1"}],"next_cursor":"c%d"}`, n))(w, r)
	})
	c := f.client(t)
	c.maxPages = 3
	_, _, err = c.ListRoles(context.Background())
	assert.ErrorContains(t, err, "past 3 pages")
	assert.Equal(t, 3, n)
}

// TestWorkspacesPageByCursor: a token's workspaces come as objects, by
// cursor, the list whole (limit_workspaces with it) or as an iterator that
// asks for a page only when the one before is used up.
func TestWorkspacesPageByCursor(t *testing.T) {
	var cursors []string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("cursor")
		cursors = append(cursors, cursor)
		switch cursor {
		case "":
			respond(200, `{"data":[{"id":"W1","name":"production"}],"meta":{"limit":100,"next_cursor":"n2","previous_cursor":""},"limit_workspaces":true}`)(w, r)
		default:
			respond(200, `{"data":[{"id":"W2","name":"staging"}],"meta":{"limit":100,"next_cursor":"","previous_cursor":""},"limit_workspaces":true}`)(w, r)
		}
	})
	c := f.client(t)
	all, _, err := c.ListAutomationTokenWorkspaces(context.Background(), "AuT0CiDeployB0tAbCdEfG")
	require.NoError(t, err)
	assert.Equal(t, []gen.AutomationTokenWorkspace{{ID: "W1", Name: "production"}, {ID: "W2", Name: "staging"}}, all.Data)
	assert.True(t, all.LimitWorkspaces)
	assert.Equal(t, []string{"", "n2"}, cursors)

	cursors = nil
	for ws, err := range c.ListAutomationTokenWorkspacesIter(context.Background(), "AuT0CiDeployB0tAbCdEfG") {
		require.NoError(t, err)
		assert.Equal(t, "W1", ws.ID)
		break
	}
	assert.Equal(t, []string{""}, cursors, "one page asked for: the walk stopped in it")
	for _, err := range c.ListAutomationTokenWorkspacesIter(context.Background(), "a/b") {
		assert.ErrorIs(t, err, ErrInvalidInput)
	}
}
