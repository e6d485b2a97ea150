package sql

import (
	"fmt"
	"math"
	"strconv"

	"cloudplay/core/sim"
)

// pump is a compiled CREATE PUMP: it reads src and inserts into dst.
type pump struct {
	name     string
	decl     pos
	src, dst *streamDef
	where    *cexpr
	proj     []*cexpr // per dst column; nil fills NULL
	// Grouped pumps: a tumbling window of window ms on ROWTIME.
	window int64
	having *cexpr
	keys   []*cexpr
	aggs   []*aggSpec
	open   bool
	start  sim.Time
	groups map[string]int
	order  []*group
	keyBuf []byte
}

// group is one group of an open window.
type group struct {
	keys []Value
	st   []aggState
	err  error
}

// aggState accumulates one aggregate of one group: a count, an integer or
// float sum, and the MIN/MAX so far.
type aggState struct {
	n int64
	i int64
	f float64
	v Value
}

// Push maps one record to input rows (JSON: one row by the mapping paths;
// CSV: one row per RowDelimiter-separated line, columns by position) and
// queues them with ROWTIME = arrival. ROWTIME never goes back: a record
// arriving before the last one, or before the last Advance, gets that
// later time
// (KDA guarantees that ROWTIME increases monotonically:
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/timestamps-rowtime-concepts.html).
// A record that does not map is an error, and no row of it is queued
// (KDA sends it to the error stream).
func (a *App) Push(data []byte, arrival sim.Time) error {
	rows, err := a.mapRecord(data)
	if err != nil {
		a.stats.BadRecords++
		a.record(ErrorRecord{Time: max(arrival, a.last), Message: err.Error()})
		return err
	}
	if len(a.pending)+len(rows) > MaxPending {
		a.stats.DroppedInput += int64(len(rows))
		return fmt.Errorf("the application's input buffer is full (%d rows wait for the next run; the playground's bound)", MaxPending)
	}
	t := max(arrival, a.last)
	a.last = t
	for _, r := range rows {
		a.pending = append(a.pending, Row{Time: t, Values: r})
	}
	return nil
}

// Advance runs the pumps up to now: every queued input row with ROWTIME at
// or before now flows through the pumps (a pump without GROUP BY inserts
// its row at once, with the input's ROWTIME, which KDA copies from stream
// to stream:
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/timestamps-rowtime-concepts.html),
// then every window whose end is at or before now closes and inserts one
// row per group, stamped with the window's start (see close). It returns
// the inserted rows in the order they were inserted.
func (a *App) Advance(now sim.Time) []Output {
	a.out = nil
	k := 0
	for ; k < len(a.pending) && a.pending[k].Time <= now; k++ {
		a.deliver(a.input, a.pending[k])
	}
	a.pending = append(a.pending[:0], a.pending[k:]...)
	for _, p := range a.pumps {
		if p.window > 0 && p.open && p.start+sim.Time(p.window) <= now {
			a.close(p)
		}
	}
	a.last = max(a.last, now)
	return a.out
}

// deliver runs the pumps reading s on one of its rows.
func (a *App) deliver(s *streamDef, r Row) {
	for _, p := range s.readers {
		if p.window > 0 {
			a.group(p, r)
			continue
		}
		e := &env{row: r.Values, time: r.Time}
		if !a.pass(p, e) {
			continue
		}
		a.emit(p, e, r.Time)
	}
}

// pass evaluates WHERE: only TRUE passes; an error counts.
func (a *App) pass(p *pump, e *env) bool {
	if p.where == nil {
		return true
	}
	v, err := p.where.f(e)
	if err != nil {
		a.fail(p, e.time, err)
		return false
	}
	return v == true
}

// emit evaluates a pump's select list into a row of its target stream.
func (a *App) emit(p *pump, e *env, t sim.Time) {
	vals := make([]Value, len(p.proj))
	for i, c := range p.proj {
		if c == nil {
			continue
		}
		v, err := c.f(e)
		if err == nil {
			v, err = coerce(v, p.dst.cols[i].typ)
		}
		if err != nil {
			a.fail(p, t, fmt.Errorf("column %s: %w", showName(p.dst.cols[i].name), err))
			return
		}
		vals[i] = v
	}
	r := Row{Time: t, Values: vals}
	a.out = append(a.out, Output{Stream: p.dst.name, Row: r})
	a.deliver(p.dst, r)
}

// group adds a row to its window's group. A row at or past the open
// window's end closes it first: the boundary belongs to the next window
// (STEP and FLOOR round down, so a row exactly on a multiple starts it).
func (a *App) group(p *pump, r Row) {
	if p.open && r.Time >= p.start+sim.Time(p.window) {
		a.close(p)
	}
	e := &env{row: r.Values, time: r.Time}
	if !a.pass(p, e) {
		return
	}
	if !p.open {
		p.open = true
		p.start = sim.Time(floorDiv(int64(r.Time), p.window) * p.window)
		if p.groups == nil {
			p.groups = map[string]int{}
		}
	}
	keys := make([]Value, len(p.keys))
	p.keyBuf = p.keyBuf[:0]
	for i, k := range p.keys {
		v, err := k.f(e)
		if err != nil {
			a.fail(p, r.Time, err)
			return
		}
		keys[i] = v
		p.keyBuf = appendKey(p.keyBuf, v)
	}
	gi, ok := p.groups[string(p.keyBuf)]
	if !ok {
		if len(p.order) >= MaxGroups {
			a.stats.DroppedGroups++
			return
		}
		gi = len(p.order)
		p.groups[string(p.keyBuf)] = gi
		p.order = append(p.order, &group{keys: keys, st: make([]aggState, len(p.aggs))})
	}
	g := p.order[gi]
	for i, ag := range p.aggs {
		if err := ag.add(&g.st[i], e); err != nil && g.err == nil {
			g.err = err
		}
	}
}

