package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/scenario/builtin"
)

var update = flag.Bool("update", false, "update golden files")

const root = "arn:aws:iam::123456789012:root"

func mustLoad(t *testing.T, src []byte) (*cloud.Account, Meta) {
	t.Helper()
	a, m, err := Load(src)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return a, m
}

func TestDefaultIsTheSeedsCompany(t *testing.T) {
	t.Parallel()
	a, m := mustLoad(t, builtin.Default())
	if m.Name != "The seed's company" {
		t.Errorf("name %q", m.Name)
	}
	v := a.View().IAM
	members := map[string][]string{}
	for _, g := range v.Groups {
		members[g.Name] = g.Members
	}
	want := map[string][]string{
		"Developers": {"Alice", "Bob", "Charles"},
		"Operations": {"David", "Edward"},
		"Audit":      {"Charles", "David"},
	}
	for g, w := range want {
		if fmt.Sprint(members[g]) != fmt.Sprint(w) {
			t.Errorf("group %s has %v, want %v", g, members[g], w)
		}
	}
	var users []string
	for _, u := range v.Users {
		users = append(users, u.Name)
		if u.Name == "Fred" && len(u.Groups) != 0 {
			t.Errorf("Fred is in %v, want no group", u.Groups)
		}
	}
	if got := strings.Join(users, ","); got != "Alice,Bob,Charles,David,Edward,Fred" {
		t.Errorf("users %s", got)
	}
}

// Loading an export reproduces the account: same journal, same ids.
func TestExportReplaysExactly(t *testing.T) {
	t.Parallel()
	for _, b := range builtin.List() {
		t.Run(b.ID, func(t *testing.T) {
			t.Parallel()
			a, m := mustLoad(t, b.JSON)
			if _, err := a.Call(root, "iam:CreateUser", []byte(`{"UserName":"Zoe","Tags":[{"Key":"k","Value":"v"}]}`)); err != nil {
				t.Fatal(err)
			}
			a.Advance(1500)
			a.Advance(250)
			if _, err := a.CallContext(root, "iam:CreateGroup", []byte(`{"GroupName":"Late"}`), cloud.Context{"aws:SourceIp": json.RawMessage(`"198.51.100.7"`)}); err != nil {
				t.Fatal(err)
			}
			// Failed, denied and read-only calls are not exported.
			a.Call(root, "iam:CreateUser", []byte(`{"UserName":"Zoe"}`))
			a.Call("arn:aws:iam::123456789012:user/Zoe", "iam:CreateUser", []byte(`{"UserName":"Yan"}`))
			a.Call(root, "iam:ListUsers", nil)
			m.Extra = map[string]json.RawMessage{"course": json.RawMessage(`{"lesson":3}`)}
			out := Export(a, m)
			b2, m2 := mustLoad(t, out)
			if got := Export(b2, m2); !bytes.Equal(got, out) {
				t.Fatalf("export of the replay differs:\n%s\nwant\n%s", got, out)
			}
			if fmt.Sprint(a.View().IAM) != fmt.Sprint(b2.View().IAM) {
				t.Fatalf("replayed account differs:\n%v\nwant\n%v", b2.View().IAM, a.View().IAM)
			}
			if a.Now() != b2.Now() {
				t.Fatalf("replayed clock %v, want %v", b2.Now(), a.Now())
			}
			if !strings.Contains(string(out), `{"advance": 1.75}`) {
				t.Errorf("export lacks the merged advance:\n%s", out)
			}
			if !strings.Contains(string(out), `"course": {"lesson":3}`) {
				t.Errorf("export lost an unknown top-level key:\n%s", out)
			}
		})
	}
}

