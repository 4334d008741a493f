package facade

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// logFunc writes one debug line with the attributes given.
type logFunc func(ctx context.Context, msg string, attrs ...slog.Attr)

// log writes one debug line per request: method, path, status, trace id,
// duration, retries, operation. Nothing of it is a secret: the path holds
// ids only, and the trace id and error texts are scrubbed.
func (c *Client) log(ctx context.Context, x exchange, raw *http.Response, b *body, start time.Time, err error) {
	if c.logger == nil {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	var ue *url.Error
	switch {
	case raw != nil && raw.Request != nil:
		attrs = append(attrs, slog.String("method", raw.Request.Method), slog.String("path", raw.Request.URL.Path))
	case raw == nil && errors.As(err, &ue): // no response: the request, from the transport's error
		if u, perr := url.Parse(ue.URL); perr == nil {
			attrs = append(attrs, slog.String("method", strings.ToUpper(ue.Op)), slog.String("path", u.Path))
		}
	}
	if raw != nil {
		attrs = append(attrs, slog.Int("status", raw.StatusCode))
		if id := raw.Header.Get(wire.HeaderTraceID); id != "" {
			attrs = append(attrs, slog.String("trace_id", x.secrets.String(id)))
		}
	}
	attrs = append(attrs, slog.Duration("duration", c.now().Sub(start)))
	if b != nil {
		attrs = append(attrs, slog.Int("retries", max(b.retries.Attempts-1, 0)))
	}
	attrs = append(attrs, slog.String("operation", x.op))
	if err != nil {
		attrs = append(attrs, slog.String("error", x.secrets.String(err.Error())))
	}
	c.logger(ctx, "fastlytokens: request", attrs...)
}

// logRetry is the retry transport's hook: one debug line per retry.
func (c *Client) logRetry(req *http.Request, attempt int, delay time.Duration, reason string) {
	c.logger(req.Context(), "fastlytokens: retrying",
		slog.String("method", req.Method), slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt), slog.Duration("delay", delay), slog.String("reason", reason))
}
