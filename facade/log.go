package facade

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/seed-14d8318b/fastlytokens/internal/reqlog"
)

// logFunc writes one debug line with the attributes given.
type logFunc func(ctx context.Context, msg string, attrs ...slog.Attr)

// log writes one debug line per request (reqlog.Request), its texts
// scrubbed of the call's secrets.
func (c *Client) log(ctx context.Context, x exchange, raw *http.Response, attempts int, start time.Time, err error) {
	if c.logger != nil {
		c.logger(ctx, "fastlytokens: request", reqlog.Request(raw, err, attempts, c.now().Sub(start), x.op, x.secrets.String)...)
	}
}

// logRetry is the retry transport's hook: one debug line per retry.
func (c *Client) logRetry(req *http.Request, attempt int, delay time.Duration, reason string) {
	c.logger(req.Context(), "fastlytokens: retrying", reqlog.Retry(req, attempt, delay, reason)...)
}
