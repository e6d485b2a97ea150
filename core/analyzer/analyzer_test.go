package analyzer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/catalog"
)

func TestPositionsCountCodePoints(t *testing.T) {
	t.Parallel()
	// "é" is two bytes and "𝄞" four; ValidatePolicy counts code points.
	doc := "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Caf\u00e9\", \"Effect\": \"Allow\",\n" +
		"  \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::\U0001D11E/*\", \"Condition\": {\"StringEquals\": {\"aws:CurrentTime\": \"x\"}}}]}"
	findings := Validate(doc, Options{PolicyType: IdentityPolicy}, fixtureCatalog())
	got := map[string]string{}
	for _, f := range findings {
		got[f.IssueCode] = where(f.Locations[0])
	}
	want := map[string]string{
		"UNSUPPORTED_SID": "1:48:48-1:54:54 Statement[0].Sid",
		"TYPE_MISMATCH":   "2:91:166-2:108:183 Statement[0].Condition.StringEquals{aws:CurrentTime}",
	}
	for code, w := range want {
		if got[code] != w {
			t.Errorf("%s at %q, want %q (all: %v)", code, got[code], w, got)
		}
	}
}

func TestCleanPolicies(t *testing.T) {
	t.Parallel()
	cat, err := siteCatalog()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
		doc  string
	}{
		{"identity", Options{PolicyType: IdentityPolicy}, `{"Version": "2012-10-17", "Statement": [
			{"Sid": "List", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos",
			 "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}},
			{"Sid": "ReadWrite", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::photos/home/${aws:username}/*"},
			{"Sid": "Office", "Effect": "Deny", "Action": "*", "Resource": "*",
			 "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "Bool": {"aws:ViaAWSService": "false"}}},
			{"Sid": "Streams", "Effect": "Allow", "Action": ["kinesis:PutRecord", "kinesis:PutRecords"], "Resource": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"},
			{"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/app-*",
			 "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
			{"Sid": "Tags", "Effect": "Allow", "Action": "iam:TagUser", "Resource": "*",
			 "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "StringEquals": {"aws:RequestTag/team": "blue"}}}]}`},
		{"bucket policy", Options{PolicyType: ResourcePolicy, ResourceType: "AWS::S3::Bucket"}, `{"Version": "2012-10-17", "Statement": [
			{"Sid": "TLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::photos", "arn:aws:s3:::photos/*"],
			 "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
			{"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::photos/public/*"}]}`},
		{"trust policy", Options{PolicyType: ResourcePolicy, ResourceType: RoleTrustPolicy}, `{"Version": "2012-10-17", "Statement": [
			{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
			 "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if f := Validate(tt.doc, tt.opts, cat); len(f) != 0 {
				b, _ := json.MarshalIndent(f, "", "  ")
				t.Errorf("findings for a clean policy:\n%s", b)
			}
		})
	}
}

func TestWithoutCatalog(t *testing.T) {
	t.Parallel()
	doc := `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*", "Condition": {"StringEquals": {"aws:Nope": "x"}}}]}`
	var codes []string
	for _, f := range Validate(doc, Options{}, nil) {
		codes = append(codes, f.IssueCode)
	}
	if strings.Join(codes, " ") != "MISSING_VERSION" {
		t.Errorf("without a catalog got %v, want only the grammar and structure findings", codes)
	}
}

// TestHostileInput checks that big or deep documents get a bounded answer.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	cat, err := siteCatalog()
	if err != nil {
		cat = fixtureCatalog()
	}
	var actions []string
	for i := range 4000 {
		actions = append(actions, fmt.Sprintf("%q", fmt.Sprintf("ec2:*a*b*c*%d*", i)))
	}
	var resources []string
	for i := range 2000 {
		resources = append(resources, fmt.Sprintf("%q", fmt.Sprintf("arn:aws:ec2:*:*:instance/*%d*x*", i)))
	}
	wide := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [` + strings.Join(actions, ",") +
		`], "Resource": [` + strings.Join(resources, ",") + `]}]}`
	var stmts []string
	for i := range 1500 {
		stmts = append(stmts, fmt.Sprintf(`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b%d/*"}`, i))
	}
	many := `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",") + `]}`
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	for name, doc := range map[string]string{"wide": wide, "many statements": many, "deep": deep} {
		if len(doc) > MaxDocumentSize {
			doc = doc[:MaxDocumentSize]
		}
		// The work is bounded by the budget (BenchmarkValidate measures
		// it); what a user sees is a bounded answer.
		if f := Validate(doc, Options{}, cat); len(f) > maxFindings {
			t.Errorf("%s: %d findings, more than %d", name, len(f), maxFindings)
		}
	}
	if f := Validate(strings.Repeat(" ", MaxDocumentSize+1), Options{}, cat); len(f) != 1 || f[0].IssueCode != "JSON_SYNTAX_ERROR" {
		t.Errorf("oversized document: %v", f)
	}
}

func call(t *testing.T, s *Service, input string) (any, []api.Action, error) {
	t.Helper()
	ops := s.Ops()
	if len(ops) != 1 || ops[0].Name != "access-analyzer:ValidatePolicy" || ops[0].Mutates {
		t.Fatalf("Ops() = %+v", ops)
	}
	acts, run, err := ops[0].Prepare(&api.Env{}, []byte(input))
	if err != nil {
		return nil, nil, err
	}
	out, err := run()
	return out, acts, err
}

func TestValidatePolicyOperation(t *testing.T) {
	t.Parallel()
	s := New(func() (*catalog.Catalog, error) { return fixtureCatalog(), nil })
	doc := `{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetObjekt\", \"s4:x\"], \"Resource\": \"*\"}]}`
	tests := []struct {
		name, input, code, msg string
		findings               int
		next                   string
	}{
		{"all", `{"policyDocument": "` + doc + `", "policyType": "IDENTITY_POLICY"}`, "", "", 3, ""},
		{"first page", `{"policyDocument": "` + doc + `", "policyType": "IDENTITY_POLICY", "maxResults": 2}`, "", "", 2, "2"},
		{"second page", `{"policyDocument": "` + doc + `", "policyType": "IDENTITY_POLICY", "maxResults": 2, "nextToken": "2"}`, "", "", 1, ""},
		{"locale", `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY", "locale": "FR"}`, "", "", 2, ""},
		{"missing type", `{"policyDocument": "{}"}`, "ValidationException", `Missing required parameter in input: "policyType"`, 0, ""},
		{"bad type", `{"policyDocument": "{}", "policyType": "IDENTITY"}`, "ValidationException",
			"1 validation error detected: Value 'IDENTITY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]", 0, ""},
		{"typo", `{"policyDocument": "{}", "PolicyType": "IDENTITY_POLICY"}`, "ValidationException", "", 0, ""},
		{"resource type with identity", `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY", "validatePolicyResourceType": "AWS::S3::Bucket"}`, "ValidationException", "", 0, ""},
		{"bad locale", `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY", "locale": "XX"}`, "ValidationException", "", 0, ""},
		{"bad max", `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY", "maxResults": 0}`, "ValidationException", "", 0, ""},
		{"bad token", `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY", "nextToken": "x"}`, "ValidationException", "Invalid pagination token", 0, ""},
		{"too big", `{"policyDocument": "` + strings.Repeat(" ", MaxDocumentSize+1) + `", "policyType": "IDENTITY_POLICY"}`, "ValidationException", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, acts, err := call(t, s, tt.input)
			if tt.code != "" {
				var e *api.Error
				if !errors.As(err, &e) || e.Code != tt.code || (tt.msg != "" && e.Message != tt.msg) {
					t.Fatalf("got %v, want %s: %s", err, tt.code, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(acts) != 1 || acts[0].Action != "access-analyzer:ValidatePolicy" || acts[0].Resource != "*" {
				t.Errorf("actions = %+v", acts)
			}
			b, _ := json.Marshal(out)
			var o struct {
				Findings  []Finding `json:"findings"`
				NextToken *string   `json:"nextToken"`
			}
			if err := json.Unmarshal(b, &o); err != nil {
				t.Fatal(err)
			}
			next := ""
			if o.NextToken != nil {
				next = *o.NextToken
			}
			if len(o.Findings) != tt.findings || next != tt.next {
				t.Errorf("%d findings, nextToken %q; want %d, %q\n%s", len(o.Findings), next, tt.findings, tt.next, b)
			}
		})
	}
	broken := New(func() (*catalog.Catalog, error) { return nil, errors.New("offline") })
	if _, _, err := call(t, broken, `{"policyDocument": "{}", "policyType": "IDENTITY_POLICY"}`); err == nil || !strings.Contains(err.Error(), "InternalServerException") {
		t.Errorf("catalog failure: %v", err)
	}
}

func TestOutputShape(t *testing.T) {
	t.Parallel()
	f := Validate(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjekt"], "Resource": "*"}]}`, Options{}, fixtureCatalog())
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"findingDetails":"The action s3:GetObjekt does not exist. Did you mean s3:GetObject?","findingType":"ERROR","issueCode":"INVALID_ACTION",` +
		`"learnMoreLink":"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action",` +
		`"locations":[{"path":[{"value":"Statement"},{"index":0},{"value":"Action"},{"index":1}],"span":{"start":{"line":1,"column":87,"offset":87},"end":{"line":1,"column":101,"offset":101}}}]}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back []Finding
	if err := json.Unmarshal(b, &back); err != nil || back[0].Locations[0].Path[1] != (PathElement{Kind: IndexElement, Index: 0}) {
		t.Errorf("round trip: %v %+v", err, back)
	}
}

// FuzzValidate checks that no document makes Validate panic, and that
// every span lies within the document and agrees with itself: its line and
// column are those of its offset, counted in code points (invalid bytes
// count one each).
func FuzzValidate(f *testing.F) {
	for _, doc := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObjekt"], "Resource": "arn:aws:s3:::b/*"}]}`,
		`{"Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::1:role/${aws:username}", "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["a*"]}}}}`,
		`{"Statement": [{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"aws:x": true}}}]}`,
		"{\"Sid\": \"caf\u00e9\"",
		"\"\\\u00e9", // a bad escape before a two-byte character: its span ran past the end
		"{\"a\":\n \"\\\u20ac\"}",
		"\"\\\xff",
		"{\"Id\": \"\u00e9\u65e5\u672c\U0001F600\",\r\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"arn:aws:s3:::b/\u65e5/${}\"}}",
		"{\"Sid\": \"\\ud800\"}",
	} {
		f.Add(doc, 0)
		f.Add(doc, 1)
	}
	kinds := []Options{{PolicyType: IdentityPolicy}, {PolicyType: ResourcePolicy}, {PolicyType: ResourcePolicy, ResourceType: RoleTrustPolicy}, {PolicyType: ServiceControlPolicy}}
	f.Fuzz(func(t *testing.T, doc string, kind int) {
		if kind < 0 {
			kind = -kind
		}
		findings := Validate(doc, kinds[kind%len(kinds)], fixtureCatalog())
		runes := []rune(doc)
		for _, fd := range findings {
			for _, l := range fd.Locations {
				s := l.Span
				if s.Start.Offset < 0 || s.End.Offset > len(runes) || s.Start.Offset > s.End.Offset {
					t.Fatalf("%s: span %+v outside a document of %d code points", fd.IssueCode, s, len(runes))
				}
				if len(l.Path) == 0 && s == (Span{}) {
					continue // a finding about the whole document
				}
				for _, p := range []Position{s.Start, s.End} {
					if want := positionAt(runes, p.Offset); p != want {
						t.Fatalf("%s: position %+v, but offset %d is at %+v", fd.IssueCode, p, p.Offset, want)
					}
				}
			}
		}
	})
}

// positionAt is the Position of the code point at offset: line from 1,
// column from 0.
func positionAt(runes []rune, offset int) Position {
	p := Position{Line: 1, Offset: offset}
	for _, r := range runes[:offset] {
		if r == '\n' {
			p.Line++
			p.Column = 0
		} else {
			p.Column++
		}
	}
	return p
}

// TestSyntaxErrorSpans checks where JSON_SYNTAX_ERROR points, in code
// points, for errors at and near multi-byte characters.
func TestSyntaxErrorSpans(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{"\"\\\u00e9", "1:2:2-1:3:3"},               // "\é: the é is no escape
		{"\"\\x\"", "1:2:2-1:3:3"},                  // "\x"
		{"{\"a\":\n \"\\\u20ac\"}", "2:3:9-2:4:10"}, // a bad escape on line 2
		{"\"\\", "1:2:2-1:2:2"},                     // "\ and the end
		{"\"\u00e9\u00e9", "1:3:3-1:3:3"},
		{"\"\n", "1:1:1-2:0:2"}, // a line break in a string: the span ends on the next line           // "éé, unterminated
	}
	for _, tt := range tests {
		fs := Validate(tt.doc, Options{PolicyType: IdentityPolicy}, nil)
		if len(fs) != 1 || fs[0].IssueCode != "JSON_SYNTAX_ERROR" {
			t.Errorf("%q: findings %+v, want one JSON_SYNTAX_ERROR", tt.doc, fs)
			continue
		}
		s := fs[0].Locations[0].Span
		got := fmt.Sprintf("%d:%d:%d-%d:%d:%d", s.Start.Line, s.Start.Column, s.Start.Offset, s.End.Line, s.End.Column, s.End.Offset)
		if got != tt.want {
			t.Errorf("%q: span %s, want %s", tt.doc, got, tt.want)
		}
	}
}

// TestFindingsQuoteAShortPrefix checks that findings about long elements
// quote their first 64 code points and "…", not all of them.
func TestFindingsQuoteAShortPrefix(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 50000)
	docs := []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get` + long + `", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "nosuch` + long + `:Get", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:` + long + `": "a"}}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "` + long + `", "Action": "s3:GetObject", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "` + long + `": 1}]}`,
	}
	for i, doc := range docs {
		fs := Validate(doc, Options{PolicyType: IdentityPolicy}, fixtureCatalog())
		if len(fs) == 0 {
			t.Errorf("doc %d: no findings", i)
		}
		for _, f := range fs {
			if len(f.FindingDetails) > 400 {
				t.Errorf("doc %d: %s details of %d bytes: %.200s…", i, f.IssueCode, len(f.FindingDetails), f.FindingDetails)
			}
		}
	}
}
