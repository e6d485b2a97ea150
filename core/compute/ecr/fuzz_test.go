package ecr_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"cloudplay/core/compute/ecr"
)

// FuzzManifest checks ParseManifest on random text: it never panics; a
// refusal is a short message; what it accepts has sha256 digests and
// sizes that are not negative, and round-trips: the marshalled manifest
// parses to the same value.
func FuzzManifest(f *testing.F) {
	for _, d := range ecr.Demos() {
		f.Add(string(ecr.NewManifest(d.Layers, d.Config).Marshal()))
	}
	sha := "sha256:" + strings.Repeat("ab", 32)
	for _, s := range []string{
		`{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":2,"digest":"` + sha + `"},"layers":[]}`,
		`{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[]}`,
		`{"schemaVersion":1}`, `{`, `[]`, `null`, ``, `{"schemaVersion":2}`,
		`{"schemaVersion":2,"config":{"digest":"` + sha + `","size":-1}}`,
		`{"schemaVersion":2,"config":{"digest":"` + sha + `"},"layers":[{"digest":"sha256:XYZ"}]}`,
		`{"schemaVersion":2,"config":{"digest":"` + sha + `"},"annotations":{"a":"b"}} {}`,
		`{"schemaVersion":2.5}`, `{"schemaVersion":"2"}`, `{"schemaVersion":2,"mediaType":"text/plain"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		m, err := ecr.ParseManifest(text)
		if err != nil {
			if n := utf8.RuneCountInString(err.Error()); n > 200 {
				t.Fatalf("a message of %d code points: %.200s", n, err)
			}
			return
		}
		for _, d := range append([]ecr.Descriptor{m.Config}, m.Layers...) {
			if len(d.Digest) != 71 || !strings.HasPrefix(d.Digest, "sha256:") || d.Size < 0 {
				t.Fatalf("accepted blob %+v", d)
			}
		}
		again, err := ecr.ParseManifest(string(m.Marshal()))
		if err != nil {
			t.Fatalf("the marshalled manifest %s does not parse: %v", m.Marshal(), err)
		}
		if !reflect.DeepEqual(again, m) {
			t.Fatalf("round trip:\n%+v\n%+v", m, again)
		}
	})
}
