package goals_test

import (
	"fmt"

	"cloudplay/core/cloud"
	"cloudplay/core/goals"
)

func Example() {
	a := cloud.New(cloud.Config{})
	g, err := goals.Parse([]byte(`{"title": "There is a group called Finance",
		"check": {"op": "iam:GetGroup", "input": {"GroupName": "Finance"}},
		"expect": {"ok": true}}`), a)
	if err != nil {
		panic(err)
	}
	fmt.Println(goals.Evaluate(a, []goals.Goal{g})[0].Done)
	a.Call(a.RootARN(), "iam:CreateGroup", []byte(`{"GroupName": "Finance"}`))
	fmt.Println(goals.Evaluate(a, []goals.Goal{g})[0].Done)
	// Output:
	// false
	// true
}
