package facade_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/recorded"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// TestRecordedAnswersReplay plays each recorded real answer to the facade
// call that asks for it, and holds what the facade returns to what Fastly
// sent: the call goes to the recorded method and path, and the result's
// JSON has every key of the answer with the same value (times compared as
// instants), so that no key is lost on the way in.
func TestRecordedAnswersReplay(t *testing.T) {
	all, err := recorded.All()
	require.NoError(t, err)
	for _, i := range all {
		t.Run(i.String(), func(t *testing.T) {
			replay := &replayTransport{answer: i}
			c, err := facade.New(facade.WithToken("recorded-key-0123456789"), facade.WithTransport(replay),
				facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}))
			require.NoError(t, err)
			result, err := callFor(context.Background(), c, i)
			require.NoError(t, err)
			require.NotNil(t, replay.asked, "the call was sent")
			assert.Equal(t, i.Method+" "+i.URL.Path, replay.asked.Method+" "+replay.asked.URL.Path, "the recorded route")
			if len(i.Body) > 0 {
				for _, problem := range lostKeys(t, i.Body, result) {
					t.Error(problem)
				}
			}
		})
	}
}

// replayTransport answers with one recorded answer, and keeps the request.
type replayTransport struct {
	mu     sync.Mutex
	answer recorded.Interaction
	asked  *http.Request
}

func (r *replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.asked = req
	return r.answer.Response(req), nil
}

// callFor makes the facade call a recorded request stands for, and returns
// its result: the value a caller would get.
func callFor(ctx context.Context, c *facade.Client, i recorded.Interaction) (any, error) {
	id := strings.TrimPrefix(i.URL.Path[strings.LastIndex(i.URL.Path, "/"):], "/")
	switch route := i.Method + " " + i.URL.Path; {
	case route == "POST /sudo":
		sudo, _, err := c.Sudo(ctx, facade.SudoInput{SudoRequest: gen.SudoRequest{Username: "me", Password: "pw"}})
		return sudo, err
	case route == "POST /tokens":
		form, _ := url.ParseQuery(i.RequestBody)
		in := gen.TokenCreateForm{Name: form.Get("name"), Scope: form.Get("scope"), Services: form["services[]"]}
		created, _, err := c.CreateToken(ctx, facade.CreateTokenInput{TokenCreateForm: in})
		return created, err
	case route == "GET /tokens":
		tokens, _, err := c.ListTokens(ctx)
		return tokens, err
	case strings.HasPrefix(route, "GET /customer/"):
		tokens, _, err := c.ListCustomerTokens(ctx, strings.Split(i.URL.Path, "/")[2])
		return tokens, err
	case route == "GET /tokens/self":
		tok, _, err := c.CurrentToken(ctx)
		return tok, err
	case route == "DELETE /tokens/self":
		_, err := c.RevokeCurrentToken(ctx)
		return nil, err
	case route == "DELETE /tokens":
		var body gen.BulkRevokeRequest
		_ = json.Unmarshal([]byte(i.RequestBody), &body)
		ids := make([]string, len(body.Data))
		for k, ref := range body.Data {
			ids[k] = ref.ID
		}
		_, _, err := c.BulkRevokeTokens(ctx, ids)
		return nil, err
	case strings.HasPrefix(route, "DELETE /tokens/"):
		_, err := c.RevokeToken(ctx, id)
		return nil, err
	case route == "GET /automation-tokens":
		page, _, err := c.ListAutomationTokensPage(ctx, 1, 100)
		return page.Tokens, err
	case strings.HasPrefix(route, "GET /automation-tokens/"):
		tok, _, err := c.GetAutomationToken(ctx, id)
		return tok, err
	case route == "POST /automation-tokens":
		var in gen.AutomationTokenCreateRequest
		_ = json.Unmarshal([]byte(i.RequestBody), &in)
		created, _, err := c.CreateAutomationToken(ctx, facade.AutomationTokenInput{AutomationTokenCreateRequest: in})
		return created, err
	}
	panic("no facade call for " + i.String())
}

// lostKeys compares a recorded answer with the JSON of the facade's
// result, object by object.
func lostKeys(t *testing.T, body []byte, result any) []string {
	want, err := recorded.Objects(body)
	require.NoError(t, err)
	b, err := json.Marshal(result)
	require.NoError(t, err)
	got, err := recorded.Objects(b)
	require.NoError(t, err)
	require.Len(t, got, len(want), "as many tokens as Fastly sent")
	var problems []string
	for n := range want {
		for _, key := range recorded.Keys(want[n]) {
			if !sameValue(want[n][key], got[n][key]) {
				problems = append(problems, key+": Fastly sent "+string(want[n][key])+", the facade has "+string(got[n][key]))
			}
		}
	}
	return problems
}

// sameValue compares two JSON values; strings that are both times compare
// as instants ("+00:00" and "Z" are one zone).
func sameValue(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	if sx, ok := x.(string); ok {
		if sy, ok := y.(string); ok {
			tx, errx := wire.ParseTime(sx)
			ty, erry := wire.ParseTime(sy)
			if errx == nil && erry == nil {
				return tx.Equal(ty)
			}
		}
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}
