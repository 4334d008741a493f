package facade

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// formMediaType is the body create-token and sudo send.
const formMediaType = "application/x-www-form-urlencoded"

// encodeForm writes one of gen's request models as Fastly's forms want it:
// each field under its JSON name, a list as the name repeated
// ("services[]=a&services[]=b"), a time in RFC 3339, a secret revealed.
// It stands in for gen's <Op>WithFormdataBody, whose runtime.MarshalForm
// drops time fields, indexes lists ("services[][0]=") and prints a Secret
// as "[REDACTED]" (TestGenFormLosesExpiryAndServices). Going through the
// model's JSON keeps gen's names, omitempty and types as they are, so a
// field the spec adds is sent with no change here.
func encodeForm(model any) (string, error) {
	raw, err := json.Marshal(model)
	if err != nil {
		return "", err
	}
	var fields map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		return "", err
	}
	form := url.Values{}
	for name, value := range fields {
		values, ok := formValues(value)
		if !ok {
			return "", fmt.Errorf("form field %s: a nested value has no form encoding", name)
		}
		if len(values) > 0 {
			form[name] = values
		}
	}
	return form.Encode(), nil
}

// formValues is one field's values: none for null, one for a string,
// number or bool, one per element of a list of those.
func formValues(value any) ([]string, bool) {
	switch v := value.(type) {
	case nil:
		return nil, true
	case string:
		return []string{v}, true
	case json.Number:
		return []string{v.String()}, true
	case bool:
		return []string{strconv.FormatBool(v)}, true
	case []any:
		var out []string
		for _, e := range v {
			one, ok := formValues(e)
			if !ok || len(one) != 1 {
				return nil, false
			}
			out = append(out, one...)
		}
		return out, true
	}
	return nil, false
}
