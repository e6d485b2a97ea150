package cluster

import (
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/compute/ecs"
)

// Sizes of the picture in CSS pixels, the playground's own choices: a
// column stays readable at 140 px (so a 375 px phone shows two zones a
// row), a chip is large enough to click on a phone.
const (
	MinColumnW = 140
	headerH    = 22 // a zone's name above its column
	gap        = 8
	boxHeadH   = 30 // instance id and type
	barH       = 6
	barGap     = 4
	boxPad     = 6
	ChipW      = 12
	ChipH      = 10
	chipGap    = 3
	laneHeadH  = 16 // "Fargate" above a zone's Fargate tasks
	FargateW   = 18 // a Fargate task is a box of its own
	FargateH   = 14
	// OriginY is where new tasks start their flight: the Run button sits
	// just above the canvas.
	OriginY = -4
)

// Bounds of what the picture draws, the playground's own choices: a
// cluster may hold 5,000 container instances (the ECS quota), which no
// page can show as boxes a learner reads; the panel says how many it left
// out, and DescribeContainerInstances still lists them all.
const (
	MaxBoxes = 400
	MaxChips = 6000
)

// Status is how a task is drawn: on its way up, running, or on its way
// down.
type Status uint8

const (
	Starting Status = iota // PROVISIONING, PENDING, ACTIVATING
	Running                // RUNNING
	Stopping               // DEACTIVATING, STOPPING, DEPROVISIONING
)

// StatusOf returns how a task with lastStatus is drawn, and false for a
// STOPPED task (not drawn).
func StatusOf(lastStatus string) (Status, bool) {
	switch lastStatus {
	case "RUNNING":
		return Running, true
	case "STOPPED":
		return 0, false
	case "DEACTIVATING", "STOPPING", "DEPROVISIONING":
		return Stopping, true
	}
	return Starting, true
}

// Column is an Availability Zone's column.
type Column struct {
	Zone       string
	X, Y, W, H float32
	// LaneY is the top of its part of the Fargate lane (the lane's
	// height is LaneH).
	LaneY, LaneH float32
}

// Box is a container instance.
type Box struct {
	ARN, Label, Detail string // label: the EC2 instance id; detail: type and capacity
	Zone               string
	X, Y, W, H         float32
	CPU, Memory        int64 // registered
	UsedCPU, UsedMem   int64 // registered less remaining
	Active             bool  // ACTIVE with its agent connected
}

// BarCPU and BarMem are the rectangles of a box's bars.
func (b Box) BarCPU() (x, y, w, h float32) {
	return b.X + boxPad, b.Y + boxHeadH, b.W - 2*boxPad, barH
}

// BarMem is the memory bar, under the CPU bar.
func (b Box) BarMem() (x, y, w, h float32) {
	return b.X + boxPad, b.Y + boxHeadH + barH + barGap, b.W - 2*boxPad, barH
}

// CPUFill and MemFill are the bars' fill, 0 to 1.
func (b Box) CPUFill() float32 { return frac(b.UsedCPU, b.CPU) }

// MemFill is the memory bar's fill.
func (b Box) MemFill() float32 { return frac(b.UsedMem, b.Memory) }

func frac(used, total int64) float32 {
	if total <= 0 || used <= 0 {
		return 0
	}
	return min(float32(float64(used)/float64(total)), 1)
}

// Chip is a task where it is drawn.
type Chip struct {
	Task       string // its ARN
	Box        int    // its instance's box, -1 on Fargate or when not drawn
	X, Y, W, H float32
	Status     Status
	Colour     uint8 // by task group (the family), one of Colours
}

// Colours is the size of the renderer's palette of task groups.
const Colours = 8

// Scene is the whole picture of one cluster at one view.
type Scene struct {
	Width, Height float32
	Columns       []Column
	Boxes         []Box
	Chips         []Chip
	// NotDrawn counts the instances and tasks left out past MaxBoxes and
	// MaxChips.
	BoxesNotDrawn, ChipsNotDrawn int
}

