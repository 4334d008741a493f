// Package openapi holds tokens.yaml, the OpenAPI 3.0.3 description of the
// Fastly Tokens API that this module is generated from and validated against.
//
// The spec follows the wire format of real Fastly responses (see the README)
// rather than Fastly's published specification where the two differ.
package openapi

import _ "embed"

// Spec is the raw text of tokens.yaml.
//
//go:embed tokens.yaml
var Spec []byte
