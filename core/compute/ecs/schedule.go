package ecs

import (
	"strconv"
	"strings"
)

// requirement is what one task asks of placement: its size, ports,
// platform, group, constraints and strategies.
type requirement struct {
	cpu, mem    int64
	ports       []string // "tcp/80" host ports
	os, arch    string   // runtimePlatform: LINUX/WINDOWS…, X86_64/ARM64
	eni         bool     // an awsvpc task on EC2: it takes one of the instance's network interfaces
	group       string
	constraints []constraint
	strategies  []placementStrategy
}

type constraint struct {
	typ   string // distinctInstance or memberOf
	query *Query
	expr  string
}

// Reasons of the placement filters, as AWS words them in a RunTask's
// failures and a task's stoppedReason
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html).
const (
	reasonAgent     = "AGENT"
	reasonAttribute = "ATTRIBUTE"
	reasonCPU       = "RESOURCE:CPU"
	reasonMemory    = "RESOURCE:MEMORY"
	reasonPorts     = "RESOURCE:PORTS"
	// reasonENI: an awsvpc task on EC2 needs a network interface of its
	// own, and the instance has none left
	// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html).
	reasonENI      = "RESOURCE:ENI"
	reasonMemberOf = "MemberOf placement constraint unsatisfied."
	reasonDistinct = "DistinctInstance placement constraint unsatisfied."
)

// cand is one container instance as placement sees it at one moment.
type cand struct {
	inst     *instance
	cpu, mem int64           // remaining
	used     map[string]bool // host ports in use
	group    int             // tasks of the requirement's group on it
	eni      int             // network interfaces left for awsvpc tasks (read only when inst.enis >= 0)
}

// candResult is what placement did with one candidate (the explanation's
// row): removed by a filter, or ranked by the strategies.
type candResult struct {
	filter string // the filter that removed it ("" when it passed)
	reason string
	step   int    // the strategy step that ranked it out (-1: survived every step)
	score  string // its value at that step, and the best value
	chosen bool
}

// placer places the tasks of one requirement, one at a time, on a
// cluster's candidates: the placement core. It is pure: the state it reads
// is in cands, randomness comes from rnd.
type placer struct {
	req     *requirement
	cands   []cand
	spread  [][]int // per strategy: the value index of each candidate (spread on an attribute), nil otherwise
	counts  [][]int // per strategy: tasks of the group per value
	keep    []int   // scratch
	scores  []int64 // scratch: the scores of keep at one step
	reasons []string
	kinds   []int    // per strategy: one of the kind constants
	static  []string // per candidate: the filter it fails whatever is placed ("" none; agent and platform)
}

func newPlacer(req *requirement, cands []cand) *placer {
	p := &placer{req: req, cands: cands, spread: make([][]int, len(req.strategies)), counts: make([][]int, len(req.strategies)),
		reasons: make([]string, len(cands)), static: make([]string, len(cands))}
	for i := range cands {
		switch {
		case !cands[i].inst.connected:
			p.static[i] = "agent"
		case !platformMatches(cands[i].inst, req):
			p.static[i] = "attribute"
		}
	}
	for _, st := range req.strategies {
		k := kindRandom
		switch {
		case st.Type == "binpack" && st.Field == "cpu":
			k = kindBinpackCPU
		case st.Type == "binpack":
			k = kindBinpackMemory
		case st.Type == "spread" && strings.HasPrefix(st.Field, "attribute:"):
			k = kindSpreadAttribute
		case st.Type == "spread":
			k = kindSpreadInstance
		}
		p.kinds = append(p.kinds, k)
	}
	for si, st := range req.strategies {
		name, ok := strings.CutPrefix(st.Field, "attribute:")
		if st.Type != "spread" || !ok {
			continue
		}
		idx := map[string]int{}
		vals := make([]int, len(cands))
		for i, c := range cands {
			v := c.inst.attrs[name]
			j, seen := idx[v]
			if !seen {
				j = len(idx)
				idx[v] = j
				p.counts[si] = append(p.counts[si], 0)
			}
			vals[i] = j
			p.counts[si][j] += c.group
		}
		p.spread[si] = vals
	}
	return p
}

// filter returns the name and reason of the first filter c fails, in the
// developer guide's order: the agent, the platform, CPU, memory, ports,
// then the constraints in the order given.
func (p *placer) filter(i int) (string, string) {
	r, c := p.req, &p.cands[i]
	switch {
	case p.static[i] == "agent":
		return "agent", reasonAgent
	case p.static[i] == "attribute":
		return "attribute", reasonAttribute
	case c.cpu < r.cpu:
		return "cpu", reasonCPU
	case c.mem < r.mem:
		return "memory", reasonMemory
	case r.eni && c.inst.enis >= 0 && c.eni <= 0:
		return "eni", reasonENI
	}
	for _, port := range r.ports {
		proto, num, _ := strings.Cut(port, "/")
		reserved := c.inst.ports
		if proto == "udp" {
			reserved = c.inst.udp
		}
		for _, rp := range reserved {
			if rp == num {
				return "ports", reasonPorts
			}
		}
		if c.used[port] {
			return "ports", reasonPorts
		}
	}
	for _, k := range r.constraints {
		switch k.typ {
		case "distinctInstance":
			if c.group > 0 {
				return "distinctInstance", reasonDistinct
			}
		case "memberOf":
			if !k.query.Match(c.inst) {
				return "memberOf(" + k.expr + ")", reasonMemberOf
			}
		}
	}
	return "", ""
}

