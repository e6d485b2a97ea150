package scenario_test

import (
	"fmt"

	"cloudplay/core/scenario"
)

func Example() {
	src := []byte(`{
  "format": "cloudplay-scenario/1",
  "steps": [
    {"op": "iam:CreateGroup", "input": {"GroupName": "Developers"}},
    {"op": "iam:CreateUser", "input": {"UserName": "Alice"}},
    {"op": "iam:AddUserToGroup", "input": {"GroupName": "Developers", "UserName": "Alice"}},
    {"advance": 30}
  ]
}`)
	acct, meta, err := scenario.Load(src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range acct.View().IAM.Groups {
		fmt.Println(g.Name, g.Members)
	}
	fmt.Println(acct.Now())

	// A step that fails stops the load, naming the step and where it is.
	_, _, err = scenario.Load([]byte(`{"format": "cloudplay-scenario/1", "steps": [
  {"op": "iam:AddUserToGroup", "input": {"GroupName": "Nobody", "UserName": "Alice"}}]}`))
	fmt.Println(err)

	link := scenario.EncodeLink(scenario.Export(acct, meta))
	back, _ := scenario.DecodeLink(link)
	again, _, _ := scenario.Load(back)
	fmt.Println(len(again.View().IAM.Users), "user after the round trip")

	// Saved work replays a few steps at a time, showing progress; stopping
	// early cancels it and leaves nothing changed.
	r, _ := scenario.NewReplay(scenario.Export(acct, meta), scenario.MaxSavedSize)
	for !r.Finished() {
		if err := r.Run(2); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%d of %d steps\n", r.Done(), r.Len())
	}
	saved, _, _ := r.Result()
	fmt.Println(saved.Now())
	// Output:
	// Developers [Alice]
	// 2026-01-01T00:00:30Z
	// InvalidScenario: steps[0] (line 2, column 3): iam:AddUserToGroup: NoSuchEntity: The group with name Nobody cannot be found.
	// 1 user after the round trip
	// 2 of 4 steps
	// 4 of 4 steps
	// 2026-01-01T00:00:30Z
}
