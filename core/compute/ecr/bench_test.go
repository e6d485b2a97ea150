package ecr_test

import (
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
)

// BenchmarkPushAndPull measures a docker push of the Java demo image (14
// calls, JSON in and out through the dispatcher) into a fresh repository,
// then its pull (BatchGetImage and GetDownloadUrlForLayer per layer).
func BenchmarkPushAndPull(b *testing.B) {
	d := ecr.Demos()[0]
	for b.Loop() {
		a := cloud.New(cloud.Config{})
		root := a.RootARN()
		if _, err := a.Call(root, "ecr:CreateRepository", []byte(`{"repositoryName":"java-app"}`)); err != nil {
			b.Fatal(err)
		}
		p := ecr.NewPush(d.Repository, d.Tag, d.Layers, d.Config)
		for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
			out, err := a.Call(root, op, in)
			if err := p.Answer(out, err); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := a.Call(root, "ecr:BatchGetImage", []byte(`{"repositoryName":"java-app","imageIds":[{"imageTag":"1.0"}]}`)); err != nil {
			b.Fatal(err)
		}
		for _, l := range d.Layers {
			if _, err := a.Call(root, "ecr:GetDownloadUrlForLayer", []byte(`{"repositoryName":"java-app","layerDigest":"`+ecr.Digest(l)+`"}`)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
