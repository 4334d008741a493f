package wire

// MaxPerPage is the largest page the paginated lists serve (the spec's
// per_page maximum); clients ask for it, to make the fewest requests.
// openapi/spec_test.go holds the spec's number to it.
const MaxPerPage = 100

// WebSessionName is the name of the token the Fastly web app holds for a
// signed-in user, which Fastly lists among the user's tokens with
// sudo_expires_at set (the spec's list-tokens-user says so).
const WebSessionName = "manage.fastly.com browser session"
