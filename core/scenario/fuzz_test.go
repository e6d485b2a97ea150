package scenario

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/scenario/builtin"
)

// FuzzExportLoad checks the promise of saved work: after any sequence of
// operations on the default account, loading the export reproduces the
// account.
func FuzzExportLoad(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 5))
	for range 8 {
		f.Add(randomBytes(r, 400))
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		checkExportLoad(t, ops)
	})
}

// TestExportLoadRoundTrip runs FuzzExportLoad's property over a few
// hundred fixed random sequences, so that every run checks it.
func TestExportLoadRoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(20261204, 7))
	for i := range 300 {
		ops := randomBytes(r, 60+r.IntN(600))
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			checkExportLoad(t, ops)
		})
	}
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// checkExportLoad applies the operations ops chooses to the default
// account, exporting after each as the page saves, then loads the export
// and compares the two accounts.
func checkExportLoad(t *testing.T, ops []byte) {
	a, m, err := Load(builtin.Default())
	if err != nil {
		t.Fatal(err)
	}
	g := &opGen{in: ops, a: a}
	if g.byte()%2 == 0 {
		g.setup()
	}
	var e Exporter
	for n := 0; n < 150 && g.more(); n++ {
		g.step()
		if n%16 == 0 {
			if got, want := e.Export(a, m), Export(a, m); !bytes.Equal(got, want) {
				t.Fatalf("after %d operations the Exporter and Export differ", n+1)
			}
		}
	}
	if s := g.principal(); a.CanCall(s) {
		m.ActingAs = s
	}
	out := Export(a, m)
	if got := e.Export(a, m); !bytes.Equal(got, out) {
		t.Fatalf("the Exporter and Export differ")
	}
	b, m2, err := LoadSaved(out)
	if err != nil {
		t.Fatalf("the export does not load: %v\n%s", err, out)
	}
	if got := Export(b, m2); !bytes.Equal(got, out) {
		t.Fatalf("the reloaded account exports differently: %s", cmp.Diff(string(out), string(got)))
	}
	if d := cmp.Diff(a.View(), b.View()); d != "" {
		t.Fatalf("the reloaded account shows differently (-saved +loaded):\n%s", d)
	}
	for _, c := range listCalls(a) {
		want, werr := a.Call(root, c.op, []byte(c.input))
		got, gerr := b.Call(root, c.op, []byte(c.input))
		if !bytes.Equal(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Fatalf("%s %s on the reloaded account:\n%s %v\nwant\n%s %v", c.op, c.input, got, gerr, want, werr)
		}
	}
}

type call struct{ op, input string }

// listCalls lists the account's lists, and one more id drawn.
func listCalls(a *cloud.Account) []call {
	calls := []call{
		{"iam:ListUsers", `{}`}, {"iam:ListGroups", `{}`}, {"iam:ListRoles", `{}`},
		{"iam:ListPolicies", `{"Scope":"Local"}`}, {"s3:ListBuckets", `{}`},
	}
	for _, bk := range a.View().S3.Buckets {
		calls = append(calls, call{"s3:ListObjectsV2", fmt.Sprintf(`{"Bucket":%q}`, bk.Name)})
	}
	return append(calls, call{"iam:CreateUser", `{"UserName":"next-id"}`}, call{"iam:CreatePolicy", `{"PolicyName":"next-id","PolicyDocument":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}`})
}

// opGen turns bytes into operations on an account: mostly valid ones, by
// root or by other principals, with some that fail or are denied.
type opGen struct {
	in       []byte
	a        *cloud.Account
	sessions []string // ARNs of role sessions made so far
}

func (g *opGen) more() bool { return len(g.in) > 0 }

func (g *opGen) byte() byte {
	if len(g.in) == 0 {
		return 0
	}
	b := g.in[0]
	g.in = g.in[1:]
	return b
}

func pick[T any](g *opGen, xs ...T) T { return xs[int(g.byte())%len(xs)] }

const acct = "arn:aws:iam::123456789012:"

var (
	users    = []string{"Alice", "Bob", "Charles", "David", "Edward", "Fred", "Zoe", "Yan"}
	groups   = []string{"Developers", "Operations", "Audit", "Temps"}
	roles    = []string{"Deploy", "ReadOnly"}
	policies = []string{"p1", "p2"}
	buckets  = []string{"b-one", "b-two", "my-bucket"}
	keys     = []string{"k", "dir/k2", "a b"}
	docs     = []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:AssumeRole"],"Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*"}`, // malformed
	}
	managed = []string{"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess", acct + "policy/p1", acct + "policy/p2", acct + "policy/none"}
)

