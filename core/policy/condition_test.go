package policy

import (
	"testing"
	"time"
)

// Condition semantics follow
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and, for set operators,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

type condCase struct {
	name string
	cond string // the Condition element
	ctx  map[string][]string
	want bool
}

var testCaller = Caller{
	Type: User, ARN: "arn:aws:iam::123456789012:user/Bob", Account: "123456789012",
	UserID: "AIDAEXAMPLEBOB", Name: "Bob", Tags: map[string]string{"team": "red"},
}

func runCondCases(t *testing.T, version string, tests []condCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := `{"Version":"` + version + `","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + tt.cond + `}}`
			p, err := Parse(src, Identity)
			if err != nil {
				t.Fatal(err)
			}
			req := &Request{Principal: testCaller, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: tt.ctx,
				Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			got, _, err := p.Statements[0].match(req, p, false)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("condition %s with %v = %v, want %v (reason %q)", tt.cond, tt.ctx, got, tt.want, p.Statements[0].appendReason(nil, req, p, false))
			}
		})
	}
}

func ctx(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

func TestConditionString(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"equals", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, ctx("aws:PrincipalTag/job-category", "iamuser-admin"), true},
		{"equals is case-sensitive", `{"StringEquals":{"s3:prefix":"Home"}}`, ctx("s3:prefix", "home"), false},
		{"key is case-insensitive", `{"StringEquals":{"S3:PREFIX":"home"}}`, ctx("s3:prefix", "home"), true},
		{"several values are ORed", `{"StringEquals":{"s3:prefix":["a","home"]}}`, ctx("s3:prefix", "home"), true},
		{"missing key is false", `{"StringEquals":{"s3:prefix":"home"}}`, nil, false},
		{"not equals missing key is true", `{"StringNotEquals":{"s3:prefix":"home"}}`, nil, true},
		{"not equals several values act as AND", `{"StringNotEquals":{"aws:PrincipalTag/role":["audit","security"]}}`, ctx("aws:PrincipalTag/role", "audit"), false},
		{"not equals none of several", `{"StringNotEquals":{"aws:PrincipalTag/role":["audit","security"]}}`, ctx("aws:PrincipalTag/role", "dev"), true},
		{"ignore case", `{"StringEqualsIgnoreCase":{"s3:prefix":"HOME"}}`, ctx("s3:prefix", "home"), true},
		{"not equals ignore case", `{"StringNotEqualsIgnoreCase":{"s3:prefix":"HOME"}}`, ctx("s3:prefix", "home"), false},
		{"like", `{"StringLike":{"s3:prefix":["marketing/*"]}}`, ctx("s3:prefix", "marketing/q1"), true},
		{"like question", `{"StringLike":{"s3:prefix":"q?"}}`, ctx("s3:prefix", "q1"), true},
		{"not like", `{"StringNotLike":{"s3:prefix":"marketing/*"}}`, ctx("s3:prefix", "sales/q1"), true},
		{"not like missing key is true", `{"StringNotLike":{"s3:prefix":"marketing/*"}}`, nil, true},
		{"several keys are ANDed", `{"StringEquals":{"s3:prefix":"a","s3:delimiter":"/"}}`, ctx("s3:prefix", "a"), false},
		{"several operators are ANDed", `{"StringEquals":{"s3:prefix":"a"},"StringLike":{"s3:delimiter":"/"}}`, ctx("s3:prefix", "a", "s3:delimiter", "/"), true},
		{"IfExists missing key is true", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, nil, true},
		{"IfExists present key is tested", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctx("ec2:InstanceType", "m5.large"), false},
		{"number value compared as text", `{"StringEquals":{"s3:max-keys":10}}`, ctx("s3:max-keys", "10"), true},
		{"derived aws:username", `{"StringEquals":{"aws:username":"Bob"}}`, nil, true},
		{"derived principal tag, key case-insensitive", `{"StringEquals":{"aws:PrincipalTag/Team":"red"}}`, nil, true},
	})
}

func TestConditionSetOperators(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx("aws:TagKeys", "environment"), true},
		{"ForAllValues not subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx("aws:TagKeys", "environment", "aws:TagKeys", "owner"), false},
		{"ForAllValues missing key is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":"environment"}}`, nil, true},
		{"ForAllValues empty key is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":"environment"}}`, map[string][]string{"aws:TagKeys": {}}, true},
		{"ForAllValues StringNotLike doc example no match", `{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}`, ctx("aws:TagKeys", "key1:hr", "aws:TagKeys", "key1:personnel"), false},
		{"ForAllValues StringNotLike doc example match", `{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}`, ctx("aws:TagKeys", "key2:audit"), true},
		{"ForAnyValue one matches", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx("aws:TagKeys", "owner", "aws:TagKeys", "environment"), true},
		{"ForAnyValue none matches", `{"ForAnyValue:StringEquals":{"aws:TagKeys":"environment"}}`, ctx("aws:TagKeys", "owner"), false},
		{"ForAnyValue missing key is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":"environment"}}`, nil, false},
		{"ForAnyValue negated: some value matches none", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"environment"}}`, ctx("aws:TagKeys", "environment", "aws:TagKeys", "owner"), true},
		{"plain negated over multivalued key", `{"StringNotEquals":{"aws:TagKeys":"environment"}}`, ctx("aws:TagKeys", "environment", "aws:TagKeys", "owner"), false},
	})
}

func TestConditionNumeric(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"less than", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "10"), true},
		{"less than fails", `{"NumericLessThan":{"s3:max-keys":10}}`, ctx("s3:max-keys", "10"), false},
		{"greater than float", `{"NumericGreaterThan":{"aws:MultiFactorAuthAge":"3600.5"}}`, ctx("aws:MultiFactorAuthAge", "3601"), true},
		{"equals", `{"NumericEquals":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "10.0"), true},
		{"not equals", `{"NumericNotEquals":{"s3:max-keys":["10","20"]}}`, ctx("s3:max-keys", "20"), false},
		{"greater equals", `{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "11"), true},
		{"missing key", `{"NumericLessThan":{"s3:max-keys":"10"}}`, nil, false},
	})
}

func TestConditionDate(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"ISO before", `{"DateLessThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, nil, true},
		{"ISO after", `{"DateGreaterThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, nil, false},
		{"date only", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-01-01"}}`, nil, true},
		{"epoch policy value", `{"DateEquals":{"aws:CurrentTime":1767225600}}`, nil, true},
		{"epoch request value vs ISO policy", `{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:01Z"}}`, ctx("aws:TokenIssueTime", "1767225600"), true},
		{"ISO request vs epoch policy", `{"DateEquals":{"aws:TokenIssueTime":"1767225600"}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), true},
		{"offset", `{"DateEquals":{"aws:TokenIssueTime":"2026-01-01T01:00:00+01:00"}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), true},
		{"not equals", `{"DateNotEquals":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, nil, true},
		{"missing epoch key", `{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01"}}`, nil, false},
	})
}

func TestConditionBoolBinaryNull(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"bool true string", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx("aws:SecureTransport", "true"), true},
		{"bool JSON boolean", `{"Bool":{"aws:SecureTransport":false}}`, ctx("aws:SecureTransport", "true"), false},
		{"bool case-insensitive", `{"Bool":{"aws:MultiFactorAuthPresent":"TRUE"}}`, ctx("aws:MultiFactorAuthPresent", "true"), true},
		{"bool missing key", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, nil, false},
		{"bool IfExists missing", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true},
		{"binary", `{"BinaryEquals":{"svc:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx("svc:key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="), true},
		{"binary differs", `{"BinaryEquals":{"svc:key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx("svc:key", "AAAA"), false},
		{"null true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"null true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), false},
		{"null false present", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), true},
		{"null false absent", `{"Null":{"aws:TokenIssueTime":false}}`, nil, false},
	})
}

