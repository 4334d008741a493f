// Package contract validates HTTP requests and responses against the
// Fastly Tokens OpenAPI spec (openapi/tokens.yaml, embedded).
//
// It is used by the contract tests (client side and server side), by the
// facade's WithResponseValidation option and by the in-memory api/ in tests.
// Its error messages never carry secrets: no header values, no username or
// password form values and no access_token.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/seed-14d8318b/fastlytokens/openapi"
)

// Validator checks requests and responses against the spec. It is safe for
// concurrent use.
type Validator struct {
	router  routers.Router
	options *openapi3filter.Options
}

// Error is a contract violation.
type Error struct {
	Operation string // operationId; "" when no route matched
	Kind      string // "route", "request" or "response"
	Status    int    // the response status; 0 for requests
	Reason    string // what is wrong; free of secrets
}

func (e *Error) Error() string {
	op := e.Operation
	if op == "" {
		op = "no operation"
	}
	if e.Status != 0 {
		return fmt.Sprintf("contract: %s %s %d: %s", op, e.Kind, e.Status, e.Reason)
	}
	return fmt.Sprintf("contract: %s %s: %s", op, e.Kind, e.Reason)
}

// New builds a Validator over the embedded spec.
func New() (*Validator, error) {
	// The spec as written (gen's embedded copy renames operationIds).
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Spec)
	if err != nil {
		return nil, fmt.Errorf("contract: loading spec: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract: invalid spec: %w", err)
	}
	// Match paths on any host: the same spec validates traffic to Fastly
	// and to local test servers.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: building router: %w", err)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            false,
		AuthenticationFunc:    authenticate,
	}
	opts.WithCustomSchemaErrorFunc(schemaReason)
	return &Validator{router: router, options: opts}, nil
}

// authenticate checks that the credentials a security scheme names are
// present; it never looks at, or reports, their values.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	scheme := in.SecurityScheme
	switch {
	case scheme.Type == "apiKey" && scheme.In == "header":
		if req.Header.Get(scheme.Name) == "" {
			return fmt.Errorf("missing %s header", scheme.Name)
		}
		return nil
	case scheme.Type == "http" && strings.EqualFold(scheme.Scheme, "basic"):
		if _, _, ok := req.BasicAuth(); !ok {
			return errors.New("missing basic credentials")
		}
		return nil
	}
	return fmt.Errorf("unsupported security scheme %q", in.SecuritySchemeName)
}

// schemaReason describes a schema failure by location and rule only, never
// by the offending value.
func schemaReason(err *openapi3.SchemaError) string {
	where := "/" + strings.Join(err.JSONPointer(), "/")
	return fmt.Sprintf("value at %s: %s", where, err.Reason)
}

func (v *Validator) route(req *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil, nil, &Error{Kind: "route", Reason: fmt.Sprintf("%s %s: %s", req.Method, req.URL.EscapedPath(), routeReason(err))}
	}
	return route, params, nil
}

func routeReason(err error) string {
	switch {
	case errors.Is(err, routers.ErrPathNotFound):
		return "no such path in the spec"
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return "method not allowed on this path"
	}
	return "no matching route"
}

// ValidateRequest checks route, parameters, security and body of req. It
// reads req.Body and puts an equivalent reader back.
func (v *Validator) ValidateRequest(ctx context.Context, req *http.Request) error {
	route, params, err := v.route(req)
	if err != nil {
		return err
	}
	body, err := readAndRestore(&req.Body)
	if err != nil {
		return &Error{Operation: route.Operation.OperationID, Kind: "request", Reason: "reading body: " + err.Error()}
	}
	// Validate a clone so kin-openapi's body handling leaves req alone.
	clone := req.Clone(ctx)
	clone.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{Request: clone, PathParams: params, Route: route, Options: v.options}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return &Error{Operation: route.Operation.OperationID, Kind: "request", Reason: scrub(describe(err), requestSecrets(req, body))}
	}
	return nil
}

// ValidateResponse checks the status, headers, content type and body of the
// response to req. A status the spec does not document is an error.
func (v *Validator) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.route(req)
	if err != nil {
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: v.options},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                v.options,
	}
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		secrets := append(requestSecrets(req, nil), responseSecrets(body)...)
		return &Error{Operation: route.Operation.OperationID, Kind: "response", Status: status, Reason: scrub(describe(err), secrets)}
	}
	return nil
}

// describe turns a kin-openapi error into a short reason without values.
func describe(err error) string {
	var reqErr *openapi3filter.RequestError
	var respErr *openapi3filter.ResponseError
	var secErr *openapi3filter.SecurityRequirementsError
	switch {
	case errors.As(err, &secErr):
		reasons := make([]string, 0, len(secErr.Errors))
		for _, e := range secErr.Errors {
			reasons = append(reasons, e.Error())
		}
		sort.Strings(reasons)
		return "security requirements failed: " + strings.Join(reasons, "; ")
	case errors.As(err, &reqErr):
		where := "body"
		if reqErr.Parameter != nil {
			where = fmt.Sprintf("%s parameter %q", reqErr.Parameter.In, reqErr.Parameter.Name)
		}
		return where + ": " + join(reqErr.Reason, inner(reqErr.Err))
	case errors.As(err, &respErr):
		return join(respErr.Reason, inner(respErr.Err))
	}
	return inner(err)
}

func inner(err error) string {
	if err == nil {
		return ""
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return schemaReason(se)
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		return "cannot parse the value: " + pe.Reason
	}
	return err.Error()
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || strings.Contains(a, b):
		return a
	}
	return a + ": " + b
}

// requestSecrets collects the credential values a request carries.
func requestSecrets(req *http.Request, body []byte) []string {
	var out []string
	for _, h := range []string{"Fastly-Key", "Authorization", "Fastly-OTP"} {
		if v := req.Header.Get(h); v != "" {
			out = append(out, v)
		}
	}
	if user, pass, ok := req.BasicAuth(); ok {
		out = append(out, user, pass)
	}
	if body != nil && strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			out = append(out, form.Get("username"), form.Get("password"))
		}
	}
	return out
}

// responseSecrets collects an access_token a response body carries.
func responseSecrets(body []byte) []string {
	const key = `"access_token"`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(body[i+len(key):], " \t\r\n:")
	if len(rest) == 0 || rest[0] != '"' {
		return nil
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return nil
	}
	return []string{string(rest[1 : end+1])}
}

// scrub replaces every secret in s.
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
		}
	}
	return s
}

func readAndRestore(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
