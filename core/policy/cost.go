package policy

import (
	"strings"
	"unicode/utf8"
)

// Estimates of the work and the output of an evaluation, for callers that
// must bound both before they start (the simulate APIs plan their pages
// with them, and refuse a request whose single action would cost too much).

// Cost estimates the work of evaluating req against set, in units of about
// one comparison of a short policy element (an action, a resource, a
// condition value) with a request value; a statement with one action and
// one resource costs about 3. Every statement is counted as if it applied
// to req (its resources and conditions compared too), so the estimate is an
// upper bound for statements about other actions; long strings, conditions
// with many values, request keys with many values and '?' wildcards (which
// make matching O(len(pattern)·len(value))) cost more. req.Resource stands
// for the resource of the request: a caller evaluating several passes the
// longest. Cost reads the policies and the context; it evaluates nothing.
func (set *Set) Cost(req *Request) int {
	longest := 0
	for _, vs := range req.Context {
		for _, v := range vs {
			longest = max(longest, len(v))
		}
	}
	c := coster{req: req, longest: longest, lookup: 1 + len(req.Context)/8}
	total := 0
	set.each(func(in *Input) {
		for _, st := range in.Policy.Statements {
			total += c.statement(st)
		}
	})
	return total
}

// each calls fn with every policy of set.
func (set *Set) each(fn func(*Input)) {
	for i := range set.Identity {
		fn(&set.Identity[i])
	}
	if set.Resource != nil {
		fn(set.Resource)
	}
	for i := range set.Boundary {
		fn(&set.Boundary[i])
	}
	for i := range set.Session {
		fn(&set.Session[i])
	}
}

type coster struct {
	req     *Request
	longest int // the longest context value
	lookup  int // the cost of looking a key up in the context
}

// compare is the cost of comparing n bytes.
func compare(n int) int { return 1 + n/64 }

// wild is the extra cost of matching the compiled pattern p against a value
// of n bytes: its segments holding '?' may be tried at every place.
func wild(p string, n int) int {
	if strings.IndexByte(p, wcQuest) < 0 {
		return 0
	}
	extra := 0
	for seg := range strings.SplitSeq(p, string(rune(wcStar))) {
		if strings.IndexByte(seg, wcQuest) >= 0 {
			extra += len(seg) * n / 16
		}
	}
	return extra
}

func (c *coster) statement(st *Statement) int {
	req := c.req
	total := compare(len(st.Sid)) + len(st.ctxKeys)*c.lookup
	for i := range st.actions {
		a := &st.actions[i]
		total += compare(len(a.lit)+len(a.glob)+len(req.Action)) + wild(a.glob, len(req.Action))
	}
	if pr := st.Principal; pr != nil {
		total += len(pr.aws) + len(pr.Service) + len(pr.Federated) + len(pr.CanonicalUser)
	}
	for i := range st.resources {
		r := &st.resources[i]
		n := len(r.arn.whole)
		if r.tpl != nil {
			n = c.template(r.tpl)
		}
		total += compare(n+len(req.Resource)) + wild(r.arn.whole, len(req.Resource))
	}
	for _, cond := range st.Conditions {
		total += c.condition(cond)
	}
	return total
}

// condition costs every policy value against every request value of the
// key (at least one: an absent key still costs its lookup).
func (c *coster) condition(cond *Condition) int {
	vals, n := c.req.lookup(cond.key)
	size := 0
	for i := range max(n, 0) {
		size += len(vals.at(i))
	}
	n = max(n, 1)
	total := c.lookup
	for i := range cond.vals {
		v := &cond.vals[i]
		l := len(v.text) + len(v.arn.whole)
		if v.tpl != nil {
			l = c.template(v.tpl)
		}
		total += n*compare(l) + size/64 + n*(wild(v.text, size/n)+wild(v.arn.whole, size/n))
	}
	return total
}

// template is how long a value with policy variables may grow once they
// are substituted.
func (c *coster) template(t *template) int {
	n := 0
	for _, p := range t.parts {
		n += len(p.lit) + len(p.def)
		if p.isVar {
			n += c.longest + c.lookup
		}
	}
	return n
}

// TraceSize returns an upper bound of the bytes Tracer.AppendTrace writes
// for one evaluation against set: every statement's trace with the longest
// Reason (MaxReason) and in DecidingStatements.
func (set *Set) TraceSize() int {
	total := len(`{"Decision":"explicitDeny","DecidingStatements":[],"Policies":[],"Path":}`) + maxPathSize
	set.each(func(in *Input) {
		typ := in.Type
		if typ == "" {
			typ = TypeBoundary // the longest of the names by slot
		}
		id := jsonLen(in.ID)
		total += len(`{"PolicyId":,"PolicyType":,"Statements":[]},`) + id + jsonLen(typ)
		for _, st := range in.Policy.Statements {
			head, tail := len(st.traceHead), len(st.traceTail)
			if st.traceHead == nil {
				head, tail = len(st.appendTraceHead(nil)), len(st.appendTraceTail(nil))
			}
			total += head + len(`false,"Reason":"",`) + MaxReason + tail
			total += len(`{"PolicyId":,"StatementIndex":},`) + id + 20
		}
	})
	return total
}

// jsonLen is the length of s written as a JSON string.
func jsonLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		n += jsonCharLen(r, w)
		i += w
	}
	return n
}
