package ecs

import (
	"strings"

	"cloudplay/core/sim"
)

// osFamilies are runtimePlatform's operatingSystemFamily values
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html).
var osFamilies = []string{"LINUX", "WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2016_FULL",
	"WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE",
	"WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE"}

// Fargate ephemeral storage: "The minimum supported value is 21 GiB and
// the maximum supported value is 200 GiB"; without it a task gets 20 GiB
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html).
const (
	minEphemeralGiB     = 21
	maxEphemeralGiB     = 200
	includedEphemeralGB = 20
)

// fargateMemory lists, for each task CPU value, the memory values (MiB)
// Fargate accepts: AWS's table
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
// 8 and 16 vCPU need Linux platform version 1.4.0 or later (the default,
// LATEST, is); Windows has only 1, 2 and 4 vCPU ("The CPU units cannot be
// less than 1 vCPU when you use Windows containers on Fargate").
type fargateRow struct {
	cpu            int64
	from, to, step int64
	windows        bool
}

var fargateTable = []fargateRow{
	{cpu: 256, from: 512, to: 2048, step: 512}, // 512, 1024, 2048: 1536 is not valid (see fargateSize)
	{cpu: 512, from: 1024, to: 4096, step: 1024},
	{cpu: 1024, from: 2048, to: 8192, step: 1024, windows: true},
	{cpu: 2048, from: 4096, to: 16384, step: 1024, windows: true},
	{cpu: 4096, from: 8192, to: 30720, step: 1024, windows: true},
	{cpu: 8192, from: 16384, to: 61440, step: 4096},
	{cpu: 16384, from: 32768, to: 122880, step: 8192},
}

// FargateSize reports whether cpu units and memory MiB are a size Fargate
// runs for the operating system family os ("LINUX" or a WINDOWS_SERVER_…
// value).
func FargateSize(cpu, mem int64, os string) bool { return fargateSize(cpu, mem, os) }

func fargateSize(cpu, mem int64, os string) bool {
	windows := strings.HasPrefix(os, "WINDOWS")
	for _, r := range fargateTable {
		if r.cpu != cpu || windows && !r.windows {
			continue
		}
		if cpu == 256 {
			return mem == 512 || mem == 1024 || mem == 2048
		}
		return mem >= r.from && mem <= r.to && (mem-r.from)%r.step == 0
	}
	return false
}

// checkFargate checks a definition that requires FARGATE, with ECS's
// ClientException messages.
func (td *taskDef) checkFargate() error {
	if td.network != "awsvpc" {
		return errClient("Fargate only supports network mode 'awsvpc'.")
	}
	if td.taskCPU == 0 {
		return errClient("Fargate requires that 'cpu' be defined at the task level.")
	}
	if td.taskMem == 0 {
		return errClient("Fargate requires that 'memory' be defined at the task level.")
	}
	if !fargateSize(td.taskCPU, td.taskMem, td.os) {
		return errClient("No Fargate configuration exists for given values: %d CPU, %d memory. See the Amazon ECS documentation for the valid values.", td.taskCPU, td.taskMem)
	}
	if td.in.ExecutionRoleArn == "" {
		for _, c := range td.in.ContainerDefinitions {
			if _, ok := parseECRImage(c.Image); ok {
				return errClient("Fargate requires task definition to have execution role ARN to support ECR images.")
			}
		}
	}
	return nil
}

// Fargate on-demand prices in US East (N. Virginia), from
// https://aws.amazon.com/fargate/pricing/ as read in 2026 (the Linux/x86
// rates unchanged since the 2019 price cut; Windows adds the OS licence
// fee per vCPU-hour): per vCPU-hour and per GB-hour, and per GB-hour of
// ephemeral storage beyond the 20 GB included.
const (
	LinuxX86VCPUHour    = 0.04048
	LinuxX86GBHour      = 0.004445
	LinuxARMVCPUHour    = 0.03238
	LinuxARMGBHour      = 0.00356
	WindowsVCPUHour     = 0.09148 // 0.046552 compute + 0.046 OS licence
	WindowsGBHour       = 0.01005
	EphemeralGBHour     = 0.000111
	linuxMinimumSeconds = 60 // "a 1-minute minimum" for Linux
	// windowsMinimumSeconds: "Windows ... billed ... with a 5-minute minimum".
	windowsMinimumSeconds = 300
)

// TaskSize is what a Fargate task is billed for.
type TaskSize struct {
	CPU          int64  // units, 1,024 a vCPU
	MemoryMiB    int64  // MiB
	EphemeralGiB int    // 20 when not set
	OS           string // LINUX or WINDOWS_SERVER_…
	Arch         string // X86_64 or ARM64
}

// FargateRatePerSecond is a Fargate task's price for one second in US
// dollars: the meter's rate while the task is billed.
func FargateRatePerSecond(sz TaskSize) float64 {
	vcpu, gb := float64(sz.CPU)/1024, float64(sz.MemoryMiB)/1024
	var perHour float64
	switch {
	case strings.HasPrefix(sz.OS, "WINDOWS"):
		perHour = vcpu*WindowsVCPUHour + gb*WindowsGBHour
	case sz.Arch == "ARM64":
		perHour = vcpu*LinuxARMVCPUHour + gb*LinuxARMGBHour
	default:
		perHour = vcpu*LinuxX86VCPUHour + gb*LinuxX86GBHour
	}
	if extra := sz.EphemeralGiB - includedEphemeralGB; extra > 0 {
		perHour += float64(extra) * EphemeralGBHour
	}
	return perHour / 3600
}

// FargateCharge is what a Fargate task costs from start (the start of its
// image pull) to end (when it stopped, or now while it runs): "Pricing is
// calculated ... from the time you start to download your container image
// until the Amazon ECS Task ... terminates, rounded up to the nearest
// second", with the minimum of its operating system
// (https://aws.amazon.com/fargate/pricing/).
func FargateCharge(sz TaskSize, start, end sim.Time) float64 {
	if end < start {
		end = start
	}
	secs := (int64(end-start) + 999) / 1000
	minimum := int64(linuxMinimumSeconds)
	if strings.HasPrefix(sz.OS, "WINDOWS") {
		minimum = windowsMinimumSeconds
	}
	secs = max(secs, minimum)
	return float64(secs) * FargateRatePerSecond(sz)
}
