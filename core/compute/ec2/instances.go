package ec2

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Times of an instance's life, the playground's own: EC2 documents the
// states (pending → running, shutting-down → terminated) but not how long
// they last; these are typical of a Linux instance. A terminated instance
// stays in DescribeInstances' answers for an hour: "Terminated instances
// remain visible after termination (for approximately one hour)"
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html).
const (
	PendingMillis           = 15_000
	ShuttingDownMillis      = 30_000
	TerminatedVisibleMillis = 3_600_000
)

// State codes and names of InstanceState
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html).
const (
	codePending      = 0
	codeRunning      = 16
	codeShuttingDown = 32
	codeTerminated   = 48
)

var stateNames = map[int]string{codePending: "pending", codeRunning: "running", codeShuttingDown: "shutting-down", codeTerminated: "terminated"}

// Quotas. EC2 limits running On-Demand instances by vCPUs per instance
// family group and answers VcpuLimitExceeded beyond it
// (https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-instance-quotas.html);
// the quota differs between accounts and can be raised. The playground's
// is 4,096 vCPUs for all its (Standard) types together, enough for the
// 1,000-instance clusters the container chapters reach. It also bounds
// the instances an account holds at 5,000, ECS's quota of container
// instances per cluster
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html),
// answering InstanceLimitExceeded beyond it.
const (
	MaxVCPUs     = 4096
	MaxInstances = 5000
)

// User data is "limited to 16 KB, in raw form, before it is base64-encoded"
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html).
const maxUserData = 16 << 10

// Tag bounds of EC2: 50 tags per resource, keys up to 127 characters,
// values up to 255, no aws: prefix
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions).
const (
	maxTags        = 50
	maxTagKeyLen   = 127
	maxTagValueLen = 255
)

// instance is one EC2 instance.
type instance struct {
	id, reservation, typ, image, subnet string
	zone                                Zone
	ip                                  netip.Addr
	launched                            sim.Time
	launchIndex                         int
	terminating                         sim.Time // when TerminateInstances was called, 0 if never
	profileARN, profileID               string
	userData                            string // decoded
	cluster                             string // the ECS cluster its agent joins (ECS images)
	ecs                                 bool   // launched from an ECS-optimised image
	containerInstanceARN                string // set once the join succeeded
	tags                                []Tag
}

func (in *instance) runningAt() sim.Time { return in.launched + PendingMillis }

// terminatedAt is when it reaches terminated (0 while not terminating).
func (in *instance) terminatedAt() sim.Time {
	if in.terminating == 0 {
		return 0
	}
	return in.terminating + ShuttingDownMillis
}

// stateAt is its state code at now.
func (in *instance) stateAt(now sim.Time) int {
	switch {
	case in.terminating != 0 && now >= in.terminatedAt():
		return codeTerminated
	case in.terminating != 0:
		return codeShuttingDown
	case now >= in.runningAt():
		return codeRunning
	}
	return codePending
}

// gone reports whether it no longer shows at now.
func (in *instance) gone(now sim.Time) bool {
	return in.terminating != 0 && now >= in.terminatedAt()+TerminatedVisibleMillis
}

type runInput struct {
	ImageId            *string            `json:"ImageId"`
	InstanceType       *string            `json:"InstanceType"`
	MinCount           *int               `json:"MinCount"`
	MaxCount           *int               `json:"MaxCount"`
	SubnetId           *string            `json:"SubnetId"`
	IamInstanceProfile *profileSpec       `json:"IamInstanceProfile"`
	UserData           *string            `json:"UserData"`
	TagSpecifications  []tagSpec          `json:"TagSpecifications"`
	SecurityGroupIds   []string           `json:"SecurityGroupIds"`
	Placement          *placementInput    `json:"Placement"`
	KeyName            *string            `json:"KeyName"`
	ClientToken        *string            `json:"ClientToken"`
	Monitoring         *json.RawMessage   `json:"Monitoring"`
	MetadataOptions    *json.RawMessage   `json:"MetadataOptions"`
	BlockDeviceMapping *[]json.RawMessage `json:"BlockDeviceMappings"`
}

type profileSpec struct {
	Arn  *string `json:"Arn"`
	Name *string `json:"Name"`
}

