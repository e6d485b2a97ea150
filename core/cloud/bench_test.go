package cloud

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkUnknownOperation measures the answer to a mistyped operation
// name (the nearest-name search) and to a 10 MB one (which skips it).
func BenchmarkUnknownOperation(b *testing.B) {
	for _, name := range []string{"iam:CreateUsr", "iam:" + strings.Repeat("x", 10<<20)} {
		b.Run(fmt.Sprintf("len=%d", len(name)), func(b *testing.B) {
			a := New(Config{})
			for b.Loop() {
				a.Call(root, name, nil)
			}
		})
	}
}

// BenchmarkPanicRecovery measures a call that panics after a journal of
// n steps: the account is rebuilt by replaying them.
func BenchmarkPanicRecovery(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			a := New(Config{})
			testOp(a, "test:Boom", true, halfway)
			for i := range n {
				if _, err := a.Call(root, "iam:CreateUser", []byte(fmt.Sprintf(`{"UserName":"u%d"}`, i))); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := a.Call(root, "test:Boom", nil); err == nil {
					b.Fatal("no panic")
				}
			}
		})
	}
}