func TestConditionIP(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"in range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "203.0.113.10"), true},
		{"out of range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "198.51.100.7"), false},
		{"single address", `{"IpAddress":{"aws:SourceIp":"203.0.113.10"}}`, ctx("aws:SourceIp", "203.0.113.10"), true},
		{"IPv6 in range", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, ctx("aws:SourceIp", "2001:db8:1234:5678::1"), true},
		{"IPv6 out of range", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, ctx("aws:SourceIp", "2001:db8:1234:5679::1"), false},
		{"IPv4 vs IPv6 range", `{"IpAddress":{"aws:SourceIp":"::/0"}}`, ctx("aws:SourceIp", "203.0.113.10"), false},
		{"IPv4-mapped request", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "::ffff:203.0.113.10"), true},
		{"not ip several ranges act as AND", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, ctx("aws:SourceIp", "203.0.113.10"), false},
		{"not ip outside all", `{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, ctx("aws:SourceIp", "198.51.100.7"), true},
		{"not ip missing key", `{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, nil, true},
	})
}

func TestConditionARN(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"arn equals", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}}`, ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topic"), true},
		{"arn like segments", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, ctx("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:t"), true},
		{"arn like wrong account", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, ctx("aws:SourceArn", "arn:aws:sns:eu-west-1:999999999999:t"), false},
		{"arn not like", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin*"}}`, ctx("aws:PrincipalArn", "arn:aws:iam::123456789012:role/Dev"), true},
		{"arn not equals derived principal arn", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/Bob"}}`, nil, false},
		{"arn like missing key", `{"ArnLike":{"aws:SourceArn":"arn:*"}}`, nil, false},
	})
}

