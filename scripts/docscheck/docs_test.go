// Package docscheck holds a test that keeps the documentation page
// (site/docs.html) saying what the code enforces: each limit it lists is
// read from the constant that enforces it.
package docscheck

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/compute/ecs"
	"cloudplay/core/s3"
	"cloudplay/core/scenario"
	"cloudplay/core/sim"
	"cloudplay/core/stream"
)

// rows returns the table rows of the page, as text without tags.
func rows(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../site/docs.html")
	if err != nil {
		t.Fatal(err)
	}
	tag := regexp.MustCompile(`<[^>]+>`)
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(string(b), -1) {
		out = append(out, strings.Join(strings.Fields(tag.ReplaceAllString(m[1], " ")), " "))
	}
	return out
}

// size writes a byte count as the page does ("2 MiB").
func size(n int) string { return fmt.Sprintf("%d MiB", n>>20) }

// thousands writes n with thousands separators ("10,000").
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestDocsStateTheLimitsTheCodeEnforces(t *testing.T) {
	tests := []struct {
		row  string // text that starts the row
		want []string
	}{
		{"Input of one operation", []string{size(cloud.MaxInputBytes)}},
		{"Request context", []string{fmt.Sprint(cloud.MaxContextKeys)}},
		{"Length of a context key's name", []string{fmt.Sprint(cloud.MaxContextKeyLength)}},
		{"Values in one context key's list", []string{fmt.Sprint(cloud.MaxContextValues)}},
		{"Length of one context value", []string{thousands(cloud.MaxContextValueLength)}},
		{"Quoted input in an error message", []string{fmt.Sprintf("first %d characters", api.MaxQuoted)}},
		{"Event log", []string{"latest " + thousands(cloud.MaxEvents)}},
		{"One object's body", []string{size(s3.MaxObjectSize)}},
		{"All objects of the account", []string{size(s3.MaxStoredBytes)}},
		{"Records kept by the account", []string{size(stream.MaxStoredBytes)}},
		{"Per-shard metrics kept", []string{fmt.Sprintf("last %d simulated seconds", stream.MetricSeconds)}},
		{"One advance", []string{"10 11 seconds"}},
		{"The clock", []string{sim.MaxTime.Milli()}},
		{"Scenario JSON in a share link", []string{size(scenario.MaxLinkSize)}},
		{"Saved work and exported or imported files", []string{size(scenario.MaxSavedSize)}},
		{"JSON nesting in a scenario", []string{fmt.Sprintf("%d levels", scenario.MaxDepth)}},
		{"One layer part", []string{size(ecr.MaxPartBytes)}},
		{"Layer uploads in progress", []string{size(ecr.MaxUploadBytes)}},
		{"vCPUs of running instances", []string{thousands(ec2.MaxVCPUs)}},
		{"Instances held by the account", []string{thousands(ec2.MaxInstances)}},
		{"Filters of one Describe call", []string{fmt.Sprintf("%d filters, %d values", ec2.MaxFilters, ec2.MaxFilterValues)}},
		{"Clusters per account", []string{thousands(ecs.MaxClusters)}},
		{"Container instances per cluster", []string{thousands(ecs.MaxInstancesPerCluster)}},
		{"Services per cluster", []string{thousands(ecs.MaxServicesPerCluster)}},
		{"Tasks per service", []string{thousands(ecs.MaxTasksPerService)}},
		{"Tasks per RunTask", []string{fmt.Sprintf("1–%d", ecs.MaxRunTaskCount)}},
		{"Cluster query expression", []string{thousands(ecs.MaxQueryLength) + " characters"}},
		{"Linux/x86 vCPU", []string{fmt.Sprintf("$%g", ecs.LinuxX86VCPUHour)}},
		{"Linux/x86 GB of memory", []string{fmt.Sprintf("$%g", ecs.LinuxX86GBHour)}},
		{"Linux/ARM vCPU", []string{fmt.Sprintf("$%g", ecs.LinuxARMVCPUHour)}},
		{"Linux/ARM GB of memory", []string{fmt.Sprintf("$%g", ecs.LinuxARMGBHour)}},
		{"Windows vCPU", []string{fmt.Sprintf("$%g", ecs.WindowsVCPUHour)}},
		{"Windows GB of memory", []string{fmt.Sprintf("$%g", ecs.WindowsGBHour)}},
		{"Ephemeral storage beyond 20 GB", []string{fmt.Sprintf("$%g", ecs.EphemeralGBHour)}},
	}
	// Each instance type's row gives the code's vCPUs, memory, registered
	// memory and price.
	for _, it := range ec2.InstanceTypes() {
		tests = append(tests, struct {
			row  string
			want []string
		}{it.Name + " ", []string{fmt.Sprintf("%s %d %s MiB %s MiB $%g", it.Name, it.VCPU, thousands(it.MemoryMiB), thousands(ec2.RegisteredMemoryMiB(it)), it.PricePerHour)}})
	}
	all := rows(t)
	for _, tt := range tests {
		found := false
		for _, r := range all {
			if !strings.HasPrefix(r, tt.row) {
				continue
			}
			found = true
			for _, w := range tt.want {
				if !strings.Contains(r, w) {
					t.Errorf("docs.html row %q does not say %q (the code's limit)", r, w)
				}
			}
		}
		if !found {
			t.Errorf("docs.html has no row starting %q", tt.row)
		}
	}
	if cloud.MaxAdvanceMillis != 1e14 {
		t.Errorf("cloud.MaxAdvanceMillis is %v; docs.html says 10^11 seconds", float64(cloud.MaxAdvanceMillis))
	}
}
