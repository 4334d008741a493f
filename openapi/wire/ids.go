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
