package ecr_test

import (
	"encoding/json"
	"fmt"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
)

// A docker push of the built-in Java image, then of the Node.js image on
// the same base: the second push finds the base layer AVAILABLE and
// uploads only its own layers.
func Example() {
	a := cloud.New(cloud.Config{})
	root := a.RootARN()
	for _, d := range ecr.Demos()[:2] {
		if _, err := a.Call(root, "ecr:CreateRepository", []byte(`{"repositoryName":"apps"}`)); err != nil && d.Repository == "java-app" {
			panic(err)
		}
		p := ecr.NewPush("apps", d.Repository, d.Layers, d.Config)
		uploads := 0
		for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
			if op == "ecr:InitiateLayerUpload" {
				uploads++
			}
			out, err := a.Call(root, op, in)
			if err := p.Answer(out, err); err != nil {
				panic(err)
			}
		}
		fmt.Printf("%s: %d blobs already there, %d uploaded\n", d.Repository, len(p.Present()), uploads)
	}
	out, _ := a.Call(root, "ecr:ListImages", []byte(`{"repositoryName":"apps","filter":{"tagStatus":"TAGGED"}}`))
	var ids struct{ ImageIds []struct{ ImageTag string } }
	_ = json.Unmarshal(out, &ids)
	fmt.Println(len(ids.ImageIds), "tagged images")
	// Output:
	// java-app: 0 blobs already there, 4 uploaded
	// node-app: 1 blobs already there, 3 uploaded
	// 2 tagged images
}
