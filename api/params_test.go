package api_test

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/api"
	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
)

// queryParameters says, for every query parameter of the spec, what api/
// does with it: each is honoured, and the check shows it. A parameter the
// spec gains fails TestEveryQueryParameterIsHonoured until it has a row
// here: api/ must honour it, or refuse it on purpose.
var queryParameters = map[string]func(t *testing.T, env *apitest.Env){
	"list-automation-tokens page":                pageIsHonoured("/automation-tokens"),
	"list-automation-tokens per_page":            pageIsHonoured("/automation-tokens"),
	"get-automation-tokens-id-services page":     pageIsHonoured("/automation-tokens/AuT0CiDeployB0tAbCdEfG/services"),
	"get-automation-tokens-id-services per_page": pageIsHonoured("/automation-tokens/AuT0CiDeployB0tAbCdEfG/services"),
	"get-automation-tokens-id-workspaces cursor": cursorIsHonoured("/automation-tokens/AuT0TerraformCl0udAbCd/workspaces"),
	"get-automation-tokens-id-workspaces limit":  cursorIsHonoured("/automation-tokens/AuT0TerraformCl0udAbCd/workspaces"),
	"iam-v1-roles-list cursor":                   cursorIsHonoured("/iam/v1/roles"),
	"iam-v1-roles-list limit":                    cursorIsHonoured("/iam/v1/roles"),
	"iam-v1-roles-get include":                   includeIsHonoured,
}

func TestEveryQueryParameterIsHonoured(t *testing.T) {
	doc, err := contract.Load()
	require.NoError(t, err)
	var inSpec []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range append(slices.Clone(item.Parameters), op.Parameters...) {
				if p.Value.In == "query" {
					inSpec = append(inSpec, op.OperationID+" "+p.Value.Name)
				}
			}
		}
	}
	for _, name := range inSpec {
		check, ok := queryParameters[name]
		if !assert.True(t, ok, "%s: say what api/ does with it", name) {
			continue
		}
		t.Run(name, func(t *testing.T) { check(t, apitest.NewEnv(t)) })
	}
	assert.Len(t, queryParameters, len(inSpec), "every row is a parameter of the spec")
}

// get answers a GET of the demo's superuser, decoded, checked against the
// spec on both sides.
func get(t *testing.T, env *apitest.Env, path string, out any) int {
	t.Helper()
	return getFrom(t, env.URL, env.Account.AdminKey, env.Transport, path, out)
}

// refused is the status of a GET the spec does not allow, sent to a demo
// server with no validator in front: api/'s own answer.
func refused(t *testing.T, path string) int {
	t.Helper()
	srv, acct := api.NewDemoServer(time.Now())
	ts := httptest.NewServer(srv)
	defer ts.Close()
	return getFrom(t, ts.URL, acct.AdminKey, http.DefaultTransport, path, &json.RawMessage{})
}

func getFrom(t *testing.T, base, key string, transport http.RoundTripper, path string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	require.NoError(t, err)
	req.Header.Set("Fastly-Key", key)
	resp, err := (&http.Client{Transport: transport}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(b, out))
	}
	return resp.StatusCode
}

type page struct {
	Data []json.RawMessage `json:"data"`
	Meta struct {
		CurrentPage int `json:"current_page"`
		PerPage     int `json:"per_page"`
		RecordCount int `json:"record_count"`
	} `json:"meta"`
}

// pageIsHonoured: per_page sizes the page and page picks it; a page past
// the range is refused.
func pageIsHonoured(path string) func(t *testing.T, env *apitest.Env) {
	return func(t *testing.T, env *apitest.Env) {
		var all page
		require.Equal(t, 200, get(t, env, path, &all))
		var second page
		require.Equal(t, 200, get(t, env, path+"?per_page=1&page=2", &second))
		assert.Equal(t, 2, second.Meta.CurrentPage)
		assert.Equal(t, 1, second.Meta.PerPage)
		assert.Len(t, second.Data, min(1, max(all.Meta.RecordCount-1, 0)), "one entry, the second")
		if len(all.Data) > 1 {
			assert.Equal(t, all.Data[1], second.Data[0])
		}
		assert.Equal(t, 400, refused(t, path+"?per_page=101"), "per_page is at most 100")
		assert.Equal(t, 400, refused(t, path+"?page=0"), "pages count from 1")
	}
}

// cursorIsHonoured: limit sizes a page, and its next_cursor (at the top,
// or in meta) asks for the one after; a cursor api/ did not give, or a
// limit past 1000, is refused.
func cursorIsHonoured(path string) func(t *testing.T, env *apitest.Env) {
	return func(t *testing.T, env *apitest.Env) {
		type page struct {
			Data       []struct{ ID string } `json:"data"`
			NextCursor string                `json:"next_cursor"`
			Meta       struct {
				NextCursor string `json:"next_cursor"`
			} `json:"meta"`
		}
		var first, next page
		require.Equal(t, 200, get(t, env, path+"?limit=1", &first))
		require.Len(t, first.Data, 1)
		cursor := cmp.Or(first.NextCursor, first.Meta.NextCursor)
		require.NotEmpty(t, cursor)
		require.Equal(t, 200, get(t, env, path+"?limit=1&cursor="+cursor, &next))
		require.Len(t, next.Data, 1)
		assert.NotEqual(t, first.Data[0].ID, next.Data[0].ID)
		assert.Equal(t, 400, refused(t, path+"?cursor=nonsense"), "a cursor api/ did not give is refused")
		assert.Equal(t, 400, refused(t, path+"?limit=1001"), "limit is at most 1000")
	}
}

// includeIsHonoured: a role comes with its permissions when include asks
// for them, and without otherwise.
func includeIsHonoured(t *testing.T, env *apitest.Env) {
	var role struct{ Permissions []string }
	require.Equal(t, 200, get(t, env, "/iam/v1/roles/r0le0000000000engineer", &role))
	assert.Empty(t, role.Permissions)
	require.Equal(t, 200, get(t, env, "/iam/v1/roles/r0le0000000000engineer?include=permissions", &role))
	assert.NotEmpty(t, role.Permissions)
	assert.Equal(t, 400, refused(t, "/iam/v1/roles/r0le0000000000engineer?include=everything"), "a value the spec does not name")
}
