package apitest_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/seed-14d8318b/fastlytokens/api/apitest"
	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/gen"
)

// exampleT stands in for the *testing.T a real test has: an Example has
// none. It prints what would fail the test.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()          {}
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Errorf(format string, args ...any) {
	fmt.Printf("test failed: "+format+"\n", args...)
}
func (t *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (t *exampleT) done() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// A contract-checked test of code that uses the facade: every request the
// client sends and every answer it gets is checked against the spec, and a
// violation fails the test.
func ExampleNewEnv() {
	t := &exampleT{} // in a test: the test's t
	defer t.done()

	env := apitest.NewEnv(t)
	c, err := facade.New(facade.WithBaseURL(env.URL), facade.WithTransport(env.Transport), facade.WithToken(env.Account.AdminKey))
	if err != nil {
		t.Fatalf("%v", err)
	}
	id, _ := env.AddToken(gen.TokenResponse{Name: "ci-deploy", Scope: "purge_all"}) // the admin's, as no user is named
	tok, _, err := c.GetToken(context.Background(), id)
	if err != nil {
		t.Fatalf("%v", err)
	}
	fmt.Println(tok.Name, tok.Scope)
	// Output: ci-deploy purge_all
}

// A revoke whose answer is lost after the API acted: the client retries,
// finds the token gone, and, having checked first that it existed, knows
// the lost attempt revoked it.
func ExampleResetFirstAnswer() {
	t := &exampleT{}
	defer t.done()

	env := apitest.NewEnv(t, apitest.ResetFirstAnswer(http.MethodDelete, "/tokens/"))
	c, _ := facade.New(facade.WithBaseURL(env.URL), facade.WithTransport(env.Transport), facade.WithToken(env.Account.AdminKey))
	id, _ := env.AddToken(gen.TokenResponse{Name: "leaked"})

	resp, err := c.RevokeToken(context.Background(), id, facade.CheckFirst())
	fmt.Println("answers lost:", env.Lost())
	fmt.Println("error:", err)
	fmt.Println("revoked by the lost attempt:", resp.DoneEarlier)
	// Output:
	// answers lost: 1
	// error: <nil>
	// revoked by the lost attempt: true
}
