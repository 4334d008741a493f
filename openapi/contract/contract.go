// Package contract validates HTTP requests and responses against the
// Fastly API tokens spec, openapi/tokens.yaml: the same document gen/ is
// generated from.
//
// It is opt-in and lives beside the spec, not inside the facade, so that a
// service importing the facade does not import kin-openapi or a YAML parser.
// Add it to a facade.Client with WithTransport(v.Transport(nil)); api/ serves
// through Middleware; the contract tests use both.
//
// The custom formats of the spec are checked with the functions the
// generated client decodes with (package wire), so the validator and the
// client accept the same values. Error messages name the operation, the
// location and the rule, never a value: no header, form field, token or
// secret appears in them.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
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

	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
	"github.com/seed-14d8318b/fastlytokens/openapi"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// Validator checks requests and responses against the spec. It is safe for
// concurrent use.
type Validator struct {
	doc     *openapi3.T
	router  routers.Router
	options *openapi3filter.Options
}

// Error is a contract violation.
type Error struct {
	Operation string // operationId; "" when no route matched
	Kind      string // "route", "request" or "response"
	Status    int    // the response status; 0 for requests
	Reason    string // what is wrong; free of values and secrets
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

// Unsent reports whether the violation is in a request (or its route),
// which Transport refuses before sending it: the server never saw it. A
// client that tells whether a failed write may have been carried out
// reads it (facade.MayHaveActed, through internal/retry.NeverSent).
func (e *Error) Unsent() bool { return e.Status == 0 }

// New builds a Validator over the embedded spec.
func New() (*Validator, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	// Match paths on any host: the same spec validates traffic to Fastly
	// and to local test servers.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: building router: %w", err)
	}
	opts := &openapi3filter.Options{
		IncludeResponseStatus:   true,
		AuthenticationFunc:      authenticate,
		SchemaValidationOptions: doc.GetSchemaValidationOptions(),
	}
	opts.WithCustomSchemaErrorFunc(schemaReason)
	return &Validator{doc: doc, router: router, options: opts}, nil
}

// Load parses and checks the embedded spec, with the spec's custom formats
// bound to the Go functions the generated client decodes with.
func Load() (*openapi3.T, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Spec)
	if err != nil {
		return nil, fmt.Errorf("contract: loading spec: %w", err)
	}
	doc.SetStringFormatValidator("date-time", openapi3.NewCallbackValidator(func(s string) error {
		_, err := wire.ParseTime(s)
		return err
	}))
	doc.SetStringFormatValidator("date-time-or-empty", openapi3.NewCallbackValidator(func(s string) error {
		_, err := wire.ParseTimeOrEmpty(s)
		return err
	}))
	doc.SetStringFormatValidator("retry-after", openapi3.NewCallbackValidator(func(s string) error {
		_, err := wire.ParseRetryAfter(s)
		return err
	}))
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contract: invalid spec: %w", err)
	}
	return doc, nil
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
	if errors.Is(err, routers.ErrPathNotFound) {
		// A base URL with a path (a proxy's prefix): the spec's paths are
		// the end of the request's.
		segments := strings.Split(strings.TrimPrefix(req.URL.Path, "/"), "/")
		for i := 1; i < len(segments) && err != nil; i++ {
			u := *req.URL
			u.Path, u.RawPath = "/"+strings.Join(segments[i:], "/"), ""
			shorter := req.Clone(req.Context())
			shorter.URL = &u
			var found *routers.Route
			var foundParams map[string]string
			if found, foundParams, err = v.router.FindRoute(shorter); err == nil {
				route, params = found, foundParams
			}
		}
	}
	if err != nil {
		reason := fmt.Sprintf("%s %s: %s", req.Method, safePath(req.URL), routeReason(err))
		return nil, nil, &Error{Kind: "route", Reason: requestSecrets(req, nil).String(reason)}
	}
	return route, params, nil
}

// safePath is the request path with every segment that is not one of the
// spec's literal words replaced, since a path segment may be anything a
// caller typed, a key included.
func safePath(u *url.URL) string {
	parts := strings.Split(u.EscapedPath(), "/")
	for i, p := range parts {
		if p != "" && !wire.ValidID(p) {
			parts[i] = "{bad}"
		}
	}
	return strings.Join(parts, "/")
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
		return &Error{Operation: route.Operation.OperationID, Kind: "request", Reason: requestSecrets(req, body).String(describe(err))}
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
	if strings.Contains(header.Get("Content-Type"), "json") && len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		// kin-openapi reads the first JSON value and ignores what follows;
		// a client reading the body whole does not.
		return &Error{Operation: route.Operation.OperationID, Kind: "response", Status: status, Reason: "the body is not one JSON value"}
	}
	if len(bytes.TrimSpace(body)) == 0 && status >= 400 && header.Get("Content-Type") != "" {
		// An error may come with no body whatever its Content-Type says (a
		// 422, for one): check it as the body without content it is.
		header = header.Clone()
		header.Del("Content-Type")
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: v.options},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                v.options,
	}
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		secrets := append(requestValues(req, nil), responseSecrets(body)...)
		return &Error{Operation: route.Operation.OperationID, Kind: "response", Status: status, Reason: scrub.New(secrets...).String(describe(err))}
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
		if pe.Reason == "" {
			return "cannot parse the value as its content type says"
		}
		return "cannot parse the value: " + pe.Reason
	}
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		return inner(me[0])
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

// requestSecrets is a scrubber for the credential values a request carries.
func requestSecrets(req *http.Request, body []byte) *scrub.Scrubber {
	return scrub.New(requestValues(req, body)...)
}

func requestValues(req *http.Request, body []byte) []string {
	var out []string
	for _, h := range []string{wire.HeaderKey, "Authorization", wire.HeaderOTP} {
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

func readAndRestore(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
