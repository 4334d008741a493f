package reqlog

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func text(attrs []slog.Attr) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.String()
	}
	return strings.Join(parts, " ")
}

// TestRequestSaysWhatHappened: an answered request's line has its method,
// path, status, cleaned trace id and retries; an unanswered one's comes
// from the doer's *url.Error, with no retries said and its cleaned error.
func TestRequestSaysWhatHappened(t *testing.T) {
	clean := func(s string) string { return strings.ReplaceAll(s, "s3cret", "[REDACTED]") }
	req, _ := http.NewRequest(http.MethodGet, "https://api.fastly.com/tokens/abc?x=s3cret", nil)
	resp := &http.Response{StatusCode: 404, Header: http.Header{"Fastly-Trace-Id": {"t-s3cret"}}, Request: req}
	assert.Equal(t, "method=GET path=/tokens/abc status=404 trace_id=t-[REDACTED] duration=2s retries=1 operation=get-token",
		text(Request(resp, nil, 2, 2*time.Second, "get-token", clean)))

	lost := &url.Error{Op: "Delete", URL: "https://api.fastly.com/tokens/abc", Err: errors.New("reset by s3cret")}
	assert.Equal(t, `method=DELETE path=/tokens/abc duration=1ms operation=revoke-token error=Delete "https://api.fastly.com/tokens/abc": reset by [REDACTED]`,
		text(Request(nil, lost, 0, time.Millisecond, "revoke-token", clean)))
}

// TestRetrySaysWhyAndWhen: a retry's line names the request, the attempt,
// the delay and the reason.
func TestRetrySaysWhyAndWhen(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://api.fastly.com/tokens", nil)
	assert.Equal(t, "method=GET path=/tokens attempt=2 delay=100ms reason=503", text(Retry(req, 2, 100*time.Millisecond, "503")))
}
