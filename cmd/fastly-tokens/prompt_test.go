package main

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReadRawEditsAndLeavesOutControlKeys(t *testing.T) {
	for in, want := range map[string]string{
		"hunter2\r":                     "hunter2",
		"pa\x1b[Dss\x01word\x7f\x7fd\r": "passwod",
		"x\x1bOAy\x04z\n":               "xyz",
		"wrong\x15right\r":              "right",
		"caf\xc3\xa9\x7fe\r":            "cafe",
		"\xe2\x82\xac1\r":               "€1",
	} {
		got, err := readRaw(strings.NewReader(in))
		assert.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
	_, err := readRaw(strings.NewReader("abc\x03def\r"))
	assert.ErrorIs(t, err, errInterrupted)
	_, err = readRaw(strings.NewReader("\x04"))
	assert.ErrorIs(t, err, io.EOF)
	_, err = readRaw(strings.NewReader("no end"))
	assert.ErrorIs(t, err, io.EOF)
}
