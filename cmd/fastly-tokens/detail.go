package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// detailField is how a token's detail shows one of its JSON fields.
type detailField struct {
	key, label string
	// empty is what an empty (null or "") value reads as; "" leaves the
	// row out when the value is empty.
	empty string
}

// detailFields are the fields a token's detail shows first, in this
// order; any other field the token's JSON has (one the spec added, say)
// follows, by name, when it is set.
var detailFields = []detailField{
	{"id", "ID", "-"}, {"name", "Name", "-"}, {"user_id", "User", "-"}, {"customer_id", "Customer", "-"},
	{"roles", "Roles", "-"}, {"scope", "Scope", "-"}, {"services", "Services", "all"}, {"workspaces", "Workspaces", ""},
	{"tls_access", "TLS access", "-"}, {"created_at", "Created", "-"}, {"last_used_at", "Last used", "never"},
	{"expires_at", "Expires", "never"}, {"sudo_expires_at", "Sudo until", ""}, {"creator_id", "Creator", ""},
	{"ip", "Last IP", ""}, {"user_agent", "Last client", ""},
}

// notShown are the fields a detail leaves out: the secret (printed apart,
// once), and those another row already says (role and scopes are Roles and
// Scope; the limits decide what Services and Workspaces say; updated_at is
// created_at and deleted_at never set on a live token).
var notShown = []string{"access_token", "role", "scopes", "limit_services", "limit_workspaces", "service_id", "updated_at", "deleted_at"}

// detail prints a token (gen's model, or the facade's type over it) as
// aligned "Label: value" lines, from its own JSON, and then the extra rows.
func (o output) detail(w io.Writer, token any, extra ...[]string) error {
	fields, err := jsonFields(token)
	if err != nil {
		return err
	}
	if _, ok := fields["scope"]; !ok {
		fields["scope"] = scopeOf(fields["scopes"]) // the automation list's tokens carry scopes as one string
	}
	var rows [][]string
	for _, f := range detailFields {
		if v, present := fields[f.key]; present {
			if value := o.detailValue(f.key, v, fields); value != "" || f.empty != "" {
				rows = append(rows, []string{f.label + ":", cmp.Or(value, f.empty)})
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(fields)) {
		known := slices.ContainsFunc(detailFields, func(f detailField) bool { return f.key == key })
		if value := o.detailValue(key, fields[key], fields); !known && !slices.Contains(notShown, key) && value != "" {
			rows = append(rows, []string{labelOf(key) + ":", value})
		}
	}
	for _, row := range extra {
		if len(row) == 2 {
			rows = append(rows, row)
		}
	}
	return output{noHeaders: true}.table(w, []string{"", ""}, rows, []int{1})
}

// jsonFields is a value's JSON object, each field left raw.
func jsonFields(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	return fields, json.Unmarshal(b, &fields)
}

// detailValue is how one field reads; "" when it is empty.
func (o output) detailValue(key string, raw json.RawMessage, fields map[string]json.RawMessage) string {
	switch key {
	case "roles":
		return rolesValue(raw, fields["role"])
	case "services":
		return limitedList(raw, fields["limit_services"])
	case "workspaces":
		return limitedList(raw, fields["limit_workspaces"])
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if t, err := wire.ParseTime(v); err == nil && strings.HasSuffix(key, "_at") {
			return stamp(t, o.now, "")
		}
		return v
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return string(raw)
	}
	return fmt.Sprint(v)
}

// scopeOf is a token's "scopes", a list or one string, as one
// space-delimited string, as "scope" has it; nil when it has none.
func scopeOf(scopes json.RawMessage) json.RawMessage {
	var list wire.Scopes
	if scopes == nil || json.Unmarshal(scopes, &list) != nil {
		return nil
	}
	b, _ := json.Marshal(list.String())
	return b
}

// rolesValue is an automation token's roles by name (or id), else its one
// legacy role.
func rolesValue(roles, legacy json.RawMessage) string {
	var refs []struct{ ID, Name string }
	_ = json.Unmarshal(roles, &refs)
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = cmp.Or(r.Name, r.ID)
	}
	if len(names) == 0 {
		var role string
		_ = json.Unmarshal(legacy, &role)
		return role
	}
	return strings.Join(names, ", ")
}

// limitedList is a token's services (or workspaces): "" (every one) when
// its limit is false, or absent with an empty list.
func limitedList(list, limit json.RawMessage) string {
	var ids []string
	_ = json.Unmarshal(list, &ids)
	var limited *bool
	_ = json.Unmarshal(limit, &limited)
	if limited != nil && !*limited {
		return ""
	}
	return strings.Join(ids, ", ")
}

// labelOf is a field's label: its JSON name in words ("description" reads
// "Description").
func labelOf(key string) string {
	words := strings.ReplaceAll(key, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}