type placementInput struct {
	AvailabilityZone *string `json:"AvailabilityZone"`
}

type tagSpec struct {
	ResourceType string `json:"ResourceType"`
	Tags         []Tag  `json:"Tags"`
}

// launch is a checked RunInstances request.
type launch struct {
	image                 Image
	typ                   InstanceType
	min, max              int
	subnet                *subnet // nil: a default subnet of the service's choosing
	profileARN, profileID string
	roleARN               string
	userData              string
	cluster               string
	tags                  []Tag
}

func (s *Service) checkRun(in runInput) (launch, error) {
	var l launch
	if in.MinCount == nil {
		return l, api.Errorf(missingParameter, "The request must contain the parameter MinCount")
	}
	if in.MaxCount == nil {
		return l, api.Errorf(missingParameter, "The request must contain the parameter MaxCount")
	}
	if in.ImageId == nil {
		return l, api.Errorf(missingParameter, "The request must contain the parameter ImageId")
	}
	l.min, l.max = *in.MinCount, *in.MaxCount
	if l.min < 1 {
		return l, api.Errorf(invalidParameterValue, "Value (%d) for parameter minCount is invalid. Expected a positive integer.", l.min)
	}
	if l.max < 1 {
		return l, api.Errorf(invalidParameterValue, "Value (%d) for parameter maxCount is invalid. Expected a positive integer.", l.max)
	}
	if l.min > l.max {
		return l, api.Errorf(invalidParameterValue, "Value (%d) for parameter minCount is invalid. Must be less than or equal to maxCount (%d).", l.min, l.max)
	}
	if !wellFormedID("ami", *in.ImageId) {
		return l, api.Errorf("InvalidAMIID.Malformed", "Invalid id: \"%s\" (expecting \"ami-...\")", api.Clip(*in.ImageId, api.MaxQuoted))
	}
	im, ok := lookupImage(*in.ImageId)
	if !ok {
		return l, api.Errorf("InvalidAMIID.NotFound", "The image id '[%s]' does not exist", *in.ImageId)
	}
	l.image = im
	// EC2 launches an m1.small when InstanceType is left out, a previous
	// generation type the playground's table does not hold: it asks for
	// the type instead.
	if in.InstanceType == nil {
		return l, api.Errorf(missingParameter, "The request must contain the parameter InstanceType")
	}
	typ := *in.InstanceType
	if l.typ, ok = LookupType(typ); !ok {
		return l, api.Errorf(invalidParameterValue, "Invalid value '%s' for InstanceType.", api.Clip(typ, api.MaxQuoted))
	}
	if err := s.checkPlacement(in, &l); err != nil {
		return l, err
	}
	if err := checkSecurityGroups(s, in.SecurityGroupIds); err != nil {
		return l, err
	}
	if err := s.checkProfile(in.IamInstanceProfile, &l); err != nil {
		return l, err
	}
	if err := checkUserData(in.UserData, &l); err != nil {
		return l, err
	}
	tags, err := checkTagSpecs(in.TagSpecifications)
	l.tags = tags
	return l, err
}

func (s *Service) checkPlacement(in runInput, l *launch) error {
	if in.SubnetId != nil {
		if !wellFormedID("subnet", *in.SubnetId) {
			return api.Errorf("InvalidSubnetID.Malformed", "Invalid id: \"%s\" (expecting \"subnet-...\")", api.Clip(*in.SubnetId, api.MaxQuoted))
		}
		if l.subnet = s.net.subnetByID(*in.SubnetId); l.subnet == nil {
			return subnetNotFound(*in.SubnetId)
		}
	}
	if in.Placement != nil && in.Placement.AvailabilityZone != nil {
		az := *in.Placement.AvailabilityZone
		var zs *subnet
		for i := range s.net.subnets {
			if s.net.subnets[i].zone.Name == az {
				zs = &s.net.subnets[i]
			}
		}
		if zs == nil {
			return api.Errorf(invalidParameterValue, "Invalid availability zone: [%s]", api.Clip(az, api.MaxQuoted))
		}
		if l.subnet != nil && l.subnet != zs {
			return api.Errorf(invalidParameterCombination, "The specified Availability Zone %s does not match the Availability Zone %s of subnet %s.", az, l.subnet.zone.Name, l.subnet.id)
		}
		l.subnet = zs
	}
	return nil
}

