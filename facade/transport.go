package facade

import (
	"cmp"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// doer is gen's HttpRequestDoer: the retrying transport, called directly.
// An http.Client would follow redirects (carrying Fastly-Key to whatever
// host a response names) and copy every header of every request; Fastly's
// API does not redirect, so a redirect comes back as the response it is.
type doer struct {
	rt      *retry.Transport
	maxBody int64
}

// Do hands gen the response with its body bounded, and notes what the
// facade needs besides gen's parse: the Content-Type, a validating
// transport's finding, the retries, and the first bytes of an error's
// body, which gen's parse loses when it cannot decode them.
func (d *doer) Do(req *http.Request) (*http.Response, error) {
	b := &body{}
	resp, err := d.rt.Do(req, &b.retries)
	if err != nil {
		// As http.Client says it: which request failed (the URL holds ids
		// only; the key is a header).
		method := cmp.Or(req.Method, http.MethodGet)
		return nil, &url.Error{Op: method[:1] + strings.ToLower(method[1:]), URL: req.URL.String(), Err: err}
	}
	b.rc, b.limited, b.contentType, b.method = resp.Body, io.LimitedReader{R: resp.Body, N: d.maxBody + 1}, resp.Header.Get("Content-Type"), req.Method
	// An error's body, for its excerpt; a create's (POST), for the secret
	// it may hold when gen cannot decode it.
	b.keepText = resp.StatusCode >= 300 || req.Method == http.MethodPost
	if v, ok := resp.Body.(interface{ ContractViolation() error }); ok {
		b.violation = v.ContractViolation()
	}
	resp.Body = b
	return resp, nil
}

// maxErrorText bounds what is kept of an error's body: enough to find a
// secret the server echoed whole before an excerpt is cut from it.
const maxErrorText = 64 << 10

// body is a response body bounded to the client's limit, with what the
// doer learned of it.
type body struct {
	rc          io.Closer
	limited     io.LimitedReader // one byte past the limit tells a body that ends there from one that goes on
	contentType string           // as the response came
	method      string           // the request's
	violation   error            // what a validating transport found
	retries     retry.Record     // what the request's retries went through
	keepText    bool             // keep the body's first bytes in text
	text        []byte
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.limited.Read(p)
	if b.keepText && len(b.text) < maxErrorText {
		b.text = append(b.text, p[:min(n, maxErrorText-len(b.text))]...)
	}
	if b.limited.N <= 0 {
		return n, ErrResponseTooLarge
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }

// scrubbedText is the error body's first bytes without secrets. When the
// body went on past what was kept, a secret the cut split in two goes too,
// so that its first half does not survive.
func (b *body) scrubbedText(secrets *scrub.Scrubber) string {
	if len(b.text) >= maxErrorText {
		return secrets.Cut(string(b.text))
	}
	return secrets.String(string(b.text))
}
