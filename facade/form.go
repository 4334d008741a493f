package facade

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// formMediaType is the body create-token and sudo send.
const formMediaType = "application/x-www-form-urlencoded"

// encodeForm writes one of gen's request models as Fastly's forms want it:
// each set field under its JSON name, a list as the name repeated
// ("services[]=a&services[]=b"), a time as its text (RFC 3339), a secret
// revealed. It stands in for gen's <Op>WithFormdataBody, whose
// runtime.MarshalForm drops time fields, indexes lists ("services[][0]=")
// and prints a Secret as "[REDACTED]" (TestGenFormLosesExpiryAndServices).
// It reads the model's fields by their JSON names and kinds, so a field
// the spec adds is sent with no change here; a zero field is not sent.
func encodeForm(model any) (string, error) {
	v := reflect.ValueOf(model)
	form := url.Values{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		field := v.Field(i)
		if name == "" || name == "-" || field.IsZero() {
			continue
		}
		values, err := formValues(field)
		if err != nil {
			return "", fmt.Errorf("form field %s: %w", name, err)
		}
		form[name] = values
	}
	return form.Encode(), nil
}

// formValues is one field's values: its text (a string type's value, a
// secret's included), one per element of a list, or, for a type with a
// text form (a time), that text.
func formValues(v reflect.Value) ([]string, error) {
	switch v.Kind() {
	case reflect.String:
		return []string{v.String()}, nil
	case reflect.Bool:
		return []string{strconv.FormatBool(v.Bool())}, nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		return []string{strconv.FormatInt(v.Int(), 10)}, nil
	case reflect.Slice:
		out := make([]string, 0, v.Len())
		for i := range v.Len() {
			one, err := formValues(v.Index(i))
			if err != nil || len(one) != 1 {
				return nil, fmt.Errorf("a list of %s has no form encoding", v.Type().Elem())
			}
			out = append(out, one[0])
		}
		return out, nil
	case reflect.Struct:
		if m, ok := v.Interface().(encoding.TextMarshaler); ok {
			if b, err := m.MarshalText(); err == nil {
				return []string{string(b)}, nil
			}
		}
	}
	return nil, fmt.Errorf("a %s has no form encoding", v.Type())
}
