package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds Parse catalogs near the generator's output: it never
// panics, fails with a short error naming catalog.Parse (and no catalog),
// and on success every service and action it lists is found again by the
// lookups ("lookups never fail on a well-formed catalog").
func FuzzParse(f *testing.F) {
	fixture, err := os.ReadFile(filepath.Join("..", "..", "testdata", "catalog", "iam-catalog.json"))
	if err != nil {
		f.Fatal(err)
	}
	small := `{"format":"cloudplay-iam-catalog/1","source":"t","levels":["Read","Write"],"types":["String","ARN"],` +
		`"global":[["aws:SourceIp",0],["aws:PrincipalTag/${TagKey}",0]],` +
		`"services":[["s3","Amazon S3",[["bucket","arn:${Partition}:s3:::${BucketName}",[0]]],[["s3:prefix",0]],` +
		`[["GetObject",0,[1],[0]],["ListBucket",0,[1],[]]]]]}`
	f.Add(fixture)
	f.Add([]byte(small))
	f.Add(fixture[:len(fixture)/2])
	f.Add([]byte(strings.Replace(small, `"GetObject",0`, `"GetObject",7`, 1)))
	f.Add([]byte(strings.Replace(small, `"ListBucket"`, `"getobject"`, 1)))
	f.Add([]byte(`{"format":"cloudplay-iam-catalog/1","services":[["a\"b","x",[],[],[]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		c, err := Parse(data)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a catalog and the error %v", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "catalog.Parse: ") || len(msg) > 512 {
				t.Fatalf("error %.600q: want a short message naming catalog.Parse", msg)
			}
			return
		}
		n := 0
		for _, s := range c.Services() {
			if c.Service(s.Prefix) != s {
				t.Fatalf("Service(%q) does not find the service listed", s.Prefix)
			}
			for _, a := range s.Actions {
				n++
				if got := c.Action(a.String()); got != a && !strings.Contains(s.Prefix, ":") {
					t.Fatalf("Action(%q) = %v, want the action listed", a.String(), got)
				}
				for _, r := range a.Resources {
					if r.Type == nil || r.Type.Service != s {
						t.Fatalf("action %s: resource type of another service", a)
					}
				}
			}
		}
		if n != c.NumActions() {
			t.Fatalf("%d actions listed, NumActions says %d", n, c.NumActions())
		}
		for _, k := range c.GlobalConditionKeys() {
			if c.ConditionKey(k.Name) == nil {
				t.Fatalf("global key %q not found", k.Name)
			}
		}
	})
}
