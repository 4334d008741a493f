package openapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/openapi/contract"
	"github.com/seed-14d8318b/fastlytokens/openapi/recorded"
)

// The recorded real interactions (openapi/recorded/testdata) are facts of
// Fastly's API: the spec must describe each of them.

func recordings(t *testing.T) []recorded.Interaction {
	t.Helper()
	all, err := recorded.All()
	require.NoError(t, err)
	require.NotEmpty(t, all)
	return all
}

// request is the recorded request, with a placeholder Fastly-Key where
// go-fastly left its key out of the cassette.
func request(t *testing.T, i recorded.Interaction) *http.Request {
	t.Helper()
	req, err := http.NewRequest(i.Method, i.URL.String(), strings.NewReader(i.RequestBody))
	require.NoError(t, err)
	req.Header = i.RequestHeader.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if req.Header.Get("Fastly-Key") == "" {
		req.Header.Set("Fastly-Key", "redacted-by-go-fastly")
	}
	return req
}

func TestRecordedInteractionsKeepTheContract(t *testing.T) {
	v, err := contract.New()
	require.NoError(t, err)
	for _, i := range recordings(t) {
		t.Run(i.String(), func(t *testing.T) {
			req := request(t, i)
			assert.NoError(t, v.ValidateRequest(context.Background(), req), "the request go-fastly sent")
			assert.NoError(t, v.ValidateResponse(context.Background(), request(t, i), i.Status, i.Header, i.Body), "Fastly's answer")
		})
	}
}

// answerSchema is the operation a recorded request names and the schema
// of the objects its answer describes tokens (or sudo) with: the answer's
// own schema, its items for a list, the items of its data for a page.
func answerSchema(t *testing.T, router routers.Router, i recorded.Interaction) (*openapi3.Operation, *openapi3.Schema) {
	t.Helper()
	route, _, err := router.FindRoute(request(t, i))
	require.NoError(t, err, "%s: no route in the spec", i)
	resp := route.Operation.Responses.Status(i.Status)
	require.NotNil(t, resp, "%s: the spec documents %d", i, i.Status)
	media := resp.Value.Content.Get("application/json")
	require.NotNil(t, media)
	schema := media.Schema.Value
	if schema.Type.Is("array") {
		return route.Operation, schema.Items.Value
	}
	if data, ok := schema.Properties["data"]; ok && schema.Properties["meta"] != nil {
		return route.Operation, data.Value.Items.Value
	}
	return route.Operation, schema
}

// specRouter finds the operation of a request to any host.
func specRouter(t *testing.T) (*openapi3.T, routers.Router) {
	doc := loadSpec(t)
	doc.Servers = openapi3.Servers{{URL: "https://api.fastly.com"}}
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	return doc, router
}

// TestSpecHasEveryRecordedKey holds the answers' schemas to the recorded
// answers: every key Fastly sent is a property of the schema, and every
// property no recording of the operation has is optional, since real
// answers may lack it.
func TestSpecHasEveryRecordedKey(t *testing.T) {
	doc, router := specRouter(t)
	problems, kinds := recordedKeyProblems(t, router)
	assert.Empty(t, problems)
	assert.Equal(t, 6, kinds, "every kind of recorded answer was checked: tokens, created, sudo, and the three automation shapes")

	// The check can fail: a key the spec lost, a key it requires that no
	// recording has.
	delete(doc.Components.Schemas["TokenResponse"].Value.Properties, "ip")
	created := doc.Components.Schemas["AutomationTokenCreateResponse"].Value
	created.Required = append(created.Required, "roles")
	problems, _ = recordedKeyProblems(t, router)
	assert.Contains(t, problems, "list-tokens-user: no property ip")
	assert.Contains(t, problems, "create-automation-token: roles is required, and no recording has it")
}

func recordedKeyProblems(t *testing.T, router routers.Router) (problems []string, kinds int) {
	seen := map[*openapi3.Schema]map[string]bool{}
	ops := map[*openapi3.Schema]string{}
	for _, i := range recordings(t) {
		if len(i.Body) == 0 || i.Status >= 300 {
			continue
		}
		op, schema := answerSchema(t, router, i)
		objects, err := recorded.Objects(i.Body)
		require.NoError(t, err, "%s", i)
		if seen[schema] == nil {
			seen[schema], ops[schema] = map[string]bool{}, op.OperationID
		}
		for _, object := range objects {
			for _, key := range recorded.Keys(object) {
				if _, ok := schema.Properties[key]; !ok {
					problems = append(problems, op.OperationID+": no property "+key)
				}
				seen[schema][key] = true
			}
		}
	}
	for schema, keys := range seen {
		for _, name := range schema.Required {
			if !keys[name] {
				problems = append(problems, ops[schema]+": "+name+" is required, and no recording has it")
			}
		}
	}
	return problems, len(seen)
}
