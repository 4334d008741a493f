package form

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEncodeRefusesWhatHasNoForm: a value a form cannot carry is an error
// naming the field, never a field silently dropped.
func TestEncodeRefusesWhatHasNoForm(t *testing.T) {
	_, err := Encode("not a struct")
	require.Error(t, err)

	type withMap struct {
		Name  string            `json:"name"`
		Extra map[string]string `json:"extra"`
	}
	_, err = Encode(withMap{Name: "n", Extra: map[string]string{"a": "b"}})
	require.ErrorContains(t, err, "form field extra")

	type withNested struct {
		Lists [][]string `json:"lists"`
	}
	_, err = Encode(withNested{Lists: [][]string{{"a", "b"}}})
	require.ErrorContains(t, err, "a list of []string has no form encoding")
}

// TestEncodeSkipsZeroAndUntagged: zero fields and fields without a JSON
// name are not sent; numbers and booleans are written as text.
func TestEncodeSkipsZeroAndUntagged(t *testing.T) {
	type model struct {
		Name    string `json:"name"`
		Hidden  string `json:"-"`
		NoTag   string
		Count   int    `json:"count,omitempty"`
		Limit   bool   `json:"limit"`
		Skipped string `json:"skipped"`
	}
	got, err := Encode(model{Name: "a b", Hidden: "h", NoTag: "x", Count: 3, Limit: true})
	require.NoError(t, err)
	assert.Equal(t, "count=3&limit=true&name=a+b", got)
}
