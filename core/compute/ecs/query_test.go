package ecs

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

type fakeInst struct {
	attrs  map[string]string
	fields map[string]string
	groups []string
}

func (f fakeInst) Attribute(n string) (string, bool) { v, ok := f.attrs[n]; return v, ok }
func (f fakeInst) Field(n string) string             { return f.fields[n] }
func (f fakeInst) HasGroup(g string) bool {
	for _, x := range f.groups {
		if x == g {
			return true
		}
	}
	return false
}
func (f fakeInst) Groups() []string { return f.groups }

var sample = fakeInst{
	attrs:  map[string]string{"ecs.instance-type": "t2.small", "ecs.availability-zone": "us-east-1a", "stack": "prod", "weight": "10"},
	fields: map[string]string{"ec2InstanceId": "i-abcd1234", "runningTasksCount": "3", "registeredAt": "2018-06-20T10:00:00Z", "agentVersion": "1.14.5", "agentConnected": "true"},
	groups: []string{"service:production"},
}

// The examples of the cluster query language page, and more.
func TestQueryMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want bool
	}{
		{"attribute:ecs.instance-type == t2.small", true},
		{"attribute:ecs.instance-type equals t2.micro", false},
		{"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true},
		{"attribute:ecs.availability-zone !in [us-east-1a, us-east-1b]", false},
		{"attribute:ecs.instance-type =~ t2.*", true},
		{"attribute:ecs.instance-type =~ g2.*", false},
		{"attribute:ecs.instance-type !~ g2.*", true},
		{"not(attribute:ecs.instance-type =~ t2.*)", false},
		{"attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true},
		{"attribute:ecs.instance-type =~ g2.* or attribute:ecs.availability-zone == us-east-1a", true},
		{"attribute:ecs.instance-type =~ g2.* || attribute:ecs.availability-zone == us-east-1b", false},
		{"task:group == service:production", true},
		{"not(task:group == database)", true},
		{"runningTasksCount == 0", false},
		{"runningTasksCount > 2 && runningTasksCount <= 3", true},
		{"ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", true},
		{"attribute:stack exists", true},
		{"attribute:color exists", false},
		{"attribute:color !exists", true},
		{"attribute:weight > 9", true},
		{"registeredAt < 2018-06-18", false},
		{"registeredAt >= 2018-06-18T22:28:28+00:00", true},
		{"agentVersion >= 1.14.10", false},
		{"agentConnected == true", true},
		{"(attribute:stack == prod or attribute:stack == dev) and not attribute:color exists", true},
	}
	for _, tt := range tests {
		q, err := ParseQuery(tt.expr)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.expr, err)
			continue
		}
		if got := q.Match(sample); got != tt.want {
			t.Errorf("%q matched %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestQueryErrorsHavePositions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr   string
		offset int
		msg    string
	}{
		{"", 0, "expected a subject"},
		{"attribute:x", 11, "expected an operator"},
		{"attribute:x === y", 16, "unexpected"},
		{"color == red", 0, `unknown subject "color"`},
		{"attribute:x == y and", 20, "expected a subject"},
		{"(attribute:x == y", 17, `expected ")"`},
		{"attribute:x in [a, b", 20, `expected "," or "]"`},
		{"attribute:x =~ (", 15, "expected an argument"},
		{"attribute:x =~ 'a['", 15, "invalid regular expression"},
		{"attribute:x == 'y", 15, "unterminated quoted argument"},
		{"attribute:é == y z", 17, "unexpected"},
		{strings.Repeat("(", 150) + "attribute:x exists" + strings.Repeat(")", 150), 100, "nests deeper"},
		{strings.Repeat("x", 2001), 2000, "longer than 2000"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.expr)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q) = %v, want a QueryError", clip(tt.expr), err)
			continue
		}
		if qe.Offset != tt.offset || !strings.Contains(qe.Msg, tt.msg) {
			t.Errorf("ParseQuery(%q): offset %d %q, want offset %d and %q", clip(tt.expr), qe.Offset, qe.Msg, tt.offset, tt.msg)
		}
	}
}

// FuzzClusterQuery: the parser never panics, an error's offset lies
// within the expression, and a parsed query evaluates without panicking.
func FuzzClusterQuery(f *testing.F) {
	for _, s := range []string{"attribute:ecs.instance-type == t2.small", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
		"not(task:group == database)", "attribute:ecs.instance-type =~ t2.* and runningTasksCount < 2", "ec2InstanceId in ['i-1', \"i-2\"]",
		"registeredAt < 2018-06-18", "((attribute:a exists))", "attribute:a !exists || !attribute:b exists", "attribute:x =~ (a|b)+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error %v is not a QueryError", err)
			}
			if n := utf8.RuneCountInString(s); qe.Offset < 0 || qe.Offset > max(n, MaxQueryLength) {
				t.Fatalf("offset %d outside 0..%d", qe.Offset, n)
			}
			return
		}
		q.Match(sample)
		q.Match(fakeInst{})
		if q.String() != s {
			t.Fatalf("String() = %q", q.String())
		}
	})
}
