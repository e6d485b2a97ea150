package scenario

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/scenario/builtin"
)

// mustCall makes a call that must succeed.
func mustCall(t testing.TB, a *cloud.Account, caller, op, input string) []byte {
	t.Helper()
	out, err := a.Call(caller, op, []byte(input))
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return out
}

func wantInvalid(t *testing.T, err error, want string) *api.Error {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "InvalidScenario" || !strings.Contains(e.Message, want) {
		t.Fatalf("got %v, want InvalidScenario containing %q", err, want)
	}
	return e
}

// roundTrip exports a, loads the export as saved work and checks that it
// exports the same bytes and shows the same account.
func roundTrip(t *testing.T, a *cloud.Account, m Meta) *cloud.Account {
	t.Helper()
	out := Export(a, m)
	b, m2, err := LoadSaved(out)
	if err != nil {
		t.Fatalf("LoadSaved of a %d-byte export: %v", len(out), err)
	}
	if got := Export(b, m2); !bytes.Equal(got, out) {
		t.Fatalf("the reloaded account exports differently")
	}
	if fmt.Sprint(a.View()) != fmt.Sprint(b.View()) {
		t.Fatalf("the reloaded account differs")
	}
	return b
}

// Work of more than 10,000 steps, or of more than 1 MiB, loads back as
// saved work (it was refused before), while a link keeps its 1 MiB bound.
func TestSavedWorkAlwaysLoads(t *testing.T) {
	t.Parallel()
	t.Run("many steps", func(t *testing.T) {
		t.Parallel()
		a := cloud.New(cloud.Config{})
		for range 5001 {
			mustCall(t, a, root, "iam:CreateGroup", `{"GroupName":"g"}`)
			mustCall(t, a, root, "iam:DeleteGroup", `{"GroupName":"g"}`)
		}
		if n := a.JournalLen(); n <= 10000 {
			t.Fatalf("journal holds %d steps", n)
		}
		b := roundTrip(t, a, Meta{})
		if b.JournalLen() != a.JournalLen() {
			t.Errorf("reloaded journal holds %d steps, want %d", b.JournalLen(), a.JournalLen())
		}
	})
	t.Run("large object", func(t *testing.T) {
		t.Parallel()
		a := cloud.New(cloud.Config{})
		mustCall(t, a, root, "s3:CreateBucket", `{"Bucket":"big"}`)
		body := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("x"), 800<<10))
		mustCall(t, a, root, "s3:PutObject", `{"Bucket":"big","Key":"k","Body":"`+body+`"}`)
		out := Export(a, Meta{})
		if len(out) <= MaxLinkSize {
			t.Fatalf("export is only %d bytes", len(out))
		}
		roundTrip(t, a, Meta{})
		_, _, err := Load(out)
		wantInvalid(t, err, fmt.Sprintf("the scenario is %d bytes; at most 1048576 are accepted", len(out)))
	})
	t.Run("advances past the bound of one step", func(t *testing.T) {
		t.Parallel()
		a := cloud.New(cloud.Config{})
		mustCall(t, a, root, "iam:CreateUser", `{"UserName":"u"}`)
		a.Advance(maxAdvanceMillis)
		a.Advance(maxAdvanceMillis)
		a.Advance(1003)
		b := roundTrip(t, a, Meta{})
		if b.Now() != a.Now() {
			t.Errorf("reloaded clock %v, want %v", b.Now(), a.Now())
		}
	})
}

func TestLoadSavedLimit(t *testing.T) {
	t.Parallel()
	src := `{"format": "cloudplay-scenario/1", "steps": [], "x": "` + strings.Repeat("a", MaxSavedSize) + `"}`
	_, _, err := LoadSaved([]byte(src))
	wantInvalid(t, err, "at most 33554432 are accepted")
}

// An advance is read as the decimal its text says: 1.003 s is 1003 ms (the
// float64 reading gave 1002).
func TestAdvanceIsExact(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		ms   int64
	}{{"1.003", 1003}, {"1.005", 1005}, {"0.001", 1}, {"0.0009", 0}, {"2.5e1", 25000}, {"1e11", 1e14}, {"4.35", 4350}} {
		a, _ := mustLoad(t, []byte(`{"format": "cloudplay-scenario/1", "steps": [{"advance": `+tt.text+`}]}`))
		if got := int64(a.Now() - cloud.DefaultStart); got != tt.ms {
			t.Errorf("advance %s moved the clock %d ms, want %d", tt.text, got, tt.ms)
		}
	}
	for _, bad := range []string{`"5"`, `null`, `-0.001`, `1e12`, `[1]`} {
		_, _, err := Load([]byte(`{"format": "cloudplay-scenario/1", "steps": [{"advance": ` + bad + `}]}`))
		wantInvalid(t, err, "steps[0] (line 1, column 46): ValidationError: advance takes a number of seconds")
	}
}

