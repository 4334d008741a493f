package facade

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// pageSize is how many entries the walks over paginated lists ask a page
// for: the most a page may hold, so that a walk takes the fewest requests.
const pageSize = wire.MaxPerPage

// maxPages bounds the walks over paginated lists (a million entries at
// pageSize): a server that always answers a full page and no
// total_pages must not keep a client asking forever.
const maxPages = 10_000

// pageFunc gets page n, of perPage entries, of a paginated list.
type pageFunc[E any] func(ctx context.Context, n, perPage int) (reply[[]E], gen.PaginationMeta)

// all is every entry of a paginated list, walked as pages walks it, and
// the last page's Response.
func all[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) ([]E, Response, error) {
	list := []E{}
	meta, err := walk(ctx, c, invalid, page, func(e E) bool { list = append(list, e); return true })
	if err != nil {
		return nil, meta, err
	}
	return list, meta, nil
}

// pages iterates over every entry of a paginated list, as walk walks it;
// the error that ends the walk is yielded once, with a zero entry.
func pages[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) iter.Seq2[E, error] {
	return func(yield func(E, error) bool) {
		if _, err := walk(ctx, c, invalid, page, func(e E) bool { return yield(e, nil) }); err != nil {
			var zero E
			yield(zero, err)
		}
	}
}

// walk is the walk over every paginated list: page gets page n, of perPage
// entries, and each takes the entries until it returns false. It holds one
// page at a time, checks ctx before each entry, and ends on the page the
// meta names as the last or, without one, on a page that is not full. A
// page without entries (null, or no "data"), a page other than the one
// asked for, or more than the client's bound of pages, is an error. It
// returns the last page's Response. invalid, the input's check, comes
// before all of it.
func walk[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E], each func(E) bool) (Response, error) {
	if err := cmp.Or(invalid, check(ctx != nil, FieldContext, "is nil", nil)); err != nil {
		return Response{}, err
	}
	var last Response
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return last, err
		}
		r, m := page(ctx, n, pageSize)
		switch last = r.meta; {
		case r.err != nil:
			return last, r.err
		case r.body == nil:
			return last, decodeError(r.x, last, "", errors.New(`the page has no "data"`))
		case m.CurrentPage != 0 && m.CurrentPage != n:
			return last, decodeError(r.x, last, "", fmt.Errorf("asked for page %d, the answer is page %d", n, m.CurrentPage))
		}
		for _, e := range r.body {
			if err := ctx.Err(); err != nil {
				return last, err
			}
			if !each(e) {
				return last, nil
			}
		}
		if m.TotalPages > 0 && n >= m.TotalPages || m.TotalPages == 0 && len(r.body) < cmp.Or(m.PerPage, pageSize) {
			return last, nil // the last page: the meta says so, or, without a meta, the page was not full
		}
		if n >= c.maxPages {
			return last, decodeError(r.x, last, "", fmt.Errorf("the list goes on past %d pages; the server may be ignoring the page or cursor asked for", c.maxPages))
		}
	}
}

// byCursor is the pageFunc of a list that pages by cursor: each page is
// asked for with the cursor the page before gave, and the list ends on a
// page whose next cursor is "". get asks for a page, entries reads a
// page's entries and its next cursor. A cursor the server gives twice is
// an error rather than a loop.
func byCursor[E, P any](get func(ctx context.Context, cursor *string, limit int) reply[*P], entries func(*P) ([]E, string)) pageFunc[E] {
	var cursor *string
	return func(ctx context.Context, n, limit int) (reply[[]E], gen.PaginationMeta) {
		r := get(ctx, cursor, limit)
		if r.body == nil {
			return reshape[[]E](r, nil), gen.PaginationMeta{}
		}
		page, next := entries(r.body)
		if cursor != nil && next == *cursor {
			r.err = cmp.Or(r.err, decodeError(r.x, r.meta, "", errors.New("the list does not end: the server repeats a cursor")))
		}
		m := gen.PaginationMeta{CurrentPage: n, TotalPages: n} // the last page, unless a cursor goes on
		if cursor = &next; next != "" {
			m.TotalPages++
		}
		return reshape(r, page), m
	}
}
