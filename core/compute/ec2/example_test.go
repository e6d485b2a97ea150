package ec2_test

import (
	"encoding/json"
	"fmt"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
)

// Launch an m5.large from the ECS-optimised image into us-east-1b and
// watch it run; the cost meter reads the view.
func Example() {
	a := cloud.New(cloud.Config{Seed: 1})
	root := a.RootARN()
	subnet := a.View().EC2.Subnets[1]
	in := fmt.Sprintf(`{"ImageId":%q,"InstanceType":"m5.large","MinCount":1,"MaxCount":1,"SubnetId":%q}`, ec2.ECSAMI, subnet.ID)
	out, err := a.Call(root, "ec2:RunInstances", []byte(in))
	if err != nil {
		panic(err)
	}
	var res struct {
		Instances []struct {
			PrivateIpAddress string
			State            struct{ Name string }
		}
	}
	_ = json.Unmarshal(out, &res)
	fmt.Println(subnet.Zone, subnet.CIDR, res.Instances[0].PrivateIpAddress, res.Instances[0].State.Name)

	_ = a.Advance(ec2.PendingMillis)
	v := a.View().EC2
	fmt.Println(v.Instances[0].State, v.Instances[0].MemoryMiB, ec2.RegisteredMemoryMiB(ec2.InstanceType{MemoryMiB: v.Instances[0].MemoryMiB}))
	fmt.Printf("$%.6f per second, $%.4f so far\n", v.CostPerSecond(), v.Accrued(a.Now()))
	// Output:
	// us-east-1b 172.31.16.0/20 172.31.16.4 pending
	// running 8192 7985
	// $0.000027 per second, $0.0016 so far
}
