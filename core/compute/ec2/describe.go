package ec2

import (
	"slices"
	"strings"

	"cloudplay/core/api"
)

// Filter names each Describe operation knows, from its API reference
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html,
// API_DescribeSubnets.html, API_DescribeAvailabilityZones.html,
// API_DescribeSecurityGroups.html): the common ones.

func (s *Service) vpcFields(_ struct{}, name string) ([]string, bool) {
	switch name {
	case "vpc-id":
		return []string{s.net.vpcID}, true
	case "cidr", "cidr-block-association.cidr-block":
		return []string{DefaultVPCCIDR}, true
	case "is-default":
		return []string{"true"}, true
	case "state":
		return []string{"available"}, true
	case "owner-id":
		return []string{s.account}, true
	case "dhcp-options-id":
		return []string{s.net.dhcpID}, true
	}
	return tagFilter(nil, name)
}

func (s *Service) prepareDescribeVpcs(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		VpcIds  []string `json:"VpcIds"`
		Filters []Filter `json:"Filters"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkFilters(in.Filters, s.vpcFields); err != nil {
		return nil, nil, err
	}
	if err := checkIDs(in.VpcIds, "vpc", "InvalidVpcID.Malformed"); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		for _, id := range in.VpcIds {
			if id != s.net.vpcID {
				return nil, api.Errorf("InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", api.Clip(id, api.MaxQuoted))
			}
		}
		vpcs := []any{}
		if matchFilters(struct{}{}, in.Filters, s.vpcFields) {
			vpcs = append(vpcs, s.vpcOutput())
		}
		return map[string]any{"Vpcs": vpcs}, nil
	}
	return describeAll("ec2:DescribeVpcs"), run, nil
}

type vpcOutput struct {
	CidrBlock               string           `json:"CidrBlock"`
	DhcpOptionsId           string           `json:"DhcpOptionsId"`
	State                   string           `json:"State"`
	VpcId                   string           `json:"VpcId"`
	OwnerId                 string           `json:"OwnerId"`
	InstanceTenancy         string           `json:"InstanceTenancy"`
	CidrBlockAssociationSet []cidrAssocation `json:"CidrBlockAssociationSet"`
	IsDefault               bool             `json:"IsDefault"`
}

type cidrAssocation struct {
	AssociationId  string            `json:"AssociationId"`
	CidrBlock      string            `json:"CidrBlock"`
	CidrBlockState map[string]string `json:"CidrBlockState"`
}

func (s *Service) vpcOutput() vpcOutput {
	return vpcOutput{CidrBlock: DefaultVPCCIDR, DhcpOptionsId: s.net.dhcpID, State: "available", VpcId: s.net.vpcID,
		OwnerId: s.account, InstanceTenancy: "default", IsDefault: true,
		CidrBlockAssociationSet: []cidrAssocation{{AssociationId: s.net.assocID, CidrBlock: DefaultVPCCIDR,
			CidrBlockState: map[string]string{"State": "associated"}}}}
}

func (s *Service) subnetFields(sn *subnet, name string) ([]string, bool) {
	if sn == nil {
		sn = &subnet{}
	}
	switch name {
	case "subnet-id":
		return []string{sn.id}, true
	case "vpc-id":
		return []string{s.net.vpcID}, true
	case "availability-zone":
		return []string{sn.zone.Name}, true
	case "availability-zone-id":
		return []string{sn.zone.ID}, true
	case "cidr-block", "cidr", "cidrBlock":
		return []string{sn.cidr.String()}, true
	case "default-for-az", "defaultForAz":
		return []string{"true"}, true
	case "map-public-ip-on-launch":
		return []string{"true"}, true
	case "state":
		return []string{"available"}, true
	case "owner-id":
		return []string{s.account}, true
	case "subnet-arn":
		return []string{s.arn("subnet/" + sn.id)}, true
	}
	return tagFilter(nil, name)
}

type subnetOutput struct {
	AvailabilityZone        string `json:"AvailabilityZone"`
	AvailabilityZoneId      string `json:"AvailabilityZoneId"`
	AvailableIpAddressCount int    `json:"AvailableIpAddressCount"`
	CidrBlock               string `json:"CidrBlock"`
	DefaultForAz            bool   `json:"DefaultForAz"`
	MapPublicIpOnLaunch     bool   `json:"MapPublicIpOnLaunch"`
	State                   string `json:"State"`
	SubnetId                string `json:"SubnetId"`
	VpcId                   string `json:"VpcId"`
	OwnerId                 string `json:"OwnerId"`
	SubnetArn               string `json:"SubnetArn"`
}

func (s *Service) subnetOutput(sn *subnet) subnetOutput {
	return subnetOutput{AvailabilityZone: sn.zone.Name, AvailabilityZoneId: sn.zone.ID, AvailableIpAddressCount: sn.free(),
		CidrBlock: sn.cidr.String(), DefaultForAz: true, MapPublicIpOnLaunch: true, State: "available",
		SubnetId: sn.id, VpcId: s.net.vpcID, OwnerId: s.account, SubnetArn: s.arn("subnet/" + sn.id)}
}

func (s *Service) prepareDescribeSubnets(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		SubnetIds []string `json:"SubnetIds"`
		Filters   []Filter `json:"Filters"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkFilters(in.Filters, s.subnetFields); err != nil {
		return nil, nil, err
	}
	if err := checkIDs(in.SubnetIds, "subnet", "InvalidSubnetID.Malformed"); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		for _, id := range in.SubnetIds {
			if s.net.subnetByID(id) == nil {
				return nil, subnetNotFound(id)
			}
		}
		out := []subnetOutput{}
		for i := range s.net.subnets {
			sn := &s.net.subnets[i]
			if len(in.SubnetIds) > 0 && !slices.Contains(in.SubnetIds, sn.id) {
				continue
			}
			if matchFilters(sn, in.Filters, s.subnetFields) {
				out = append(out, s.subnetOutput(sn))
			}
		}
		return map[string]any{"Subnets": out}, nil
	}
	return describeAll("ec2:DescribeSubnets"), run, nil
}