// Build lays out cluster c on a canvas width pixels wide.
func Build(c ecs.ClusterView, width float32) Scene {
	width = max(width, MinColumnW)
	s := Scene{Width: width, Columns: []Column{}, Boxes: []Box{}, Chips: []Chip{}}
	zones := zonesOf(c)
	if len(zones) == 0 {
		s.Height = 0
		return s
	}
	perRow := max(1, min(len(zones), int(width/MinColumnW)))
	colW := (width - float32(perRow-1)*gap) / float32(perRow)
	byZone := map[string]int{}
	for i, z := range zones {
		byZone[z] = i
		s.Columns = append(s.Columns, Column{Zone: z, X: float32(i%perRow) * (colW + gap), W: colW})
	}
	// Which instance each live task is on, and the tasks of each.
	boxOf := map[string]int{}
	var boxTasks [][]int
	var laneTasks = make([][]int, len(zones))
	for _, in := range c.Instances {
		if len(s.Boxes) == MaxBoxes {
			s.BoxesNotDrawn++
			continue
		}
		boxOf[in.ARN] = len(s.Boxes)
		s.Boxes = append(s.Boxes, Box{ARN: in.ARN, Zone: in.AvailabilityZone, Label: label(in), Detail: detail(in),
			CPU: in.CPU, Memory: in.Memory, UsedCPU: in.CPU - in.RemainingCPU, UsedMem: in.Memory - in.RemainingMemory,
			Active: in.Status == "ACTIVE" && in.AgentConnected})
		boxTasks = append(boxTasks, nil)
	}
	for i, t := range c.Tasks {
		if _, ok := StatusOf(t.LastStatus); !ok {
			continue
		}
		if t.ContainerInstanceARN != "" {
			if b, ok := boxOf[t.ContainerInstanceARN]; ok {
				boxTasks[b] = append(boxTasks[b], i)
			}
			continue
		}
		if z, ok := byZone[t.AvailabilityZone]; ok {
			laneTasks[z] = append(laneTasks[z], i)
		}
	}
	for b, ts := range boxTasks {
		s.Boxes[b].Label += containers(c.Tasks, ts)
	}
	// Box sizes, then the columns' instance parts.
	perBoxRow := max(1, int((colW-2*boxPad+chipGap)/(ChipW+chipGap)))
	colBoxes := make([][]int, len(zones))
	for b := range s.Boxes {
		z := byZone[s.Boxes[b].Zone]
		colBoxes[z] = append(colBoxes[z], b)
		rows := (len(boxTasks[b]) + perBoxRow - 1) / perBoxRow
		s.Boxes[b].W = colW
		s.Boxes[b].H = boxHeadH + 2*barH + barGap + boxPad + float32(rows)*(ChipH+chipGap) + boxPad
	}
	perLaneRow := max(1, int((colW+chipGap)/(FargateW+chipGap)))
	y := float32(0)
	for r := 0; r*perRow < len(zones); r++ {
		top := y + headerH
		instH, laneH := float32(0), float32(0)
		for z := r * perRow; z < min(len(zones), (r+1)*perRow); z++ {
			h := float32(0)
			for _, b := range colBoxes[z] {
				h += s.Boxes[b].H + gap
			}
			instH = max(instH, h)
			if n := len(laneTasks[z]); n > 0 {
				laneH = max(laneH, laneHeadH+float32((n+perLaneRow-1)/perLaneRow)*(FargateH+chipGap)+gap)
			}
		}
		for z := r * perRow; z < min(len(zones), (r+1)*perRow); z++ {
			col := &s.Columns[z]
			col.Y, col.H = y, headerH+instH+laneH
			col.LaneY, col.LaneH = top+instH, laneH
			by := top
			for _, b := range colBoxes[z] {
				s.Boxes[b].X, s.Boxes[b].Y = col.X, by
				by += s.Boxes[b].H + gap
			}
		}
		y = top + instH + laneH + gap
	}
	s.Height = y
	// Chips: in each box, row by row under the bars; on Fargate, in the
	// lane of the task's zone.
	for b, ts := range boxTasks {
		bx := s.Boxes[b]
		for k, i := range ts {
			cx := bx.X + boxPad + float32(k%perBoxRow)*(ChipW+chipGap)
			cy := bx.Y + boxHeadH + 2*barH + barGap + boxPad + float32(k/perBoxRow)*(ChipH+chipGap)
			s.addChip(c.Tasks[i], b, cx, cy, ChipW, ChipH)
		}
	}
	for z, ts := range laneTasks {
		col := s.Columns[z]
		for k, i := range ts {
			cx := col.X + float32(k%perLaneRow)*(FargateW+chipGap)
			cy := col.LaneY + laneHeadH + float32(k/perLaneRow)*(FargateH+chipGap)
			s.addChip(c.Tasks[i], -1, cx, cy, FargateW, FargateH)
		}
	}
	return s
}

