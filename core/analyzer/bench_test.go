package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// policy100 is a 100-line identity policy of the usual kind: six
// statements with action lists, wildcards, ARNs and conditions, and a few
// mistakes, so that every check runs.
func policy100() string {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := range 6 {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {
      "Sid": "S%d",
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:List*",
        "ec2:Describe*",
        "kinesis:PutRecord%s"
      ],
      "Resource": [
        "arn:aws:s3:::bucket-%d/*",
        "arn:aws:s3:::bucket-%d"
      ],
      "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }`, i, map[bool]string{true: "z", false: ""}[i%5 == 0], i, i)
	}
	b.WriteString("\n  ]\n}\n")
	return b.String()
}

func BenchmarkValidatePolicy100Lines(b *testing.B) {
	cat, err := siteCatalog()
	if err != nil {
		b.Fatal(err) // site/iam-catalog.json is in the repository
	}
	doc := policy100()
	b.ReportMetric(float64(strings.Count(doc, "\n")), "lines")
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		Validate(doc, Options{PolicyType: IdentityPolicy}, cat)
	}
}

func TestPolicy100(t *testing.T) {
	t.Parallel()
	cat, err := siteCatalog()
	if err != nil {
		t.Fatal(err) // site/iam-catalog.json is in the repository
	}
	doc := policy100()
	if n := strings.Count(doc, "\n"); n < 95 || n > 110 {
		t.Fatalf("policy100 has %d lines", n)
	}
	var codes []string
	for _, f := range Validate(doc, Options{PolicyType: IdentityPolicy}, cat) {
		codes = append(codes, f.IssueCode)
	}
	// The typo in 2 of 6 statements; the same-signature statements cover
	// each other only when their resources do, which they don't.
	if want := "INVALID_ACTION INVALID_ACTION"; strings.Join(codes, " ") != want {
		t.Errorf("findings %v, want %s", codes, want)
	}
}