func trust(who string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"sts:AssumeRole"}]}`, who)
}

func bucketPolicy(bucket, who string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"s3:*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}]}`, who, bucket, bucket)
}

func str(s string) string { j, _ := json.Marshal(s); return string(j) }

// principal picks a caller: usually root, else a user or a role session
// (which may have expired, or never existed).
func (g *opGen) principal() string {
	switch b := g.byte(); {
	case b < 128:
		return root
	case b < 200 || len(g.sessions) == 0:
		return acct + "user/" + pick(g, users...)
	default:
		return g.sessions[int(b)%len(g.sessions)]
	}
}

// setup gives some users the right to assume a role that trusts the
// account, so that role sessions act in many sequences.
func (g *opGen) setup() {
	for _, c := range []call{
		{"iam:CreateRole", fmt.Sprintf(`{"RoleName":"Deploy","AssumeRolePolicyDocument":%s}`, str(trust(acct+"root")))},
		{"iam:AttachRolePolicy", `{"RoleName":"Deploy","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`},
		{"iam:PutUserPolicy", fmt.Sprintf(`{"UserName":"Alice","PolicyName":"assume","PolicyDocument":%s}`, str(docs[1]))},
		{"iam:AttachUserPolicy", `{"UserName":"Bob","PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`},
	} {
		if _, err := g.a.Call(root, c.op, []byte(c.input)); err != nil {
			panic(fmt.Sprintf("setup: %s: %v", c.op, err))
		}
	}
}

// step makes one operation.
func (g *opGen) step() {
	if g.byte()%8 == 0 {
		g.advance()
		return
	}
	caller := g.principal()
	op, input := g.operation()
	if op == "sts:AssumeRole" && g.byte()%4 != 0 {
		caller = acct + "user/" + pick(g, users...)
	}
	var ctx cloud.Context
	if g.byte()%4 == 0 {
		ctx = cloud.Context{"aws:SourceIp": json.RawMessage(pick(g, `"198.51.100.7"`, `"203.0.113.10"`, `["198.51.100.7"]`))}
	}
	out, err := g.a.CallContext(caller, op, []byte(input), ctx)
	if err == nil && op == "sts:AssumeRole" {
		var res struct{ AssumedRoleUser struct{ Arn string } }
		json.Unmarshal(out, &res)
		g.sessions = append(g.sessions, res.AssumedRoleUser.Arn)
	}
}

// advance moves time by a few milliseconds up to the longest advance a
// step holds (and, twice in a row, beyond).
func (g *opGen) advance() {
	switch g.byte() % 5 {
	case 0:
		g.a.Advance(int64(g.byte()))
	case 1:
		g.a.Advance(int64(g.byte()) * 1003)
	case 2:
		g.a.Advance(int64(g.byte()) * 60_000) // past a session's hour, sometimes
	case 3:
		g.a.Advance(int64(g.byte())*1e9 + int64(g.byte()))
	default:
		g.a.Advance(maxAdvanceMillis - int64(g.byte()))
	}
}

