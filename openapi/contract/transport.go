package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

// MaxValidatedBody bounds how much of a response body Transport reads to
// validate it: twice the facade's default limit.
const MaxValidatedBody = 128 << 20

// Transport validates each request before it is sent through next (nil
// means http.DefaultTransport) and each response after.
//
// A request that breaks the spec is not sent: RoundTrip fails with its
// *Error. A response that breaks the spec is handed on as it came, with the
// violation attached to its body: Violation returns it, and a facade.Client
// reports it as the cause of the error it returns (errors.As finds the
// *Error). Validation never changes the status a caller sees, so a 404 is
// a 404 with or without it.
func (v *Validator) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		if err := v.ValidateRequest(req.Context(), req); err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			return nil, err
		}
		resp, err := next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, MaxValidatedBody+1))
		var violation error
		switch {
		case err != nil:
			// The body broke off: hand on what came and the read error,
			// for the caller to report as it would without validation.
			resp.Body = &validatedBody{Reader: io.MultiReader(bytes.NewReader(body), errReader{err}), closer: resp.Body}
			return resp, nil
		case len(body) > MaxValidatedBody:
			violation = &Error{Kind: "response", Status: resp.StatusCode, Reason: fmt.Sprintf("body larger than %d bytes: not validated", MaxValidatedBody)}
			resp.Body = &validatedBody{Reader: io.MultiReader(bytes.NewReader(body), resp.Body), closer: resp.Body, violation: violation}
			return resp, nil
		default:
			violation = v.ValidateResponse(req.Context(), req, resp.StatusCode, resp.Header, body)
		}
		_ = resp.Body.Close()
		resp.Body = &validatedBody{Reader: bytes.NewReader(body), closer: io.NopCloser(nil), violation: violation}
		return resp, nil
	})
}

// Violation returns the contract violation Transport found in resp, or nil.
func Violation(resp *http.Response) error {
	if resp == nil {
		return nil
	}
	if b, ok := resp.Body.(interface{ ContractViolation() error }); ok {
		return b.ContractViolation()
	}
	return nil
}

// validatedBody is a response body that carries the result of validating it.
type validatedBody struct {
	io.Reader
	closer    io.Closer
	violation error
}

func (b *validatedBody) Close() error { return b.closer.Close() }

// ContractViolation returns the violation, or nil when the response keeps
// the spec. Clients find it through this method, without importing this
// package.
func (b *validatedBody) ContractViolation() error { return b.violation }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// Middleware validates each request to next and the response next writes.
// A bad request is answered 400 {"msg": …} without calling next; a bad
// response is replaced by 500 {"msg": …}. Both are reported to onError
// when it is not nil (tests fail on it).
func (v *Validator) Middleware(next http.Handler, onError func(error)) http.Handler {
	report := func(err error) {
		if onError != nil {
			onError(err)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := v.ValidateRequest(r.Context(), r); err != nil {
			report(err)
			writeMsg(w, http.StatusBadRequest, err.Error())
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if err := v.ValidateResponse(r.Context(), r, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			report(err)
			writeMsg(w, http.StatusInternalServerError, err.Error())
			return
		}
		for k, vals := range rec.Header() {
			w.Header()[k] = vals
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func writeMsg(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"msg": msg})
}
