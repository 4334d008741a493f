package wire

import (
	"encoding/json"
	"errors"
	"time"
)

// ErrBadTime is returned for a timestamp that is not an RFC 3339 date-time
// with a zone. The offending text is never part of the error: it is server
// input and may be anything.
var ErrBadTime = errors.New("not an RFC 3339 date-time with a zone")

// ParseTime parses the spec's date-time format: RFC 3339 with an upper-case
// T, an optional fraction and a zone, as in "2021-01-14T11:25:39Z",
// "2020-06-22T03:19:48.000Z" and "2021-01-14T11:52:45+00:00" (the three
// forms Fastly sends). Anything else, "2016-06-22 03:19:48 UTC" and times
// without a zone included, is ErrBadTime. The validator registers this
// function for "format: date-time".
func ParseTime(s string) (time.Time, error) { return parseTime(s) }

// parseTime reads YYYY-MM-DDTHH:MM:SS[.F+](Z|±HH:MM) from a string or, in
// UnmarshalJSON, from the decoder's bytes without copying them. Zero
// offsets are UTC.
func parseTime[T string | []byte](s T) (time.Time, error) {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(shape)+1 {
		return time.Time{}, ErrBadTime
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' && !isDigit(s[i]) || shape[i] != 'd' && shape[i] != s[i] {
			return time.Time{}, ErrBadTime
		}
	}
	year, month, day := digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)
	hour, minute, sec := digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, ErrBadTime
	}
	i, nsec := len(shape), 0
	if s[i] == '.' {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			if j-i <= 9 {
				nsec = nsec*10 + int(s[j]-'0')
			}
			j++
		}
		if j == i+1 {
			return time.Time{}, ErrBadTime
		}
		for n := j - i - 1; n < 9; n++ {
			nsec *= 10
		}
		i = j
	}
	loc := time.UTC
	switch rest := len(s) - i; {
	case rest == 1 && s[i] == 'Z':
	case rest == 6 && (s[i] == '+' || s[i] == '-') && isDigit(s[i+1]) && isDigit(s[i+2]) && s[i+3] == ':' && isDigit(s[i+4]) && isDigit(s[i+5]):
		oh, om := digits(s, i+1, 2), digits(s, i+4, 2)
		if oh > 23 || om > 59 {
			return time.Time{}, ErrBadTime
		}
		if offset := (oh*60 + om) * 60; offset != 0 {
			if s[i] == '-' {
				offset = -offset
			}
			loc = time.FixedZone("", offset)
		}
	default:
		return time.Time{}, ErrBadTime
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), nil
}

func digits[T string | []byte](s T, at, n int) int {
	v := 0
	for _, c := range []byte(s[at : at+n]) {
		v = v*10 + int(c-'0')
	}
	return v
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// Time is a timestamp field of the spec: "format: date-time" and, where the
// spec says "nullable: true", null. The zero Time is null: it marshals as
// null, and omitzero leaves it out.
type Time struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler with ParseTime's rules.
func (t *Time) UnmarshalJSON(b []byte) error {
	s, null, err := jsonString(b)
	if err != nil {
		return ErrBadTime
	}
	if null {
		t.Time = time.Time{}
		return nil
	}
	v, err := parseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// MarshalJSON implements json.Marshaler: null for the zero Time, else RFC
// 3339 in UTC as Fastly writes it ("2021-01-14T11:25:39Z").
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	b := make([]byte, 0, len(time.RFC3339Nano)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// MarshalText implements encoding.TextMarshaler: RFC 3339 in UTC, as
// MarshalJSON writes it, or "" for the zero Time; forms write it so.
func (t Time) MarshalText() ([]byte, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().AppendFormat(nil, time.RFC3339Nano), nil
}

// jsonString reads a JSON string or null. Strings without escapes are
// sliced; the rare escaped one goes through encoding/json, so "\u0032021…"
// reads as the validator reads it.
func jsonString(b []byte) (inner []byte, null bool, err error) {
	if string(b) == "null" {
		return nil, true, nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false, errNotString
	}
	inner = b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' || c < 0x20 {
			var s string
			err := json.Unmarshal(b, &s)
			return []byte(s), false, err
		}
	}
	return inner, false, nil
}

var errNotString = errors.New("not a JSON string")

// ParseTimeOrEmpty parses the spec's date-time-or-empty format: a
// date-time as ParseTime reads it, or "" for none (the zero time).
func ParseTimeOrEmpty(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return parseTime(s)
}

// TimeOrEmpty is a timestamp of an automation token: "format:
// date-time-or-empty", where none comes as "" or as null. Empty records
// that it came as "", so that it is written back the same way; the zero
// TimeOrEmpty is null.
type TimeOrEmpty struct {
	time.Time
	Empty bool
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *TimeOrEmpty) UnmarshalJSON(b []byte) error {
	s, null, err := jsonString(b)
	if err != nil {
		return ErrBadTime
	}
	switch {
	case null:
		*t = TimeOrEmpty{}
	case len(s) == 0:
		*t = TimeOrEmpty{Empty: true}
	default:
		v, err := parseTime(s)
		if err != nil {
			return err
		}
		*t = TimeOrEmpty{Time: v}
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the time, or "" when it came as
// "", or null.
func (t TimeOrEmpty) MarshalJSON() ([]byte, error) {
	if t.Time.IsZero() && t.Empty {
		return []byte(`""`), nil
	}
	return Time{Time: t.Time}.MarshalJSON()
}

// NullString is a string that may come as null: JSON reads null as "" and
// writes "" as null, as real responses send ip, user_agent and service_id.
type NullString string

// MarshalJSON implements json.Marshaler.
func (s NullString) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *NullString) UnmarshalJSON(b []byte) error {
	str, _, err := jsonString(b)
	if err != nil {
		return err
	}
	*s = NullString(str)
	return nil
}
