package wire

import (
	"net"
	"net/url"
	"strings"
)

// LoopbackHost reports whether host names this machine: localhost or a
// loopback address. Only such a host may be spoken to in plain http, and
// only on one does the in-memory API listen.
func LoopbackHost(host string) bool {
	return strings.EqualFold(host, "localhost") || net.ParseIP(host).IsLoopback()
}

// ParseBaseURL is the rule for the API's address: an absolute https URL
// (http for a loopback host, for tests), with no credentials, query or
// fragment, and no empty path segment. A path is kept as a prefix, ending
// in "/". It returns the URL, or the reason it is refused.
func ParseBaseURL(rawURL string) (*url.URL, string) {
	switch u, err := url.Parse(rawURL); {
	case err != nil || u.Host == "" || u.Opaque != "":
		return nil, "not an absolute URL"
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, "must not carry credentials, a query or a fragment"
	case u.Scheme == "http" && !LoopbackHost(u.Hostname()):
		return nil, "http is allowed only for loopback hosts; use https"
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, "scheme must be https"
	case strings.Contains(u.Path, "//"):
		return nil, "path has an empty segment"
	default:
		u.Path, u.RawPath = strings.TrimSuffix(u.Path, "/")+"/", ""
		return u, ""
	}
}
