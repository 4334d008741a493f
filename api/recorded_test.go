package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
	"github.com/seed-14d8318b/fastlytokens/openapi/recorded"
)

// TestAnswersAsRecorded replays each recorded real interaction against
// the in-memory API, cassette by cassette (each on a fresh demo account),
// and holds api/'s answers to Fastly's: the same status; the rate-limit
// headers where, and only where, Fastly sent them; every key Fastly sent,
// and beyond them only keys the spec dates after the recording
// (x-fastly-since); and, where both have no value, the same kind of
// nothing (null or ""). Ids the answers create are carried from one
// request of a cassette to the next, as the recorded client carried them.
func TestAnswersAsRecorded(t *testing.T) {
	all, err := recorded.All()
	require.NoError(t, err)
	doc, err := contract.Load()
	require.NoError(t, err)
	cassettes := map[string][]recorded.Interaction{}
	for _, i := range all {
		cassettes[i.Cassette] = append(cassettes[i.Cassette], i)
	}
	require.Len(t, cassettes, 11)
	for name, interactions := range cassettes {
		t.Run(name, func(t *testing.T) {
			r := &replayer{t: t, env: apitest.NewEnv(t), ids: map[string]string{}}
			for _, i := range interactions {
				status, header, body := r.send(i)
				require.Equal(t, i.Status, status, "%s: %s", i, body)
				for _, h := range []string{"Fastly-Ratelimit-Remaining", "Fastly-Ratelimit-Reset"} {
					assert.Equal(t, i.Header.Get(h) != "", header.Get(h) != "", "%s: %s as recorded", i, h)
				}
				if len(i.Body) > 0 {
					for _, problem := range answerProblems(doc, i, body) {
						t.Errorf("%s: %s", i, problem)
					}
					r.learnIDs(i.Body, body)
				}
			}
		})
	}
}

// answerProblems compares api/'s answer to a recorded one, object by
// object (the first of each, for lists).
func answerProblems(doc *openapi3.T, i recorded.Interaction, body []byte) []string {
	want, err := recorded.Objects(i.Body)
	if err != nil || len(want) == 0 {
		return []string{"the recording has no object"}
	}
	got, err := recorded.Objects(body)
	if err != nil || len(got) == 0 {
		return []string{"api/ answered no object: " + string(body)}
	}
	var problems []string
	for _, key := range recorded.Keys(want[0]) {
		value, ok := got[0][key]
		switch {
		case !ok:
			problems = append(problems, "no "+key)
		case recorded.Empty(want[0][key]) != "" && recorded.Empty(value) != "" && recorded.Empty(want[0][key]) != recorded.Empty(value):
			problems = append(problems, key+" is "+recorded.Empty(value)+" where Fastly sends "+recorded.Empty(want[0][key]))
		}
	}
	for _, key := range recorded.Keys(got[0]) {
		if _, ok := want[0][key]; !ok && !datedAfter(doc, key, i.Date) {
			problems = append(problems, "a key Fastly did not send, which the spec does not date after "+i.Date.Format(time.DateOnly)+": "+key)
		}
	}
	return problems
}

// datedAfter reports whether the spec says some schema's property key
// arrived after the date (x-fastly-since).
func datedAfter(doc *openapi3.T, key string, date time.Time) bool {
	for _, schema := range doc.Components.Schemas {
		if p := schema.Value.Properties[key]; p != nil {
			if since, ok := p.Value.Extensions["x-fastly-since"].(string); ok {
				if at, err := time.Parse(time.DateOnly, since); err == nil && at.After(date) {
					return true
				}
			}
		}
	}
	return false
}

// replayer sends recorded requests to a demo account, as its
// superuser without two-factor authentication (who may do all the
// recorded requests do), with the account's ids for the recording's.
type replayer struct {
	t   *testing.T
	env *apitest.Env
	ids map[string]string // recorded id → the id api/ gave
}

var redactedID = regexp.MustCompile(`^X{22}$`)

func (r *replayer) send(i recorded.Interaction) (int, http.Header, []byte) {
	acct := r.env.Account
	req, err := http.NewRequest(i.Method, r.env.URL+r.path(i), strings.NewReader(r.body(i)))
	require.NoError(r.t, err)
	req.URL.RawQuery = i.URL.RawQuery
	req.Header = i.RequestHeader.Clone()
	req.Header.Set("Fastly-Key", acct.OpsKey)
	resp, err := (&http.Client{Transport: r.env.Transport}).Do(req)
	require.NoError(r.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(r.t, err)
	return resp.StatusCode, resp.Header, b
}

// path is the recorded path with the account's ids: one learnt from an
// earlier answer, else one of the demo's for a redacted id.
func (r *replayer) path(i recorded.Interaction) string {
	parts := strings.Split(i.URL.Path, "/")
	for k, part := range parts {
		switch id, learnt := r.ids[part]; {
		case learnt:
			parts[k] = id
		case !redactedID.MatchString(part):
		case k > 0 && parts[k-1] == "customer":
			parts[k] = r.env.Account.CustomerID
		case k > 0 && parts[k-1] == "automation-tokens":
			parts[k] = "AuT0TerraformCl0udAbCd"
		default:
			parts[k] = "3KdPqRsTuVwXyZaBcDeFgH" // a token of the admin's, which the superuser may revoke
		}
	}
	return strings.Join(parts, "/")
}

// body is the recorded body with the superuser's credentials and the ids
// learnt so far.
func (r *replayer) body(i recorded.Interaction) string {
	body := i.RequestBody
	for from, to := range r.ids {
		body = strings.ReplaceAll(body, from, to)
	}
	if form, err := url.ParseQuery(body); err == nil && form.Has("username") {
		form.Set("username", r.env.Account.OpsLogin)
		form.Set("password", r.env.Account.OpsPassword)
		return form.Encode()
	}
	return body
}

// learnIDs maps the ids of a recorded answer to those of api/'s.
func (r *replayer) learnIDs(recordedBody, body []byte) {
	var want, got struct{ ID string }
	if json.Unmarshal(recordedBody, &want) == nil && json.Unmarshal(body, &got) == nil && want.ID != "" && !redactedID.MatchString(want.ID) {
		r.ids[want.ID] = got.ID
	}
}
