package doer

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/internal/retry"
	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// answer is a transport that answers every request with status and body.
type answer struct {
	status int
	body   string
}

func (a answer) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: a.status, Header: http.Header{"Content-Type": {"text/html"}},
		Body: io.NopCloser(strings.NewReader(a.body)), Request: req}, nil
}

func do(t *testing.T, method string, a answer, maxBody int64) (*Body, []byte, error) {
	t.Helper()
	d := &Doer{RT: &retry.Transport{Next: a, Policy: retry.Policy{MaxAttempts: 1}}, MaxBody: maxBody}
	req, err := http.NewRequest(method, "https://api.fastly.com/tokens", nil)
	require.NoError(t, err)
	resp, err := d.Do(req)
	require.NoError(t, err)
	b := Of(resp)
	read, err := io.ReadAll(resp.Body)
	return b, read, err
}

// TestBodyIsBoundedAndNoted: a body past the limit fails with ErrTooLarge;
// the Content-Type, method and attempts are noted; an error's and a
// POST's first bytes are kept, a GET's success is not.
func TestBodyIsBoundedAndNoted(t *testing.T) {
	_, _, err := do(t, http.MethodGet, answer{200, "0123456789"}, 9)
	require.ErrorIs(t, err, ErrTooLarge)
	b, read, err := do(t, http.MethodGet, answer{200, "0123456789"}, 10)
	require.NoError(t, err, "a body exactly at the limit")
	assert.Equal(t, "0123456789", string(read))
	assert.Equal(t, "text/html", b.ContentType)
	assert.Equal(t, http.MethodGet, b.Method)
	assert.Equal(t, 1, b.Retries.Attempts)
	assert.Empty(t, b.Text, "a read's success is not kept")

	b, _, _ = do(t, http.MethodGet, answer{404, "not here"}, 100)
	assert.Equal(t, "not here", string(b.Text))
	b, _, _ = do(t, http.MethodPost, answer{200, `{"access_token":"x"}`}, 100)
	assert.Equal(t, `{"access_token":"x"}`, string(b.Text), "a create's answer is kept for its secret")
}

// TestScrubbedTextCutsASplitSecret: of a body longer than what is kept, a
// secret cut at the end loses its first half too.
func TestScrubbedTextCutsASplitSecret(t *testing.T) {
	const secret = "live-key_0123456789abcdefghijklmn"
	filler := strings.Repeat("x", MaxErrorText-10)
	b, _, _ := do(t, http.MethodGet, answer{500, filler + secret}, 1<<20)
	require.Len(t, b.Text, MaxErrorText)
	text := b.ScrubbedText(scrub.New(secret))
	assert.NotContains(t, text, secret[:10])
	assert.True(t, strings.HasPrefix(text, filler[:100]))
}

// TestFailuresNameTheRequest: a request that got no answer fails with a
// *url.Error naming the method, as http.Client's do; facade tells sent
// from unsent by it.
func TestFailuresNameTheRequest(t *testing.T) {
	d := &Doer{RT: &retry.Transport{Next: failing{}, Policy: retry.Policy{MaxAttempts: 1}}, MaxBody: 10}
	req, _ := http.NewRequest(http.MethodDelete, "https://api.fastly.com/tokens/abc", nil)
	_, err := d.Do(req)
	require.Error(t, err)
	assert.Equal(t, `Delete "https://api.fastly.com/tokens/abc": refused`, err.Error())
}

type failing struct{}

func (failing) RoundTrip(*http.Request) (*http.Response, error) { return nil, errors.New("refused") }
