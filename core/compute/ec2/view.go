package ec2

import (
	"math"

	"cloudplay/core/sim"
)

// View is a read-only snapshot of the account's EC2 for drawing.
type View struct {
	VPCID, VPCCIDR  string
	SecurityGroupID string
	Zones           []Zone       // in name order
	Subnets         []SubnetView // in zone order
	Instances       []InstanceView
}

// SubnetView is a default subnet.
type SubnetView struct {
	ID, Zone, ZoneID, CIDR string
	FreeAddresses          int
}

// InstanceView is an instance as the UI draws it (in launch order).
type InstanceView struct {
	ID, Type, ImageID, Zone, SubnetID, PrivateIP string
	State                                        string
	StateCode                                    int
	VCPU, MemoryMiB                              int
	PricePerHour                                 float64
	Launched                                     sim.Time
	// RunningFrom and RunningUntil bound the time it is (or was) running,
	// what it is billed for: RunningFrom is 0 while it has not run yet,
	// RunningUntil 0 while it still runs.
	RunningFrom, RunningUntil sim.Time
	ProfileARN                string
	// ECS reports whether it runs the ECS agent; Cluster is the cluster
	// the agent joins, ContainerInstanceARN set once it joined.
	ECS                           bool
	Cluster, ContainerInstanceARN string
	Tags                          []Tag
}

// IsZero reports whether the view shows nothing the learner did (no
// instances, only the default network, which every account has): a
// cloud.View left out of JSON when so, so that accounts that never used
// EC2 read as before.
func (v View) IsZero() bool { return len(v.Instances) == 0 }

// View returns a snapshot of EC2 as it is at now.
func (s *Service) View(now sim.Time) View {
	v := View{VPCID: s.net.vpcID, VPCCIDR: DefaultVPCCIDR, SecurityGroupID: s.net.sgID,
		Zones: append([]Zone(nil), s.net.zones...), Subnets: []SubnetView{}, Instances: []InstanceView{}}
	for _, sn := range s.net.subnets {
		v.Subnets = append(v.Subnets, SubnetView{ID: sn.id, Zone: sn.zone.Name, ZoneID: sn.zone.ID, CIDR: sn.cidr.String(), FreeAddresses: sn.free()})
	}
	for _, id := range s.order {
		in := s.instances[id]
		if in.gone(now) {
			continue
		}
		t, _ := LookupType(in.typ)
		code := in.stateAt(now)
		iv := InstanceView{ID: in.id, Type: in.typ, ImageID: in.image, Zone: in.zone.Name, SubnetID: in.subnet,
			PrivateIP: in.ip.String(), State: stateNames[code], StateCode: code, VCPU: t.VCPU, MemoryMiB: t.MemoryMiB,
			PricePerHour: t.PricePerHour, Launched: in.launched, ProfileARN: in.profileARN, ECS: in.ecs,
			Cluster: in.cluster, ContainerInstanceARN: in.containerInstanceARN, Tags: append([]Tag(nil), in.tags...)}
		if !in.ecs {
			iv.Cluster = ""
		}
		switch {
		case in.terminating != 0 && in.terminating <= in.runningAt():
			// terminated while pending: never ran
		case now >= in.runningAt():
			iv.RunningFrom = in.runningAt()
			iv.RunningUntil = in.terminating
		}
		v.Instances = append(v.Instances, iv)
	}
	return v
}

// MinBilledSeconds is the least an instance that ran is billed for:
// "On-Demand ... Linux instances are billed in one-second increments,
// with a minimum of 60 seconds"
// (https://aws.amazon.com/ec2/pricing/on-demand/, "Per Second Billing";
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html:
// an instance is billed while running, not while pending, shutting down
// or terminated).
const MinBilledSeconds = 60

// CostPerSecond is what the instances running at the view's moment cost
// per second, in USD: the meter's rate.
func (v View) CostPerSecond() float64 {
	total := 0.0
	for _, in := range v.Instances {
		if in.StateCode == codeRunning {
			total += in.PricePerHour / 3600
		}
	}
	return total
}

// Accrued is what the instances of the view have cost from their launch
// to now, in USD: each running period billed per started second, at
// least MinBilledSeconds.
func (v View) Accrued(now sim.Time) float64 {
	total := 0.0
	for _, in := range v.Instances {
		total += in.PricePerHour / 3600 * float64(BilledSeconds(in, now))
	}
	return total
}

// BilledSeconds is how many seconds in is billed for up to now.
func BilledSeconds(in InstanceView, now sim.Time) int64 {
	if in.RunningFrom == 0 || now < in.RunningFrom {
		return 0
	}
	end := now
	if in.RunningUntil != 0 && in.RunningUntil < now {
		end = in.RunningUntil
	}
	secs := int64(math.Ceil(float64(end-in.RunningFrom) / 1000))
	return max(secs, MinBilledSeconds)
}
