package sql

import (
	"cloudplay/core/sim"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// colInfo is a column of an in-application stream.
type colInfo struct {
	name    string
	typ     sqlType
	mapping []pathStep // input stream only
}

// streamDef is an in-application stream: the input stream or one the code
// declares.
type streamDef struct {
	name    string
	cols    []colInfo
	decl    pos
	input   bool
	readers []*pump
	rank    int // topological rank: the input is 0
}

// App is a compiled application, ready to run.
type App struct {
	input   *streamDef
	streams []*streamDef          // declared, in order
	byName  map[string]*streamDef // input and declared
	later   map[string]pos        // every stream the code declares, while compiling
	pumps   []*pump               // in topological order
	format  string
	rowDel  string
	colDel  string
	flat    int // the input column whose mapping flattens an array, or -1
	pending []Row
	last    sim.Time
	out     []Output
	stats   Stats
	errs    []ErrorRecord
}

// inputStream builds the in-application input stream from the schema.
// KDA quotes the names of the objects it creates, so input column names
// keep their case
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-identifiers.html).
func inputStream(s Schema, name string) (*streamDef, error) {
	if name == "" {
		return nil, fmt.Errorf("sql: the input stream needs a name")
	}
	switch s.Format {
	case "JSON", "CSV":
	default:
		return nil, fmt.Errorf("sql: record format %q is not JSON or CSV", clip(s.Format))
	}
	if len(s.Columns) == 0 {
		return nil, fmt.Errorf("sql: the input schema has no columns")
	}
	in := &streamDef{name: name, input: true}
	seen := map[string]bool{}
	for _, c := range s.Columns {
		if c.Name == "" || len([]rune(c.Name)) > MaxIdentifier {
			return nil, fmt.Errorf("sql: input column name %q must have 1 to %d characters", clip(c.Name), MaxIdentifier)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("sql: input column %q appears twice", clip(c.Name))
		}
		seen[c.Name] = true
		t, err := parseTypeString(c.SQLType)
		if err != nil {
			return nil, fmt.Errorf("sql: input column %q: %v", clip(c.Name), err)
		}
		ci := colInfo{name: c.Name, typ: t}
		if s.Format == "JSON" {
			m := c.Mapping
			if m == "" {
				m = "$." + c.Name
			}
			if ci.mapping, err = parsePath(m); err != nil {
				return nil, fmt.Errorf("sql: input column %q: %v", clip(c.Name), err)
			}
		}
		if k := flattenAt(ci.mapping); k >= 0 {
			if f := flatColumn(in); f >= 0 && !samePrefix(in.cols[f].mapping, ci.mapping, k) {
				return nil, fmt.Errorf("sql: input column %q: only one array can be flattened in a schema (%q already flattens one)", clip(c.Name), clip(in.cols[f].name))
			}
		}
		in.cols = append(in.cols, ci)
	}
	return in, nil
}

// flatColumn is the first input column whose mapping flattens an array, or -1.
func flatColumn(in *streamDef) int {
	for i, c := range in.cols {
		if flattenAt(c.mapping) >= 0 {
			return i
		}
	}
	return -1
}

// check resolves names and types and builds the runnable application.
func check(stmts []any, in *streamDef, s Schema) (*App, *Error) {
	a := &App{input: in, byName: map[string]*streamDef{in.name: in}, later: map[string]pos{}, format: s.Format, flat: flatColumn(in),
		rowDel: s.RowDelimiter, colDel: s.ColumnDelimiter}
	if a.rowDel == "" {
		a.rowDel = "\n"
	}
	if a.colDel == "" {
		a.colDel = ","
	}
	for _, st := range stmts {
		if st, ok := st.(*streamStmt); ok {
			if _, seen := a.later[st.name.name]; !seen {
				a.later[st.name.name] = st.name.pos
			}
		}
	}
	pumpNames := map[string]pos{}
	var pumps []*pump
	for _, st := range stmts {
		switch st := st.(type) {
		case *streamStmt:
			if err := a.declare(st); err != nil {
				return nil, err
			}
		case *pumpStmt:
			if at, dup := pumpNames[st.name.name]; dup {
				return nil, errAt(st.name.pos, "pump %s is already created at line %d; the playground keeps one pump per name", st.name.show(), at.line)
			}
			if len(pumps) == MaxPumps {
				return nil, errAt(st.name.pos, "more than %d pumps (the playground's bound)", MaxPumps)
			}
			pumpNames[st.name.name] = st.name.pos
			p, err := a.compilePump(st)
			if err != nil {
				return nil, err
			}
			pumps = append(pumps, p)
		}
	}
	if err := a.order(pumps); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *App) declare(st *streamStmt) *Error {
	if prev, dup := a.byName[st.name.name]; dup {
		if prev.input {
			return errAt(st.name.pos, "stream %s is the application's input stream; give the new stream another name", st.name.show())
		}
		return errAt(st.name.pos, "stream %s is already created at line %d; the playground keeps one stream per name", st.name.show(), prev.decl.line)
	}
	if len(a.streams) == MaxStreams {
		return errAt(st.name.pos, "more than %d in-application streams (the playground's bound)", MaxStreams)
	}
	sd := &streamDef{name: st.name.name, decl: st.name.pos}
	seen := map[string]bool{}
	for _, c := range st.cols {
		if seen[c.name.name] {
			return errAt(c.name.pos, "column %s appears twice in stream %s", c.name.show(), st.name.show())
		}
		seen[c.name.name] = true
		sd.cols = append(sd.cols, colInfo{name: c.name.name, typ: c.typ})
	}
	a.streams = append(a.streams, sd)
	a.byName[sd.name] = sd
	return nil
}

