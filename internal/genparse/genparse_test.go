package genparse

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

type created struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	AccessToken wire.Secret `json:"access_token"`
	Services    []string    `json:"services"`
}

// TestSalvageKeepsTheStringsAsked: of an object whose other fields break
// the model, the keys asked for are kept when they hold strings.
func TestSalvageKeepsTheStringsAsked(t *testing.T) {
	m, ok := Salvage[created]([]byte(`{"id":7,"name":"ci","access_token":"s3cret","services":"S1"}`), "id", "name", "access_token")
	assert.True(t, ok)
	assert.Equal(t, created{Name: "ci", AccessToken: "s3cret"}, m, "a number id is not a string; services were not asked for")
	_, ok = Salvage[created]([]byte(`["not an object"]`), "id")
	assert.False(t, ok)
}

// parsed is the shape of gen's parse: a field per status, and the bound
// headers; an unexported field too, which ErrorModel must pass over.
type parsed struct {
	JSON200 *created
	JSON404 *created
	limit   wire.RateLimitRemaining
}

func (p *parsed) BoundHeader(name string) any {
	if name == wire.HeaderRateLimitRemaining {
		return &p.limit
	}
	return nil
}

// TestErrorModelAndHeadersReadGensParse: the error model is whichever
// field of its type is set; the headers are gen's bound ones, or, when
// the parse failed, the response's.
func TestErrorModelAndHeadersReadGensParse(t *testing.T) {
	notFound := &created{ID: "x"}
	assert.Same(t, notFound, ErrorModel[created](&parsed{JSON404: notFound}))
	assert.Nil(t, ErrorModel[created](&parsed{}))
	assert.Nil(t, ErrorModel[created](nil))

	p := &parsed{limit: wire.RateLimitRemaining{N: 41, Valid: true}}
	h := http.Header{}
	h.Set(wire.HeaderRateLimitRemaining, "7")
	h.Set(wire.HeaderRetryAfter, "3")
	limit, _ := Headers(p, nil, h)
	assert.Equal(t, int64(41), limit.Remaining.N, "gen's binding, not the header")
	limit, after := Headers(nil, errors.New("gen failed"), h)
	assert.Equal(t, int64(7), limit.Remaining.N)
	assert.Equal(t, 3*time.Second, after.Delay)
}
