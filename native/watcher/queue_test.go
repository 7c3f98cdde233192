package main

import "testing"

func TestQueueMergesModificationsIntoWaitingCreation(t *testing.T) {
	q := newQueue(8)
	q.push(event{kind: kindCreated, path: "/w/a"})
	q.push(event{kind: kindModified, path: "/w/a"})
	q.push(event{kind: kindModified, path: "/w/a"})
	q.push(event{kind: kindDeleted, path: "/w/a"})
	q.close()
	var got []kind
	for e, ok := q.pop(); ok; e, ok = q.pop() {
		got = append(got, e.kind)
	}
	if len(got) != 2 || got[0] != kindCreated || got[1] != kindDeleted {
		t.Fatalf("got %v, want created then deleted", got)
	}
}

func TestQueueOverflowsOnceThenDropsUntilTaken(t *testing.T) {
	q := newQueue(2)
	for _, p := range []string{"/a", "/b", "/c", "/d"} {
		q.push(event{kind: kindModified, path: p})
	}
	want := []kind{kindModified, kindModified, kindOverflow}
	for i, k := range want {
		e, _ := q.pop()
		if e.kind != k {
			t.Fatalf("event %d: got %v, want %v", i, e.kind, k)
		}
	}
	q.push(event{kind: kindModified, path: "/e"})
	if e, _ := q.pop(); e.path != "/e" {
		t.Fatalf("after the overflow was taken, got %+v, want /e", e)
	}
}