// lookupStream finds a stream by name, suggesting a near name if none.
func (a *App) lookupStream(id ident, role string) (*streamDef, *Error) {
	if s, ok := a.byName[id.name]; ok {
		return s, nil
	}
	if at, ok := a.later[id.name]; ok {
		return nil, errAt(id.pos, "%s %s is created at line %d, after this pump: statements run in order, so create the stream first", role, id.show(), at.line)
	}
	names := make([]string, 0, len(a.byName))
	for n := range a.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, errAt(id.pos, "%s %s is not created before this pump%s", role, id.show(), suggest(id, names))
}

// suggest is "; did you mean X?" for the candidate nearest to id, or "".
func suggest(id ident, cands []string) string { return suggestAs(id, cands, showName) }

// suggestAs is suggest with the candidate written by show.
func suggestAs(id ident, cands []string, show func(string) string) string {
	best, bestD := "", 1<<30
	for _, c := range cands {
		if strings.EqualFold(c, id.name) {
			if c != id.name {
				how := "quoted names keep their case; unquoted ones are upper-cased"
				return fmt.Sprintf("; did you mean %s? (%s)", show(c), how)
			}
		}
		if d := distance(strings.ToUpper(c), strings.ToUpper(id.name)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(id.name)/3) {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", show(best))
}

// distance is the Levenshtein distance, for names of at most 128 characters.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// order sorts pumps so that a pump runs after every pump feeding its
// source stream, and refuses cycles.
func (a *App) order(pumps []*pump) *Error {
	// Kahn's algorithm over streams; an edge per pump src -> dst.
	indeg := map[*streamDef]int{}
	for _, p := range pumps {
		indeg[p.dst]++
	}
	queue := []*streamDef{a.input}
	for _, s := range a.streams {
		if indeg[s] == 0 {
			queue = append(queue, s)
		}
	}
	rank := 0
	done := map[*streamDef]bool{}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		done[s] = true
		s.rank = rank
		rank++
		for _, p := range pumps {
			if p.src == s {
				indeg[p.dst]--
				if indeg[p.dst] == 0 {
					queue = append(queue, p.dst)
				}
			}
		}
	}
	for _, p := range pumps {
		if !done[p.dst] || !done[p.src] {
			return errAt(p.decl, "pump %s closes a loop: its rows would flow back into the stream it reads", showName(p.name))
		}
	}
	a.pumps = append([]*pump(nil), pumps...)
	sort.SliceStable(a.pumps, func(i, j int) bool { return a.pumps[i].src.rank < a.pumps[j].src.rank })
	for _, p := range a.pumps {
		p.src.readers = append(p.src.readers, p)
	}
	return nil
}

// compilePump checks a pump's INSERT INTO ... SELECT STREAM.
func (a *App) compilePump(st *pumpStmt) (*pump, *Error) {
	dst, err := a.lookupStream(st.target, "stream")
	if err != nil {
		return nil, err
	}
	if dst.input {
		return nil, errAt(st.target.pos, "a pump cannot insert into the input stream %s", st.target.show())
	}
	sel := st.sel
	src, err := a.lookupStream(sel.from, "stream")
	if err != nil {
		return nil, err
	}
	if src == dst {
		return nil, errAt(sel.from.pos, "pump %s reads the stream it inserts into", st.name.show())
	}
	p := &pump{name: st.name.name, decl: st.name.pos, src: src, dst: dst}
	// The target columns, in the order the SELECT fills them.
	targets := make([]int, 0, len(dst.cols))
	if st.cols == nil {
		for i := range dst.cols {
			targets = append(targets, i)
		}
	} else {
		seen := map[int]bool{}
		for _, c := range st.cols {
			i := dst.col(c.name)
			if i < 0 {
				return nil, errAt(c.pos, "stream %s has no column %s%s", showName(dst.name), c.show(), suggest(c, dst.colNames()))
			}
			if seen[i] {
				return nil, errAt(c.pos, "column %s is named twice", c.show())
			}
			seen[i] = true
			targets = append(targets, i)
		}
	}
	sc := &scope{src: src, from: sel.from, alias: sel.alias}
	if sel.where != nil {
		sc.clause = "WHERE"
		w, err := sc.compile(sel.where)
		if err != nil {
			return nil, err
		}
		if w.t.kind != kBool && w.t.kind != kNull {
			return nil, errAt(sel.where.pos, "WHERE needs a condition (BOOLEAN), not %s", w.t)
		}
		p.where = w
		sc.clause = ""
	}
	if len(sel.groupBy) > 0 {
		if err := sc.groupBy(sel.groupBy, p); err != nil {
			return nil, err
		}
	}
	if sel.having != nil {
		h, err := sc.compile(sel.having)
		if err != nil {
			return nil, err
		}
		if h.t.kind != kBool && h.t.kind != kNull {
			return nil, errAt(sel.having.pos, "HAVING needs a condition (BOOLEAN), not %s", h.t)
		}
		p.having = h
	}
	// The select list.
	var items []*cexpr
	var itemPos []pos
	for _, it := range sel.items {
		if it.star {
			if sc.group != nil {
				return nil, errAt(it.pos, "SELECT * cannot be grouped: name the GROUP BY columns and the aggregates")
			}
			if it.qual != nil {
				if err := sc.checkQual(it.qual); err != nil {
					return nil, err
				}
			}
			for i, c := range src.cols {
				i := i
				items = append(items, &cexpr{t: c.typ, f: func(e *env) (Value, error) { return e.row[i], nil }})
				itemPos = append(itemPos, it.pos)
			}
			continue
		}
		if it.e.kind == nRowtime && (it.alias == nil || it.alias.name == "ROWTIME") {
			// A bare ROWTIME sets the row's time and fills no column.
			if _, err := sc.compile(it.e); err != nil {
				return nil, err
			}
			continue
		}
		c, err := sc.compile(it.e)
		if err != nil {
			return nil, err
		}
		items = append(items, c)
		itemPos = append(itemPos, it.pos)
	}
	if len(items) != len(targets) {
		at := sel.pos
		if len(itemPos) > 0 {
			at = itemPos[0]
		}
		return nil, errAt(at, "INSERT INTO %s fills %s but the SELECT gives %s (a bare ROWTIME sets the row's time and fills no column)",
			showName(dst.name), plural(len(targets), "column"), plural(len(items), "value"))
	}
	p.proj = make([]*cexpr, len(dst.cols))
	for k, c := range items {
		col := dst.cols[targets[k]]
		if !assignable(c.t, col.typ) {
			return nil, errAt(itemPos[k], "column %s of %s is %s but this value is %s (use CAST)",
				showName(col.name), showName(dst.name), col.typ, c.t)
		}
		p.proj[targets[k]] = c
	}
	if sc.group != nil {
		if err := sc.groupedColumnsSelected(sel); err != nil {
			return nil, err
		}
		p.keys = sc.group.keys
		p.aggs = sc.group.aggs
	}
	return p, nil
}

func (s *streamDef) col(name string) int {
	for i, c := range s.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

func (s *streamDef) colNames() []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.name
	}
	return out
}

