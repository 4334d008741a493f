package retry

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// script answers attempts in order from a list of outcomes.
type script struct {
	outcomes []outcome
	calls    int
	bodies   []string
}

type outcome struct {
	status int
	header http.Header
	err    error
}

func (s *script) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		s.bodies = append(s.bodies, string(b))
	}
	o := s.outcomes[min(s.calls, len(s.outcomes)-1)]
	s.calls++
	if o.err != nil {
		return nil, o.err
	}
	h := o.header
	if h == nil {
		h = http.Header{}
	}
	return &http.Response{StatusCode: o.status, Status: strconv.Itoa(o.status) + " " + http.StatusText(o.status), Header: h,
		Body: io.NopCloser(strings.NewReader("body")), Request: req}, nil
}

// transport returns a Transport over s that sleeps on a fake clock.
func transport(s *script, p Policy) (*Transport, *[]time.Duration) {
	var slept []time.Duration
	now := time.Unix(1_700_000_000, 0)
	return &Transport{
		Next: s, Policy: p,
		Now:    func() time.Time { return now },
		Jitter: func() float64 { return 1 },
		Sleep: func(ctx context.Context, d time.Duration) error {
			slept = append(slept, d)
			return ctx.Err()
		},
	}, &slept
}

func get(t *testing.T, ctx context.Context, method string, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "https://api.fastly.com/tokens", r)
	require.NoError(t, err)
	return req
}

var (
	ok200    = outcome{status: 200}
	err503   = outcome{status: 503}
	errReset = outcome{err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}
	errDial  = outcome{err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
)

func TestRetriesIdempotentRequestsWithBackoff(t *testing.T) {
	s := &script{outcomes: []outcome{err503, {status: 502}, {status: 504}, {status: 500}, ok200}}
	tr, slept := transport(s, Policy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
	resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 5, s.calls)
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond}, *slept,
		"exponential, capped at MaxDelay")
}

func TestAttemptsAreBounded(t *testing.T) {
	s := &script{outcomes: []outcome{err503}}
	tr, _ := transport(s, Policy{MaxAttempts: 3})
	resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodDelete, ""))
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode, "the last response is returned")
	assert.Equal(t, 3, s.calls)

	s = &script{outcomes: []outcome{err503}}
	tr, _ = transport(s, Policy{})
	_, _ = tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
	assert.Equal(t, DefaultPolicy.MaxAttempts, s.calls, "zero policy takes the defaults")
}

func TestJitterStaysInRange(t *testing.T) {
	tr := &Transport{}
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for range 200 {
		d := tr.backoff(p, 3)
		assert.GreaterOrEqual(t, d, time.Millisecond)
		assert.LessOrEqual(t, d, 400*time.Millisecond)
	}
	p = Policy{BaseDelay: time.Second, MaxDelay: time.Millisecond}.withDefaults()
	assert.Equal(t, time.Second, p.MaxDelay, "max delay is at least the base delay")
}

func TestConnectionErrors(t *testing.T) {
	s := &script{outcomes: []outcome{errReset, {err: io.ErrUnexpectedEOF}, ok200}}
	tr, _ := transport(s, Policy{MaxAttempts: 3})
	resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, 3, s.calls)

	s = &script{outcomes: []outcome{{err: errors.New("tls: bad certificate")}, ok200}}
	tr, _ = transport(s, Policy{MaxAttempts: 3})
	_, err = tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
	assert.Error(t, err, "other errors are not retried")
	assert.Equal(t, 1, s.calls)
}

func TestPostIsRetriedOnlyWhenNothingWasSent(t *testing.T) {
	for name, o := range map[string]outcome{"503": err503, "reset": errReset, "429": {status: 429, header: http.Header{"Retry-After": {"1"}}}} {
		s := &script{outcomes: []outcome{o, ok200}}
		tr, _ := transport(s, Policy{MaxAttempts: 3})
		_, _ = tr.RoundTrip(get(t, context.Background(), http.MethodPost, "name=x"))
		assert.Equal(t, 1, s.calls, "POST after %s may have reached the server", name)
	}
	s := &script{outcomes: []outcome{errDial, ok200}}
	tr, _ := transport(s, Policy{MaxAttempts: 3})
	resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodPost, "name=x"))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, []string{"name=x", "name=x"}, s.bodies, "the body is sent again whole")
}

