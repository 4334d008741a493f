// Package doer is what gen's client sends its requests through: the
// retrying transport, called directly, with each response's body bounded
// and noted for what the facade needs besides gen's parse.
package doer

import (
	"cmp"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// ErrTooLarge is the read error of a body longer than the limit.
var ErrTooLarge = errors.New("response body exceeds the client's limit")

// MaxErrorText bounds what is kept of a body: enough to find a secret the
// server echoed whole before an excerpt is cut from it.
const MaxErrorText = 64 << 10

// Doer is gen's HttpRequestDoer. An http.Client would follow redirects
// (carrying Fastly-Key to whatever host a response names) and copy every
// header of every request; Fastly's API does not redirect, so a redirect
// comes back as the response it is.
type Doer struct {
	RT      *retry.Transport
	MaxBody int64 // the most of a body that is read
}

// Do hands gen the response with its body a *Body: bounded, and noting
// the Content-Type, a validating transport's finding, the retries, and
// the first bytes of an error's body (which gen's parse loses when it
// cannot decode them) or a create's (for the secret it may hold).
func (d *Doer) Do(req *http.Request) (*http.Response, error) {
	b := &Body{}
	resp, err := d.RT.Do(req, &b.Retries)
	if err != nil {
		// As http.Client says it: which request failed (the URL holds ids
		// only; the key is a header). Only this wraps in a *url.Error.
		method := cmp.Or(req.Method, http.MethodGet)
		return nil, &url.Error{Op: method[:1] + strings.ToLower(method[1:]), URL: req.URL.String(), Err: err}
	}
	b.rc, b.limited = resp.Body, io.LimitedReader{R: resp.Body, N: d.MaxBody + 1}
	b.ContentType, b.Method = resp.Header.Get("Content-Type"), req.Method
	b.keepText = resp.StatusCode >= 300 || req.Method == http.MethodPost
	if v, ok := resp.Body.(interface{ ContractViolation() error }); ok {
		b.Violation = v.ContractViolation()
	}
	resp.Body = b
	return resp, nil
}

// Body is a response body bounded to the client's limit, with what the
// Doer learned of it.
type Body struct {
	ContentType string       // as the response came
	Method      string       // the request's
	Violation   error        // what a validating transport found
	Retries     retry.Record // what the request's retries went through
	Text        []byte       // the first bytes read, of an error's or a POST's body

	rc       io.Closer
	limited  io.LimitedReader // one byte past the limit tells a body that ends there from one that goes on
	keepText bool
}

// Of is the *Body of a response the Doer handed out, or an empty one.
func Of(resp *http.Response) *Body {
	if b, ok := resp.Body.(*Body); ok {
		return b
	}
	return &Body{}
}

func (b *Body) Read(p []byte) (int, error) {
	n, err := b.limited.Read(p)
	if b.keepText && len(b.Text) < MaxErrorText {
		b.Text = append(b.Text, p[:min(n, MaxErrorText-len(b.Text))]...)
	}
	if b.limited.N <= 0 {
		return n, ErrTooLarge
	}
	return n, err
}

func (b *Body) Close() error { return b.rc.Close() }

// ScrubbedText is the body's first bytes without secrets. When the body
// went on past what was kept, a secret the cut split in two goes too, so
// that its first half does not survive.
func (b *Body) ScrubbedText(secrets *scrub.Scrubber) string {
	if len(b.Text) >= MaxErrorText {
		return secrets.Cut(string(b.Text))
	}
	return secrets.String(string(b.Text))
}
