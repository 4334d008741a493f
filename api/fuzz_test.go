package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed-14d8318b/fastlytokens/api"
)

// FuzzServeHTTP sends arbitrary methods, paths, keys, content types and
// bodies to the in-memory API: it never panics, always answers with a real
// status, and its JSON answers are valid JSON.
func FuzzServeHTTP(f *testing.F) {
	srv, acct := api.NewDemoServer(time.Unix(1_700_000_000, 0))
	f.Add("GET", "/tokens", acct.AdminKey, "", []byte(nil))
	f.Add("GET", "/tokens/self", acct.UserKey, "", []byte(nil))
	f.Add("GET", "/customer/x4xCwxxJxGCx123Rx5xTx/tokens", acct.AdminKey, "", []byte(nil))
	f.Add("POST", "/tokens", acct.AdminKey, "application/x-www-form-urlencoded", []byte("name=a&scope=global&services%5B%5D=S1&expires_at=2030-01-01T00:00:00Z"))
	f.Add("POST", "/tokens", "", "application/x-www-form-urlencoded", []byte("username=admin%40example.com&password=x"))
	f.Add("DELETE", "/tokens", acct.AdminKey, "application/vnd.api+json; ext=bulk", []byte(`{"data":[{"id":"3KdPqRsTuVwXyZaBcDeFgH","type":"token"}]}`))
	f.Add("DELETE", "/tokens/%2E%2E", acct.AdminKey, "", []byte(nil))
	f.Add("GET", "/tokens/../customer", "", "", []byte(nil))
	f.Add("POST", "/tokens", acct.AdminKey, "application/x-www-form-urlencoded", []byte("expires_at=%ZZ&services[]="))
	f.Add("GET", "/automation-tokens?page=2&per_page=1", acct.AdminKey, "", []byte(nil))
	f.Add("GET", "/automation-tokens/AuT0CiDeployB0tAbCdEfG/services?page=1&per_page=100", acct.AdminKey, "", []byte(nil))
	f.Add("GET", "/automation-tokens/AuT0CiDeployB0tAbCdEfG", acct.AdminKey, "", []byte(nil))
	f.Add("POST", "/automation-tokens", acct.AdminKey, "application/json", []byte(`{"name":"bot","role":"engineer","scope":"global"}`))
	f.Add("POST", "/sudo", acct.AdminKey, "application/json", []byte(`{"username":"admin@example.com","password":"x"}`))
	f.Fuzz(func(t *testing.T, method, path, key, contentType string, body []byte) {
		req, err := http.NewRequest(method, "http://api.test"+path, strings.NewReader(string(body)))
		if err != nil {
			return // not a request a client could send
		}
		if key != "" && !strings.ContainsAny(key, "\r\n") {
			req.Header.Set("Fastly-Key", key)
		}
		if contentType != "" && !strings.ContainsAny(contentType, "\r\n") {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code < 200 || rec.Code > 599 {
			t.Fatalf("status %d", rec.Code)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("invalid JSON answer: %q", rec.Body.String())
		}
	})
}
