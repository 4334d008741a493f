package wire

import (
	"strconv"
	"time"
)

// MaxPerPage is the largest page the paginated lists serve (the spec's
// per_page maximum); clients ask for it, to make the fewest requests.
// openapi/spec_test.go holds the spec's number to it.
const MaxPerPage = 100

// WebSessionName is the name of the token the Fastly web app holds for a
// signed-in user, which Fastly lists among the user's tokens with
// sudo_expires_at set (the spec's list-tokens-user says so).
const WebSessionName = "manage.fastly.com browser session"

// PageRule says in words what MaxPerPage bounds, for the errors of the
// facade and the in-memory API alike.
var PageRule = "pages count from 1 and hold 1 to " + itoa(MaxPerPage) + " entries"

// IDRule says in words what ValidID checks, for every error about an id.
const IDRule = "letters and digits, at most 64"

// SudoDefault is how long sudo mode lasts when a sudo request does not say
// (Fastly documents five minutes).
const SudoDefault = 5 * time.Minute

func itoa(n int) string { return strconv.Itoa(n) }

// ServicesLimit is whether services limit an automation token, from what
// an answer says of it. Since September 2026 limit_services says so; an
// answer from before has none (nil), and the token's services then limit
// it when there are any.
func ServicesLimit(limitServices *bool, services []string) bool {
	if limitServices == nil {
		return len(services) > 0
	}
	return *limitServices
}