func subnetNotFound(id string) error {
	return api.Errorf("InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", api.Clip(id, api.MaxQuoted))
}

func (s *Service) zoneFields(z Zone, name string) ([]string, bool) {
	switch name {
	case "zone-name":
		return []string{z.Name}, true
	case "zone-id":
		return []string{z.ID}, true
	case "state":
		return []string{"available"}, true
	case "region-name", "group-name", "network-border-group":
		return []string{s.region}, true
	case "zone-type":
		return []string{"availability-zone"}, true
	case "opt-in-status":
		return []string{"opt-in-not-required"}, true
	}
	return nil, false
}

type zoneOutput struct {
	OptInStatus        string   `json:"OptInStatus"`
	Messages           []string `json:"Messages"`
	RegionName         string   `json:"RegionName"`
	ZoneName           string   `json:"ZoneName"`
	ZoneId             string   `json:"ZoneId"`
	GroupName          string   `json:"GroupName"`
	NetworkBorderGroup string   `json:"NetworkBorderGroup"`
	ZoneType           string   `json:"ZoneType"`
	State              string   `json:"State"`
}

func (s *Service) prepareDescribeAvailabilityZones(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		ZoneNames            []string `json:"ZoneNames"`
		ZoneIds              []string `json:"ZoneIds"`
		Filters              []Filter `json:"Filters"`
		AllAvailabilityZones *bool    `json:"AllAvailabilityZones"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkFilters(in.Filters, s.zoneFields); err != nil {
		return nil, nil, err
	}
	for _, n := range in.ZoneNames {
		if !slices.ContainsFunc(s.net.zones, func(z Zone) bool { return z.Name == n }) {
			return nil, nil, api.Errorf(invalidParameterValue, "The zone '%s' does not exist.", api.Clip(n, api.MaxQuoted))
		}
	}
	for _, id := range in.ZoneIds {
		if !slices.ContainsFunc(s.net.zones, func(z Zone) bool { return z.ID == id }) {
			return nil, nil, api.Errorf(invalidParameterValue, "The zone '%s' does not exist.", api.Clip(id, api.MaxQuoted))
		}
	}
	run := func() (any, error) {
		out := []zoneOutput{}
		for _, z := range s.net.zones {
			if len(in.ZoneNames)+len(in.ZoneIds) > 0 && !slices.Contains(in.ZoneNames, z.Name) && !slices.Contains(in.ZoneIds, z.ID) {
				continue
			}
			if matchFilters(z, in.Filters, s.zoneFields) {
				out = append(out, zoneOutput{OptInStatus: "opt-in-not-required", Messages: []string{}, RegionName: s.region,
					ZoneName: z.Name, ZoneId: z.ID, GroupName: s.region, NetworkBorderGroup: s.region,
					ZoneType: "availability-zone", State: "available"})
			}
		}
		return map[string]any{"AvailabilityZones": out}, nil
	}
	return describeAll("ec2:DescribeAvailabilityZones"), run, nil
}

func (s *Service) sgFields(_ struct{}, name string) ([]string, bool) {
	switch name {
	case "group-id":
		return []string{s.net.sgID}, true
	case "group-name":
		return []string{"default"}, true
	case "vpc-id":
		return []string{s.net.vpcID}, true
	case "owner-id":
		return []string{s.account}, true
	case "description":
		return []string{defaultSGDescription}, true
	}
	return tagFilter(nil, name)
}

// defaultSGDescription is the default security group's description
// (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
const defaultSGDescription = "default VPC security group"

func (s *Service) sgOutput() map[string]any {
	return map[string]any{
		"Description": defaultSGDescription,
		"GroupName":   "default",
		"IpPermissions": []any{map[string]any{
			"IpProtocol": "-1", "IpRanges": []any{}, "Ipv6Ranges": []any{}, "PrefixListIds": []any{},
			"UserIdGroupPairs": []any{map[string]string{"GroupId": s.net.sgID, "UserId": s.account}},
		}},
		"OwnerId": s.account,
		"GroupId": s.net.sgID,
		"IpPermissionsEgress": []any{map[string]any{
			"IpProtocol": "-1", "IpRanges": []any{map[string]string{"CidrIp": "0.0.0.0/0"}}, "Ipv6Ranges": []any{},
			"PrefixListIds": []any{}, "UserIdGroupPairs": []any{},
		}},
		"VpcId":            s.net.vpcID,
		"SecurityGroupArn": s.arn("security-group/" + s.net.sgID),
	}
}

func (s *Service) prepareDescribeSecurityGroups(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		GroupIds   []string `json:"GroupIds"`
		GroupNames []string `json:"GroupNames"`
		Filters    []Filter `json:"Filters"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkFilters(in.Filters, s.sgFields); err != nil {
		return nil, nil, err
	}
	if err := checkIDs(in.GroupIds, "sg", "InvalidGroupId.Malformed"); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		for _, id := range in.GroupIds {
			if id != s.net.sgID {
				return nil, api.Errorf("InvalidGroup.NotFound", "The security group '%s' does not exist", api.Clip(id, api.MaxQuoted))
			}
		}
		for _, n := range in.GroupNames {
			if n != "default" {
				return nil, api.Errorf("InvalidGroup.NotFound", "The security group '%s' does not exist in default VPC '%s'", api.Clip(n, api.MaxQuoted), s.net.vpcID)
			}
		}
		out := []any{}
		if matchFilters(struct{}{}, in.Filters, s.sgFields) {
			out = append(out, s.sgOutput())
		}
		return map[string]any{"SecurityGroups": out}, nil
	}
	return describeAll("ec2:DescribeSecurityGroups"), run, nil
}

