package main

import "sync"

type kind int

const (
	kindReady kind = iota
	kindCreated
	kindModified
	kindDeleted
	kindRenamed
	kindOverflow
)

func (k kind) String() string {
	return [...]string{"ready", "created", "modified", "deleted", "renamed", "overflow"}[k]
}

type event struct {
	kind    kind
	path    string
	oldPath string
	isDir   bool
}

// queue holds the events not yet written, in order, at most limit of them.
// A modification of a path whose creation or modification still waits is
// merged into it, and so is a second creation, so a burst of writes to a
// few files takes a few entries. When limit entries wait, one overflow
// event is queued behind them and every event is dropped until the writer
// has taken it: the reader then knows to look at the tree again.
type queue struct {
	mu       sync.Mutex
	ready    *sync.Cond
	items    []*event
	latest   map[string]*event
	limit    int
	dropping bool
	closed   bool
}

func newQueue(limit int) *queue {
	q := &queue{latest: map[string]*event{}, limit: limit}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *queue) push(e event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || q.dropping {
		return
	}
	if e.kind == kindOverflow {
		q.overflow()
		return
	}
	if prev := q.latest[e.path]; prev != nil && merges(prev.kind, e.kind) {
		return
	}
	if len(q.items) >= q.limit {
		q.overflow()
		return
	}
	entry := &event{kind: e.kind, path: e.path, oldPath: e.oldPath, isDir: e.isDir}
	q.items = append(q.items, entry)
	q.latest[e.path] = entry
	q.ready.Signal()
}

// merges: `next` adds nothing to `prev` still waiting for the same path.
func merges(prev, next kind) bool {
	switch next {
	case kindModified:
		return prev == kindCreated || prev == kindModified
	case kindCreated:
		return prev == kindCreated
	}
	return false
}

func (q *queue) overflow() {
	q.dropping = true
	q.items = append(q.items, &event{kind: kindOverflow})
	q.ready.Signal()
}

// pop waits for the next event; false once the queue is closed and empty.
func (q *queue) pop() (event, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait()
	}
	if len(q.items) == 0 {
		return event{}, false
	}
	e := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	if q.latest[e.path] == e {
		delete(q.latest, e.path)
	}
	if e.kind == kindOverflow {
		q.dropping = false
	}
	return *e, true
}

// close lets the writer take what waits, then ends it.
func (q *queue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.ready.Broadcast()
}
