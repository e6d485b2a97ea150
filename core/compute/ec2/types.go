package ec2

import (
	"slices"
	"strings"
)

// InstanceType is one row of the playground's table of instance types.
type InstanceType struct {
	Name      string
	VCPU      int
	MemoryMiB int
	// PricePerHour is the on-demand Linux price in us-east-1, in USD.
	PricePerHour float64
	// MaxENIs is the most network interfaces the instance can have (its
	// primary one included): the "Maximum network interfaces" of the EC2
	// guide's table
	// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html;
	// the same figures as the instance types pages' network specifications,
	// https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html#gp_network).
	MaxENIs int
}

// instanceTypes are common current-generation x86_64 types: vCPUs and
// memory from the Amazon EC2 instance types page
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html,
// https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html,
// https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html); prices
// are the on-demand Linux/UNIX hourly rates in US East (N. Virginia) of
// the Amazon EC2 On-Demand Pricing page
// (https://aws.amazon.com/ec2/pricing/on-demand/), as that page has listed
// them unchanged since these types launched and still listed them in
// 2025. The documentation corpus the playground was built from does not
// hold the pricing page itself, so the figures were taken from it as
// published (the same figures third-party price lists give); check them
// there before relying on them.
var instanceTypes = []InstanceType{
	{"c5.2xlarge", 8, 16384, 0.34, 4},
	{"c5.large", 2, 4096, 0.085, 3},
	{"c5.xlarge", 4, 8192, 0.17, 4},
	{"m5.2xlarge", 8, 32768, 0.384, 4},
	{"m5.4xlarge", 16, 65536, 0.768, 8},
	{"m5.large", 2, 8192, 0.096, 3},
	{"m5.xlarge", 4, 16384, 0.192, 4},
	{"r5.large", 2, 16384, 0.126, 3},
	{"r5.xlarge", 4, 32768, 0.252, 4},
	{"t2.micro", 1, 1024, 0.0116, 2},
	{"t3.large", 2, 8192, 0.0832, 3},
	{"t3.medium", 2, 4096, 0.0416, 3},
	{"t3.micro", 2, 1024, 0.0104, 2},
	{"t3.small", 2, 2048, 0.0208, 3},
	{"t3.xlarge", 4, 16384, 0.1664, 4},
}

// InstanceTypes returns the table of instance types, in name order.
func InstanceTypes() []InstanceType { return slices.Clone(instanceTypes) }

// LookupType returns the instance type named name.
func LookupType(name string) (InstanceType, bool) {
	i, ok := slices.BinarySearchFunc(instanceTypes, name, func(t InstanceType, n string) int { return strings.Compare(t.Name, n) })
	if !ok {
		return InstanceType{}, false
	}
	return instanceTypes[i], true
}

// Image is an AMI the playground knows.
type Image struct {
	ID, Name, Description string
	// ECS reports whether the image runs the ECS container agent (the
	// ECS-optimised AMIs).
	ECS bool
}

// ECSAMI is the playground's fixed id for "ECS-optimized Amazon Linux 2023"
// (x86_64). AWS publishes a new id for each release, per Region, through
// the SSM parameter
// /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html);
// the playground has one release, so one id, chosen by the playground.
const ECSAMI = "ami-0ec5a2023c0a1b2c3"

// AL2023AMI is the playground's fixed id for plain Amazon Linux 2023
// (x86_64), an image without the ECS agent.
const AL2023AMI = "ami-0a12023d4e5f6a7b8"

var images = []Image{
	{ID: AL2023AMI, Name: "al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64", Description: "Amazon Linux 2023 AMI (x86_64)"},
	{ID: ECSAMI, Name: "al2023-ami-ecs-hvm-2023.0.20250101-kernel-6.1-x86_64", Description: "Amazon Linux AMI 2023.0.20250101 x86_64 ECS HVM EBS", ECS: true},
}

// Images returns the AMIs the playground knows.
func Images() []Image { return slices.Clone(images) }

func lookupImage(id string) (Image, bool) {
	for _, im := range images {
		if im.ID == id {
			return im, true
		}
	}
	return Image{}, false
}

// RegisteredMemoryMiB is the memory the ECS container agent registers for
// an instance of t: less than the installed memory, because "of platform
// memory overhead and memory occupied by the system kernel"; the ECS
// developer guide's example is an m4.large with 8 GiB installed whose
// operating system reports 8373026816 bytes, so that "7985 MiB are
// available for tasks"
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/memory-management.html).
// The playground applies that documented ratio to every type, rounding
// down, and reserves nothing more (ECS_RESERVED_MEMORY defaults to 0):
//
//	registered = floor(installed MiB × 7985 / 8192)
//
// so m5.large (8 GiB) registers 7985 MiB and t3.micro (1 GiB) 998 MiB.
func RegisteredMemoryMiB(t InstanceType) int {
	return t.MemoryMiB * 7985 / 8192
}
