package ec2

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strings"
)

// Zone is an Availability Zone of the region.
type Zone struct {
	Name string // us-east-1a
	ID   string // use1-az1
}

// zoneLetters are the Availability Zones of us-east-1: "us-east-1a …
// us-east-1f" with the AZ ids use1-az1 … use1-az6
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html).
// us-east-1 maps zone names to AZ ids independently for each account
// created before November 2025
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html);
// the playground maps them in order (a → az1, …, f → az6), one mapping
// for every account.
const zoneLetters = "abcdef"

// zones returns the Availability Zones of region. Regions other than
// us-east-1 get six zones named the same way (the playground's choice:
// the contract's default region is us-east-1).
func zones(region string) []Zone {
	prefix := azIDPrefix(region)
	out := make([]Zone, len(zoneLetters))
	for i, c := range zoneLetters {
		out[i] = Zone{Name: region + string(c), ID: fmt.Sprintf("%s-az%d", prefix, i+1)}
	}
	return out
}

// azIDPrefix is the AZ id prefix of region: use1 for us-east-1
// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html:
// the Region code's first letters and its number). Other regions are
// written as their first part, the first letter of the second, and their
// number (euw1), the playground's approximation.
func azIDPrefix(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 || parts[1] == "" {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}

// DefaultVPCCIDR is the IPv4 block of the default VPC: "a size /16 IPv4
// CIDR block (172.31.0.0/16)", with "a size /20 default subnet in each
// Availability Zone"
// (https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).
// AWS hands the /20 blocks out in order, 172.31.0.0/20, 172.31.16.0/20,
// 172.31.32.0/20, …; which zone gets which block varies between accounts,
// and the playground gives them to the zones in name order.
const DefaultVPCCIDR = "172.31.0.0/16"

// subnetCIDR is the block of the i-th default subnet.
func subnetCIDR(i int) netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 31, byte(16 * i), 0}), 20)
}

// Usable addresses of a /20 subnet: AWS reserves "the first four IP
// addresses and the last IP address in each subnet CIDR block"
// (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html),
// so 4,091 of 4,096.
const (
	subnetSize      = 4096
	firstHostOffset = 4
	usableAddresses = subnetSize - 5
)

// derivedID is an id of the default network: prefix, "-", and 17 hex
// digits of the SHA-256 of the account id and name, so the same account
// always has the same default network and no id comes from the seed.
func derivedID(prefix, account, name string) string {
	sum := sha256.Sum256([]byte(account + "/" + name))
	return prefix + "-" + hex.EncodeToString(sum[:])[:17]
}

// network is an account's default network.
type network struct {
	vpcID, dhcpID, assocID, sgID, sgRuleID string
	zones                                  []Zone
	subnets                                []subnet // in zone order
}

type subnet struct {
	id   string
	zone Zone
	cidr netip.Prefix
	// used are the host offsets (from the block's start) in use.
	used map[int]bool
	next int // where the search for a free address starts
}

func newNetwork(account, region string) network {
	n := network{
		vpcID:    derivedID("vpc", account, "default-vpc"),
		dhcpID:   derivedID("dopt", account, "default-dhcp-options"),
		assocID:  derivedID("vpc-cidr-assoc", account, "default-vpc-cidr"),
		sgID:     derivedID("sg", account, "default-security-group"),
		sgRuleID: derivedID("sgr", account, "default-security-group-rule"),
		zones:    zones(region),
	}
	for i, z := range n.zones {
		n.subnets = append(n.subnets, subnet{id: derivedID("subnet", account, "default-subnet-"+z.Name), zone: z,
			cidr: subnetCIDR(i), used: map[int]bool{}, next: firstHostOffset})
	}
	return n
}

func (n *network) subnetByID(id string) *subnet {
	for i := range n.subnets {
		if n.subnets[i].id == id {
			return &n.subnets[i]
		}
	}
	return nil
}

// free returns how many addresses of the subnet are free.
func (s *subnet) free() int { return usableAddresses - len(s.used) }

// allocate takes the next free address of the subnet; ok is false when
// none is left.
func (s *subnet) allocate() (netip.Addr, bool) {
	if s.free() <= 0 {
		return netip.Addr{}, false
	}
	for off := s.next; ; off++ {
		if off >= subnetSize-1 {
			off = firstHostOffset
		}
		if !s.used[off] {
			s.used[off] = true
			s.next = off + 1
			return s.addr(off), true
		}
	}
}

// release gives an address back.
func (s *subnet) release(a netip.Addr) {
	base := s.cidr.Addr().As4()
	b := a.As4()
	off := (int(b[2])-int(base[2]))<<8 | int(b[3])
	delete(s.used, off)
}

func (s *subnet) addr(off int) netip.Addr {
	b := s.cidr.Addr().As4()
	b[2] += byte(off >> 8)
	b[3] = byte(off)
	return netip.AddrFrom4(b)
}
