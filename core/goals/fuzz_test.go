package goals

import (
	"testing"

	"cloudplay/core/cloud"
)

// FuzzParse: any text given as a goal is refused with an error or parsed;
// a parsed goal evaluates without a panic and leaves the account as it was.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"ok":true}}`,
		`{"title":"t","check":{"op":"iam:GetGroup","input":{"GroupName":"F"}},"expect":{"error":"NoSuchEntity"}}`,
		`{"title":"t","check":{"op":"iam:SimulatePrincipalPolicy","input":{"PolicySourceArn":"arn:aws:iam::123456789012:user/A","ActionNames":["s3:GetObject"]}},"expect":{"decision":"allowed"}}`,
		`{"title":"t","check":{"op":"iam:ListUsers"},"expect":{"path":"Users.#(UserName==\"A\").Arn","equals":"x"}}`,
		`{"title":"t","check":{"op":"s3:PutObject","input":{"Bucket":"b","Key":"k"},"as":"arn:aws:iam::123456789012:user/A","dryRun":true},"expect":{"error":"AccessDenied"}}`,
		`{"title":"t","check":{"op":"iam:ListUsers","context":{"aws:SourceIp":"198.51.100.7"}},"expect":{"path":"@pretty","equals":{}}}`,
	} {
		f.Add(s)
	}
	a := cloud.New(cloud.Config{Seed: 1})
	if _, err := a.Call(a.RootARN(), "iam:CreateUser", []byte(`{"UserName":"A"}`)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		g, err := Parse([]byte(src), a)
		if err != nil {
			return
		}
		n := len(a.Events())
		st := Evaluate(a, []Goal{g})
		if len(st) != 1 || len(a.Events()) != n || a.JournalLen() != 1 {
			t.Fatalf("Evaluate(%s) = %+v, and the account changed", src, st)
		}
	})
}
