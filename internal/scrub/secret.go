package scrub

import (
	"errors"
	"fmt"
	"log/slog"
)

// ErrSecretMarshal is returned by json.Marshal and other encoders of a
// Secret: writing "[REDACTED]" where a caller expected the secret would
// lose it silently, so encoding fails instead. Use Reveal.
var ErrSecretMarshal = errors.New("fastlytokens: a Secret does not marshal; call Reveal where the value must be written")

// Secret holds a credential: a new token's access_token, a password or a
// one-time password. Every way of printing or logging it shows Marker,
// encoding it fails with ErrSecretMarshal, and Reveal is the only way to
// read the value. The facade exports it as facade.Secret.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (s Secret) String() string { return Marker }

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return `facade.Secret("` + Marker + `")` }

// Format implements fmt.Formatter so that every verb redacts, %x and %q included.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(`"` + Marker + `"`))
	default:
		_, _ = f.Write([]byte(Marker))
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Marker) }

// MarshalJSON implements json.Marshaler: it fails with ErrSecretMarshal.
func (s Secret) MarshalJSON() ([]byte, error) { return nil, ErrSecretMarshal }

// MarshalText implements encoding.TextMarshaler: it fails with
// ErrSecretMarshal.
func (s Secret) MarshalText() ([]byte, error) { return nil, ErrSecretMarshal }