// A replay runs step by step: NewReplay runs none, Run runs as many as it
// is told, a failure is positioned and final, and Result is the account.
func TestReplayRunsStepByStep(t *testing.T) {
	t.Parallel()
	r, err := NewReplay(builtin.Default(), MaxLinkSize)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() < 10 || r.Done() != 0 || r.Finished() {
		t.Fatalf("fresh replay: Len %d, Done %d, Finished %v", r.Len(), r.Done(), r.Finished())
	}
	if r.Meta().Name != "The seed's company" {
		t.Errorf("Meta().Name = %q before any step", r.Meta().Name)
	}
	if _, _, err := r.Result(); err == nil {
		t.Fatal("Result before the replay finished")
	}
	for r.Done() < r.Len() {
		before := r.Done()
		if err := r.Run(3); err != nil {
			t.Fatal(err)
		}
		if got, want := r.Done(), min(before+3, r.Len()); got != want {
			t.Fatalf("Done %d after Run(3) from %d, want %d", got, before, want)
		}
	}
	if !r.Finished() || r.Run(5) != nil {
		t.Fatal("a finished replay is not finished")
	}
	a, m, err := r.Result()
	if err != nil {
		t.Fatal(err)
	}
	want, wm := mustLoad(t, builtin.Default())
	if !bytes.Equal(Export(a, m), Export(want, wm)) {
		t.Error("a replay run in pieces differs from Load")
	}
}

func TestReplayStopsAtTheFailingStep(t *testing.T) {
	t.Parallel()
	src := "{\"format\": \"cloudplay-scenario/1\", \"steps\": [\n  {\"advance\": 1},\n  {\"op\": \"iam:CreateUser\", \"input\": {\"UserName\": \"A\"}},\n  {\"op\": \"iam:CreateUser\", \"input\": {\"UserName\": \"A\"}},\n  {\"op\": \"iam:CreateUser\", \"input\": {\"UserName\": \"B\"}}\n]}"
	r, err := NewReplay([]byte(src), MaxLinkSize)
	if err != nil {
		t.Fatalf("NewReplay ran a step: %v", err)
	}
	if err := r.Run(2); err != nil {
		t.Fatal(err)
	}
	err = r.Run(10)
	wantInvalid(t, err, "steps[2] (line 4, column 3): iam:CreateUser: EntityAlreadyExists")
	if r.Done() != 2 || r.Finished() {
		t.Errorf("after the failure: Done %d, Finished %v", r.Done(), r.Finished())
	}
	if again := r.Run(1); again != err {
		t.Errorf("Run after a failure: %v, want the same error", again)
	}
	if _, _, rerr := r.Result(); rerr != err {
		t.Errorf("Result after a failure: %v", rerr)
	}
}

// A file of empty steps is refused before any bookkeeping grows past
// MaxSteps, and MaxSteps is more than Export can write within
// MaxSavedSize.
func TestStepBound(t *testing.T) {
	t.Parallel()
	src := `{"format": "cloudplay-scenario/1", "steps": [` + strings.Repeat("{},", MaxSteps) + `{}]}`
	_, err := NewReplay([]byte(src), MaxSavedSize)
	wantInvalid(t, err, fmt.Sprintf("more than %d steps", MaxSteps))

	a := cloud.New(cloud.Config{})
	shortest := []cloud.Step{{Advance: 1000}, {Op: "s3:X", Input: []byte("{}"), As: a.RootARN()}}
	for _, s := range shortest {
		if n := len(appendStep(nil, a, 1, s)) - 1; n < minStepBytes { // less the comma
			t.Errorf("Export writes %+v in %d bytes, less than minStepBytes (%d)", s, n, minStepBytes)
		}
	}
	if MaxSteps*minStepBytes > MaxSavedSize {
		t.Errorf("MaxSteps %d × %d bytes exceeds MaxSavedSize", MaxSteps, minStepBytes)
	}
}

// Error messages quote a short prefix of what the scenario said, however
// long it is.
func TestMessagesAreBounded(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("é", 1<<16)
	tests := []struct{ name, src string }{
		{"format", `{"format": "` + huge + `", "steps": []}`},
		{"account", `{"format": "cloudplay-scenario/1", "account": "` + huge + `", "steps": []}`},
		{"region", `{"format": "cloudplay-scenario/1", "region": "` + huge + `", "steps": []}`},
		{"start", `{"format": "cloudplay-scenario/1", "start": "` + huge + `", "steps": []}`},
		{"actingAs", `{"format": "cloudplay-scenario/1", "actingAs": "` + huge + `", "steps": []}`},
		{"op", `{"format": "cloudplay-scenario/1", "steps": [{"op": "` + huge + `"}]}`},
		{"unknown member", `{"format": "cloudplay-scenario/1", "steps": [{"` + huge + `": 1}]}`},
		{"advance", `{"format": "cloudplay-scenario/1", "steps": [{"advance": -1` + strings.Repeat("0", 1<<16) + `}]}`},
		{"step's own message", `{"format": "cloudplay-scenario/1", "steps": [{"op": "iam:CreateUser", "input": {"UserName": "` + huge + `"}}]}`},
		{"syntax", `{"format": "cloudplay-scenario/1", "steps": [], "` + huge + `": tru}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Load([]byte(tt.src))
			e := wantInvalid(t, err, "")
			if n := len([]rune(e.Message)); n > 2*maxStepMessage {
				t.Errorf("message of %d code points: %.200s…", n, e.Message)
			}
			quote := 64 // one quote of an input
			if tt.name == "step's own message" || tt.name == "op" {
				quote = maxStepMessage // the service's message, whatever it quotes
			}
			if strings.Contains(e.Message, strings.Repeat("é", quote+1)) {
				t.Errorf("message quotes more than %d code points of the input: %.200s…", quote, e.Message)
			}
		})
	}
}

// A panic in the simulator ends the replay with InternalFailure instead of
// taking the page down.
func TestReplayStepRecovers(t *testing.T) {
	t.Parallel()
	err := replayStep(nil, []byte(`{"advance": 1}`)) // a nil account panics
	var e *api.Error
	if !errors.As(err, &e) || e.Code != "InternalFailure" {
		t.Fatalf("got %v, want InternalFailure", err)
	}
}
