package facade

import (
	"context"
	"errors"
	"net/http"
)

// responseValidator checks a response against the OpenAPI spec.
type responseValidator interface {
	ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error
}

func newResponseValidator() (responseValidator, error) {
	return nil, errors.New("not yet")
}