// scope is what an expression can see: the source stream's columns, and
// in a grouped query the GROUP BY keys and aggregates.
type scope struct {
	src    *streamDef
	from   ident
	alias  string
	clause string // "WHERE", "GROUP BY": where aggregates are not allowed
	group  *groupCtx
	inAgg  bool
}

type groupCtx struct {
	canon []string
	keys  []*cexpr
	aggs  []*aggSpec
}

// groupBy checks GROUP BY: exactly one tumbling window on ROWTIME
// (STEP or FLOOR), plus any keys. On a stream a GROUP BY without a
// monotonic expression on ROWTIME would never end a group
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-group-by-clause.html).
func (sc *scope) groupBy(exprs []*node, p *pump) *Error {
	g := &groupCtx{}
	sc.clause = "GROUP BY"
	window := -1
	for i, e := range exprs {
		c, err := sc.compile(e)
		if err != nil {
			return err
		}
		inner := unparen(e)
		isWindow := false
		switch {
		case inner.kind == nStep && inner.byTime && unparen(inner.args[0]).kind == nRowtime:
			isWindow = true
		case inner.kind == nFloorTo && inner.op == "FLOOR" && unparen(inner.args[0]).kind == nRowtime:
			isWindow = true
		case mentionsRowtime(e):
			return errAt(e.pos, "GROUP BY on ROWTIME needs a tumbling window: STEP(%s.ROWTIME BY INTERVAL '10' SECOND) or FLOOR(%s.ROWTIME TO MINUTE)",
				sc.from.show(), sc.from.show())
		}
		if isWindow {
			if window >= 0 {
				return errAt(e.pos, "GROUP BY has more than one window; the playground models one tumbling window per pump")
			}
			window = i
			p.window = inner.interval
		}
		g.canon = append(g.canon, sc.canon(e))
		g.keys = append(g.keys, c)
	}
	if window < 0 {
		return errAt(exprs[0].pos, "a GROUP BY on a stream needs a tumbling window on ROWTIME — STEP(%s.ROWTIME BY INTERVAL '10' SECOND) or FLOOR(%s.ROWTIME TO MINUTE) — or its groups would never end",
			sc.from.show(), sc.from.show())
	}
	sc.clause = ""
	sc.group = g
	return nil
}

