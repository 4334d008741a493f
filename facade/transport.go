package facade

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// doer is gen's HttpRequestDoer: the retrying transport, called directly.
// An http.Client would follow redirects (carrying Fastly-Key to whatever
// host a response names) and copy every header of every request; Fastly's
// API does not redirect, so a redirect comes back as the response it is.
type doer struct {
	rt      *retry.Transport
	maxBody int64
}

// Do hands gen a response it parses without losing what the facade needs.
// The body is bounded. An error's Content-Type is taken away from gen, so
// that gen keeps its body whole (the facade reads Fastly's error shapes
// itself: see readErrorBody) rather than fail on a broken one. A 200 to a
// GET or POST (the calls whose success has a body) whose Content-Type is
// not application/json is marked JSON for gen, which decodes only "json"
// media types, so that a mislabelled answer still yields its token and
// secret, beside a *DecodeError.
func (d *doer) Do(req *http.Request) (*http.Response, error) {
	b := &body{}
	resp, err := d.rt.Do(req, &b.retries)
	if err != nil {
		// As http.Client says it: which request failed (the URL holds ids
		// only; the key is a header).
		method := cmp.Or(req.Method, http.MethodGet)
		return nil, &url.Error{Op: method[:1] + strings.ToLower(method[1:]), URL: req.URL.String(), Err: err}
	}
	b.rc, b.limited, b.contentType = resp.Body, io.LimitedReader{R: resp.Body, N: d.maxBody + 1}, resp.Header.Get("Content-Type")
	if v, ok := resp.Body.(interface{ ContractViolation() error }); ok {
		b.violation = v.ContractViolation()
	}
	switch {
	case resp.StatusCode >= 300:
		resp.Header = resp.Header.Clone()
		resp.Header.Del("Content-Type")
	case resp.StatusCode == http.StatusOK && req.Method != http.MethodDelete && mediaType(b.contentType) != jsonType:
		b.mislabelled = fmt.Errorf("the content type is %q, not %s", safetext.Line(b.contentType, maxCode), jsonType)
		resp.Header = resp.Header.Clone()
		resp.Header.Set("Content-Type", jsonType)
	}
	resp.Body = b
	return resp, nil
}

const jsonType = "application/json"

// mediaType is a Content-Type without its parameters, in lower case.
func mediaType(contentType string) string {
	t, _, _ := strings.Cut(contentType, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// body is a response body bounded to the client's limit, with what the
// doer learned of it.
type body struct {
	rc          io.Closer
	limited     io.LimitedReader // one byte past the limit tells a body that ends there from one that goes on
	contentType string           // as the response came
	mislabelled error            // why a 200 was marked JSON for gen
	violation   error            // what a validating transport found
	retries     retry.Record     // what the request's retries went through
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.limited.Read(p)
	if b.limited.N <= 0 {
		return n, ErrResponseTooLarge
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }
