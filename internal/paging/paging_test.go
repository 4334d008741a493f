package paging

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// numbered is a list of total entries paged by number, with a meta that
// says the page's number and how many pages there are when withMeta.
func numbered(total int, withMeta bool) Get[int] {
	return func(_ context.Context, n, perPage int) (Page[int], error) {
		p := Page[int]{Entries: []int{}}
		for i := (n - 1) * perPage; i < min(n*perPage, total); i++ {
			p.Entries = append(p.Entries, i)
		}
		if withMeta {
			p.Number, p.Total, p.PerPage = n, (total+perPage-1)/perPage, perPage
		}
		return p, nil
	}
}

func walkAll(get Get[int], maxPages int) ([]int, error) {
	return Collect(func(each func(int) bool) error { return Walk(context.Background(), 3, maxPages, get, each) })
}

// TestWalkEndsWhereTheListDoes: on the meta's last page, or without one
// on the first page that is not full, and on an empty list at once.
func TestWalkEndsWhereTheListDoes(t *testing.T) {
	for _, withMeta := range []bool{true, false} {
		got, err := walkAll(numbered(7, withMeta), 100)
		require.NoError(t, err)
		assert.Equal(t, []int{0, 1, 2, 3, 4, 5, 6}, got)
		got, err = walkAll(numbered(0, withMeta), 100)
		require.NoError(t, err)
		assert.Equal(t, []int{}, got)
	}
}

// TestWalkRefusesWhatWouldLoop: a server that answers the wrong page,
// no entries, or full pages forever ends the walk with a Problem.
func TestWalkRefusesWhatWouldLoop(t *testing.T) {
	wrongPage := func(context.Context, int, int) (Page[int], error) {
		return Page[int]{Entries: []int{1, 2, 3}, Number: 1}, nil
	}
	noData := func(context.Context, int, int) (Page[int], error) { return Page[int]{}, nil }
	endless := func(context.Context, int, int) (Page[int], error) { return Page[int]{Entries: []int{1, 2, 3}}, nil }
	for name, tc := range map[string]struct {
		get  Get[int]
		want string
	}{
		"wrong page": {wrongPage, "asked for page 2, the answer is page 1"},
		"no data":    {noData, `the page has no "data"`},
		"endless":    {endless, "the list goes on past 4 pages"},
	} {
		list, err := walkAll(tc.get, 4)
		var problem Problem
		require.ErrorAs(t, err, &problem, name)
		assert.Contains(t, err.Error(), tc.want, name)
		assert.Nil(t, list, name)
	}
}

// TestWalkStopsOnErrorsAndOnRequest: get's error ends the walk as it is;
// each returning false ends it with no error; a done context ends it.
func TestWalkStopsOnErrorsAndOnRequest(t *testing.T) {
	boom := errors.New("boom")
	_, err := walkAll(func(context.Context, int, int) (Page[int], error) { return Page[int]{}, boom }, 10)
	assert.Same(t, boom, err)

	var seen []int
	for e, err := range Seq(func(each func(int) bool) error { return Walk(context.Background(), 3, 10, numbered(9, true), each) }) {
		require.NoError(t, err)
		if seen = append(seen, e); len(seen) == 4 {
			break
		}
	}
	assert.Equal(t, []int{0, 1, 2, 3}, seen)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Walk(ctx, 3, 10, numbered(9, true), func(int) bool { return true }), context.Canceled)
}

// TestSeqYieldsTheErrorOnce: after the entries, the error comes once,
// with a zero entry.
func TestSeqYieldsTheErrorOnce(t *testing.T) {
	boom := errors.New("boom")
	var entries []int
	var errs []error
	for e, err := range Seq(func(each func(int) bool) error { each(7); return boom }) {
		entries, errs = append(entries, e), append(errs, err)
	}
	assert.Equal(t, []int{7, 0}, entries)
	assert.Equal(t, []error{nil, boom}, errs)
}

// TestCursorsNumberPagesAndRefuseARepeat: each cursor seen makes one
// more page known until "" ends the list; a cursor given twice is a
// Problem.
func TestCursorsNumberPagesAndRefuseARepeat(t *testing.T) {
	var c Cursors
	assert.Nil(t, c.Next(), "the first page is asked for without a cursor")
	n, total, err := c.Saw("a")
	require.NoError(t, err)
	assert.Equal(t, [2]int{1, 2}, [2]int{n, total})
	assert.Equal(t, "a", *c.Next())
	n, total, err = c.Saw("")
	require.NoError(t, err)
	assert.Equal(t, [2]int{2, 2}, [2]int{n, total}, "the last page")

	var r Cursors
	_, _, _ = r.Saw("same")
	_, _, err = r.Saw("same")
	assert.EqualError(t, err, "the list does not end: the server repeats a cursor")
}

// TestWalkEndsOnTheMetasLastPage: a meta that names the last page ends
// the walk there, even when that page is full.
func TestWalkEndsOnTheMetasLastPage(t *testing.T) {
	full := func(_ context.Context, n, perPage int) (Page[int], error) {
		require.LessOrEqual(t, n, 2, "asked past the last page the meta named")
		return Page[int]{Entries: []int{n, n, n}, Number: n, Total: 2, PerPage: perPage}, nil
	}
	got, err := walkAll(full, 10)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 1, 1, 2, 2, 2}, got)
}

// TestWalkStopsMidPageWhenTheContextEnds: a context that ends while a
// page's entries are handed out ends the walk before the next entry.
func TestWalkStopsMidPageWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []int
	err := Walk(ctx, 3, 10, numbered(9, true), func(e int) bool {
		if seen = append(seen, e); e == 1 {
			cancel()
		}
		return true
	})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []int{0, 1}, seen)
}