func TestBodiesAreRewound(t *testing.T) {
	s := &script{outcomes: []outcome{err503, ok200}}
	tr, _ := transport(s, Policy{MaxAttempts: 2})
	_, err := tr.RoundTrip(get(t, context.Background(), http.MethodDelete, `{"data":[]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{`{"data":[]}`, `{"data":[]}`}, s.bodies)

	// A body that cannot be rewound is not retried.
	s = &script{outcomes: []outcome{err503, ok200}}
	tr, _ = transport(s, Policy{MaxAttempts: 2})
	req := get(t, context.Background(), http.MethodDelete, "x")
	req.GetBody = nil
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, 1, s.calls)

	// A failing GetBody is returned.
	s = &script{outcomes: []outcome{err503, ok200}}
	tr, _ = transport(s, Policy{MaxAttempts: 2})
	req = get(t, context.Background(), http.MethodDelete, "x")
	req.GetBody = func() (io.ReadCloser, error) { return nil, errors.New("gone") }
	_, err = tr.RoundTrip(req)
	assert.EqualError(t, err, "gone")
}

func TestRateLimitWaits(t *testing.T) {
	base := time.Unix(1_700_000_000, 0)
	cases := map[string]struct {
		header http.Header
		wait   time.Duration
		retry  bool
	}{
		"retry-after seconds": {http.Header{"Retry-After": {"2"}}, 2 * time.Second, true},
		"retry-after date":    {http.Header{"Retry-After": {base.Add(5 * time.Second).UTC().Format(http.TimeFormat)}}, 5 * time.Second, true},
		"fastly reset":        {http.Header{"Fastly-Ratelimit-Reset": {strconv.FormatInt(base.Unix()+7, 10)}}, 7 * time.Second, true},
		"reset in the past":   {http.Header{"Fastly-Ratelimit-Reset": {strconv.FormatInt(base.Unix()-7, 10)}}, 0, true},
		"no hint":             {http.Header{}, 0, false},
		"garbage hint":        {http.Header{"Retry-After": {"soon"}, "Fastly-Ratelimit-Reset": {"x"}}, 0, false},
		"beyond max wait":     {http.Header{"Retry-After": {"3600"}}, 0, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := &script{outcomes: []outcome{{status: 429, header: tc.header}, ok200}}
			tr, slept := transport(s, Policy{MaxAttempts: 2, MaxWait: time.Minute})
			resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodDelete, ""))
			require.NoError(t, err)
			if !tc.retry {
				assert.Equal(t, 429, resp.StatusCode)
				assert.Equal(t, 1, s.calls)
				return
			}
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, []time.Duration{tc.wait}, *slept)
		})
	}
}

// deadlineCtx reports a deadline without enforcing it in real time: the
// transport's fake clock decides whether a wait fits before it.
type deadlineCtx struct {
	context.Context
	d time.Time
}

func (c deadlineCtx) Deadline() (time.Time, bool) { return c.d, true }

func TestDeadlinesAndCancellation(t *testing.T) {
	// A wait that would pass the deadline is not started; one that fits is.
	for wait, retried := range map[string]bool{"10": false, "4": true} {
		s := &script{outcomes: []outcome{{status: 429, header: http.Header{"Retry-After": {wait}}}, ok200}}
		tr, slept := transport(s, Policy{MaxAttempts: 3})
		ctx := deadlineCtx{context.Background(), tr.Now().Add(5 * time.Second)}
		resp, err := tr.RoundTrip(get(t, ctx, http.MethodGet, ""))
		require.NoError(t, err)
		if retried {
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, []time.Duration{4 * time.Second}, *slept)
		} else {
			assert.Equal(t, 429, resp.StatusCode)
			assert.Empty(t, *slept)
		}
	}

	// A cancelled context ends retries at once.
	s := &script{outcomes: []outcome{err503, ok200}}
	tr, _ := transport(s, Policy{MaxAttempts: 3})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _ = tr.RoundTrip(get(t, ctx, http.MethodGet, ""))
	assert.Equal(t, 1, s.calls)

	// Cancelled during the wait: the answer in hand (a 503, body and all)
	// is returned, so the caller keeps its status.
	s = &script{outcomes: []outcome{err503, ok200}}
	ctx, cancel = context.WithCancel(context.Background())
	waiting := &Transport{Next: s, Policy: Policy{MaxAttempts: 3}, Jitter: func() float64 { return 1 },
		Sleep: func(ctx context.Context, _ time.Duration) error {
			cancel() // the user gives up while the transport waits
			<-ctx.Done()
			return ctx.Err()
		}}
	resp, err := waiting.RoundTrip(get(t, ctx, http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "body", string(body), "the body was not drained")
	assert.Equal(t, 1, s.calls)

	// The real timer: a wait longer than the context's life ends with it.
	s = &script{outcomes: []outcome{err503, ok200}}
	real := &Transport{Next: s, Policy: Policy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}, Jitter: func() float64 { return 1 }}
	ctx, cancel = context.WithCancel(context.Background())
	real.OnRetry = func(*http.Request, int, time.Duration, string) { cancel() }
	resp, err = real.RoundTrip(get(t, ctx, http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Equal(t, 1, s.calls)

	assert.False(t, isConnectionError(context.DeadlineExceeded))
}

func TestRealSleepAndOnRetry(t *testing.T) {
	s := &script{outcomes: []outcome{err503, ok200}}
	var reasons []string
	tr := &Transport{Next: s, Policy: Policy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond},
		OnRetry: func(_ *http.Request, attempt int, _ time.Duration, reason string) {
			reasons = append(reasons, strconv.Itoa(attempt)+" "+reason)
		}}
	resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, []string{"1 status 503"}, reasons, "the code, not the reason phrase a server chose")
}

func TestNilNextUsesDefaultTransport(t *testing.T) {
	tr := &Transport{Policy: Policy{MaxAttempts: 1}}
	req := get(t, context.Background(), http.MethodGet, "")
	req.URL.Host = "127.0.0.1:1" // nothing listens: a dial error, quickly
	_, err := tr.RoundTrip(req)
	assert.True(t, NeverSent(err))
}

func TestNotRetriedStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422, 501, 505} {
		s := &script{outcomes: []outcome{{status: status}, ok200}}
		tr, _ := transport(s, Policy{MaxAttempts: 3})
		resp, err := tr.RoundTrip(get(t, context.Background(), http.MethodGet, ""))
		require.NoError(t, err)
		assert.Equal(t, status, resp.StatusCode)
		assert.Equal(t, 1, s.calls, "status %d", status)
	}
}

func TestRecordSaysWhetherAnEarlierAttemptMayHaveActed(t *testing.T) {
	cases := map[string]struct {
		first  outcome
		acted  bool
		tries  int
		status int
	}{
		"answer lost":       {errReset, true, 2, 200},
		"server error":      {err503, true, 2, 200},
		"never connected":   {errDial, false, 2, 200},
		"rate limited":      {outcome{status: 429, header: http.Header{"Retry-After": {"0"}}}, false, 2, 200},
		"first try worked":  {ok200, false, 1, 200},
		"client error only": {outcome{status: 404}, false, 1, 404},
	}
	for name, tc := range cases {
		s := &script{outcomes: []outcome{tc.first, ok200}}
		tr, _ := transport(s, Policy{MaxAttempts: 3})
		var rec Record
		resp, err := tr.Do(get(t, context.Background(), http.MethodDelete, ""), &rec)
		require.NoError(t, err, name)
		assert.Equal(t, tc.status, resp.StatusCode, name)
		assert.Equal(t, tc.acted, rec.EarlierMayHaveActed, name)
		assert.Equal(t, tc.tries, rec.Attempts, name)
	}
}
