package ecs

import (
	"fmt"
	"testing"

	"cloudplay/core/sim"
)

// BenchmarkPlace10000On1000 is the placement core alone: 10,000 tasks
// (256 CPU units, 512 MiB) placed one at a time on 1,000 container
// instances over six zones with spread(attribute:ecs.availability-zone)
// then binpack(memory).
func BenchmarkPlace10000On1000(b *testing.B) {
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"}
	req := &requirement{cpu: 256, mem: 512, os: "LINUX", arch: "X86_64", group: "service:web",
		strategies: []placementStrategy{{Type: "spread", Field: "attribute:ecs.availability-zone"}, {Type: "binpack", Field: "memory"}}}
	insts := make([]*instance, 1000)
	for i := range insts {
		insts[i] = &instance{arn: fmt.Sprintf("ci-%d", i), connected: true, cpu: 4096, mem: 16384,
			attrs: map[string]string{"ecs.availability-zone": zones[i%len(zones)], "ecs.os-type": "linux", "ecs.cpu-architecture": "x86_64"}}
	}
	r := sim.NewRand(1)
	rnd := func(n int) int { return r.IntN(n) }
	b.ReportAllocs()
	for b.Loop() {
		cands := make([]cand, len(insts))
		for i, in := range insts {
			cands[i] = cand{inst: in, cpu: in.cpu, mem: in.mem, used: map[string]bool{}}
		}
		p := newPlacer(req, cands)
		for range 10000 {
			i, _ := p.placeOne(rnd, nil)
			if i < 0 {
				b.Fatal("no capacity")
			}
			p.take(i)
		}
	}
}
