package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/scenario/builtin"
)

// The Exporter writes what Export writes, byte for byte, through calls,
// advances that grow the last step, changes of meta and of account.
func TestExporterMatchesExport(t *testing.T) {
	t.Parallel()
	a, m := mustLoad(t, builtin.Default())
	var e Exporter
	check := func(what string) {
		t.Helper()
		if got, want := e.Export(a, m), Export(a, m); !bytes.Equal(got, want) {
			t.Fatalf("after %s the Exporter wrote:\n%s\nwant\n%s", what, got, want)
		}
	}
	check("loading")
	check("nothing")
	a.Advance(1500)
	check("an advance")
	a.Advance(1003)
	check("a second advance, merged")
	mustCall(t, a, root, "iam:CreateUser", `{"UserName":"Zoe"}`)
	check("a call")
	a.Call(root, "iam:CreateUser", []byte(`{"UserName":"Zoe"}`)) // fails
	check("a failed call")
	a.Advance(maxAdvanceMillis + 7)
	check("a long advance")
	m.ActingAs = "arn:aws:iam::123456789012:user/Zoe"
	m.Extra = map[string]json.RawMessage{"course": json.RawMessage(`{"lesson":3}`)}
	check("a change of meta")
	if _, err := a.CallContext(root, "iam:CreateGroup", []byte(`{"GroupName":"G"}`), cloud.Context{"aws:SourceIp": json.RawMessage(`"198.51.100.7"`)}); err != nil {
		t.Fatal(err)
	}
	check("a call with context")
	a, m = mustLoad(t, builtin.List()[1].JSON)
	check("another account")
}

// exporterWith returns an account of n steps (calls and advances) and an
// Exporter that has exported it once.
func exporterWith(b *testing.B, n int) (*cloud.Account, *Exporter) {
	a := cloud.New(cloud.Config{})
	for i := 0; a.JournalLen() < n; i++ {
		mustCall(b, a, root, "iam:CreateGroup", `{"GroupName":"g"}`)
		mustCall(b, a, root, "iam:DeleteGroup", `{"GroupName":"g"}`)
		a.Advance(int64(i))
	}
	e := new(Exporter)
	e.Export(a, Meta{})
	return a, e
}

// BenchmarkExporter saves after each change, as the page does: one call or
// advance, then an export. Compare the time per operation across journal
// sizes, and with BenchmarkExport, which serialises every step each time.
func BenchmarkExporter(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint("steps=", n), func(b *testing.B) {
			a, e := exporterWith(b, n)
			b.ResetTimer()
			for i := range b.N {
				if i%2 == 0 {
					a.Advance(1)
				} else {
					mustCall(b, a, root, "iam:CreateGroup", fmt.Sprintf(`{"GroupName":"b%d"}`, i%200))
					mustCall(b, a, root, "iam:DeleteGroup", fmt.Sprintf(`{"GroupName":"b%d"}`, i%200))
				}
				e.Export(a, Meta{})
			}
		})
	}
}

func BenchmarkExport(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprint("steps=", n), func(b *testing.B) {
			a, _ := exporterWith(b, n)
			b.ResetTimer()
			for range b.N {
				a.Advance(1)
				Export(a, Meta{})
			}
		})
	}
}

// BenchmarkLoadSaved replays a saved account of many steps: the time per
// step is what a progress bar divides by.
func BenchmarkLoadSaved(b *testing.B) {
	a, _ := exporterWith(b, 100_000)
	src := Export(a, Meta{})
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for range b.N {
		if _, _, err := LoadSaved(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewReplay measures the part of loading that runs before the
// first step (and so before progress can show), for a scenario near
// MaxSavedSize.
func BenchmarkNewReplay(b *testing.B) {
	a, _ := exporterWith(b, 100_000)
	src := Export(a, Meta{})
	for len(src) < MaxSavedSize/2 {
		a, _ = exporterWith(b, a.JournalLen()*2)
		src = Export(a, Meta{})
	}
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for range b.N {
		if _, err := NewReplay(src, MaxSavedSize); err != nil {
			b.Fatal(err)
		}
	}
}

// Unknown top-level members keep any name through an export and a load
// (Go's %q once wrote "\x7f", which is not JSON).
func TestExportKeepsOddMemberNames(t *testing.T) {
	t.Parallel()
	src := `{"format": "cloudplay-scenario/1", "\u007f": 1, "a\"b\\c": [true], "é\u2028": {}, "<x>&": null, "steps": []}`
	a, m := mustLoad(t, []byte(src))
	out := Export(a, m)
	b, m2, err := LoadSaved(out)
	if err != nil {
		t.Fatalf("LoadSaved: %v\n%s", err, out)
	}
	if fmt.Sprint(m2.Extra) != fmt.Sprint(m.Extra) || len(m2.Extra) != 4 {
		t.Errorf("Extra after the round trip: %q, want %q", m2.Extra, m.Extra)
	}
	if got := Export(b, m2); !bytes.Equal(got, out) {
		t.Errorf("export after the round trip:\n%s\nwant\n%s", got, out)
	}
}