func (g *opGen) operation() (op, input string) {
	u, gr, r, p, bk := pick(g, users...), pick(g, groups...), pick(g, roles...), pick(g, policies...), pick(g, buckets...)
	switch g.byte() % 34 {
	case 0:
		return "iam:CreateUser", fmt.Sprintf(`{"UserName":%q,"Path":%q,"Tags":[{"Key":"team","Value":%q}]}`, u, pick(g, "/", "/ops/"), pick(g, "web", "mobile"))
	case 1:
		return "iam:CreateUser", fmt.Sprintf(`{"UserName":%q}`, u)
	case 2:
		return "iam:DeleteUser", fmt.Sprintf(`{"UserName":%q}`, u)
	case 3:
		return "iam:CreateGroup", fmt.Sprintf(`{"GroupName":%q}`, gr)
	case 4:
		return "iam:DeleteGroup", fmt.Sprintf(`{"GroupName":%q}`, gr)
	case 5, 6:
		return "iam:AddUserToGroup", fmt.Sprintf(`{"GroupName":%q,"UserName":%q}`, gr, u)
	case 7:
		return "iam:RemoveUserFromGroup", fmt.Sprintf(`{"GroupName":%q,"UserName":%q}`, gr, u)
	case 8:
		return "iam:TagUser", fmt.Sprintf(`{"UserName":%q,"Tags":[{"Key":%q,"Value":"v%d"}]}`, u, pick(g, "team", "cost-center"), g.byte())
	case 9:
		return "iam:UntagUser", fmt.Sprintf(`{"UserName":%q,"TagKeys":[%q]}`, u, pick(g, "team", "cost-center"))
	case 10:
		return "iam:CreatePolicy", fmt.Sprintf(`{"PolicyName":%q,"PolicyDocument":%s}`, p, str(pick(g, docs...)))
	case 11:
		return "iam:CreatePolicyVersion", fmt.Sprintf(`{"PolicyArn":%q,"PolicyDocument":%s,"SetAsDefault":%v}`, acct+"policy/"+p, str(pick(g, docs...)), g.byte()%2 == 0)
	case 12:
		return "iam:SetDefaultPolicyVersion", fmt.Sprintf(`{"PolicyArn":%q,"VersionId":"v%d"}`, acct+"policy/"+p, 1+g.byte()%3)
	case 13:
		return "iam:DeletePolicyVersion", fmt.Sprintf(`{"PolicyArn":%q,"VersionId":"v%d"}`, acct+"policy/"+p, 1+g.byte()%3)
	case 14:
		return "iam:DeletePolicy", fmt.Sprintf(`{"PolicyArn":%q}`, acct+"policy/"+p)
	case 15:
		kind := pick(g, "User", "Group", "Role")
		name := map[string]string{"User": u, "Group": gr, "Role": r}[kind]
		return "iam:Attach" + kind + "Policy", fmt.Sprintf(`{%q:%q,"PolicyArn":%q}`, kind+"Name", name, pick(g, managed...))
	case 16:
		kind := pick(g, "User", "Group", "Role")
		name := map[string]string{"User": u, "Group": gr, "Role": r}[kind]
		return "iam:Detach" + kind + "Policy", fmt.Sprintf(`{%q:%q,"PolicyArn":%q}`, kind+"Name", name, pick(g, managed...))
	case 17, 18:
		kind := pick(g, "User", "Group", "Role")
		name := map[string]string{"User": u, "Group": gr, "Role": r}[kind]
		return "iam:Put" + kind + "Policy", fmt.Sprintf(`{%q:%q,"PolicyName":%q,"PolicyDocument":%s}`, kind+"Name", name, p, str(pick(g, docs...)))
	case 19:
		kind := pick(g, "User", "Group", "Role")
		name := map[string]string{"User": u, "Group": gr, "Role": r}[kind]
		return "iam:Delete" + kind + "Policy", fmt.Sprintf(`{%q:%q,"PolicyName":%q}`, kind+"Name", name, p)
	case 20:
		return "iam:CreateRole", fmt.Sprintf(`{"RoleName":%q,"AssumeRolePolicyDocument":%s}`, r, str(trust(pick(g, acct+"root", acct+"user/"+u))))
	case 21:
		return "iam:DeleteRole", fmt.Sprintf(`{"RoleName":%q}`, r)
	case 22:
		return "iam:UpdateAssumeRolePolicy", fmt.Sprintf(`{"RoleName":%q,"PolicyDocument":%s}`, r, str(trust(acct+"user/"+u)))
	case 23:
		return "iam:PutUserPermissionsBoundary", fmt.Sprintf(`{"UserName":%q,"PermissionsBoundary":%q}`, u, pick(g, managed...))
	case 24:
		return "iam:DeleteUserPermissionsBoundary", fmt.Sprintf(`{"UserName":%q}`, u)
	case 25, 26:
		in := fmt.Sprintf(`{"RoleArn":%q,"RoleSessionName":"s%d"`, acct+"role/"+r, g.byte()%4)
		if g.byte()%3 == 0 {
			in += fmt.Sprintf(`,"DurationSeconds":%d`, 900+int(g.byte())*10)
		}
		if g.byte()%4 == 0 {
			in += `,"Policy":` + str(docs[2])
		}
		return "sts:AssumeRole", in + "}"
	case 27:
		return "s3:CreateBucket", fmt.Sprintf(`{"Bucket":%q}`, bk)
	case 28:
		return "s3:DeleteBucket", fmt.Sprintf(`{"Bucket":%q}`, bk)
	case 29:
		body := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{g.byte()}, int(g.byte())*int(g.byte())))
		return "s3:PutObject", fmt.Sprintf(`{"Bucket":%q,"Key":%q,"Body":%q}`, bk, pick(g, keys...), body)
	case 30:
		return "s3:DeleteObject", fmt.Sprintf(`{"Bucket":%q,"Key":%q}`, bk, pick(g, keys...))
	case 31:
		return "s3:PutBucketPolicy", fmt.Sprintf(`{"Bucket":%q,"Policy":%s}`, bk, str(bucketPolicy(bk, acct+"user/"+u)))
	case 32:
		return pick(g, "s3:DeleteBucketPolicy", "s3:DeletePublicAccessBlock"), fmt.Sprintf(`{"Bucket":%q}`, bk)
	default:
		return g.readOnly(u, bk)
	}
}

