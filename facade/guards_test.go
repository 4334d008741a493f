package facade_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// The guards below fail when a layer is left behind after a change to the
// spec: a field gen decodes that no caller can read, a request field no
// facade input can set, an operation with no facade method. (An operation
// with no api/ handler does not compile: api/ asserts it implements gen's
// server interface.) They read gen and the facade by reflection, so that a
// change that needs no judgment (a field added to a model) passes them
// untouched.

var (
	clientType = reflect.TypeOf(&facade.Client{})
	genPackage = reflect.TypeOf(gen.TokenResponse{}).PkgPath()
)

// typesOf collects t and the types it holds: elements, fields, embedded
// types, and what an iterator yields.
func typesOf(t reflect.Type, seen map[reflect.Type]bool) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		typesOf(t.Elem(), seen)
	case reflect.Struct:
		for _, f := range fields(t) {
			if f.IsExported() {
				typesOf(f.Type, seen)
			}
		}
	case reflect.Func: // an iterator: func(yield func(K, V) bool)
		for _, in := range ins(t) {
			typesOf(in, seen)
		}
	}
}

// reachable are the types a caller gets from the Client's methods
// (results) or gives them (parameters).
func reachable(results bool) map[reflect.Type]bool {
	seen := map[reflect.Type]bool{}
	for _, m := range methods(clientType) {
		if results {
			for _, out := range outs(m.Type) {
				typesOf(out, seen)
			}
		} else {
			for _, in := range ins(m.Type) {
				typesOf(in, seen)
			}
		}
	}
	return seen
}

// answerModels are the models gen decodes successful answers into: each
// operation's JSON200, and for a list, its element.
func answerModels() map[string]reflect.Type {
	models := map[string]reflect.Type{}
	for _, m := range methods(reflect.TypeOf(&gen.ClientWithResponses{})) {
		resp := m.Type.Out(0).Elem()
		if f, ok := resp.FieldByName("JSON200"); ok {
			model := f.Type.Elem()
			if model.Kind() == reflect.Slice {
				model = model.Elem()
			}
			models[strings.TrimSuffix(resp.Name(), "Response")] = model
		}
	}
	return models
}

// pageFields are the fields of a page of a list that the facade's walk
// over the pages reads and callers need not: where the entries are, and
// how to ask for the next page.
var pageFields = []string{"Data", "Meta", "NextCursor", "Limit"}

// unreachable lists the answer fields no facade result holds: a model a
// result embeds or holds is read whole; of a page of a list, its entries'
// model and every field but the paging ones must be.
func unreachable(models map[string]reflect.Type, got map[reflect.Type]bool) []string {
	var lost []string
	for op, model := range models {
		if got[model] {
			continue
		}
		data, isPage := model.FieldByName("Data")
		if !isPage {
			lost = append(lost, op+": "+model.Name())
			continue
		}
		if entry := data.Type.Elem(); entry.PkgPath() == genPackage && !got[entry] {
			lost = append(lost, op+": "+entry.Name())
		}
		for _, f := range fields(model) {
			if !slices.Contains(pageFields, f.Name) {
				lost = append(lost, op+": "+model.Name()+"."+f.Name)
			}
		}
	}
	slices.Sort(lost)
	return lost
}

func TestEveryAnswerFieldReachesTheCaller(t *testing.T) {
	models := answerModels()
	require.GreaterOrEqual(t, len(models), 12, "every operation with an answer")
	assert.Empty(t, unreachable(models, reachable(true)))

	// The guard can fail: a model no result holds, and a page field that
	// is not paging.
	models["Invented"] = reflect.TypeOf(gen.SudoRequest{})
	models["InventedPage"] = reflect.TypeOf(struct {
		Data  []gen.TokenResponse
		Extra string
	}{})
	assert.Equal(t, []string{"Invented: SudoRequest", "InventedPage: .Extra"}, unreachable(models, reachable(true)))
}

// requestModels are the request bodies gen's client sends: its methods'
// body parameters.
func requestModels() map[string]reflect.Type {
	models := map[string]reflect.Type{}
	for _, m := range methods(reflect.TypeOf(&gen.Client{})) {
		for _, in := range ins(m.Type) {
			if in.PkgPath() == genPackage && in.Kind() == reflect.Struct {
				models[m.Name] = in
			}
		}
	}
	return models
}

// builtByTheFacade are the request bodies a facade method builds from its
// arguments, which say every field there is to say.
var builtByTheFacade = map[reflect.Type]string{
	reflect.TypeOf(gen.BulkRevokeRequest{}): "BulkRevokeTokens: the ids are its argument; each reference's type is always token",
}

func TestEveryRequestFieldHasAWayIn(t *testing.T) {
	models := requestModels()
	require.GreaterOrEqual(t, len(models), 4, "create-token, sudo, create-automation-token, bulk revoke")
	inputs := reachable(false)
	assert.Empty(t, noWayIn(models, inputs, builtByTheFacade), "a facade input embeds each request body, so that every field of it can be set")
	// The guard can fail: without its one exemption, it names the bulk
	// revoke's body, which no input holds.
	assert.Contains(t, strings.Join(noWayIn(models, inputs, nil), " "), "BulkRevokeRequest")
}

// noWayIn are the gen calls whose request body no facade input embeds and
// that exempt does not name, as "method: model".
func noWayIn(models map[string]reflect.Type, inputs map[reflect.Type]bool, exempt map[reflect.Type]string) []string {
	var missing []string
	for method, model := range models {
		if !inputs[model] && exempt[model] == "" {
			missing = append(missing, method+": "+model.Name())
		}
	}
	return missing
}

// facadeCalls are the gen client calls the facade's code makes
// (c.api().<Op>Call and its variants).
func facadeCalls(t *testing.T) []string {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var calls []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasSuffix(sel.Sel.Name, "Call") {
				calls = append(calls, sel.Sel.Name)
			}
			return true
		})
	}
	return calls
}

func TestEveryOperationHasAFacadeMethod(t *testing.T) {
	calls := facadeCalls(t)
	var operations []string
	for _, m := range methods(reflect.TypeOf(&gen.ClientWithResponses{})) {
		op := strings.TrimSuffix(m.Type.Out(0).Elem().Name(), "Response")
		if strings.HasSuffix(m.Name, "WithResponse") && !slices.Contains(operations, op) {
			operations = append(operations, op)
		}
	}
	require.GreaterOrEqual(t, len(operations), 15)
	called := func(op string) bool {
		return slices.ContainsFunc(calls, func(call string) bool {
			rest, ok := strings.CutPrefix(call, op)
			return ok && (rest == "Call" || strings.HasPrefix(rest, "With") && strings.HasSuffix(rest, "BodyCall"))
		})
	}
	for _, op := range operations {
		assert.True(t, called(op), "no facade method calls %s", op)
	}
	assert.False(t, called("InventedOperation"), "the guard can fail")
}

// The reflect iterators (Methods, Fields, Ins, Outs) are Go 1.26's; the
// module supports Go 1.25.

func methods(t reflect.Type) []reflect.Method     { return collect(t.NumMethod(), t.Method) }
func fields(t reflect.Type) []reflect.StructField { return collect(t.NumField(), t.Field) }
func ins(t reflect.Type) []reflect.Type           { return collect(t.NumIn(), t.In) }
func outs(t reflect.Type) []reflect.Type          { return collect(t.NumOut(), t.Out) }

// collect is at(0), ..., at(n-1).
func collect[T any](n int, at func(int) T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = at(i)
	}
	return out
}
