// Package paging walks Fastly's paginated lists, those paged by number
// (page and per_page, with a meta that may say how many pages there are)
// and those paged by cursor, holding one page at a time and never looping
// on a server that ignores what it is asked for.
package paging

import (
	"cmp"
	"context"
	"fmt"
	"iter"
)

// Page is one page as a walk sees it.
type Page[E any] struct {
	Entries []E // nil when the answer had none: null, or no "data"
	Number  int // the page the answer says it is; 0 when it does not say
	Total   int // how many pages there are; 0 when the answer does not say
	PerPage int // the page size the answer says; 0 when it does not say
}

// Get gets page n, of perPage entries.
type Get[E any] func(ctx context.Context, n, perPage int) (Page[E], error)

// Problem is a list that breaks a walk's rules: a page without entries,
// another page than the one asked for, too many pages, a cursor repeated.
type Problem string

func (p Problem) Error() string { return string(p) }

// Walk gets page 1, 2, ... of perPage entries and gives each entry to
// each, until it returns false. It checks ctx before each page and each
// entry, and ends on the page the answer names as the last or, when none
// does, on a page that is not full. get's error ends it as it is; a page
// that breaks the rules, or more than maxPages of them, ends it with a
// Problem.
func Walk[E any](ctx context.Context, perPage, maxPages int, get Get[E], each func(E) bool) error {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := get(ctx, n, perPage)
		switch {
		case err != nil:
			return err
		case page.Entries == nil:
			return Problem(`the page has no "data"`)
		case page.Number != 0 && page.Number != n:
			return Problem(fmt.Sprintf("asked for page %d, the answer is page %d", n, page.Number))
		}
		for _, e := range page.Entries {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !each(e) {
				return nil
			}
		}
		if page.Total > 0 && n >= page.Total || page.Total == 0 && len(page.Entries) < cmp.Or(page.PerPage, perPage) {
			return nil // the last page: the meta says so, or, without a meta, the page was not full
		}
		if n >= maxPages {
			return Problem(fmt.Sprintf("the list goes on past %d pages; the server may be ignoring the page or cursor asked for", maxPages))
		}
	}
}

// Cursors follows a list paged by cursor: Next is the cursor to ask the
// next page with (nil for the first), and Saw takes the cursor a page
// gave and says which page it was, as a Page's Number and Total.
type Cursors struct {
	next *string
	n    int
}

// Next is the cursor to ask for the next page with; nil for the first.
func (c *Cursors) Next() *string { return c.next }

// Saw takes the next cursor the page just answered gave: "" ends the
// list. It returns the page's number and the pages known so far (one
// more than it, unless the list ends), or a Problem when the server gave
// the same cursor twice, which would loop.
func (c *Cursors) Saw(next string) (number, total int, err error) {
	if c.next != nil && next == *c.next {
		err = Problem("the list does not end: the server repeats a cursor")
	}
	c.n++
	c.next = &next
	if next == "" {
		return c.n, c.n, err
	}
	return c.n, c.n + 1, err
}

// Collect is every entry a walk gives, nil with its error. walk is a Walk
// with everything but each given.
func Collect[E any](walk func(each func(E) bool) error) ([]E, error) {
	list := []E{}
	if err := walk(func(e E) bool { list = append(list, e); return true }); err != nil {
		return nil, err
	}
	return list, nil
}

// Seq is a walk as an iterator: its entries, then its error, if any,
// once, with a zero entry. It stops when the loop does.
func Seq[E any](walk func(each func(E) bool) error) iter.Seq2[E, error] {
	return func(yield func(E, error) bool) {
		if err := walk(func(e E) bool { return yield(e, nil) }); err != nil {
			var zero E
			yield(zero, err)
		}
	}
}