func checkSecurityGroups(s *Service, ids []string) error {
	if err := checkIDs(ids, "sg", "InvalidGroupId.Malformed"); err != nil {
		return err
	}
	for _, id := range ids {
		if id != s.net.sgID {
			return api.Errorf("InvalidGroup.NotFound", "The security group '%s' does not exist in VPC '%s'", id, s.net.vpcID)
		}
	}
	return nil
}

// checkProfile resolves IamInstanceProfile: by Arn or Name, not both.
func (s *Service) checkProfile(p *profileSpec, l *launch) error {
	if p == nil {
		return nil
	}
	var ref, member string
	switch {
	case p.Arn != nil && p.Name != nil:
		return api.Errorf(invalidParameterCombination, "The parameter 'iamInstanceProfile.name' may not be used in combination with 'iamInstanceProfile.arn'")
	case p.Arn != nil:
		ref, member = *p.Arn, "arn"
	case p.Name != nil:
		ref, member = *p.Name, "name"
	default:
		return api.Errorf(missingParameter, "The request must contain the parameter iamInstanceProfile.arn or iamInstanceProfile.name")
	}
	arn, id, role, ok := s.profiles(ref)
	if !ok {
		return api.Errorf(invalidParameterValue, "Value (%s) for parameter iamInstanceProfile.%s is invalid. Invalid IAM Instance Profile %s", api.Clip(ref, api.MaxQuoted), member, member)
	}
	l.profileARN, l.profileID, l.roleARN = arn, id, role
	return nil
}

// clusterRE finds the cluster an ECS agent joins in its user data
// (ECS_CLUSTER=name in /etc/ecs/ecs.config,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bootstrap_container_instance.html);
// names are up to 255 letters, digits, hyphens and underscores.
var clusterRE = regexp.MustCompile(`ECS_CLUSTER=([A-Za-z0-9_-]{1,255})`)

func checkUserData(ud *string, l *launch) error {
	l.cluster = "default" // the agent's default cluster
	if ud == nil {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(*ud)
	if err != nil {
		return api.Errorf(invalidParameterValue, "Invalid BASE64 encoding of user data.")
	}
	if len(raw) > maxUserData {
		return api.Errorf(invalidParameterValue, "User data is limited to %d bytes", maxUserData)
	}
	l.userData = string(raw)
	if m := clusterRE.FindStringSubmatch(l.userData); m != nil {
		l.cluster = m[1]
	}
	return nil
}

func checkTagSpecs(specs []tagSpec) ([]Tag, error) {
	var tags []Tag
	for _, sp := range specs {
		switch sp.ResourceType {
		case "instance":
		case "volume", "network-interface":
			continue // accepted; the playground keeps no volumes or interfaces
		default:
			return nil, api.Errorf(invalidParameterValue, "'%s' is not a valid taggable resource type for this operation.", api.Clip(sp.ResourceType, api.MaxQuoted))
		}
		tags = append(tags, sp.Tags...)
	}
	if len(tags) > maxTags {
		return nil, api.Errorf("TagLimitExceeded", "The maximum number of tags for a resource is %d.", maxTags)
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if n := utf8.RuneCountInString(t.Key); n == 0 || n > maxTagKeyLen {
			return nil, api.Errorf(invalidParameterValue, "Tag key must be between 1 and %d characters: '%s'", maxTagKeyLen, api.Clip(t.Key, api.MaxQuoted))
		}
		if utf8.RuneCountInString(t.Value) > maxTagValueLen {
			return nil, api.Errorf(invalidParameterValue, "Tag value exceeds the maximum length of %d characters", maxTagValueLen)
		}
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return nil, api.Errorf(invalidParameterValue, "Tag keys starting with 'aws:' are reserved for internal use")
		}
		if seen[t.Key] {
			return nil, api.Errorf(invalidParameterValue, "Duplicate tag key '%s' specified.", api.Clip(t.Key, api.MaxQuoted))
		}
		seen[t.Key] = true
	}
	return tags, nil
}

