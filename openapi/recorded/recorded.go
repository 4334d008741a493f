// Package recorded reads the recorded real Fastly interactions kept in
// testdata/: go-fastly's go-vcr cassettes (Apache-2.0; testdata/README.md
// names their source). They are facts of Fastly's API, and the tests of
// the spec, of api/ and of the facade derive what real answers look like
// from them (their keys, their nulls and empty strings, their headers)
// rather than from lists typed by hand.
//
// It is for tests: it embeds the cassettes and parses YAML, which no
// program that imports the facade links.
package recorded

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed testdata/*/*.yaml
var cassettes embed.FS

// Interaction is one recorded request and Fastly's answer to it.
type Interaction struct {
	Cassette string // its file, as "tokens/create"
	Index    int    // its place in the cassette, from 0

	Method        string
	URL           *url.URL
	RequestHeader http.Header
	RequestBody   string

	Status int
	Header http.Header
	Body   []byte
	Date   time.Time // the answer's Date header: when it was recorded
}

// cassette is go-vcr's file format, version 1.
type cassette struct {
	Version      int `yaml:"version"`
	Interactions []struct {
		Request struct {
			Body    string              `yaml:"body"`
			Headers map[string][]string `yaml:"headers"`
			URL     string              `yaml:"url"`
			Method  string              `yaml:"method"`
		} `yaml:"request"`
		Response struct {
			Body    string              `yaml:"body"`
			Headers map[string][]string `yaml:"headers"`
			Code    int                 `yaml:"code"`
		} `yaml:"response"`
	} `yaml:"interactions"`
}

// All is every recorded interaction, cassette by cassette in the order of
// their names, each in its recorded order.
func All() ([]Interaction, error) {
	names, err := fs.Glob(cassettes, "testdata/*/*.yaml")
	if err != nil {
		return nil, err
	}
	var all []Interaction
	for _, name := range names {
		some, err := load(name)
		if err != nil {
			return nil, err
		}
		all = append(all, some...)
	}
	return all, nil
}

func load(file string) ([]Interaction, error) {
	raw, err := cassettes.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var c cassette
	if err := yaml.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("recorded: %s: %w", file, err)
	}
	if c.Version != 1 {
		return nil, fmt.Errorf("recorded: %s: go-vcr format %d, not 1", file, c.Version)
	}
	name := strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".yaml")
	out := make([]Interaction, 0, len(c.Interactions))
	for i, rec := range c.Interactions {
		u, err := url.Parse(rec.Request.URL)
		if err != nil {
			return nil, fmt.Errorf("recorded: %s #%d: %w", file, i, err)
		}
		header := http.Header(rec.Response.Headers)
		date, _ := http.ParseTime(header.Get("Date"))
		out = append(out, Interaction{Cassette: name, Index: i, Method: rec.Request.Method, URL: u,
			RequestHeader: http.Header(rec.Request.Headers), RequestBody: strings.TrimSpace(rec.Request.Body),
			Status: rec.Response.Code, Header: header, Body: []byte(strings.TrimSpace(rec.Response.Body)), Date: date})
	}
	return out, nil
}

// String names the interaction: "tokens/create #1 POST /tokens".
func (i Interaction) String() string {
	return fmt.Sprintf("%s #%d %s %s", i.Cassette, i.Index, i.Method, i.URL.Path)
}

// Response is the recorded answer as an *http.Response, to replay.
func (i Interaction) Response(req *http.Request) *http.Response {
	return &http.Response{StatusCode: i.Status, Status: fmt.Sprintf("%d %s", i.Status, http.StatusText(i.Status)),
		Header: i.Header.Clone(), Body: io.NopCloser(bytes.NewReader(i.Body)), ContentLength: int64(len(i.Body)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: req}
}

// Objects are the JSON objects the answer describes tokens or roles with:
// the body itself when it is an object, each element when it is a list,
// each element of "data" when it is a page ({"data": [...], "meta": ...}).
// Each object keeps its values raw, for their keys and JSON types.
func Objects(body []byte) ([]map[string]json.RawMessage, error) {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(body, &list); err == nil {
		return list, nil
	}
	var one map[string]json.RawMessage
	if err := json.Unmarshal(body, &one); err != nil {
		return nil, err
	}
	if data, ok := one["data"]; ok && one["meta"] != nil {
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, err
		}
		return list, nil
	}
	return []map[string]json.RawMessage{one}, nil
}

// Keys are an object's keys, sorted.
func Keys(object map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(object))
	for k := range object {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Empty says how a value stands for "none": "null", `""`, or "" when it is
// a value.
func Empty(value json.RawMessage) string {
	switch v := string(bytes.TrimSpace(value)); v {
	case "null", `""`:
		return v
	}
	return ""
}
