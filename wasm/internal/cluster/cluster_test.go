package cluster

import (
	"strconv"
	"testing"

	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecs"
	"cloudplay/core/sim"
)

const arnPrefix = "arn:aws:ecs:us-east-1:123456789012:"

func inst(n int, zone string, cpu, mem, remCPU, remMem int64) ecs.InstanceView {
	return ecs.InstanceView{ARN: arnPrefix + "container-instance/demo/ci" + strconv.Itoa(n), EC2InstanceID: "i-" + strconv.Itoa(n),
		AvailabilityZone: zone, InstanceType: "t3.medium", Status: "ACTIVE", AgentConnected: true,
		CPU: cpu, Memory: mem, RemainingCPU: remCPU, RemainingMemory: remMem}
}

func task(n int, on, zone, status string) ecs.TaskView {
	lt := "EC2"
	if on == "" {
		lt = "FARGATE"
	}
	return ecs.TaskView{ARN: arnPrefix + "task/demo/t" + strconv.Itoa(n), Group: "family:web", LaunchType: lt,
		LastStatus: status, ContainerInstanceARN: on, AvailabilityZone: zone, CPU: 256, Memory: 512}
}

func demoCluster() ecs.ClusterView {
	a := inst(1, "us-east-1a", 2048, 3900, 1536, 2876)
	b := inst(2, "us-east-1b", 2048, 3900, 2048, 3900)
	return ecs.ClusterView{Name: "demo", Instances: []ecs.InstanceView{a, b}, Tasks: []ecs.TaskView{
		task(1, a.ARN, "us-east-1a", "RUNNING"),
		task(2, a.ARN, "us-east-1a", "PENDING"),
		task(3, "", "us-east-1c", "RUNNING"),
		task(4, a.ARN, "us-east-1a", "STOPPED"),
	}}
}

func TestBuildColumnsBoxesChips(t *testing.T) {
	t.Parallel()
	s := Build(demoCluster(), 900)
	var zones []string
	for _, c := range s.Columns {
		zones = append(zones, c.Zone)
	}
	if got := len(zones); got != 3 || zones[0] != "us-east-1a" || zones[2] != "us-east-1c" {
		t.Fatalf("columns = %v, want us-east-1a, b, c (a Fargate task's zone has a column)", zones)
	}
	if len(s.Boxes) != 2 || s.Boxes[0].Label != "i-1  web ×2" || s.Boxes[1].Label != "i-2" {
		t.Fatalf("boxes = %+v", s.Boxes)
	}
	if f := s.Boxes[0].CPUFill(); f != 0.25 {
		t.Errorf("CPU fill = %v, want 0.25 (512 of 2048 used)", f)
	}
	if f := s.Boxes[1].MemFill(); f != 0 {
		t.Errorf("an empty instance's memory fill = %v, want 0", f)
	}
	if len(s.Chips) != 3 {
		t.Fatalf("chips = %d, want 3 (the STOPPED task is not drawn)", len(s.Chips))
	}
	box := s.Boxes[0]
	for _, c := range s.Chips[:2] {
		if c.Box != 0 || c.X < box.X || c.X+c.W > box.X+box.W || c.Y < box.Y || c.Y+c.H > box.Y+box.H {
			t.Errorf("chip %+v is not inside its instance's box %+v", c, box)
		}
	}
	if s.Chips[0].Status != Running || s.Chips[1].Status != Starting {
		t.Errorf("statuses = %v, %v, want Running, Starting", s.Chips[0].Status, s.Chips[1].Status)
	}
	fg, col := s.Chips[2], s.Columns[2]
	if fg.Box != -1 || fg.X < col.X || fg.X+fg.W > col.X+col.W || fg.Y < col.LaneY || fg.Y+fg.H > col.LaneY+col.LaneH {
		t.Errorf("Fargate chip %+v is not in the Fargate lane of its zone's column %+v", fg, col)
	}
	if fg.W != FargateW {
		t.Errorf("a Fargate task is drawn %v wide, want its own box of %v", fg.W, FargateW)
	}
	if got := s.Hit(fg.X+1, fg.Y+1); got != fg.Task {
		t.Errorf("Hit on the Fargate chip = %q, want %q", got, fg.Task)
	}
	if got := s.Hit(-50, -50); got != "" {
		t.Errorf("Hit outside = %q, want none", got)
	}
}

// A phone (375 px) shows two columns a row; nothing is drawn past its
// width and rows do not overlap.
func TestBuildPhoneWidth(t *testing.T) {
	t.Parallel()
	c := demoCluster()
	c.Instances = append(c.Instances, inst(3, "us-east-1c", 1024, 900, 1024, 900))
	s := Build(c, 375)
	if s.Columns[2].Y <= s.Columns[0].Y || s.Columns[2].X != 0 {
		t.Fatalf("third zone = %+v, want it on a second row", s.Columns[2])
	}
	if s.Columns[2].Y < s.Columns[0].Y+s.Columns[0].H {
		t.Errorf("rows overlap: %+v then %+v", s.Columns[0], s.Columns[2])
	}
	for _, b := range s.Boxes {
		if b.X+b.W > 375.01 {
			t.Errorf("box %s ends at %v, past 375 px", b.Label, b.X+b.W)
		}
	}
	for _, ch := range s.Chips {
		if ch.X+ch.W > 375.01 || ch.Y+ch.H > s.Height {
			t.Errorf("chip %+v is outside the %v×%v canvas", ch, s.Width, s.Height)
		}
	}
}