// TestConditionVariables follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
func TestConditionVariables(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"username", `{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}`, ctx("s3:prefix", "home/Bob/x"), true},
		{"other user", `{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}`, ctx("s3:prefix", "home/Alice/x"), false},
		{"escapes are literal", `{"StringLike":{"s3:prefix":"a${*}b${?}${$}"}}`, ctx("s3:prefix", "a*b?$"), true},
		{"escaped star is not a wildcard", `{"StringLike":{"s3:prefix":"a${*}"}}`, ctx("s3:prefix", "ab"), false},
		{"default value", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/project, 'company-wide'}"}}`, ctx("s3:prefix", "company-wide"), true},
		{"missing variable makes statement not apply", `{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/project}"}}`, ctx("s3:prefix", "x"), false},
		{"context key as variable", `{"StringEquals":{"aws:PrincipalTag/team":"${aws:RequestTag/team}"}}`, ctx("aws:RequestTag/team", "red"), true},
	})
	runCondCases(t, Version2008, []condCase{
		{"2008: no substitution", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx("s3:prefix", "${aws:username}"), true},
		{"2008: username not substituted", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx("s3:prefix", "Bob"), false},
	})
}

func TestConditionRequestValueErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cond string
		ctx        map[string][]string
		want       string
	}{
		{"numeric", `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "ten"), `policy "p" statement 0: NumericLessThan s3:max-keys: request value "ten" is not a number`},
		{"ip", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ctx("aws:SourceIp", "local"), `policy "p" statement 0: IpAddress aws:SourceIp: request value "local" is not an IP address`},
		{"date", `{"DateLessThan":{"aws:CurrentTime":"2026-01-01"}}`, ctx("aws:CurrentTime", "now"), `policy "p" statement 0: DateLessThan aws:CurrentTime: request value "now" is not a date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := MustParse(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":`+tt.cond+`}}`, Identity)
			req := &Request{Principal: testCaller, Action: "s3:ListBucket", Resource: "*", Context: tt.ctx}
			r, err := Evaluate(req, &Set{Identity: []Input{{ID: "p", Policy: p}}}, false)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if r.Allowed() {
				t.Errorf("decision %v with an error, want implicitDeny", r.Decision)
			}
		})
	}
}