func unparen(n *node) *node {
	for n.kind == nUnary && n.op == "()" {
		n = n.args[0]
	}
	return n
}

func mentionsRowtime(n *node) bool {
	if n.kind == nRowtime {
		return true
	}
	for _, a := range n.args {
		if mentionsRowtime(a) {
			return true
		}
	}
	return false
}

// canon is a canonical text of an expression, to match select-list
// expressions with GROUP BY keys.
func (sc *scope) canon(n *node) string {
	var b strings.Builder
	sc.canonTo(&b, n)
	return b.String()
}

func (sc *scope) canonTo(b *strings.Builder, n *node) {
	n = unparen(n)
	switch n.kind {
	case nCol:
		if i := sc.src.col(n.name.name); i >= 0 && sc.qualOK(n.qual) {
			b.WriteString("c" + strconv.Itoa(i))
			return
		}
		b.WriteString("?" + n.name.name)
		return
	case nRowtime:
		b.WriteString("rowtime")
		return
	}
	fmt.Fprintf(b, "%d|%s|%t|%t|%v|%s|%d|%t(", n.kind, n.op, n.not, n.star, n.val, n.typ, n.interval, n.byTime)
	for _, a := range n.args {
		sc.canonTo(b, a)
		b.WriteByte(',')
	}
	b.WriteByte(')')
}

// qualOK reports whether a qualifier names the source stream (or its alias).
func (sc *scope) qualOK(q *ident) bool {
	return q == nil || q.name == sc.src.name || sc.alias != "" && q.name == sc.alias
}

func (sc *scope) checkQual(q *ident) *Error {
	if sc.qualOK(q) {
		return nil
	}
	names := []string{sc.src.name}
	if sc.alias != "" {
		names = append(names, sc.alias)
	}
	return errAt(q.pos, "%s is not the stream this SELECT reads (%s)%s", q.show(), showName(sc.src.name), suggest(*q, names))
}

// plural is "1 column", "2 columns".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// groupedColumnsSelected checks the reference's rule that "any column name
// used in the GROUP BY clause must also be in the SELECT statement"
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-group-by-clause.html);
// ROWTIME, which the window uses, is not a column.
func (sc *scope) groupedColumnsSelected(sel *selectStmt) *Error {
	selected := map[int]bool{}
	var mark func(n *node)
	mark = func(n *node) {
		if n.kind == nCol && sc.qualOK(n.qual) {
			if i := sc.src.col(n.name.name); i >= 0 {
				selected[i] = true
			}
		}
		for _, a := range n.args {
			mark(a)
		}
	}
	for _, it := range sel.items {
		if it.star {
			return nil
		}
		mark(it.e)
	}
	var missing *node
	var find func(n *node)
	find = func(n *node) {
		if missing != nil {
			return
		}
		if n.kind == nCol {
			if i := sc.src.col(n.name.name); i >= 0 && !selected[i] {
				missing = n
				return
			}
		}
		for _, a := range n.args {
			find(a)
		}
	}
	for _, g := range sel.groupBy {
		find(g)
	}
	if missing != nil {
		return errAt(missing.pos, "column %s is in GROUP BY but not in the SELECT list: the reference requires every grouped column to be selected", missing.name.show())
	}
	return nil
}
