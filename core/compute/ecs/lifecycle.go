package ecs

import (
	"encoding/json"
	"errors"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

type scheduler = func(at sim.Time, fn func(w *api.Work))
type emitter = func(api.StepEvent)

// after runs fn at at unless t has moved on (another transition started)
// by then.
func (s *Service) after(sched scheduler, t *task, at sim.Time, fn func(w *api.Work)) {
	gen := t.gen
	sched(at, func(w *api.Work) {
		if t.gen == gen {
			fn(w)
		}
	})
}

func (s *Service) setStatus(emitf emitter, now sim.Time, t *task, status string) {
	from := t.lastStatus
	t.lastStatus = status
	fields := map[string]string{"cluster": t.cluster.name, "task": t.arn, "from": from, "status": status, "launchType": t.launchType}
	if t.inst != nil {
		fields["containerInstance"] = t.inst.arn
	}
	if t.az != "" {
		fields["availabilityZone"] = t.az
	}
	if status == "STOPPED" {
		fields["stoppedReason"] = t.stoppedReason
	}
	if emitf != nil {
		emitf(api.StepEvent{Time: now, Service: "ecs", Type: "TaskStatus", Fields: fields})
	}
}

// startLifecycle starts t on its way to RUNNING: PROVISIONING (awsvpc)
// → PENDING → the image pull → ACTIVATING (awsvpc) → RUNNING
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html).
func (s *Service) startLifecycle(sched scheduler, emitf emitter, now sim.Time, t *task) {
	if t.awsvpc() {
		s.setStatus(emitf, now, t, "PROVISIONING")
		s.after(sched, t, now+provisionMillis, func(w *api.Work) {
			s.setStatus(w.Emit, w.Now, t, "PENDING")
			s.after(w.Schedule, t, w.Now+pendingMillis, func(w *api.Work) { s.pull(w, t) })
		})
		return
	}
	s.setStatus(emitf, now, t, "PENDING")
	s.after(sched, t, now+pendingMillis, func(w *api.Work) { s.pull(w, t) })
}

// pull pulls t's images; a pull that fails stops the task with
// CannotPullContainerError.
func (s *Service) pull(w *api.Work, t *task) {
	t.pullStarted = w.Now
	if reason := s.pullImages(w, t); reason != "" {
		t.pullStopped = w.Now
		s.stopTask(w.Schedule, w.Emit, w.Now, t, "TaskFailedToStart", reason)
		return
	}
	s.after(w.Schedule, t, w.Now+pullMillis, func(w *api.Work) {
		t.pullStopped = w.Now
		if !t.awsvpc() {
			s.running(w, t)
			return
		}
		s.setStatus(w.Emit, w.Now, t, "ACTIVATING")
		s.after(w.Schedule, t, w.Now+activateMillis, func(w *api.Work) { s.running(w, t) })
	})
}

func (s *Service) running(w *api.Work, t *task) {
	t.started = w.Now
	s.setStatus(w.Emit, w.Now, t, "RUNNING")
	if t.svc != nil {
		s.steady(w, t.svc)
		if len(t.svc.old) > 0 { // a rolling update may stop an old task now
			s.scheduleReconcile(w.Schedule, t.svc, w.Now)
		}
	}
}

// stopTask starts stopping t: DEACTIVATING (awsvpc) → STOPPING →
// DEPROVISIONING (awsvpc) → STOPPED. Without a scheduler it stops at once.
func (s *Service) stopTask(sched scheduler, emitf emitter, now sim.Time, t *task, code, reason string) {
	if t.desiredStatus == "STOPPED" {
		return
	}
	t.desiredStatus, t.stopping, t.stopCode, t.stoppedReason = "STOPPED", now, code, reason
	t.gen++
	if sched == nil {
		s.finishStop(nil, emitf, now, t)
		return
	}
	steps := []struct {
		status string
		ms     sim.Time
	}{{"STOPPING", stoppingMillis}}
	if t.awsvpc() {
		steps = []struct {
			status string
			ms     sim.Time
		}{{"DEACTIVATING", deactivateMillis}, {"STOPPING", stoppingMillis}, {"DEPROVISIONING", deprovisionMs}}
	}
	var next func(i int, sched scheduler, emitf emitter, now sim.Time)
	next = func(i int, sched scheduler, emitf emitter, now sim.Time) {
		if i == len(steps) {
			s.finishStop(sched, emitf, now, t)
			return
		}
		s.setStatus(emitf, now, t, steps[i].status)
		s.after(sched, t, now+steps[i].ms, func(w *api.Work) { next(i+1, w.Schedule, w.Emit, w.Now) })
	}
	next(0, sched, emitf, now)
}

// finishStop makes t STOPPED and gives its resources back; a service
// replaces it.
func (s *Service) finishStop(sched scheduler, emitf emitter, now sim.Time, t *task) {
	if t.lastStatus == "STOPPED" {
		return
	}
	t.gen++
	t.stopped = now
	t.desiredStatus = "STOPPED"
	s.release(t)
	s.setStatus(emitf, now, t, "STOPPED")
	if t.svc != nil && sched != nil {
		s.scheduleReconcile(sched, t.svc, now+replaceDelay)
	}
}

// subnetZones finds the Availability Zone of each subnet by asking EC2
// through the dispatcher (ec2:DescribeSubnets, made as the account's root
// user: the playground's stand-in for ECS's service-linked role). While
// EC2 is not in the account (its operation unknown) every subnet's zone
// is unknown ("") and tasks spread over subnets instead.
func (s *Service) subnetZones(env *api.Env, subnets []string) (map[string]string, error) {
	zones := map[string]string{}
	for _, sn := range subnets {
		zones[sn] = ""
	}
	if env.Call == nil {
		return zones, nil
	}
	out, err := env.Call("arn:aws:iam::"+env.Account+":root", "ec2:DescribeSubnets", map[string]any{"SubnetIds": subnets})
	var ae *api.Error
	if errors.As(err, &ae) && ae.Code == "UnknownOperationException" {
		return zones, nil
	}
	if err != nil {
		code, msg := "", err.Error()
		if ae != nil {
			code, msg = ae.Code, ae.Message
		}
		return nil, errInvalid("Error retrieving subnet information for %v: %s (ErrorCode: %s)", subnets, clip(msg), code)
	}
	var res struct {
		Subnets []struct{ SubnetId, AvailabilityZone string }
	}
	if json.Unmarshal(out, &res) == nil {
		for _, sn := range res.Subnets {
			zones[sn.SubnetId] = sn.AvailabilityZone
		}
	}
	return zones, nil
}

// pickSubnet chooses a Fargate task's subnet: spread over Availability
// Zones (the zone, or the subnet when its zone is unknown, with the fewest
// tasks of the group), ties broken by the seeded source.
func (s *Service) pickSubnet(r *sim.Rand, c *cluster, l *launch, zones map[string]string) string {
	key := func(sn string) string {
		if z := zones[sn]; z != "" {
			return z
		}
		return sn
	}
	counts := map[string]int{}
	for _, t := range c.tasks {
		if t.group == l.req.group && t.inst == nil && t.lastStatus != "STOPPED" && t.desiredStatus != "STOPPED" {
			counts[key(t.subnet)]++
		}
	}
	best := -1
	var tied []string
	for _, sn := range l.subnets {
		n := counts[key(sn)]
		switch {
		case best < 0 || n < best:
			best, tied = n, []string{sn}
		case n == best:
			tied = append(tied, sn)
		}
	}
	if len(tied) == 1 {
		return tied[0]
	}
	return tied[r.IntN(len(tied))]
}