// Bound of an id list, the playground's own (EC2 documents none for these
// members): it bounds the work of one call.
const maxIDs = 1000

// checkIDs checks a list of resource ids: each must be prefix, "-" and 8
// or 17 hex digits, as EC2's ids are
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html);
// a malformed one is code, `Invalid id: "x"`.
func checkIDs(ids []string, prefix, code string) error {
	if len(ids) > maxIDs {
		return api.Errorf(invalidParameterValue, "The request names %d ids; the playground accepts at most %d", len(ids), maxIDs)
	}
	for _, id := range ids {
		if !wellFormedID(prefix, id) {
			return api.Errorf(code, "Invalid id: \"%s\" (expecting \"%s-...\")", api.Clip(id, api.MaxQuoted), prefix)
		}
	}
	return nil
}

// wellFormedID reports whether id is prefix-HEX with 8 or 17 lower-case
// hex digits.
func wellFormedID(prefix, id string) bool {
	hex, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || len(hex) != 8 && len(hex) != 17 {
		return false
	}
	for _, c := range hex {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// prepareDescribeInstanceTypes is DescribeInstanceTypes for the types of
// the playground's table: vCPUs, memory and the network interfaces each
// can have (ECS reads these to count an instance's interfaces for awsvpc
// tasks). A type not in the table is refused with InvalidParameterValue,
// worded as RunInstances words it
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html).
func (s *Service) prepareDescribeInstanceTypes(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		InstanceTypes []string `json:"InstanceTypes"`
		Filters       []Filter `json:"Filters"`
		MaxResults    *int     `json:"MaxResults"`
		NextToken     string   `json:"NextToken"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.Filters) > 0 {
		return nil, nil, api.Errorf(invalidParameterValue, "The playground's DescribeInstanceTypes takes InstanceTypes, not Filters.")
	}
	if len(in.InstanceTypes) > 100 {
		return nil, nil, api.Errorf(invalidParameterValue, "InstanceTypes can list at most 100 types.")
	}
	var types []InstanceType
	for _, n := range in.InstanceTypes {
		t, ok := LookupType(n)
		if !ok {
			return nil, nil, api.Errorf(invalidParameterValue, "Invalid value '%s' for InstanceTypes.", api.Clip(n, api.MaxQuoted))
		}
		types = append(types, t)
	}
	if len(in.InstanceTypes) == 0 {
		types = InstanceTypes()
	}
	run := func() (any, error) {
		out := make([]map[string]any, 0, len(types))
		for _, t := range types {
			out = append(out, map[string]any{"InstanceType": t.Name, "CurrentGeneration": true,
				"VCpuInfo": map[string]any{"DefaultVCpus": t.VCPU}, "MemoryInfo": map[string]any{"SizeInMiB": t.MemoryMiB},
				"NetworkInfo": map[string]any{"MaximumNetworkInterfaces": t.MaxENIs}})
		}
		return map[string]any{"InstanceTypes": out}, nil
	}
	return describeAll("ec2:DescribeInstanceTypes"), run, nil
}
