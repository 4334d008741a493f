package contract

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
)

// Transport validates each request before it is sent through next and each
// response after; a violation is returned as RoundTrip's error.
func (v *Validator) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		if err := v.ValidateRequest(req.Context(), req); err != nil {
			return nil, err
		}
		resp, err := next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return nil, err
		}
		if err := v.ValidateResponse(req.Context(), req, resp.StatusCode, resp.Header, body); err != nil {
			return nil, err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, nil
	})
}

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
	b, _ := jsonString(msg)
	_, _ = w.Write([]byte(`{"msg":` + b + `}`))
}