// platformMatches reports whether the instance runs the task's operating
// system family and CPU architecture (the ecs.os-type and
// ecs.cpu-architecture attributes the agent registers).
func platformMatches(in *instance, r *requirement) bool {
	osType := in.attrs["ecs.os-type"]
	if strings.HasPrefix(r.os, "WINDOWS") != (osType == "windows") {
		return false
	}
	arch := in.attrs["ecs.cpu-architecture"]
	return (r.arch == "ARM64") == (arch == "arm64")
}

// score is a candidate's value under strategy si: lower is better.
func (p *placer) score(si, i int) int64 {
	switch p.kinds[si] {
	case kindBinpackCPU:
		return p.cands[i].cpu
	case kindBinpackMemory:
		return p.cands[i].mem
	case kindSpreadAttribute:
		return int64(p.counts[si][p.spread[si][i]])
	case kindSpreadInstance:
		return int64(p.cands[i].group)
	}
	return 0 // random: every candidate ties
}

// The kinds of strategy, resolved once per placer.
const (
	kindRandom = iota
	kindBinpackCPU
	kindBinpackMemory
	kindSpreadAttribute
	kindSpreadInstance
)

// placeOne chooses the candidate for the next task, or returns -1 when
// none fits. rnd(n) draws from [0, n) (the account's seeded source); it is
// called only to break a tie. rec, when not nil, receives every
// candidate's result. tie is how many candidates tied at the end.
func (p *placer) placeOne(rnd func(int) int, rec []candResult) (chosen, tie int) {
	p.keep = p.keep[:0]
	for i := range p.cands {
		f, reason := p.filter(i)
		p.reasons[i] = reason
		if rec != nil {
			rec[i] = candResult{filter: f, reason: reason, step: -1}
		}
		if f == "" {
			p.keep = append(p.keep, i)
		}
	}
	if len(p.keep) == 0 {
		return -1, 0
	}
	for si := range p.req.strategies {
		if p.kinds[si] == kindRandom {
			continue // every candidate ties
		}
		best := int64(-1)
		p.scores = p.scores[:0]
		for _, i := range p.keep {
			s := p.score(si, i)
			p.scores = append(p.scores, s)
			if best < 0 || s < best {
				best = s
			}
		}
		n := 0
		for k, i := range p.keep {
			s := p.scores[k]
			if s == best {
				p.keep[n] = i
				n++
			} else if rec != nil {
				rec[i].step, rec[i].score = si, strconv.FormatInt(s, 10)+" (best "+strconv.FormatInt(best, 10)+")"
			}
		}
		p.keep = p.keep[:n]
	}
	pick := p.keep[0]
	if len(p.keep) > 1 {
		pick = p.keep[rnd(len(p.keep))]
	}
	if rec != nil {
		rec[pick].chosen = true
	}
	return pick, len(p.keep)
}

// take records that the chosen candidate now runs a task of the
// requirement.
func (p *placer) take(i int) {
	c := &p.cands[i]
	c.cpu -= p.req.cpu
	c.mem -= p.req.mem
	if p.req.eni {
		c.eni--
	}
	for _, port := range p.req.ports {
		c.used[port] = true
	}
	c.group++
	for si := range p.req.strategies {
		if p.spread[si] != nil {
			p.counts[si][p.spread[si][i]]++
		}
	}
}

// failures lists, for a task that could not be placed, each candidate
// with the reason it was removed, as RunTask's failures do.
func (p *placer) failures() []failure {
	out := make([]failure, 0, len(p.cands))
	for i, c := range p.cands {
		out = append(out, failure{Arn: c.inst.arn, Reason: p.reasons[i]})
	}
	return out
}

// checkStrategies validates placementStrategy members: "binpack" on cpu or
// memory, "spread" on instanceId, host or attribute:NAME, "random" with
// no field
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html).
func checkStrategies(sts []placementStrategy) error {
	if len(sts) > maxPlacementStrategies {
		return errInvalid("You can specify a maximum of %d placement strategies.", maxPlacementStrategies)
	}
	for _, st := range sts {
		switch st.Type {
		case "binpack":
			if st.Field != "cpu" && st.Field != "memory" {
				return errInvalid("Invalid field %q for placement strategy binpack: must be cpu or memory.", clip(st.Field))
			}
		case "spread":
			name, isAttr := strings.CutPrefix(st.Field, "attribute:")
			if st.Field != "instanceId" && st.Field != "host" && (!isAttr || name == "") {
				return errInvalid("Invalid field %q for placement strategy spread: must be instanceId, host or attribute:NAME.", clip(st.Field))
			}
		case "random":
			if st.Field != "" {
				return errInvalid("The random placement strategy does not take a field.")
			}
		default:
			return errInvalid("Invalid placement strategy type %q: must be random, spread or binpack.", clip(st.Type))
		}
	}
	return nil
}

// parseConstraints validates and parses placementConstraints (the call's
// and the task definition's memberOf ones).
func parseConstraints(pcs []placementConstraint) ([]constraint, error) {
	if len(pcs) > maxPlacementConstraints {
		return nil, errInvalid("You can specify a maximum of %d placement constraints.", maxPlacementConstraints)
	}
	var out []constraint
	for _, pc := range pcs {
		switch pc.Type {
		case "distinctInstance":
			if pc.Expression != "" {
				return nil, errInvalid("You cannot specify an expression if the constraint type is distinctInstance.")
			}
			out = append(out, constraint{typ: pc.Type})
		case "memberOf":
			if pc.Expression == "" {
				return nil, errInvalid("The memberOf placement constraint needs an expression.")
			}
			q, err := ParseQuery(pc.Expression)
			if err != nil {
				return nil, queryError(err)
			}
			out = append(out, constraint{typ: pc.Type, query: q, expr: pc.Expression})
		default:
			return nil, errInvalid("Invalid placement constraint type %q: must be distinctInstance or memberOf.", clip(pc.Type))
		}
	}
	return out, nil
}