// close ends a pump's open window: one row per group, in the order the
// groups appeared. The rows are emitted when the rowtime passes the
// window's end
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-aggregate-functions.html:
// a row that moves FLOOR(ROWTIME TO MINUTE) from 9:59 to 10:00, or a
// rowtime bound of 10:00, releases the 9:59 group), and each carries the
// window's start as its ROWTIME: the reference's example of a one-minute
// STEP window shows every output row's ROWTIME equal to
// STEP(ROWTIME BY INTERVAL '60' SECOND), the minute rounded down
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/timestamps-rowtime-concepts.html).
func (a *App) close(p *pump) {
	start := p.start
	order := p.order
	p.open = false
	p.order = nil
	clear(p.groups)
	for _, g := range order {
		if g.err != nil {
			a.fail(p, start, g.err)
			continue
		}
		aggs := make([]Value, len(p.aggs))
		var err error
		for i, ag := range p.aggs {
			if aggs[i], err = ag.result(&g.st[i]); err != nil {
				break
			}
		}
		if err != nil {
			a.fail(p, start, err)
			continue
		}
		e := &env{time: start, keys: g.keys, aggs: aggs}
		if p.having != nil {
			ok, err := p.having.f(e)
			if err != nil {
				a.fail(p, start, err)
			}
			if ok != true {
				continue
			}
		}
		a.emit(p, e, start)
	}
}

func (ag *aggSpec) add(s *aggState, e *env) error {
	if ag.arg == nil { // COUNT(*)
		s.n++
		return nil
	}
	v, err := ag.arg.f(e)
	if err != nil {
		return err
	}
	if v == nil {
		return nil // aggregates ignore NULL
	}
	s.n++
	switch ag.fn {
	case "SUM", "AVG":
		if i, ok := v.(int64); ok && ag.fn == "SUM" && ag.t.kind == kInt {
			r, err := intOp("+", s.i, i)
			if err != nil {
				return err
			}
			s.i = r
			return nil
		}
		s.f += toFloat(v)
	case "MIN":
		if s.v == nil || compare(v, s.v) < 0 {
			s.v = v
		}
	case "MAX":
		if s.v == nil || compare(v, s.v) > 0 {
			s.v = v
		}
	}
	return nil
}

func (ag *aggSpec) result(s *aggState) (Value, error) {
	switch ag.fn {
	case "COUNT":
		return s.n, nil
	case "SUM":
		if s.n == 0 {
			return nil, nil
		}
		if ag.t.kind == kInt {
			return s.i, nil
		}
		return coerce(s.f, ag.t)
	case "AVG":
		if s.n == 0 {
			return nil, nil
		}
		return coerce(s.f/float64(s.n), ag.t)
	}
	return s.v, nil
}

// appendKey writes a value so that different values never write the same
// bytes: a type tag, then the value (strings with their length).
func appendKey(b []byte, v Value) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 'n')
	case int64:
		b = append(b, 'i')
		return strconv.AppendInt(append(b, ':'), v, 10)
	case float64:
		b = append(b, 'f')
		return strconv.AppendUint(append(b, ':'), math.Float64bits(v), 16)
	case string:
		b = append(b, 's')
		b = strconv.AppendInt(b, int64(len(v)), 10)
		return append(append(b, ':'), v...)
	case bool:
		if v {
			return append(b, 't')
		}
		return append(b, 'F')
	case sim.Time:
		b = append(b, 'T')
		return strconv.AppendInt(append(b, ':'), int64(v), 10)
	}
	return b
}

// ErrorRecord is a row of the application's error stream: when it
// happened (the row's ROWTIME, or the record's arrival), the pump it came
// from ("" for a record that did not map) and what went wrong. KDA's
// error_stream has these among its columns (DATA_ROWTIME, PUMP_NAME,
// MESSAGE: https://docs.aws.amazon.com/kinesisanalytics/latest/dev/error-handling.html).
type ErrorRecord struct {
	Time    sim.Time
	Pump    string
	Message string
}

// MaxErrorRecords is how many error records an application keeps, the
// latest (the playground's bound).
const MaxErrorRecords = 100

// Errors returns the latest error records, oldest first.
func (a *App) Errors() []ErrorRecord { return append([]ErrorRecord(nil), a.errs...) }

// fail counts a row a pump could not compute and records why.
func (a *App) fail(p *pump, t sim.Time, err error) {
	a.stats.RuntimeErrors++
	a.record(ErrorRecord{Time: t, Pump: p.name, Message: err.Error()})
}

func (a *App) record(r ErrorRecord) {
	if len(a.errs) == MaxErrorRecords {
		copy(a.errs, a.errs[1:])
		a.errs = a.errs[:MaxErrorRecords-1]
	}
	a.errs = append(a.errs, r)
}
