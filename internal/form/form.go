// Package form writes gen's request models as the forms Fastly's
// create-token and sudo endpoints take.
//
// It stands in for gen's <Op>WithFormdataBody, whose runtime.MarshalForm
// drops time fields, indexes lists ("services[][0]=") and prints a
// wire.Secret as "[REDACTED]" (facade's TestGenFormLosesExpiryAndServices
// shows it).
package form

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// MediaType is the Content-Type of what Encode writes.
const MediaType = "application/x-www-form-urlencoded"

// Encode writes a struct as Fastly's forms want it: each set field under
// its JSON name, a list as the name repeated ("services[]=a&services[]=b"),
// a time as its text (RFC 3339), a secret revealed. It reads the model's
// fields by their JSON names and kinds, so a field the spec adds is sent
// with no change here; a zero field is not sent.
func Encode(model any) (string, error) {
	v := reflect.ValueOf(model)
	if v.Kind() != reflect.Struct {
		return "", fmt.Errorf("a %T has no form encoding", model)
	}
	values := url.Values{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		field := v.Field(i)
		if name == "" || name == "-" || field.IsZero() {
			continue
		}
		texts, err := fieldValues(field)
		if err != nil {
			return "", fmt.Errorf("form field %s: %w", name, err)
		}
		values[name] = texts
	}
	return values.Encode(), nil
}

// fieldValues is one field's values: its text (a string type's value, a
// secret's included), one per element of a list, or, for a type with a
// text form (a time), that text.
func fieldValues(v reflect.Value) ([]string, error) {
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
			one, err := fieldValues(v.Index(i))
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