func TestBuildBounded(t *testing.T) {
	t.Parallel()
	c := ecs.ClusterView{}
	for i := range MaxBoxes + 5 {
		c.Instances = append(c.Instances, inst(i, "us-east-1a", 1024, 1024, 1024, 1024))
	}
	s := Build(c, 600)
	if len(s.Boxes) != MaxBoxes || s.BoxesNotDrawn != 5 {
		t.Errorf("boxes = %d, not drawn %d; want %d and 5", len(s.Boxes), s.BoxesNotDrawn, MaxBoxes)
	}
	if empty := Build(ecs.ClusterView{}, 600); empty.Height != 0 || len(empty.Columns) != 0 {
		t.Errorf("an empty cluster draws %+v", empty)
	}
}

// CountsOf must say what Build leaves out, without laying out: the panel
// writes "N instances and M tasks are not drawn" from it.
func TestCountsOfMatchesBuild(t *testing.T) {
	t.Parallel()
	over := ecs.ClusterView{}
	for i := range MaxBoxes + 3 {
		over.Instances = append(over.Instances, inst(i, "us-east-1a", 1<<20, 1<<20, 1<<20, 1<<20))
	}
	for i := range MaxChips + 200 {
		over.Tasks = append(over.Tasks, task(i, over.Instances[i%len(over.Instances)].ARN, "us-east-1a", "RUNNING"))
	}
	over.Tasks = append(over.Tasks, task(-1, "", "us-east-1c", "PENDING"), task(-2, "", "", "RUNNING"), task(-3, "", "us-east-1c", "STOPPED"))
	fargateOnly := ecs.ClusterView{Tasks: []ecs.TaskView{task(1, "", "", "PROVISIONING")}}
	for _, c := range []ecs.ClusterView{demoCluster(), {}, over, fargateOnly} {
		s, k := Build(c, 600), CountsOf(c)
		if k.BoxesNotDrawn != s.BoxesNotDrawn || k.ChipsNotDrawn != s.ChipsNotDrawn || k.Empty != (len(s.Columns) == 0) {
			t.Errorf("CountsOf = %+v, Build left out %d boxes and %d chips", k, s.BoxesNotDrawn, s.ChipsNotDrawn)
		}
	}
	if k := CountsOf(demoCluster()); k.Live != 3 {
		t.Errorf("live tasks = %d, want 3 (the STOPPED one is not live)", k.Live)
	}
	if k := CountsOf(over); k.BoxesNotDrawn != 3 || k.ChipsNotDrawn == 0 {
		t.Errorf("over the bounds: %+v, want 3 instances and some tasks not drawn", k)
	}
}

// items splits Fill's output by kind.
func items(m *Model) map[Kind][][FloatsPerItem]float32 {
	out := map[Kind][][FloatsPerItem]float32{}
	f := m.Fill()
	for i := 0; i+FloatsPerItem <= len(f); i += FloatsPerItem {
		var it [FloatsPerItem]float32
		copy(it[:], f[i:])
		out[Kind(it[4])] = append(out[Kind(it[4])], it)
	}
	return out
}

func TestModelFirstSceneIsStill(t *testing.T) {
	t.Parallel()
	var m Model
	m.SetScene(Build(demoCluster(), 900))
	if m.Frame(16) {
		t.Error("the first scene moves; want it drawn as it is")
	}
	got := items(&m)
	if len(got[KindFlying]) != 0 || len(got[KindRunning]) != 2 || len(got[KindStarting]) != 1 {
		t.Errorf("items = %v", got)
	}
	bar := got[KindBarCPU][0]
	_, _, w, _ := m.Scene().Boxes[0].BarCPU()
	if bar[2] != w*0.25 {
		t.Errorf("CPU bar drawn %v wide, want %v", bar[2], w*0.25)
	}
}

