// Package genparse reads what gen's Parse<Op>Response results hold beyond
// their success body (the error model decoded for an error status, and
// the headers bound for the response's status), and what can be kept of
// an answer gen could not decode.
package genparse

import (
	"encoding/json"
	"net/http"
	"reflect"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// ErrorModel is the error gen decoded from a response, a *M (gen.Error:
// the spec gives each error status one JSON media type, which gen matches
// on "json" in the Content-Type), or nil. gen keeps it in a field per
// status (JSON401, JSON403, JSONDefault...): this finds the one that is
// set. M is a parameter so that this package, a leaf, does not import gen.
func ErrorModel[M any](parsed any) *M {
	v := reflect.ValueOf(parsed)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	for v, i := v.Elem(), 0; i < v.NumField(); i++ {
		if !v.Type().Field(i).IsExported() {
			continue // Interface would panic on it
		}
		if m, ok := v.Field(i).Interface().(*M); ok && m != nil {
			return m
		}
	}
	return nil
}

// Headers are the rate-limit and Retry-After headers as gen's parse bound
// them for the response's status (gen/templates adds BoundHeader to the
// responses of operations that declare headers). When the parse failed
// (perr), gen bound none, and the same wire functions read them from h.
func Headers(parsed any, perr error, h http.Header) (wire.RateLimit, wire.RetryAfter) {
	if perr != nil {
		return wire.ReadRateLimit(h), wire.ReadRetryAfter(h)
	}
	return wire.RateLimit{Remaining: bound[wire.RateLimitRemaining](parsed, wire.HeaderRateLimitRemaining),
		Reset: bound[wire.RateLimitReset](parsed, wire.HeaderRateLimitReset)}, bound[wire.RetryAfter](parsed, wire.HeaderRetryAfter)
}

// bound is the header called name as gen's parse bound it, or the zero
// value.
func bound[T any](parsed any, name string) (v T) {
	if h, ok := parsed.(interface{ BoundHeader(string) any }); ok {
		if p, ok := h.BoundHeader(name).(*T); ok {
			v = *p
		}
	}
	return v
}

// Salvage decodes, of a JSON object gen could not turn into its model M
// (a field of the wrong type, a null where a string goes), only the keys
// named, each one when it holds a string: what must not be lost of an
// answer, such as a new token's id, name and secret. ok is false when
// text is not a JSON object.
func Salvage[M any](text []byte, keys ...string) (m M, ok bool) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(text, &fields) != nil {
		return m, false
	}
	kept := map[string]string{}
	for _, key := range keys {
		var s string
		if json.Unmarshal(fields[key], &s) == nil {
			kept[key] = s
		}
	}
	b, _ := json.Marshal(kept)
	return m, json.Unmarshal(b, &m) == nil
}