// readOnly makes a call that changes nothing (and must draw no id).
func (g *opGen) readOnly(u, bk string) (op, input string) {
	switch g.byte() % 7 {
	case 0:
		return "iam:ListUsers", `{}`
	case 1:
		return "iam:GetUser", fmt.Sprintf(`{"UserName":%q}`, u)
	case 2:
		return "sts:GetCallerIdentity", `{}`
	case 3:
		return "s3:ListObjectsV2", fmt.Sprintf(`{"Bucket":%q}`, bk)
	case 4:
		return "s3:GetObject", fmt.Sprintf(`{"Bucket":%q,"Key":"k"}`, bk)
	case 5:
		return "iam:SimulatePrincipalPolicy", fmt.Sprintf(`{"PolicySourceArn":%q,"ActionNames":["s3:GetObject","iam:CreateUser"]}`, acct+"user/"+u)
	default:
		return "s3:PutPublicAccessBlock", fmt.Sprintf(`{"Bucket":%q,"PublicAccessBlockConfiguration":{"BlockPublicPolicy":%v}}`, bk, g.byte()%2 == 0)
	}
}

// seedScenarios returns the built-in scenarios and those of
// testdata/scenarios, to seed the fuzz targets that read scenarios.
func seedScenarios(f *testing.F) [][]byte {
	var out [][]byte
	for _, b := range builtin.List() {
		out = append(out, b.JSON)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "scenarios", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzLoad feeds the loader any text: it never panics, refuses only with
// InvalidScenario, and what it accepts exports and reloads to the same
// export.
func FuzzLoad(f *testing.F) {
	for _, s := range seedScenarios(f) {
		f.Add(s)
	}
	f.Add([]byte(`{"format":"cloudplay-scenario/1","start":"2026-01-01T00:00:00.5Z","seed":7,"x":[1, 2],"steps":[{"advance":1.0035},{"op":"iam:CreateUser","input":{"UserName":"A"},"context":{"aws:SourceIp":"198.51.100.7"}},{"advance":1e11},{"advance":1e11}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		a, m, err := LoadSaved(src)
		if err != nil {
			if e := new(api.Error); !errors.As(err, &e) || e.Code != "InvalidScenario" {
				t.Fatalf("refused with %v, not InvalidScenario", err)
			}
			if n := len([]rune(err.Error())); n > 1000 {
				t.Fatalf("error of %d code points", n)
			}
			return
		}
		out := Export(a, m)
		b, m2, err := LoadSaved(out)
		if err != nil {
			t.Fatalf("the export of an accepted scenario does not load: %v\n%s", err, out)
		}
		if got := Export(b, m2); !bytes.Equal(got, out) {
			t.Fatalf("the reloaded export differs: %s", cmp.Diff(string(out), string(got)))
		}
	})
}

// FuzzDecodeLink feeds the link decoder any text: it never panics, answers
// at most MaxLinkSize bytes, refuses with InvalidScenario, and decodes what
// EncodeLink encoded.
func FuzzDecodeLink(f *testing.F) {
	for _, s := range seedScenarios(f) {
		f.Add(EncodeLink(s))
		f.Add(string(s))
	}
	f.Add(EncodeLink(bytes.Repeat([]byte{' '}, 2<<20)))
	f.Fuzz(func(t *testing.T, v string) {
		out, err := DecodeLink(v)
		if err != nil {
			if e := new(api.Error); !errors.As(err, &e) || e.Code != "InvalidScenario" || len(e.Message) > 200 {
				t.Fatalf("refused with %v", err)
			}
		} else if len(out) > MaxLinkSize {
			t.Fatalf("decoded %d bytes", len(out))
		}
		if len(v) > MaxLinkSize {
			return
		}
		// Any bytes, here the fuzzer's, survive a round trip.
		back, err := DecodeLink(EncodeLink([]byte(v)))
		if err != nil || !bytes.Equal(back, []byte(v)) {
			t.Fatalf("round trip of %d bytes: %v", len(v), err)
		}
		if l := EncodeLink([]byte(v)); strings.ContainsAny(l, "+/=") {
			t.Fatalf("link %.40q… is not unpadded base64url", l)
		}
	})
}
