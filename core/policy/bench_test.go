package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// benchCorpus builds a deterministic, realistic mix of policy sets (one to
// three identity policies, up to ten statements in all, some denies and
// conditions, sometimes a bucket policy and a boundary) and requests.
func benchCorpus(n int) ([]*Set, []*Request) {
	r := rand.New(rand.NewPCG(1, 2))
	services := []string{"s3", "ec2", "iam", "kinesis", "ecs", "sts"}
	verbs := []string{"Get", "Put", "List", "Describe", "Create", "Delete"}
	nouns := []string{"Object", "Bucket", "Instances", "User", "Stream", "Records", "Task", "Role"}
	action := func() string {
		return services[r.IntN(len(services))] + ":" + verbs[r.IntN(len(verbs))] + nouns[r.IntN(len(nouns))]
	}
	actionPattern := func() string {
		switch r.IntN(4) {
		case 0:
			return services[r.IntN(len(services))] + ":*"
		case 1:
			return services[r.IntN(len(services))] + ":" + verbs[r.IntN(len(verbs))] + "*"
		}
		return action()
	}
	resource := func() string {
		switch r.IntN(3) {
		case 0:
			return fmt.Sprintf("arn:aws:s3:::bucket-%d/key-%d", r.IntN(4), r.IntN(100))
		case 1:
			return fmt.Sprintf("arn:aws:kinesis:us-east-1:123456789012:stream/s-%d", r.IntN(4))
		}
		return fmt.Sprintf("arn:aws:iam::123456789012:user/u-%d", r.IntN(10))
	}
	resourcePattern := func() string {
		switch r.IntN(4) {
		case 0:
			return "*"
		case 1:
			return fmt.Sprintf("arn:aws:s3:::bucket-%d/*", r.IntN(4))
		case 2:
			return "arn:aws:kinesis:*:123456789012:stream/*"
		}
		return resource()
	}
	conditions := []string{
		`"Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]}}`,
		`"Condition":{"Bool":{"aws:SecureTransport":"true"}}`,
		`"Condition":{"StringEquals":{"aws:PrincipalTag/team":["red","blue"]}}`,
		`"Condition":{"StringLike":{"s3:prefix":"home/*"},"NumericLessThan":{"s3:max-keys":"100"}}`,
		`"Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","owner"]}}`,
	}
	statement := func() string {
		effect := "Allow"
		if r.IntN(5) == 0 {
			effect = "Deny"
		}
		var acts []string
		for range 1 + r.IntN(3) {
			acts = append(acts, `"`+actionPattern()+`"`)
		}
		s := `{"Effect":"` + effect + `","Action":[` + strings.Join(acts, ",") + `],"Resource":"` + resourcePattern() + `"`
		if r.IntN(3) == 0 {
			s += "," + conditions[r.IntN(len(conditions))]
		}
		return s + "}"
	}
	policy := func(nStmt int) string {
		var ss []string
		for range nStmt {
			ss = append(ss, statement())
		}
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(ss, ",") + `]}`
	}
	var sets []*Set
	for i := range n {
		set := &Set{}
		total := 1 + r.IntN(10)
		nPol := 1 + r.IntN(3)
		for j := range nPol {
			k := total / nPol
			if j == 0 {
				k += total % nPol
			}
			if k == 0 {
				continue
			}
			set.Identity = append(set.Identity, Input{ID: fmt.Sprintf("s%d.p%d", i, j), Policy: MustParse(policy(k), Identity)})
		}
		if r.IntN(4) == 0 {
			set.Boundary = []Input{{ID: "boundary", Policy: MustParse(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","kinesis:*","ec2:Describe*"],"Resource":"*"}}`, Boundary)}}
		}
		if r.IntN(4) == 0 {
			set.Resource = &Input{ID: "bucket", Policy: MustParse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-1/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, Resource)}
		}
		sets = append(sets, set)
	}
	var reqs []*Request
	ips := []string{"203.0.113.10", "198.51.100.7", "2001:db8::1"}
	for range n {
		c := testCaller
		reqs = append(reqs, &Request{
			Principal: c, Action: action(), Resource: resource(),
			Context: map[string][]string{
				"aws:SourceIp":        {ips[r.IntN(len(ips))]},
				"aws:SecureTransport": {[]string{"true", "false"}[r.IntN(2)]},
				"s3:prefix":           {"home/bob"},
				"s3:max-keys":         {"10"},
			},
		})
	}
	return sets, reqs
}

// BenchmarkEvaluate measures decisions per second on the hot path (no
// trace): go test -bench Evaluate -benchmem ./core/policy/
func BenchmarkEvaluate(b *testing.B) {
	sets, reqs := benchCorpus(512)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := Evaluate(reqs[i%len(reqs)], sets[(i*7)%len(sets)], false); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

func BenchmarkEvaluateTrace(b *testing.B) {
	sets, reqs := benchCorpus(512)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Evaluate(reqs[i%len(reqs)], sets[(i*7)%len(sets)], true)
		i++
	}
}

// BenchmarkTracer is BenchmarkEvaluateTrace for the simulator's way: one
// Tracer reused, the trace appended as JSON to a reused buffer.
func BenchmarkTracer(b *testing.B) {
	sets, reqs := benchCorpus(512)
	b.ReportAllocs()
	var tr Tracer
	var out []byte
	i := 0
	for b.Loop() {
		tr.Evaluate(reqs[i%len(reqs)], sets[(i*7)%len(sets)])
		out = tr.AppendTrace(out[:0])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// TestEvaluateNoAllocs holds the hot path to zero allocations for
// policies without variables.
func TestEvaluateNoAllocs(t *testing.T) {
	sets, reqs := benchCorpus(64)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		Evaluate(reqs[i%len(reqs)], sets[(i*3)%len(sets)], false)
		i++
	})
	if allocs != 0 {
		t.Errorf("Evaluate without trace allocates %v times per call, want 0", allocs)
	}
}

// TestTracerMatchesEvaluate holds the JSON a Tracer writes to the bytes
// encoding/json writes for the Trace of Evaluate (without HTML escaping),
// and its other findings to the Result's, over the benchmark corpus and the
// golden cases, with one Tracer reused throughout as the simulator does.
func TestTracerMatchesEvaluate(t *testing.T) {
	t.Parallel()
	sets, reqs := benchCorpus(256)
	for _, c := range evalCases() {
		sets, reqs = append(sets, &c.set), append(reqs, &c.req)
	}
	var tr Tracer
	for i := range 4 * len(reqs) {
		req, set := reqs[i%len(reqs)], sets[(i*7)%len(sets)]
		if i >= 3*len(reqs) { // the golden cases with their own requests
			req, set = reqs[i%len(reqs)], sets[i%len(sets)]
		}
		want, wantErr := Evaluate(req, set, true)
		d, err := tr.Evaluate(req, set)
		if (err != nil) != (wantErr != nil) || d != want.Decision {
			t.Fatalf("case %d: Tracer = %v, %v; Evaluate = %v, %v", i, d, err, want.Decision, wantErr)
		}
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(want.Trace); err != nil {
			t.Fatal(err)
		}
		wantJSON := strings.TrimSuffix(buf.String(), "\n")
		// The simulator has always written no policies as [].
		wantJSON = strings.Replace(wantJSON, `"Policies":null`, `"Policies":[]`, 1)
		if got := string(tr.AppendTrace(nil)); got != wantJSON {
			t.Fatalf("case %d: AppendTrace\n got %s\nwant %s", i, got, buf.String())
		}
		got := Result{Decision: d, MatchedStatements: tr.MatchedStatements(), MissingContextValues: tr.MissingContextValues(),
			EvalDecisionDetails: map[string]Decision{}}
		for _, dd := range tr.DecisionDetails() {
			got.EvalDecisionDetails[dd.PolicyType] = dd.Decision
		}
		if allowed, ok := tr.BoundaryDetail(); ok {
			got.PermissionsBoundaryDecisionDetail = &BoundaryDetail{AllowedByPermissionsBoundary: allowed}
		}
		got.Trace = want.Trace
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("case %d: Tracer differs from Evaluate (-want +got):\n%s", i, diff)
		}
	}
}

// TestTracerAllocs holds the traced path to a handful of allocations per
// evaluation once a Tracer's buffers have grown.
func TestTracerAllocs(t *testing.T) {
	sets, reqs := benchCorpus(64)
	var tr Tracer
	var b []byte
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		tr.Evaluate(reqs[i%len(reqs)], sets[(i*3)%len(sets)])
		b = tr.AppendTrace(b[:0])
		i++
	})
	if allocs > 1 {
		t.Errorf("Tracer allocates %v times per evaluation, want at most 1", allocs)
	}
}
