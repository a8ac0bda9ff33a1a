package ui

import (
	"sync"
	"testing"
)

// TestSerialKeepsOrder: jobs pushed from several goroutines while others
// run are run one at a time, each goroutine's in the order it pushed them.
func TestSerialKeepsOrder(t *testing.T) {
	q := newSerial()
	stop := make(chan struct{})
	defer close(stop)
	go q.run(stop)
	var mu sync.Mutex
	running := 0
	seen := map[int][]int{}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				done := make(chan struct{})
				if i < 199 {
					close(done)
				}
				q.push(func() {
					mu.Lock()
					running++
					if running != 1 {
						t.Error("two jobs ran at once")
					}
					seen[g] = append(seen[g], i)
					running--
					mu.Unlock()
					if i == 199 {
						close(done)
					}
				})
				if i == 199 {
					<-done
				}
			}
		}()
	}
	wg.Wait()
	for g := range 4 {
		if len(seen[g]) != 200 {
			t.Fatalf("goroutine %d: %d jobs ran, want 200", g, len(seen[g]))
		}
		for i, v := range seen[g] {
			if v != i {
				t.Fatalf("goroutine %d: job %d ran as number %d", g, v, i)
			}
		}
	}
}