func (s *Scene) addChip(t ecs.TaskView, box int, x, y, w, h float32) {
	if len(s.Chips) == MaxChips {
		s.ChipsNotDrawn++
		return
	}
	st, _ := StatusOf(t.LastStatus)
	s.Chips = append(s.Chips, Chip{Task: t.ARN, Box: box, X: x, Y: y, W: w, H: h, Status: st, Colour: ColourOf(t.Group)})
}

// Counts are what the panel says about a cluster beside its picture,
// without laying it out: the live tasks (not STOPPED), and the instances
// and tasks Build leaves out past MaxBoxes and MaxChips.
type Counts struct {
	Live                         int
	BoxesNotDrawn, ChipsNotDrawn int
	Empty                        bool // nothing to draw: no zone has a column
}

// CountsOf returns c's Counts, the same as Build's at any width, in one
// pass and without the strings and maps a layout needs (the panel
// re-renders on every change; the canvas lays out on its own frame).
func CountsOf(c ecs.ClusterView) Counts {
	var k Counts
	drawn := make(map[string]struct{}, min(len(c.Instances), MaxBoxes))
	for i, in := range c.Instances {
		if i < MaxBoxes {
			drawn[in.ARN] = struct{}{}
		}
	}
	k.BoxesNotDrawn = max(0, len(c.Instances)-MaxBoxes)
	k.Empty = len(c.Instances) == 0
	chips := 0
	for _, t := range c.Tasks {
		if _, ok := StatusOf(t.LastStatus); !ok {
			continue
		}
		k.Live++
		if t.ContainerInstanceARN != "" {
			if _, ok := drawn[t.ContainerInstanceARN]; ok {
				chips++
			}
		} else if t.AvailabilityZone != "" {
			chips++
			k.Empty = false
		}
	}
	k.ChipsNotDrawn = max(0, chips-MaxChips)
	return k
}

// ColourOf returns the palette index of a task group: the same family is
// the same colour on every instance (the same image, several containers).
func ColourOf(group string) uint8 {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(group); i++ {
		h = (h ^ uint32(group[i])) * 16777619
	}
	return uint8(h % Colours)
}

// Family returns the task definition family a task group names
// ("family:web" → "web"), or the group itself.
func Family(group string) string {
	if f, ok := strings.CutPrefix(group, "family:"); ok {
		return f
	}
	return group
}

// containers says which containers a box runs, by family: the same
// image run twice is two containers ("  web ×2 · api").
func containers(tasks []ecs.TaskView, on []int) string {
	var fams []string
	count := map[string]int{}
	for _, i := range on {
		f := Family(tasks[i].Group)
		if count[f] == 0 {
			fams = append(fams, f)
		}
		count[f]++
	}
	out := ""
	for k, f := range fams {
		if k == 0 {
			out = "  "
		} else {
			out += " · "
		}
		out += f
		if count[f] > 1 {
			out += " ×" + strconv.Itoa(count[f])
		}
	}
	return out
}

// zonesOf returns the zones the cluster uses, in name order.
func zonesOf(c ecs.ClusterView) []string {
	seen := map[string]bool{}
	for _, in := range c.Instances {
		seen[in.AvailabilityZone] = true
	}
	for _, t := range c.Tasks {
		if _, ok := StatusOf(t.LastStatus); ok && t.ContainerInstanceARN == "" && t.AvailabilityZone != "" {
			seen[t.AvailabilityZone] = true
		}
	}
	out := make([]string, 0, len(seen))
	for z := range seen {
		out = append(out, z)
	}
	slices.Sort(out)
	return out
}

func label(in ecs.InstanceView) string {
	if in.EC2InstanceID != "" {
		return in.EC2InstanceID
	}
	return in.ARN[strings.LastIndex(in.ARN, "/")+1:]
}

func detail(in ecs.InstanceView) string {
	d := in.InstanceType
	if d != "" {
		d += " · "
	}
	d += strconv.FormatInt(in.CPU, 10) + " CPU · " + strconv.FormatInt(in.Memory, 10) + " MiB"
	if in.Status != "ACTIVE" {
		d += " · " + in.Status
	} else if !in.AgentConnected {
		d += " · agent disconnected"
	}
	return d
}

// Hit returns the task whose chip holds the point (x, y), or "".
func (s Scene) Hit(x, y float32) string {
	for _, c := range s.Chips {
		if x >= c.X-1 && x < c.X+c.W+1 && y >= c.Y-1 && y < c.Y+c.H+1 {
			return c.Task
		}
	}
	return ""
}
