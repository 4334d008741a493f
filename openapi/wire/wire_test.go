package wire

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTimeAcceptsWhatFastlySends(t *testing.T) {
	cases := map[string]time.Time{
		"2021-01-14T11:25:39Z":              time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC),
		"2020-06-22T03:19:48.000Z":          time.Date(2020, 6, 22, 3, 19, 48, 0, time.UTC),
		"2021-01-14T11:52:45+00:00":         time.Date(2021, 1, 14, 11, 52, 45, 0, time.UTC),
		"2021-01-14T12:52:45+01:00":         time.Date(2021, 1, 14, 11, 52, 45, 0, time.UTC),
		"2021-01-14T10:22:45-01:30":         time.Date(2021, 1, 14, 11, 52, 45, 0, time.UTC),
		"2024-02-29T00:00:00.5Z":            time.Date(2024, 2, 29, 0, 0, 0, 5e8, time.UTC),
		"2024-02-29T00:00:00.123456789123Z": time.Date(2024, 2, 29, 0, 0, 0, 123456789, time.UTC),
	}
	for in, want := range cases {
		got, err := ParseTime(in)
		require.NoError(t, err, in)
		assert.True(t, want.Equal(got), "%s: got %s", in, got)
		// The standard library agrees on every value accepted here.
		std, err := time.Parse(time.RFC3339Nano, in)
		if err == nil {
			assert.True(t, std.Equal(got), in)
		}
	}
}

func TestParseTimeRejectsEverythingElse(t *testing.T) {
	for _, in := range []string{
		"", "null", "2016-06-22 03:19:48 UTC", "2021-01-14T11:25:39", "2021-01-14t11:25:39z",
		"2021-01-14T11:25:39.Z", "2021-01-14T11:25:39,5Z", "2021-13-01T00:00:00Z", "2021-02-29T00:00:00Z",
		"2021-04-31T00:00:00Z", "2021-01-00T00:00:00Z", "2021-01-14T24:00:00Z", "2021-01-14T11:60:00Z",
		"2021-01-14T11:25:60Z", "2021-01-14T11:25:39+24:00", "2021-01-14T11:25:39+01:60", "2021-01-14T11:25:39+0100",
		"2021-01-14T11:25:39Z ", " 2021-01-14T11:25:39Z", "2021-1-14T11:25:39Z", "+2021-01-14T11:25:39Z",
		"1610623539",
	} {
		_, err := ParseTime(in)
		assert.ErrorIs(t, err, ErrBadTime, "%q", in)
	}
}

func TestTimeJSON(t *testing.T) {
	var v struct {
		A, B, C Time
		D       Time `json:"d,omitzero"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"A":"2021-01-14T11:25:39Z","B":null,"C":"\u0032021-01-14T11:25:39Z"}`), &v))
	assert.Equal(t, time.Date(2021, 1, 14, 11, 25, 39, 0, time.UTC), v.A.Time)
	assert.True(t, v.B.IsZero(), "null is the zero Time")
	assert.Equal(t, v.A.Time, v.C.Time, "escaped strings read as the validator reads them")

	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":"2021-01-14T11:25:39Z","B":null,"C":"2021-01-14T11:25:39Z"}`, string(out), "zero is null; omitzero leaves it out")

	for _, bad := range []string{`"2016-06-22 03:19:48 UTC"`, `17`, `""`, `true`, `"2021-01-14T11:25:39"`} {
		var tm Time
		assert.ErrorIs(t, json.Unmarshal([]byte(bad), &tm), ErrBadTime, bad)
	}
	offset, err := json.Marshal(Time{time.Date(2021, 1, 14, 12, 0, 0, 0, time.FixedZone("", 3600))})
	require.NoError(t, err)
	assert.Equal(t, `"2021-01-14T11:00:00Z"`, string(offset), "written in UTC, as Fastly writes")
}

func TestScopesAcceptArrayStringAndNull(t *testing.T) {
	cases := map[string]Scopes{
		`["global:read","purge_all"]`: {"global:read", "purge_all"},
		`[ "global" ]`:                {"global"},
		`[]`:                          {},
		`"global:read purge_all"`:     {"global:read", "purge_all"},
		`"  global  "`:                {"global"},
		`""`:                          nil,
		`null`:                        nil,
		`["gl\u006fbal"]`:             {"global"},
		`["a,b", "c"]`:                {"a,b", "c"},
	}
	for in, want := range cases {
		var s Scopes
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, s, in)
	}
	for _, bad := range []string{`7`, `{"a":1}`, `[1]`, `["a",2]`, `true`} {
		var s Scopes
		assert.Error(t, json.Unmarshal([]byte(bad), &s), bad)
	}
	out, err := json.Marshal(struct{ A, B Scopes }{Scopes{"global"}, nil})
	require.NoError(t, err)
	assert.JSONEq(t, `{"A":["global"],"B":[]}`, string(out))
	assert.Equal(t, "global:read purge_all", Scopes{"global:read", "purge_all"}.String())
	assert.True(t, Scopes{"global:read", "purge_all"}.Has("purge_all"))
	assert.False(t, Scopes{"global:read"}.Has("global"))
}