func TestModelTasksFlyInAndFade(t *testing.T) {
	t.Parallel()
	var m Model
	c := demoCluster()
	m.SetOrigin(30)
	m.SetScene(Build(c, 900))
	// Two more tasks placed on i-2, and task 3 stopped.
	c.Tasks = append(c.Tasks, task(5, c.Instances[1].ARN, "us-east-1b", "PENDING"), task(6, c.Instances[1].ARN, "us-east-1b", "PENDING"))
	c.Tasks[2].LastStatus = "STOPPED"
	c.Instances[1].RemainingCPU, c.Instances[1].RemainingMemory = 1536, 2876
	s := Build(c, 900)
	m.SetScene(s)
	if !m.Frame(16) {
		t.Fatal("nothing moves after tasks were placed")
	}
	got := items(&m)
	if len(got[KindFlying]) != 1 {
		t.Fatalf("flying = %d after 16 ms, want 1 (the second starts %d ms later)", len(got[KindFlying]), staggerMs)
	}
	fly := got[KindFlying][0]
	if fly[1] >= s.Boxes[1].Y {
		t.Errorf("a new task starts at y=%v, inside its box; want it near the Run button at the top", fly[1])
	}
	if len(got[KindStopping]) != 1 {
		t.Errorf("fading = %d, want the stopped Fargate task fading", len(got[KindStopping]))
	}
	for range 100 {
		m.Frame(50)
	}
	if m.Frame(16) {
		t.Fatal("still moving after 5 s")
	}
	got = items(&m)
	if len(got[KindFlying]) != 0 || len(got[KindStopping]) != 0 || len(got[KindStarting]) != 3 {
		t.Fatalf("after landing: %v", got)
	}
	want := s.Chips[3]
	found := false
	for _, it := range got[KindStarting] {
		if it[0] == want.X && it[1] == want.Y {
			found = true
		}
	}
	if !found {
		t.Errorf("task 5 did not land at its chip (%v, %v): %v", want.X, want.Y, got[KindStarting])
	}
	_, _, w, _ := s.Boxes[1].BarCPU()
	if bar := got[KindBarCPU][1]; bar[2] != w*0.25 {
		t.Errorf("i-2's CPU bar is %v wide, want it filled to %v", bar[2], w*0.25)
	}
}

func TestModelSelected(t *testing.T) {
	t.Parallel()
	var m Model
	s := Build(demoCluster(), 900)
	m.SetScene(s)
	m.Select(s.Chips[0].Task)
	sel := items(&m)[KindSelected]
	if len(sel) != 1 || sel[0][0] != s.Chips[0].X-2 {
		t.Errorf("selected outline = %v", sel)
	}
}

func TestCostAt(t *testing.T) {
	t.Parallel()
	const now = sim.Time(1_000_000)
	e := ec2.View{Instances: []ec2.InstanceView{{ID: "i-1", State: "running", StateCode: 16, PricePerHour: 0.0416, RunningFrom: 1000}}}
	size := ecs.TaskSize{CPU: 256, MemoryMiB: 512, EphemeralGiB: 20, OS: "LINUX", Arch: "X86_64"}
	c := ecs.View{Clusters: []ecs.ClusterView{{Tasks: []ecs.TaskView{
		{LaunchType: "FARGATE", LastStatus: "RUNNING", PullStarted: 1000, Size: size},
		{LaunchType: "FARGATE", LastStatus: "STOPPED", PullStarted: 1000, Stopped: 2000, Size: size},
		{LaunchType: "EC2", LastStatus: "RUNNING", PullStarted: 1000},
	}}}}
	k := CostAt(e, c, now)
	if k.EC2PerSecond != e.CostPerSecond() || k.EC2Accrued != e.Accrued(now) {
		t.Errorf("EC2 = %v/s, %v; want the view's %v/s, %v", k.EC2PerSecond, k.EC2Accrued, e.CostPerSecond(), e.Accrued(now))
	}
	if k.EC2PerSecond <= 0 {
		t.Error("a running instance costs nothing")
	}
	want := ecs.FargateCharge(size, 1000, now) + ecs.FargateCharge(size, 1000, 2000)
	if k.FargateAccrued != want {
		t.Errorf("Fargate accrued = %v, want %v (the stopped task billed its minute)", k.FargateAccrued, want)
	}
	if k.FargatePerSec != ecs.FargateRatePerSecond(size) {
		t.Errorf("Fargate rate = %v, want one running task's %v", k.FargatePerSec, ecs.FargateRatePerSecond(size))
	}
}

func TestMeter(t *testing.T) {
	t.Parallel()
	var m Meter
	m.Observe(Cost{At: 0})
	m.Observe(Cost{At: 10_000, EC2Accrued: 1})
	m.Observe(Cost{At: 20_000, EC2Accrued: 2})
	if got := len(m.Points()); got != 2 {
		t.Fatalf("points = %d, want 2 (the first, then the newest of the minute)", got)
	}
	if m.Points()[1].EC2Accrued != 2 {
		t.Errorf("the minute's point = %+v, want its newest look", m.Points()[1])
	}
	for i := range 2 * MaxPoints {
		m.Observe(Cost{At: sim.Time(60_000 * (i + 1)), FargateAccrued: float64(i)})
	}
	if got := len(m.Points()); got != MaxPoints {
		t.Errorf("points = %d, want at most %d", got, MaxPoints)
	}
	e, f, top := m.Paths(200, 40)
	if e == "" || f == "" || top != float64(2*MaxPoints-1) {
		t.Errorf("paths %q… %q…, top %v", e[:min(len(e), 20)], f[:min(len(f), 20)], top)
	}
	m.Observe(Cost{At: 5})
	if got := len(m.Points()); got != 1 {
		t.Errorf("after time went back: %d points, want the plot started again", got)
	}
}

func TestDollars(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    float64
		want string
	}{{0, "$0.0000"}, {0.0416, "$0.0416"}, {12.345, "$12.35"}, {0.0000115, "$0.000012"}} {
		if got := Dollars(tt.v); got != tt.want {
			t.Errorf("Dollars(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
