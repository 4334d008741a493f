package facade

// maxIDLen bounds token and customer ids; Fastly's are 22 characters.
const maxIDLen = 64

// checkID rejects ids that could change the request path: only letters,
// digits, '-' and '_' are allowed.
func checkID(field, id string) error {
	if id == "" {
		return &InputError{Field: field, Reason: "is empty"}
	}
	if len(id) > maxIDLen {
		return &InputError{Field: field, Reason: "is longer than 64 characters"}
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_') {
			return &InputError{Field: field, Reason: "may hold only letters, digits, '-' and '_'"}
		}
	}
	if id == "self" && field == "token id" {
		return &InputError{Field: field, Reason: `"self" names the current token: use CurrentToken or RevokeCurrentToken`}
	}
	return nil
}