func TestValidID(t *testing.T) {
	for _, id := range []string{"5Yo3XXnrQpjc20u0ybrf2g", "x4xCwxxJxGCx123Rx5xTx", "a", string(make64('a'))} {
		assert.True(t, ValidID(id), id)
	}
	for _, id := range []string{"", "self/../x", "a-b", "a_b", "a b", "ä", "a%2Fb", string(make64('a')) + "a", "a\n"} {
		assert.False(t, ValidID(id), "%q", id)
	}
}

func make64(c byte) []byte {
	b := make([]byte, MaxIDLength)
	for i := range b {
		b[i] = c
	}
	return b
}

func TestRateLimitHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("Fastly-RateLimit-Remaining", "9985")
	h.Set("Fastly-RateLimit-Reset", "1610625600")
	rl := ReadRateLimit(h)
	require.NoError(t, rl.Err())
	assert.Equal(t, RateLimitRemaining{N: 9985, Valid: true}, rl.Remaining)
	assert.Equal(t, time.Date(2021, 1, 14, 12, 0, 0, 0, time.UTC), rl.Reset.Time)

	rl = ReadRateLimit(http.Header{})
	assert.Equal(t, RateLimit{}, rl, "absent headers are the zero value")

	for _, bad := range []string{"", "-1", "1.5", "1e3", "abc", " 5", "99999999999999999999"} {
		h := http.Header{}
		h.Set("Fastly-RateLimit-Remaining", bad)
		rl := ReadRateLimit(h)
		assert.False(t, rl.Remaining.Valid, "%q", bad)
		var he *HeaderError
		require.ErrorAs(t, rl.Err(), &he, "%q", bad)
		assert.Equal(t, HeaderRateLimitRemaining, he.Header)
		assert.NotContains(t, rl.Err().Error(), "abc", "the value is not quoted")
		var direct RateLimitRemaining
		assert.NoError(t, direct.UnmarshalText([]byte(bad)), "binding never fails, so gen keeps the body")
		assert.Error(t, direct.Err)
	}
	for _, bad := range []string{"soon", "253402300800", "9223372036854775807", "-1"} {
		h = http.Header{}
		h.Set("Fastly-RateLimit-Reset", bad)
		rl := ReadRateLimit(h)
		assert.ErrorContains(t, rl.Err(), HeaderRateLimitReset, bad)
		assert.True(t, rl.Reset.IsZero())
	}
	h = http.Header{}
	h.Set("Fastly-RateLimit-Reset", "253402300799")
	rl = ReadRateLimit(h)
	require.NoError(t, rl.Err())
	assert.Equal(t, 9999, rl.Reset.Year())
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2021, 1, 14, 11, 0, 0, 0, time.UTC)
	ra, err := ParseRetryAfter("120")
	require.NoError(t, err)
	assert.Equal(t, 2*time.Minute, ra.Wait(now))

	ra, err = ParseRetryAfter("Thu, 14 Jan 2021 11:00:30 GMT")
	require.NoError(t, err)
	assert.Equal(t, 30*time.Second, ra.Wait(now))
	assert.Equal(t, time.Duration(0), ra.Wait(now.Add(time.Hour)), "a date in the past is no wait")

	for _, bad := range []string{"", "-5", "1.5", "soon", "99999999999999999999", "3155760001"} {
		_, err := ParseRetryAfter(bad)
		assert.Error(t, err, "%q", bad)
	}
	assert.Equal(t, time.Duration(0), RetryAfter{}.Wait(now))

	h := http.Header{}
	got := ReadRetryAfter(h)
	require.NoError(t, got.Err)
	assert.False(t, got.Valid)
	h.Set("Retry-After", "later")
	got = ReadRetryAfter(h)
	assert.False(t, got.Valid)
	assert.ErrorContains(t, got.Err, "Retry-After")

	var viaText RetryAfter
	require.NoError(t, viaText.UnmarshalText([]byte("7")))
	assert.Equal(t, 7*time.Second, viaText.Delay)
	var reset RateLimitReset
	assert.NoError(t, reset.UnmarshalText([]byte("x")), "binding never fails")
	assert.Error(t, reset.Err)
	require.NoError(t, viaText.UnmarshalText([]byte("soon")))
	assert.False(t, viaText.Valid)
	assert.ErrorContains(t, viaText.Err, "Retry-After")
}

// FuzzParseTime holds ParseTime to the standard library: whatever it
// accepts, time.Parse accepts as the same instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2021-01-14T11:25:39Z", "2020-06-22T03:19:48.000Z", "2021-01-14T11:52:45+00:00", "2021-02-29T00:00:00Z", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err != nil {
			return
		}
		std, stdErr := time.Parse(time.RFC3339Nano, s)
		if stdErr != nil {
			// Go's parser allows at most nine fraction digits; ParseTime
			// keeps the first nine of any number.
			return
		}
		if !std.Equal(got) {
			t.Fatalf("%q: ParseTime %s, time.Parse %s", s, got, std)
		}
	})
}

