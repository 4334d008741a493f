package facade

import (
	"cmp"
	"context"
	"errors"
	"iter"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/internal/paging"
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

// all is every entry of a paginated list, as walk walks it, and the last
// page's Response.
func all[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) (list []E, meta Response, err error) {
	list, err = paging.Collect(func(each func(E) bool) (err error) { meta, err = walk(ctx, c, invalid, page, each); return err })
	return list, meta, err
}

// pages iterates over every entry of a paginated list, as walk walks it
// (paging.Seq).
func pages[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E]) iter.Seq2[E, error] {
	return paging.Seq(func(each func(E) bool) error { _, err := walk(ctx, c, invalid, page, each); return err })
}

// walk is paging.Walk over a list's pages, up to the client's bound of
// pages, after invalid, the input's check. A list that breaks the walk's
// rules is a *DecodeError of the page that broke them. It returns the
// last page's Response.
func walk[E any](ctx context.Context, c *Client, invalid error, page pageFunc[E], each func(E) bool) (Response, error) {
	if err := cmp.Or(invalid, check(ctx != nil, FieldContext, "is nil", nil)); err != nil {
		return Response{}, err
	}
	var last reply[[]E]
	err := paging.Walk(ctx, pageSize, c.maxPages, func(ctx context.Context, n, perPage int) (paging.Page[E], error) {
		r, m := page(ctx, n, perPage)
		last = r
		return paging.Page[E]{Entries: r.body, Number: m.CurrentPage, Total: m.TotalPages, PerPage: m.PerPage}, r.err
	}, each)
	if problem := paging.Problem(""); errors.As(err, &problem) {
		err = decodeError(last.x, last.meta, "", problem)
	}
	return last.meta, err
}

// byCursor is the pageFunc of a list that pages by cursor (paging.Cursors):
// get asks for a page, entries reads a page's entries and its next cursor.
func byCursor[E, P any](get func(ctx context.Context, cursor *string, limit int) reply[*P], entries func(*P) ([]E, string)) pageFunc[E] {
	var cursors paging.Cursors
	return func(ctx context.Context, _, limit int) (reply[[]E], gen.PaginationMeta) {
		r := get(ctx, cursors.Next(), limit)
		if r.body == nil {
			return reshape[[]E](r, nil), gen.PaginationMeta{}
		}
		page, next := entries(r.body)
		number, total, err := cursors.Saw(next)
		r.err = cmp.Or(r.err, err)
		return reshape(r, page), gen.PaginationMeta{CurrentPage: number, TotalPages: total}
	}
}
