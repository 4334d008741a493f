package wire

// IDPattern is the rule for token, customer and service ids, as the spec's
// parameters and form fields state it: Fastly documents ids as alphanumeric
// strings (its own are 22 characters); 64 bounds what a caller may send.
// openapi/spec_test.go fails when a pattern in the spec differs from this.
const IDPattern = `^[A-Za-z0-9]{1,64}$`

// MaxIDLength is the longest id IDPattern allows.
const MaxIDLength = 64

// ValidID reports whether id matches IDPattern. It is the one id check of
// the module: the facade runs it before a request is built, api/ before a
// lookup, and the validator runs the spec's pattern, which is the same.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// KeyLength is the length of the API keys and token secrets Fastly issues:
// 32 characters of letters, digits, - and _. The ids it issues are
// shorter (22 characters).
const KeyLength = 32

// SecretShaped reports whether s has the shape of an API key or a token's
// secret. Such a value given where an id goes is refused, not sent: it
// would land in a URL path, a log line and the output.
func SecretShaped(s string) bool {
	if len(s) != KeyLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

// UsableID reports whether id may go where an id goes: it is a ValidID,
// and not shaped like a secret.
func UsableID(id string) bool { return ValidID(id) && !SecretShaped(id) }

// ValidOTP reports whether otp may be a one-time password: the digits an
// authenticator app shows, at most 10 of them. It is the one rule of the
// module for them: the facade refuses any other value before it goes into
// a Fastly-OTP header, and the CLI before it is sent.
func ValidOTP(otp string) bool {
	if otp == "" || len(otp) > 10 {
		return false
	}
	for i := 0; i < len(otp); i++ {
		if otp[i] < '0' || otp[i] > '9' {
			return false
		}
	}
	return true
}
