package iam_test

import (
	"encoding/json"
	"fmt"

	"cloudplay/core/api"
	"cloudplay/core/iam"
	"cloudplay/core/sim"
)

// Example runs operations the way the account's dispatcher does: Prepare
// validates and names the actions to authorise, run changes the directory.
func Example() {
	s := iam.New("123456789012")
	ops := map[string]api.Op{}
	for _, op := range s.Ops() {
		ops[op.Name] = op
	}
	root, _ := s.Principal("arn:aws:iam::123456789012:root")
	env := &api.Env{Caller: root, Account: "123456789012", Region: "us-east-1",
		Now: sim.Time(1767225600000), Rand: sim.NewRand(1)}

	call := func(op, input string) {
		actions, run, err := ops[op].Prepare(env, []byte(input))
		if err != nil {
			fmt.Println(op, "refused:", err)
			return
		}
		for _, a := range actions {
			fmt.Println(op, "needs", a.Action, "on", a.Resource)
		}
		out, err := run()
		if err != nil {
			fmt.Println(op, "failed:", err)
			return
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}

	call("iam:CreateUser", `{"UserName":"Alice","Path":"/eng/"}`)
	call("iam:CreateGroup", `{"GroupName":"Developers"}`)
	call("iam:AddUserToGroup", `{"GroupName":"Developers","UserName":"alice"}`)
	call("iam:CreateUser", `{"UserName":"ALICE"}`)
	call("iam:CreateUser", `{"UserName":"a b"}`)
	call("iam:DeleteGroup", `{"GroupName":"Developers"}`)

	p, ok := s.Principal("arn:aws:iam::123456789012:user/eng/Alice")
	fmt.Println(ok, p.Type, p.Name, p.ID)
	for _, g := range s.View().Groups {
		fmt.Println(g.Name, g.Members)
	}
	// Output:
	// iam:CreateUser needs iam:CreateUser on arn:aws:iam::123456789012:user/eng/Alice
	// {"User":{"Path":"/eng/","UserName":"Alice","UserId":"AIDAC4GHWJND723QWBHHR","Arn":"arn:aws:iam::123456789012:user/eng/Alice","CreateDate":"2026-01-01T00:00:00Z"}}
	// iam:CreateGroup needs iam:CreateGroup on arn:aws:iam::123456789012:group/Developers
	// {"Group":{"Path":"/","GroupName":"Developers","GroupId":"AGPA4VQW4TNPARJDBIRNA","Arn":"arn:aws:iam::123456789012:group/Developers","CreateDate":"2026-01-01T00:00:00Z"}}
	// iam:AddUserToGroup needs iam:AddUserToGroup on arn:aws:iam::123456789012:group/Developers
	// {}
	// iam:CreateUser needs iam:CreateUser on arn:aws:iam::123456789012:user/ALICE
	// iam:CreateUser failed: EntityAlreadyExists: User with name ALICE already exists.
	// iam:CreateUser refused: ValidationError: 1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+
	// iam:DeleteGroup needs iam:DeleteGroup on arn:aws:iam::123456789012:group/Developers
	// iam:DeleteGroup failed: DeleteConflict: Cannot delete entity, must remove users from group first.
	// true User Alice AIDAC4GHWJND723QWBHHR
	// Developers [Alice]
}
