package ecs

import (
	"slices"
	"strings"

	"cloudplay/core/api"
)

// cloudplay:ExplainPlacement answers "why did this task land there?" for
// a task placed on a container instance. Nothing is stored per candidate:
// a task keeps the cluster's change counter at its placement (placeSeq)
// and its requirement; the table is recomputed on demand from the
// instances and tasks present then (every task's placeSeq and releaseSeq
// say when it held resources), with the same placer RunTask ran. The tie
// among the last candidates was broken by the account's seeded source;
// the task records which instance it chose.
//
// Input: {"task": "<task ARN>"}. Output: the task's requirements,
// constraints and strategies, and one row per container instance of the
// cluster at that moment, in registration order: "filtered" with the
// filter and AWS's reason, "ranked out" with the strategy step and its
// value against the best, "tied", or "chosen".

type explainInput struct {
	Task string `json:"task" aws:"required"`
}

type explainRow struct {
	ContainerInstanceArn string `json:"containerInstanceArn"`
	Ec2InstanceID        string `json:"ec2InstanceId,omitempty"`
	AvailabilityZone     string `json:"availabilityZone,omitempty"`
	RemainingCPU         int64  `json:"remainingCpu"`
	RemainingMemory      int64  `json:"remainingMemory"`
	Outcome              string `json:"outcome"`
	Filter               string `json:"filter,omitempty"`
	Reason               string `json:"reason,omitempty"`
	Strategy             string `json:"strategy,omitempty"`
	Value                string `json:"value,omitempty"`
}

func (s *Service) prepareExplain(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in explainInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		t := s.tasks[in.Task[strings.LastIndex(in.Task, "/")+1:]]
		if t == nil || t.arn != in.Task {
			return nil, errInvalid("The referenced task was not found (the playground keeps the newest %d stopped tasks of a cluster).", keepStopped)
		}
		return s.explain(t), nil
	}, nil
}

func strategyName(st placementStrategy) string {
	if st.Field == "" {
		return st.Type
	}
	return st.Type + "(" + st.Field + ")"
}

func (s *Service) explain(t *task) map[string]any {
	strategies := []string{}
	for _, st := range t.req.strategies {
		strategies = append(strategies, strategyName(st))
	}
	constraints := []string{}
	for _, k := range t.req.constraints {
		if k.typ == "memberOf" {
			constraints = append(constraints, "memberOf("+k.expr+")")
		} else {
			constraints = append(constraints, k.typ)
		}
	}
	out := map[string]any{
		"task": t.arn, "cluster": t.cluster.arn, "launchType": t.launchType,
		"requirements": map[string]any{"cpu": t.req.cpu, "memory": t.req.mem, "ports": nonNil(t.req.ports), "group": t.group,
			"operatingSystemFamily": t.req.os, "cpuArchitecture": t.req.arch},
		"constraints": constraints, "strategies": strategies, "candidates": []explainRow{},
	}
	if t.inst == nil {
		out["placedIn"] = map[string]string{"subnet": t.subnet, "availabilityZone": t.az}
		out["note"] = "Fargate runs each task on its own capacity: there are no container instances to choose from. " +
			"The task's subnet is the one whose Availability Zone had the fewest running tasks of its group; a tie is broken by the account's seeded source."
		return out
	}
	cands := s.candsAt(t)
	p := newPlacer(t.req, cands)
	rec := make([]candResult, len(cands))
	chosenIdx := slices.IndexFunc(cands, func(c cand) bool { return c.inst == t.inst })
	// Replay the tie-break: the task records the instance it chose.
	pick := func(n int) int {
		for k, i := range p.keep {
			if i == chosenIdx {
				return k
			}
		}
		return 0
	}
	_, tie := p.placeOne(pick, rec)
	rows := make([]explainRow, len(cands))
	consistent := false
	for i, c := range cands {
		r := explainRow{ContainerInstanceArn: c.inst.arn, Ec2InstanceID: c.inst.ec2ID, AvailabilityZone: c.inst.attrs["ecs.availability-zone"],
			RemainingCPU: c.cpu, RemainingMemory: c.mem}
		switch res := rec[i]; {
		case res.filter != "":
			r.Outcome, r.Filter, r.Reason = "filtered", res.filter, res.reason
		case res.step >= 0:
			r.Outcome, r.Strategy, r.Value = "ranked out", strategyName(t.req.strategies[res.step]), res.score
		case res.chosen:
			r.Outcome = "chosen"
			consistent = c.inst == t.inst
		default:
			r.Outcome = "tied"
		}
		rows[i] = r
	}
	out["candidates"] = rows
	out["chosen"] = t.inst.arn
	out["tiedCandidates"] = tie
	if tie > 1 {
		out["tieBreak"] = "the account's seeded random source"
	}
	if !consistent {
		out["note"] = "The instances' attributes or agent connection changed since the task was placed; the table reads them as they are now."
	}
	return out
}

// candsAt rebuilds the candidates as they were when t was placed: the
// instances registered then, less what the tasks holding resources then
// took.
func (s *Service) candsAt(t *task) []cand {
	seq, c := t.placeSeq, t.cluster
	var insts []*instance
	for _, in := range s.instances {
		if in.cluster == c && in.regSeq < seq && (in.deregSeq == 0 || in.deregSeq > seq) {
			insts = append(insts, in)
		}
	}
	slices.SortFunc(insts, func(a, b *instance) int { return int(a.regSeq - b.regSeq) })
	idx := map[*instance]int{}
	cands := make([]cand, len(insts))
	for i, in := range insts {
		idx[in] = i
		cands[i] = cand{inst: in, cpu: in.cpu, mem: in.mem, used: map[string]bool{}, eni: in.enis}
	}
	for _, o := range c.tasks {
		i, ok := idx[o.inst]
		if !ok || o.placeSeq >= seq || o.releaseSeq != 0 && o.releaseSeq < seq {
			continue
		}
		cd := &cands[i]
		cd.cpu -= o.req.cpu
		cd.mem -= o.req.mem
		if o.req.eni {
			cd.eni--
		}
		for _, p := range o.req.ports {
			cd.used[p] = true
		}
		if o.group == t.group {
			cd.group++
		}
	}
	return cands
}
