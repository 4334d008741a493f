package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is the module version and the commit the binary was built from,
// as the build info records them.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var commit, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if commit != "" {
		if len(commit) > 12 {
			commit = commit[:12]
		}
		v += " commit " + commit
		if modified {
			v += "-dirty"
		}
		if when != "" {
			v += " (" + when + ")"
		}
	}
	return v + ", " + info.GoVersion
}

// shortVersion is the module version alone, for the User-Agent.
func shortVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// versionOptions are version's: it takes none of its own.
type versionOptions struct{ base }

// NewCmdVersion is `version`.
func NewCmdVersion(a *app, runF func(*versionOptions) error) *cobra.Command {
	opts := &versionOptions{base{app: a}}
	return command(opts, runF, versionRun, cobra.Command{
		Use:     "version",
		Short:   "Print the version and the commit it was built from",
		Example: "  fastly-tokens version",
		Args:    noArgs})
}

func versionRun(o *versionOptions) error {
	_, err := fmt.Fprintf(o.e.stdout, "fastly-tokens %s\n", version())
	return err
}
