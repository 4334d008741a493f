package facade

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/seed-14d8318b/fastlytokens/internal/scrub"
)

// redacted is what a Secret shows instead of its value.
const redacted = scrub.Marker

// ErrSecretMarshal is returned by json.Marshal and other encoders of a
// Secret: writing "[REDACTED]" where a caller expected the secret would
// lose it silently, so encoding fails instead. Use Reveal.
var ErrSecretMarshal = errors.New("fastlytokens: a Secret does not marshal; call Reveal where the value must be written")

// Secret holds a credential: a new token's access_token, a password or a
// one-time password. Every way of printing or logging it shows
// "[REDACTED]", encoding it fails with ErrSecretMarshal, and Reveal is the
// only way to read the value.
type Secret string

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (s Secret) String() string { return redacted }

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return `facade.Secret("` + redacted + `")` }

// Format implements fmt.Formatter so that every verb redacts, %x and %q included.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(s.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(`"` + redacted + `"`))
	default:
		_, _ = f.Write([]byte(redacted))
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON implements json.Marshaler: it fails with ErrSecretMarshal.
func (s Secret) MarshalJSON() ([]byte, error) { return nil, ErrSecretMarshal }

// MarshalText implements encoding.TextMarshaler: it fails with
// ErrSecretMarshal.
func (s Secret) MarshalText() ([]byte, error) { return nil, ErrSecretMarshal }
