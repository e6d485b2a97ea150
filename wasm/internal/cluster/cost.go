package cluster

import (
	"strconv"

	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecs"
	"cloudplay/core/sim"
)

// Cost is the meter at one moment: what the EC2 instances and the Fargate
// tasks cost per simulated second now, and what they have cost so far, in
// US dollars. EC2 instances are paid while running, used or not; Fargate
// tasks per task size from the start of their image pull (the seed's
// "owning a car vs ride-sharing").
type Cost struct {
	At                          sim.Time
	EC2PerSecond, FargatePerSec float64
	EC2Accrued, FargateAccrued  float64
}

// CostAt reads the meter off the views at now, with their own cost
// functions.
func CostAt(e ec2.View, c ecs.View, now sim.Time) Cost {
	k := Cost{At: now, EC2PerSecond: e.CostPerSecond(), FargatePerSec: c.FargateCostRate(now), EC2Accrued: e.Accrued(now)}
	for _, cl := range c.Clusters {
		for _, t := range cl.Tasks {
			if t.LaunchType != "FARGATE" || t.PullStarted == 0 || t.PullStarted > now {
				continue
			}
			end := now
			if t.Stopped != 0 && t.Stopped < now {
				end = t.Stopped
			}
			k.FargateAccrued += ecs.FargateCharge(t.Size, t.PullStarted, end)
		}
	}
	return k
}

// DayMs is a simulated day, the span the meter's plot covers.
const DayMs = 24 * 3600_000

// Plot bounds, the playground's own: one point per simulated minute, a
// day of them at most (the plot is a few hundred pixels wide).
const (
	plotStepMs = 60_000
	MaxPoints  = DayMs / plotStepMs
)

// Meter keeps the accrued costs over the simulated day for the plot: at
// most one point a simulated minute (the newest look of that minute), the
// last MaxPoints of them.
type Meter struct {
	points []Cost
}

// Observe records k. A moment before the last one (another account, or
// an undo) starts the plot again.
func (m *Meter) Observe(k Cost) {
	if n := len(m.points); n > 0 {
		last := m.points[n-1]
		switch {
		case k.At < last.At:
			m.points = m.points[:0]
		case k.At/plotStepMs == last.At/plotStepMs && n > 1:
			m.points[n-1] = k
			return
		}
	}
	if len(m.points) == MaxPoints {
		m.points = append(m.points[:0], m.points[1:]...)
	}
	m.points = append(m.points, k)
}

// Points returns the points kept, oldest first.
func (m *Meter) Points() []Cost { return m.points }

// Paths returns the plot's two lines as SVG path data in a w×h box: the
// EC2 and the Fargate accrued costs against simulated time, from the
// first point to a day after it (or the last point, if later), both
// against the larger of the two.
func (m *Meter) Paths(w, h float64) (ec2Path, fargatePath string, top float64) {
	if len(m.points) == 0 {
		return "", "", 0
	}
	first := m.points[0].At
	span := max(float64(m.points[len(m.points)-1].At-first), DayMs)
	for _, p := range m.points {
		top = max(top, p.EC2Accrued, p.FargateAccrued)
	}
	if top <= 0 {
		top = 0.01
	}
	line := func(v func(Cost) float64) string {
		b := make([]byte, 0, len(m.points)*16)
		for i, p := range m.points {
			if i == 0 {
				b = append(b, 'M')
			} else {
				b = append(b, 'L')
			}
			b = strconv.AppendFloat(b, float64(p.At-first)/span*w, 'f', 1, 64)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, h-v(p)/top*h, 'f', 1, 64)
		}
		return string(b)
	}
	return line(func(p Cost) float64 { return p.EC2Accrued }), line(func(p Cost) float64 { return p.FargateAccrued }), top
}

// Dollars writes v US dollars for the meter: "$0.0416" (four decimals
// under a dollar, where the per-second prices live; two above).
func Dollars(v float64) string {
	if v >= 1 {
		return "$" + strconv.FormatFloat(v, 'f', 2, 64)
	}
	if v > 0 && v < 0.0001 {
		return "$" + strconv.FormatFloat(v, 'f', 6, 64)
	}
	return "$" + strconv.FormatFloat(v, 'f', 4, 64)
}
