// Package wire holds the Go types that openapi/tokens.yaml names with
// x-go-type, and the rules the spec states in words that OpenAPI cannot
// check on its own: a timestamp that may be null, a scope list that comes
// as an array or as one string, the rate-limit and Retry-After headers, and
// what a token, customer or service id may contain.
//
// The generated client in gen/ decodes through these types, and the
// validator in openapi/contract checks the spec's formats with the same
// functions, so a value the client accepts is a value the validator accepts
// and the other way round. The package depends on the standard library
// only.
package wire
