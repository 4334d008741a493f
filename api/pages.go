package api

import (
	"fmt"
	"net/http"

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
		return 0, 0, &failure{status: http.StatusBadRequest, msg: fmt.Sprintf("page counts from 1; per_page is 1 to %d", wire.MaxPerPage)}
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
