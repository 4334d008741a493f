// Package reqlog is what the client's debug log says of each request and
// each retry. Nothing of it is a secret: a path holds ids only, and the
// caller's clean scrubs the texts a server or a transport wrote (a trace
// id, an error).
package reqlog

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Request is the attributes of one request's line: method, path, status,
// trace id, duration, retries, operation and error. raw is nil when no
// response came; the request is then read from the doer's *url.Error.
// attempts is how many were made, the first included; 0 when unknown (no
// response came), and then no retries are said.
func Request(raw *http.Response, err error, attempts int, took time.Duration, op string, clean func(string) string) []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	var ue *url.Error
	switch {
	case raw != nil && raw.Request != nil:
		attrs = append(attrs, slog.String("method", raw.Request.Method), slog.String("path", raw.Request.URL.Path))
	case raw == nil && errors.As(err, &ue):
		if u, perr := url.Parse(ue.URL); perr == nil {
			attrs = append(attrs, slog.String("method", strings.ToUpper(ue.Op)), slog.String("path", u.Path))
		}
	}
	if raw != nil {
		attrs = append(attrs, slog.Int("status", raw.StatusCode))
		if id := raw.Header.Get(wire.HeaderTraceID); id != "" {
			attrs = append(attrs, slog.String("trace_id", clean(id)))
		}
	}
	attrs = append(attrs, slog.Duration("duration", took))
	if attempts > 0 {
		attrs = append(attrs, slog.Int("retries", attempts-1))
	}
	attrs = append(attrs, slog.String("operation", op))
	if err != nil {
		attrs = append(attrs, slog.String("error", clean(err.Error())))
	}
	return attrs
}

// Retry is the attributes of one retry's line.
func Retry(req *http.Request, attempt int, delay time.Duration, reason string) []slog.Attr {
	return []slog.Attr{slog.String("method", req.Method), slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt), slog.Duration("delay", delay), slog.String("reason", reason)}
}
