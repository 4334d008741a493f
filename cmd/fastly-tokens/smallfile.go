package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// Bounds of the files a run reads its key from. An API key is a few dozen
// bytes, and Fastly CLI's config.toml a few kilobytes: anything larger is
// the wrong file (or /dev/zero), and is refused rather than read on.
const (
	maxKeyFileBytes    = 4 << 10
	maxConfigFileBytes = 1 << 20
)

// readSmallFile reads a file the user pointed at for a key: a regular file
// of at most limit bytes. A device, a FIFO, a socket or a directory is
// refused before it is opened, since reading one may never end or never
// begin. "-" and /dev/stdin name stdin on purpose: its first line is read,
// at most limit bytes, and Ctrl-C ends the wait.
func (e *env) readSmallFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	if path == "-" || path == "/dev/stdin" {
		line, err := interruptible(ctx, func() (string, error) { return e.readLineUpTo(limit) }, func() {})
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		return []byte(line), nil
	}
	shown := safetext.Escape(path)
	if info, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("%s: %w", shown, cmp.Or(errors.Unwrap(err), err)) // the *PathError's cause: the path is said once
	} else if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file; give a file, or - for stdin", shown, fileKind(info.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shown, cmp.Or(errors.Unwrap(err), err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: %w", shown, err)
	case int64(len(b)) > limit:
		return nil, fmt.Errorf("%s is larger than %d bytes, too large for what it should hold", shown, limit)
	}
	return b, nil
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "something else"
}