func (s *Service) prepareRunInstances(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in runInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	l, err := s.checkRun(in)
	if err != nil {
		return nil, nil, err
	}
	actions := s.runActions(l)
	run := func() (any, error) { return s.run(env, l) }
	return actions, run, nil
}

// runActions are what RunInstances needs: ec2:RunInstances on each
// resource it uses or makes (the instance, the image, the subnet, the
// security group, the network interface, the volume), ec2:CreateTags on
// the instance when it is tagged at launch (with ec2:CreateAction), and
// iam:PassRole on the instance profile's role, passed to EC2
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html,
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html).
func (s *Service) runActions(l launch) []api.Action {
	sub := "subnet/*"
	if l.subnet != nil {
		sub = "subnet/" + l.subnet.id
	}
	actions := []api.Action{
		{Action: "ec2:RunInstances", Resource: s.arn("instance/*")},
		{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:" + s.region + "::image/" + l.image.ID},
		{Action: "ec2:RunInstances", Resource: s.arn(sub)},
		{Action: "ec2:RunInstances", Resource: s.arn("security-group/" + s.net.sgID)},
		{Action: "ec2:RunInstances", Resource: s.arn("network-interface/*")},
		{Action: "ec2:RunInstances", Resource: s.arn("volume/*")},
	}
	if len(l.tags) > 0 {
		ctx := map[string][]string{"ec2:CreateAction": {"RunInstances"}}
		keys := []string{}
		for _, t := range l.tags {
			keys = append(keys, t.Key)
			ctx["aws:RequestTag/"+t.Key] = []string{t.Value}
		}
		ctx["aws:TagKeys"] = keys
		actions = append(actions, api.Action{Action: "ec2:CreateTags", Resource: s.arn("instance/*"), Context: ctx})
	}
	if l.roleARN != "" {
		actions = append(actions, api.PassRole(l.roleARN, "ec2.amazonaws.com"))
	}
	return actions
}

// run launches as many instances as fit, from l.max down to l.min.
func (s *Service) run(env *api.Env, l launch) (any, error) {
	s.purge(env.Now)
	live, vcpus := 0, 0
	for _, id := range s.order {
		in := s.instances[id]
		live++
		if in.stateAt(env.Now) != codeTerminated {
			t, _ := LookupType(in.typ)
			vcpus += t.VCPU
		}
	}
	n := min(l.max, MaxInstances-live, (MaxVCPUs-vcpus)/l.typ.VCPU)
	if n < l.min {
		if MaxInstances-live < l.min {
			return nil, api.Errorf("InstanceLimitExceeded", "Your quota allows for %d more running instance(s). You requested at least %d.", max(MaxInstances-live, 0), l.min)
		}
		return nil, api.Errorf("VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of %d allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.", MaxVCPUs)
	}
	if l.subnet != nil && l.subnet.free() < l.min {
		return nil, api.Errorf("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '%s' to satisfy the requested number of instances.", l.subnet.id)
	}
	sub := l.subnet
	if sub == nil {
		// Without a subnet, EC2 picks a default subnet; the playground
		// draws one from the seeded source among those with room.
		var room []*subnet
		for i := range s.net.subnets {
			if s.net.subnets[i].free() >= l.min {
				room = append(room, &s.net.subnets[i])
			}
		}
		if len(room) == 0 {
			return nil, api.Errorf("InsufficientInstanceCapacity", "We currently do not have sufficient %s capacity in the Availability Zones you requested.", l.typ.Name)
		}
		sub = room[env.Rand.IntN(len(room))]
	}
	n = min(n, sub.free())
	res := s.newID(env, "r", func(id string) bool { return s.reservations[id] })
	s.reservations[res] = true
	out := reservationOutput{Groups: []any{}, Instances: []instanceOutput{}, OwnerId: s.account, ReservationId: res}
	for i := range n {
		ip, _ := sub.allocate()
		in := &instance{id: s.newID(env, "i", func(id string) bool { return s.instances[id] != nil }), reservation: res,
			typ: l.typ.Name, image: l.image.ID, subnet: sub.id, zone: sub.zone, ip: ip, launched: env.Now, launchIndex: i,
			profileARN: l.profileARN, profileID: l.profileID, userData: l.userData, cluster: l.cluster, ecs: l.image.ECS,
			tags: slices.Clone(l.tags)}
		s.instances[in.id] = in
		s.order = append(s.order, in.id)
		s.scheduleRunning(env, in)
		out.Instances = append(out.Instances, s.instanceOutput(in, env.Now))
	}
	return out, nil
}

// newID draws an id of prefix with 17 hex digits that taken does not
// report as in use.
func (s *Service) newID(env *api.Env, prefix string, taken func(string) bool) string {
	for {
		id := prefix + "-0" + env.Rand.Chars("0123456789abcdef", 16)
		if !taken(id) {
			return id
		}
	}
}

// purge forgets the instances no longer visible at now, giving their
// addresses back.
func (s *Service) purge(now sim.Time) {
	kept := s.order[:0]
	for _, id := range s.order {
		in := s.instances[id]
		if in.gone(now) {
			if sn := s.net.subnetByID(in.subnet); sn != nil {
				sn.release(in.ip)
			}
			delete(s.instances, id)
			continue
		}
		kept = append(kept, id)
	}
	clear(s.order[len(kept):])
	s.order = kept
}

type reservationOutput struct {
	Groups        []any            `json:"Groups"`
	Instances     []instanceOutput `json:"Instances"`
	OwnerId       string           `json:"OwnerId"`
	ReservationId string           `json:"ReservationId"`
}

type stateOutput struct {
	Code int    `json:"Code"`
	Name string `json:"Name"`
}

type instanceOutput struct {
	AmiLaunchIndex        int                 `json:"AmiLaunchIndex"`
	ImageId               string              `json:"ImageId"`
	InstanceId            string              `json:"InstanceId"`
	InstanceType          string              `json:"InstanceType"`
	LaunchTime            string              `json:"LaunchTime"`
	Placement             map[string]string   `json:"Placement"`
	PrivateDnsName        string              `json:"PrivateDnsName"`
	PrivateIpAddress      string              `json:"PrivateIpAddress"`
	State                 stateOutput         `json:"State"`
	StateTransitionReason string              `json:"StateTransitionReason"`
	SubnetId              string              `json:"SubnetId"`
	VpcId                 string              `json:"VpcId"`
	Architecture          string              `json:"Architecture"`
	IamInstanceProfile    map[string]string   `json:"IamInstanceProfile,omitempty"`
	SecurityGroups        []map[string]string `json:"SecurityGroups"`
	RootDeviceType        string              `json:"RootDeviceType"`
	VirtualizationType    string              `json:"VirtualizationType"`
	Tags                  []Tag               `json:"Tags,omitempty"`
}

// privateDNS is the instance's private host name in us-east-1:
// ip-172-31-5-10.ec2.internal
// (https://docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html).
func (s *Service) privateDNS(ip netip.Addr) string {
	host := "ip-" + strings.ReplaceAll(ip.String(), ".", "-")
	if s.region == "us-east-1" {
		return host + ".ec2.internal"
	}
	return host + "." + s.region + ".compute.internal"
}

func (s *Service) instanceOutput(in *instance, now sim.Time) instanceOutput {
	code := in.stateAt(now)
	out := instanceOutput{AmiLaunchIndex: in.launchIndex, ImageId: in.image, InstanceId: in.id, InstanceType: in.typ,
		LaunchTime: in.launched.String(), Placement: map[string]string{"AvailabilityZone": in.zone.Name, "GroupName": "", "Tenancy": "default"},
		PrivateDnsName: s.privateDNS(in.ip), PrivateIpAddress: in.ip.String(), State: stateOutput{code, stateNames[code]},
		SubnetId: in.subnet, VpcId: s.net.vpcID, Architecture: "x86_64",
		SecurityGroups: []map[string]string{{"GroupName": "default", "GroupId": s.net.sgID}},
		RootDeviceType: "ebs", VirtualizationType: "hvm", Tags: in.tags}
	if in.profileARN != "" {
		out.IamInstanceProfile = map[string]string{"Arn": in.profileARN, "Id": in.profileID}
	}
	if in.terminating != 0 {
		out.StateTransitionReason = fmt.Sprintf("User initiated (%s GMT)", strings.Replace(strings.TrimSuffix(in.terminating.String(), "Z"), "T", " ", 1))
	}
	return out
}
