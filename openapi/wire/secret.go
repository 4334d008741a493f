package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// Redacted is what stands in for a secret wherever one is printed, logged
// or scrubbed out of text.
const Redacted = "[REDACTED]"

// ErrSecretMarshal is returned by MarshalText: a text encoding (a form, a
// header, a YAML document) that wrote Redacted where the value was meant
// would lose the secret silently, so it fails instead. Use Reveal.
var ErrSecretMarshal = errors.New("a Secret has no text encoding; call Reveal where the value must be written")

// Secret is a credential the spec carries: a new token's access_token, a
// password, a one-time password. The spec names it with x-go-type on those
// fields, so that gen's models hold them as Secrets.
//
// Every way of printing or logging a Secret shows Redacted: fmt with any
// verb, slog, String and GoString. JSON carries the value, since JSON is
// the API's own wire format: a created token's JSON is how its secret is
// handed over. Marshal a model that holds a Secret only where the secret
// must go. Reveal is the one other way to read the value.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (s Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return `wire.Secret("` + Redacted + `")` }

// Format implements fmt.Formatter, so that every verb redacts, %x and %q
// included.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(`"` + Redacted + `"`))
	default:
		_, _ = f.Write([]byte(Redacted))
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON implements json.Marshaler: the value, as the API sends it.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(string(s)) }

// MarshalText implements encoding.TextMarshaler: it fails with
// ErrSecretMarshal.
func (s Secret) MarshalText() ([]byte, error) { return nil, ErrSecretMarshal }
