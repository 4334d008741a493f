package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/seed-14d8318b/fastlytokens/gen"
	"github.com/seed-14d8318b/fastlytokens/openapi/wire"
)

// defaultPerPage is the page size of the paginated lists when a request
// names none; the most is wire.MaxPerPage.
const defaultPerPage = 20

// page reads page and per_page; a bad one is a 400.
func page(p, perPage *int) (int, int, *failure) {
	n, size := 1, defaultPerPage
	if p != nil {
		n = *p
	}
	if perPage != nil {
		size = *perPage
	}
	if n < 1 || size < 1 || size > wire.MaxPerPage {
		return 0, 0, &failure{status: http.StatusBadRequest, msg: wire.PageRule}
	}
	return n, size, nil
}

// pageOf is page n of all, size records a page; past the end, empty. It
// never multiplies a page number it has not bounded first.
func pageOf[T any](all []T, n, size int) []T {
	if n-1 > len(all)/size {
		return nil
	}
	start := (n - 1) * size
	return all[min(start, len(all)):min(start+size, len(all))]
}

// meta is the pagination of n records.
func meta(n, current, perPage int) gen.PaginationMeta {
	return gen.PaginationMeta{CurrentPage: current, PerPage: perPage, RecordCount: n, TotalPages: (n + perPage - 1) / perPage}
}

// Lists that page by cursor (the IAM roles, a token's workspaces) take a
// cursor, which is the index of the page's first entry as api/ gives it,
// and a limit.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// cursorPage is a copy of the page of all that cursor and limit ask for,
// the cursor of the next page ("" on the last) and the limit applied; a
// cursor api/ did not give, or a limit out of range, is a 400.
func cursorPage[T any](all []T, cursor *string, limit *int) (page []T, next string, size int, f *failure) {
	start, size := 0, defaultLimit
	if limit != nil {
		size = *limit
	}
	if c := deref(cursor); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 || n > len(all) || strconv.Itoa(n) != c {
			return nil, "", 0, &failure{status: http.StatusBadRequest, msg: "Invalid cursor"}
		}
		start = n
	}
	if size < 1 || size > maxLimit {
		return nil, "", 0, &failure{status: http.StatusBadRequest, msg: fmt.Sprintf("limit is 1 to %d", maxLimit)}
	}
	end := min(start+size, len(all))
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return slices.Clone(all[start:end]), next, size, nil
}
