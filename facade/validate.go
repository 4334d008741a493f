package facade

import (
	"context"
	"net/http"

	"github.com/seed-14d8318b/fastlytokens/internal/contract"
)

// responseValidator checks a response against the OpenAPI spec.
type responseValidator interface {
	ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error
}

func newResponseValidator() (responseValidator, error) {
	return contract.New()
}
