package ec2_test

import (
	"fmt"
	"testing"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
)

// BenchmarkLaunch1000 launches 1,000 instances through the dispatcher (100
// RunInstances calls of 10) and runs them: the scale of the issue's
// 1,000-instance cluster.
func BenchmarkLaunch1000(b *testing.B) {
	in := []byte(fmt.Sprintf(`{"ImageId":%q,"InstanceType":"t3.micro","MinCount":10,"MaxCount":10}`, ec2.AL2023AMI))
	for b.Loop() {
		a := cloud.New(cloud.Config{Seed: 1})
		for range 100 {
			if _, err := a.Call(a.RootARN(), "ec2:RunInstances", in); err != nil {
				b.Fatal(err)
			}
		}
		if err := a.Advance(ec2.PendingMillis); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Call(a.RootARN(), "ec2:DescribeInstances", []byte(`{}`)); err != nil {
			b.Fatal(err)
		}
	}
}
