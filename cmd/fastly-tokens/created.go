package main

import (
	"errors"
	"fmt"

	"github.com/seed-14d8318b/fastlytokens/facade"
	"github.com/seed-14d8318b/fastlytokens/internal/safetext"
)

// created prints a new token and, this once, its secret. flaw is what was
// wrong with the answer that brought them (a header that broke the spec, a
// wrong Content-Type), or nil: the secret is shown all the same, since it
// exists only in this answer, and the flaw is said on stderr.
func (a *app) created(t *facade.CreatedToken, flaw error, heading func(token string) string) error {
	return a.showCreated(t, t.ID, t.Name, t.AccessToken.Reveal(), flaw, heading)
}

// createdAutomation prints a new automation token and, this once, its
// secret, as created does.
func (a *app) createdAutomation(t *facade.CreatedAutomationToken, flaw error) error {
	return a.showCreated(t, t.ID, t.Name, t.AccessToken.Reveal(), flaw, func(token string) string { return "Created automation " + token })
}

// showCreated is created's and createdAutomation's way of printing: the
// API's JSON with -o json, else a heading, the details and the secret.
func (a *app) showCreated(t any, id, name, secret string, flaw error, heading func(token string) string) error {
	if flaw != nil {
		fmt.Fprintf(a.e.stderr, "fastly-tokens: warning: the token was created and its secret is shown, but Fastly's answer was not as documented: %s\n", message(flaw))
	}
	o := a.out()
	if o.format == "json" {
		return writeJSON(a.e.stdout, t) // the API's shape, access_token included
	}
	fmt.Fprintln(a.e.stdout, heading(fmt.Sprintf("token %s (%s)", safetext.Escape(id), safetext.Escape(orDash(name)))))
	if err := o.detail(a.e.stdout, t); err != nil {
		return err
	}
	_, err := fmt.Fprintf(a.e.stdout, "\nAccess token (shown only now; store it safely):\n  %s\n", safetext.Escape(secret))
	return err
}

// unproven explains a create that brought no usable token: its answer
// named a token without its secret, or the answer was lost or unreadable,
// so that a token may have been created; list is the command that shows
// whether it was.
func unproven(err error, list string) error {
	var de *facade.DecodeError
	switch {
	case errors.As(err, &de) && de.TokenID != "":
		id := safetext.Escape(de.TokenID)
		return &notedError{err: err, note: "token " + id + " was created without its secret and cannot be used: revoke it with 'fastly-tokens revoke " + id + "'"}
	case facade.MayHaveActed(err):
		return &notedError{err: err, note: "a token may have been created; see '" + list + "'"}
	}
	return err
}