func TestLoadRefusesBadScenarios(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"not json", `{"format": "cloudplay-scenario/1", "steps": [}`, "not valid JSON: line 1, column 46"},
		{"not an object", `[1, 2]`, "a scenario is a JSON object"},
		{"empty", ``, "not valid JSON"},
		{"two values", `{"format":"cloudplay-scenario/1","steps":[]} {}`, "more than one JSON value"},
		{"wrong format", `{"format": "cloudplay/9", "steps": []}`, `format is "cloudplay/9"`},
		{"no steps", `{"format": "cloudplay-scenario/1"}`, "steps is missing"},
		{"steps not a list", `{"format": "cloudplay-scenario/1", "steps": {}}`, "steps must be a list"},
		{"bad account", `{"format": "cloudplay-scenario/1", "account": "12", "steps": []}`, "not a 12-digit"},
		{"bad seed", `{"format": "cloudplay-scenario/1", "seed": -1, "steps": []}`, "seed must be an integer"},
		{"huge seed", `{"format": "cloudplay-scenario/1", "seed": 9007199254740992, "steps": []}`, "seed must be an integer"},
		{"bad start", `{"format": "cloudplay-scenario/1", "start": "soon", "steps": []}`, "start: invalid time"},
		{"failing step", "{\"format\": \"cloudplay-scenario/1\", \"steps\": [\n  {\"op\": \"iam:CreateUser\", \"input\": {\"UserName\": \"A\"}},\n  {\"op\": \"iam:CreateUser\", \"input\": {\"UserName\": \"A\"}}\n]}",
			"steps[1] (line 3, column 3): iam:CreateUser: EntityAlreadyExists: User with name A already exists."},
		{"unknown op", `{"format": "cloudplay-scenario/1", "steps": [{"op": "iam:CreateUsers", "input": {}}]}`, `steps[0] (line 1, column 46): iam:CreateUsers: UnknownOperationException`},
		{"unknown step member", `{"format": "cloudplay-scenario/1", "steps": [{"op": "iam:ListUsers", "inptu": {}}]}`, `unknown field "inptu"`},
		{"negative advance", `{"format": "cloudplay-scenario/1", "steps": [{"advance": -5}]}`, "ValidationError: advance takes a number of seconds from 0 to 1e+11, not -5"},
		{"advance with op", `{"format": "cloudplay-scenario/1", "steps": [{"advance": 5, "op": "iam:ListUsers"}]}`, "an advance step has no other members"},
		{"unknown caller", `{"format": "cloudplay-scenario/1", "steps": [{"op": "iam:ListUsers", "as": "arn:aws:iam::123456789012:user/Nobody"}]}`, "InvalidClientTokenId"},
		{"denied step", `{"format": "cloudplay-scenario/1", "steps": [{"op": "iam:CreateUser", "input": {"UserName": "A"}}, {"op": "iam:CreateUser", "input": {"UserName": "B"}, "as": "arn:aws:iam::123456789012:user/A"}]}`, "steps[1] (line 1, column 100): iam:CreateUser: AccessDenied: User: arn:aws:iam::123456789012:user/A is not authorized"},
		{"bad actingAs", `{"format": "cloudplay-scenario/1", "actingAs": "arn:aws:iam::123456789012:user/Ghost", "steps": []}`, `actingAs "arn:aws:iam::123456789012:user/Ghost" is not a principal`},
		{"deep nesting", `{"format": "cloudplay-scenario/1", "steps": [], "x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nested deeper than 64 levels"},
		{"too big", `{"format": "cloudplay-scenario/1", "steps": [], "x": "` + strings.Repeat("a", MaxSize) + `"}`, "at most 1048576 are accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Load([]byte(tt.src))
			var e *api.Error
			if !errors.As(err, &e) || e.Code != "InvalidScenario" || !strings.Contains(e.Message, tt.want) {
				t.Fatalf("got %v, want InvalidScenario containing %q", err, tt.want)
			}
		})
	}
}

// Names full of markup are just names: they load and export unchanged (the
// UI never inserts them as HTML; IAM names and tags refuse < and > anyway).
func TestMarkupInNamesIsData(t *testing.T) {
	t.Parallel()
	src := `{"format": "cloudplay-scenario/1", "name": "<script>alert(1)</script>", "description": "<img src=x onerror=alert(1)>", "steps": [{"op": "iam:CreateUser", "input": {"UserName": "x"}}]}`
	a, m := mustLoad(t, []byte(src))
	out := Export(a, m)
	if !strings.Contains(string(out), `"name": "\u003cscript\u003ealert(1)\u003c/script\u003e"`) {
		t.Fatalf("export: %s", out)
	}
}

func TestLinkRoundTripAndHostileLinks(t *testing.T) {
	t.Parallel()
	v := EncodeLink(builtin.Default())
	got, err := DecodeLink(v)
	if err != nil || !bytes.Equal(got, builtin.Default()) {
		t.Fatalf("round trip: %v", err)
	}
	if strings.ContainsAny(v, "+/=") {
		t.Errorf("link %q is not unpadded base64url", v)
	}
	bomb := EncodeLink(bytes.Repeat([]byte{' '}, 8<<20))
	for name, bad := range map[string]string{
		"not base64":  "%%%<script>",
		"not deflate": "aGVsbG8gd29ybGQ",
		"bomb":        bomb,
		"too long":    strings.Repeat("A", MaxLink+1),
	} {
		if _, err := DecodeLink(bad); err == nil {
			t.Errorf("%s: DecodeLink accepted it", name)
		} else if e := new(api.Error); !errors.As(err, &e) || e.Code != "InvalidScenario" {
			t.Errorf("%s: %v is not InvalidScenario", name, err)
		}
	}
}

// TestGolden replays each scenario of testdata/scenarios and each built-in
// scenario and compares the event log and the final IAM view with the
// golden files beside the fixtures. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "scenarios")
	fixtures, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	cases := map[string][]byte{}
	for _, f := range fixtures {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[strings.TrimSuffix(filepath.Base(f), ".json")] = b
	}
	for _, b := range builtin.List() {
		cases["builtin-"+b.ID] = b.JSON
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got := golden(t, src)
			path := filepath.Join(dir, name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./core/scenario -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; got:\n%s", path, got)
			}
		})
	}
}

// golden renders what a scenario produces: its event log, one line per
// event, then the account's IAM view.
func golden(t *testing.T, src []byte) []byte {
	a, _, err := Load(src)
	var b bytes.Buffer
	if err != nil {
		fmt.Fprintf(&b, "load error: %v\n", err)
		return b.Bytes()
	}
	for _, e := range a.Events() {
		fmt.Fprintf(&b, "%d %s %s %s", e.Seq, e.Time, e.Caller, e.Op)
		for _, d := range e.Actions {
			fmt.Fprintf(&b, " [%s %s %s]", d.Action, d.Resource, d.Decision)
		}
		if e.Error != nil {
			fmt.Fprintf(&b, " -> %s: %s", e.Error.Code, e.Error.Message)
		}
		if e.Actor != "" || e.Count > 0 {
			if e.Actor != "" {
				fmt.Fprintf(&b, " actor=%s", e.Actor)
			} else {
				// Read-only calls merged that a service made for someone.
				fmt.Fprintf(&b, " invokedBy=%s", e.InvokedBy)
			}
			fmt.Fprintf(&b, " count=%d last=%s", e.Count, e.LastTime)
			for _, code := range slices.Sorted(maps.Keys(e.Errors)) {
				fmt.Fprintf(&b, " %s=%d", code, e.Errors[code])
			}
		}
		b.WriteString("\n")
	}
	v, _ := json.MarshalIndent(a.View(), "", "  ")
	b.Write(v)
	b.WriteString("\n")
	return b.Bytes()
}
