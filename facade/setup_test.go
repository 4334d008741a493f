package facade

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

const testKey = "test-key-0123456789abcdefghijklmn"

// fake is a loopback server answering with handler, counting requests.
type fake struct {
	*httptest.Server
	requests atomic.Int32
}

func newFake(t *testing.T, handler http.HandlerFunc) *fake {
	t.Helper()
	f := &fake{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		handler(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

// client makes a Client for f with fast retries.
func (f *fake) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithBaseURL(f.URL), WithToken(testKey), WithRetry(RetryPolicy{BaseDelay: 1e6, MaxDelay: 2e6})}
	c, err := New(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func respond(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

const tokenJSON = `{"id":"5Yo3XXnrQpjc20u0ybrf2g","user_id":"4y5K5trZocEAQYkesWlk7M","customer_id":"x4xCwxxJxGCx123Rx5xTx",` +
	`"name":"my_token","scope":"global:read purge_all","scopes":["global:read","purge_all"],"services":["SU1"],` +
	`"service_id":null,"created_at":"2021-01-14T11:25:39Z","updated_at":null,"deleted_at":null,` +
	`"last_used_at":"2021-01-14T11:47:46Z","expires_at":null,"ip":"203.0.113.7","user_agent":"curl/8","sudo_expires_at":null}`
