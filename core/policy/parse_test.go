package policy

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePositions(t *testing.T) {
	t.Parallel()
	// Columns count code points: "é" before the statement shifts by one.
	src := "{\"Version\": \"2012-10-17\", \"Id\": \"é\",\n" +
		"  \"Statement\": [\n" +
		"    {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n" +
		"    {\n" +
		"      \"Sid\": \"Two\",\n" +
		"      \"Effect\": \"Deny\", \"Action\": \"s3:Delete*\", \"Resource\": \"*\"\n" +
		"    }]}"
	p, err := Parse(src, Identity)
	if err != nil {
		t.Fatal(err)
	}
	type span struct{ Start, End Position }
	var got []span
	for _, st := range p.Statements {
		got = append(got, span{st.Start, st.End})
	}
	want := []span{
		{Position{Line: 3, Column: 5, Offset: 59}, Position{Line: 3, Column: 59, Offset: 113}},
		{Position{Line: 4, Column: 5, Offset: 119}, Position{Line: 7, Column: 6, Offset: 210}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statement spans (-want +got):\n%s", diff)
	}
	if src[want[1].End.Offset-1] != '}' {
		t.Errorf("End.Offset-1 is %q, want '}'", src[want[1].End.Offset-1])
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind Kind
		src  string
		want string // the error text
	}{
		{"not json", Identity, `{"Version": }`, `1:13: syntax error: unexpected '}'`},
		{"trailing garbage", Identity, `{"Statement": []} x`, `1:19: syntax error: unexpected 'x' after the policy document`},
		{"unknown operator", Identity, "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n  \"Condition\": {\"StringEqual\": {\"aws:username\": \"bob\"}}}}",
			`3:17: unknown condition operator "StringEqual"`},
		{"principal in identity policy", Identity, `{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}`,
			`1:48: Policy document should not specify a principal.`},
		{"principal missing in bucket policy", Resource, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
			`1:15: Missing required field Principal`},
		{"missing effect", Identity, `{"Statement": {"Action": "s3:*", "Resource": "*"}}`, `1:15: Missing required field Effect`},
		{"missing action", Identity, `{"Statement": {"Effect": "Allow", "Resource": "*"}}`, `1:15: Policy statement must contain actions.`},
		{"missing resource", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*"}}`, `1:15: Policy statement must contain resources.`},
		{"action and notaction", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "NotAction": "s3:*", "Resource": "*"}}`,
			`1:66: a statement cannot have both Action and NotAction`},
		{"bad effect", Identity, `{"Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}}`,
			`1:26: Invalid effect: "allow" (must be "Allow" or "Deny")`},
		{"unknown element", Identity, `{"Statement": {"Effect": "Allow", "Actions": "s3:*", "Resource": "*"}}`,
			`1:15: Policy statement must contain actions. (and 1 more errors)`},
		{"unknown top-level", Identity, `{"Statment": []}`, `1:1: Missing required field Statement (and 1 more errors)`},
		{"duplicate key", Identity, `{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}}`,
			`1:35: duplicate element "Effect"`},
		{"bad version", Identity, `{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
			`1:13: The policy failed legacy parsing: unsupported Version "2012-10-18" (use "2012-10-17")`},
		{"action without vendor", Identity, `{"Statement": {"Effect": "Allow", "Action": "GetObject", "Resource": "*"}}`,
			`1:45: Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got "GetObject")`},
		{"resource not arn", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "bucket"}}`,
			`1:65: Resource bucket must be in ARN format or "*".`},
		{"trust policy with resource", Trust, `{"Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}}`,
			`1:122: Has prohibited field Resource`},
		{"notprincipal with allow", Resource, `{"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "123456789012"}, "Action": "s3:*", "Resource": "*"}}`,
			`1:51: NotPrincipal must be used with "Effect": "Deny"`},
		{"partial principal wildcard", Resource, `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/*"}, "Action": "s3:*", "Resource": "*"}}`,
			`1:56: Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"`},
		{"numeric value not a number", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}}`,
			`1:119: NumericLessThan: "ten" is not a number`},
		{"bad ip", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.300"]}}}}`,
			`1:129: IpAddress: "10.0.0.300" is not an IP address or CIDR block`},
		{"bad date", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "tomorrow"}}}}`,
			`1:120: DateLessThan: "tomorrow" is not an ISO 8601 date or epoch time`},
		{"null with ifexists", Identity, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"aws:TokenIssueTime": "true"}}}}`,
			`1:84: unknown condition operator "NullIfExists"`},
		{"duplicate sid", Identity, `{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`,
			`1:92: Statement IDs (SID) in a single policy must be unique.`},
		{"sid not alphanumeric", Identity, `{"Statement": {"Sid": "a b", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
			`1:23: Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*`},
		{"unterminated variable", Identity, `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username"}}`,
			`1:90: Resource: unterminated policy variable "${aws:username"`},
		{"too deep", Identity, strings.Repeat("[", 100), `1:33: syntax error: nesting deeper than 32 levels`},
		{"invalid utf8", Identity, "{\"Id\": \"\xff\"}", `1:9: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.src, tt.kind)
			if err == nil {
				t.Fatalf("Parse succeeded, want error %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\n       want %q", err.Error(), tt.want)
			}
			var se *SyntaxError
			var el ErrorList
			if !errors.As(err, &se) && !errors.As(err, &el) {
				t.Errorf("error is %T, want *SyntaxError or ErrorList", err)
			}
		})
	}
}

func TestParseErrorListSorted(t *testing.T) {
	t.Parallel()
	src := "{\"Statement\": [\n{\"Effect\": \"Maybe\", \"Action\": \"x\", \"Resource\": \"*\"},\n{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"Foo\": {\"a:b\": \"c\"}}}]}"
	_, err := Parse(src, Identity)
	var el ErrorList
	if !errors.As(err, &el) {
		t.Fatalf("err = %v (%T), want ErrorList", err, err)
	}
	var got []string
	for _, e := range el {
		got = append(got, e.Error())
	}
	want := []string{
		`2:12: Invalid effect: "Maybe" (must be "Allow" or "Deny")`,
		`2:31: Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got "x")`,
		`3:70: unknown condition operator "Foo"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		kind Kind
		src  string
	}{
		{"statement object", Identity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
		{"no version", Identity, `{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/*"]}]}`},
		{"2008 version", Identity, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`},
		{"condition value types", Identity, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}}`},
		{"bucket policy", Resource, `{"Version":"2012-10-17","Statement":[{"Sid":"Public Read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`},
		{"trust policy", Trust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"],"AWS":"123456789012"},"Action":["sts:AssumeRole","sts:TagSession"]}}`},
		{"boundary", Boundary, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*"],"Resource":"*"}}`},
		{"escapes", Identity, `{"Id":"a\"b\\c\u00e9\ud83d\ude00","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.src, tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, p)
		})
	}
}

func TestSize(t *testing.T) {
	t.Parallel()
	compact := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/é /x"}}`
	spaced := "{\n  \"Version\" : \"2012-10-17\",\n\t\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\",\r\n \"Resource\": \"arn:aws:s3:::b/é /x\"}\n}\n"
	a, b := MustParse(compact, Identity), MustParse(spaced, Identity)
	want := len([]rune(compact))
	if a.Size() != want || b.Size() != want {
		t.Errorf("Size = %d (compact), %d (spaced), want %d for both", a.Size(), b.Size(), want)
	}
}

// TestParseHugeString checks a multi-megabyte value is read (in linear
// time; the test would time out otherwise).
func TestParseHugeString(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("é\\\"x", 1<<19)
	src := `{"Id":"` + big + `","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`
	p, err := Parse(src, Identity)
	if err != nil {
		t.Fatal(err)
	}
	if got := len([]rune(p.ID)); got != 3<<19 {
		t.Errorf("len(ID) = %d code points, want %d", got, 3<<19)
	}
}

// checkRoundTrip is the round-trip property: Marshal re-parses to an equal
// policy whose Marshal is the same bytes.
func checkRoundTrip(t *testing.T, p *Policy) {
	t.Helper()
	out := p.Marshal()
	q, err := Parse(string(out), p.Kind)
	if err != nil {
		t.Fatalf("Marshal output does not parse: %v\n%s", err, out)
	}
	if out2 := q.Marshal(); string(out2) != string(out) {
		t.Fatalf("Marshal not stable:\n%s\n%s", out, out2)
	}
	if diff := cmp.Diff(exported(p), exported(q)); diff != "" {
		t.Fatalf("round trip changed the policy (-before +after):\n%s", diff)
	}
}

// exported is the comparable, position-free view of a policy.
type policyView struct {
	Kind       Kind
	Version    string
	ID         string
	Statements []stmtView
}

type stmtView struct {
	Sid          string
	Effect       Effect
	Principal    *principalView
	NotPrincipal bool
	Actions      []string
	NotAction    bool
	Resources    []string
	NotResource  bool
	Conditions   []condView
}

type principalView struct {
	Wildcard                               bool
	AWS, Service, Federated, CanonicalUser []string
}

type condView struct {
	Operator, Key string
	Values        []Value
}

func exported(p *Policy) policyView {
	v := policyView{Kind: p.Kind, Version: p.Version, ID: p.ID}
	for _, st := range p.Statements {
		sv := stmtView{Sid: st.Sid, Effect: st.Effect, NotPrincipal: st.NotPrincipal, Actions: st.Actions,
			NotAction: st.NotAction, Resources: st.Resources, NotResource: st.NotResource}
		if st.Principal != nil {
			pr := st.Principal
			sv.Principal = &principalView{pr.Wildcard, pr.AWS, pr.Service, pr.Federated, pr.CanonicalUser}
		}
		for _, c := range st.Conditions {
			sv.Conditions = append(sv.Conditions, condView{c.Operator, c.Key, c.Values})
		}
		v.Statements = append(v.Statements, sv)
	}
	return v
}

// TestErrorsQuoteAShortPrefix checks that a syntax error about a huge
// element, value or key quotes its first 64 code points and "…", not the
// whole of it.
func TestErrorsQuoteAShortPrefix(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("é", 1<<20)
	head := strings.Repeat("é", 64) + "…"
	docs := map[string]string{
		"unknown element":  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"},"` + big + `": 1}`,
		"effect":           `{"Version":"2012-10-17","Statement":{"Effect":"` + big + `","Action":"s3:*","Resource":"*"}}`,
		"action":           `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"` + big + `","Resource":"*"}}`,
		"resource":         `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"` + big + `"}}`,
		"operator":         `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"` + big + `":{"a:b":"c"}}}}`,
		"condition value":  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NumericEquals":{"a:b":"` + big + `"}}}}`,
		"policy variable":  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${` + big + `"}}`,
		"version":          `{"Version":"` + big + `","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		"principal":        `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"` + big + `","Action":"s3:*","Resource":"*"}}`,
		"statement member": `{"Version":"2012-10-17","Statement":{"` + big + `":1,"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
	}
	for name, doc := range docs {
		kind := Identity
		if name == "principal" {
			kind = Resource
		}
		_, err := Parse(doc, kind)
		if err == nil {
			t.Errorf("%s: parsed", name)
			continue
		}
		if msg := err.Error(); len(msg) > 400 || !strings.Contains(msg, head) {
			t.Errorf("%s: error of %d bytes, want a short one quoting %d code points and …: %.300s", name, len(msg), 64, msg)
		}
	}
}