func TestNullString(t *testing.T) {
	var v struct {
		IP NullString `json:"ip"`
		UA NullString `json:"ua"`
		ID NullString `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"ip":null,"ua":"curl/8 \"x\"","id":"S1"}`), &v))
	assert.Equal(t, NullString(""), v.IP)
	assert.Equal(t, NullString(`curl/8 "x"`), v.UA)
	assert.Equal(t, NullString("S1"), v.ID)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ip":null,"ua":"curl/8 \"x\"","id":"S1"}`, string(b), "\"\" is written as null")
	assert.Error(t, json.Unmarshal([]byte(`{"ip":5}`), &v), "a number is no string")
}

func TestTimeAsText(t *testing.T) {
	b, err := Time{}.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b, "no time is no text")
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600))
	b, err = Time{Time: at}.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2030-01-02T02:04:05Z", string(b), "RFC 3339 in UTC, as its JSON")
	j, err := Time{Time: at}.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `"`+string(b)+`"`, string(j))
}

func TestSecretShaped(t *testing.T) {
	for _, s := range []string{"k3yThatIsNeverSentAnywhere012345", "aB3-dE6_gH9jK2mN5pQ8sT1vW4yZ7b0c"} {
		assert.True(t, SecretShaped(s), s)
	}
	for _, s := range []string{"5Yo3XXnrQpjc20u0ybrf2g", "k3yThatIsNeverSentAnywhere01234", "k3yThatIsNeverSentAnywhere0123456", "k3yThatIsNeverSentAnywhere01234!"} {
		assert.False(t, SecretShaped(s), s)
	}
}

// TestLoopbackHost: only this machine's names and addresses are loopback,
// however the name is spelled.
func TestLoopbackHost(t *testing.T) {
	for _, host := range []string{"localhost", "LocalHost", "127.0.0.1", "127.8.9.10", "::1"} {
		assert.True(t, LoopbackHost(host), host)
	}
	for _, host := range []string{"", "example.com", "localhost.example.com", "10.0.0.1", "::", "0.0.0.0"} {
		assert.False(t, LoopbackHost(host), host)
	}
}

// TestParseBaseURLKeepsAPrefixPath: a path ends in "/" so that gen's
// operation paths join under it; plain http goes only to loopback.
func TestParseBaseURLKeepsAPrefixPath(t *testing.T) {
	u, reason := ParseBaseURL("https://proxy.example/fastly")
	require.Empty(t, reason)
	assert.Equal(t, "https://proxy.example/fastly/", u.String())
	_, reason = ParseBaseURL("http://api.fastly.com")
	assert.Equal(t, "http is allowed only for loopback hosts; use https", reason)
}

// TestRefusalsReadTheTextsFastlySends: each text the in-memory API sends
// reads as its refusal, only with its status; two refusals in one answer
// are each read; other texts read as none.
func TestRefusalsReadTheTextsFastlySends(t *testing.T) {
	expired := MsgKeyExpired("t0k", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	assert.Equal(t, "Token t0k expired at 2026-01-02T03:04:05Z", expired)
	all := []Refusal{RefusedSudo, RefusedBadCredentials, RefusedKeyExpired, RefusedReadOnly, RefusedTwoFactor}
	said := func(status int, title, detail, code string) (in []Refusal) {
		for _, r := range all {
			if r.In(status, title, detail, code) {
				in = append(in, r)
			}
		}
		return in
	}
	for _, tc := range []struct {
		status      int
		title, code string
		want        Refusal
		wrongStatus int
	}{
		{403, MsgSudoRequired, "", RefusedSudo, 404},
		{401, MsgBadCredentials, "", RefusedBadCredentials, 400},
		{403, MsgBadCredentials, "", RefusedBadCredentials, 500},
		{401, expired, "", RefusedKeyExpired, 403},
		{403, MsgReadOnly, "", RefusedReadOnly, 401},
		{400, "Two-factor authentication is required", CodeTwoFactor, RefusedTwoFactor, 422},
	} {
		assert.Equal(t, []Refusal{tc.want}, said(tc.status, tc.title, "", tc.code), tc.title)
		assert.Empty(t, said(tc.wrongStatus, tc.title, "", tc.code), "%s with %d", tc.title, tc.wrongStatus)
	}
	assert.Equal(t, []Refusal{RefusedSudo}, said(403, "Forbidden", MsgSudoRequired, ""), "the newer shapes put it in the detail")
	assert.Equal(t, []Refusal{RefusedSudo, RefusedReadOnly}, said(403, MsgReadOnly, MsgSudoRequired, ""), "both, each on its own")
	assert.Equal(t, []Refusal{RefusedBadCredentials, RefusedKeyExpired}, said(401, MsgBadCredentials+"; "+expired, "", ""))
	assert.Empty(t, said(403, "Insufficient permissions for this action", "", ""))
	assert.False(t, Refusal("other").In(403, MsgSudoRequired, "", ""))
}
