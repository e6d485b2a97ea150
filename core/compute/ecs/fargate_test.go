package ecs

import (
	"math"
	"testing"

	"cloudplay/core/sim"
)

func TestFargateSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cpu, mem int64
		os       string
		want     bool
	}{
		{256, 512, "LINUX", true}, {256, 1024, "LINUX", true}, {256, 2048, "LINUX", true}, {256, 1536, "LINUX", false},
		{256, 4096, "LINUX", false}, {512, 4096, "LINUX", true}, {512, 5120, "LINUX", false},
		{1024, 8192, "LINUX", true}, {1024, 9216, "LINUX", false}, {2048, 16384, "LINUX", true}, {2048, 4608, "LINUX", false},
		{4096, 30720, "LINUX", true}, {4096, 31744, "LINUX", false}, {8192, 20480, "LINUX", true}, {8192, 18432, "LINUX", false},
		{16384, 122880, "LINUX", true}, {16384, 36864, "LINUX", false}, {128, 512, "LINUX", false},
		{256, 512, "WINDOWS_SERVER_2019_FULL", false}, {1024, 2048, "WINDOWS_SERVER_2022_CORE", true},
		{8192, 16384, "WINDOWS_SERVER_2019_CORE", false},
	}
	for _, tt := range tests {
		if got := FargateSize(tt.cpu, tt.mem, tt.os); got != tt.want {
			t.Errorf("FargateSize(%d, %d, %s) = %v, want %v", tt.cpu, tt.mem, tt.os, got, tt.want)
		}
	}
}

func TestFargateCharge(t *testing.T) {
	t.Parallel()
	linux := TaskSize{CPU: 1024, MemoryMiB: 2048, EphemeralGiB: 20, OS: "LINUX", Arch: "X86_64"}
	perSec := (LinuxX86VCPUHour + 2*LinuxX86GBHour) / 3600
	tests := []struct {
		name       string
		sz         TaskSize
		start, end int64
		want       float64
	}{
		{"minimum minute", linux, 0, 10_000, 60 * perSec},
		{"rounded up to the second", linux, 0, 90_001, 91 * perSec},
		{"an hour", linux, 0, 3_600_000, LinuxX86VCPUHour + 2*LinuxX86GBHour},
		{"extra storage", TaskSize{CPU: 1024, MemoryMiB: 2048, EphemeralGiB: 30, OS: "LINUX"}, 0, 3_600_000, LinuxX86VCPUHour + 2*LinuxX86GBHour + 10*EphemeralGBHour},
		{"arm", TaskSize{CPU: 2048, MemoryMiB: 4096, EphemeralGiB: 20, OS: "LINUX", Arch: "ARM64"}, 0, 3_600_000, 2*LinuxARMVCPUHour + 4*LinuxARMGBHour},
		{"windows minimum", TaskSize{CPU: 1024, MemoryMiB: 2048, EphemeralGiB: 20, OS: "WINDOWS_SERVER_2019_FULL"}, 0, 60_000, 300 * (WindowsVCPUHour + 2*WindowsGBHour) / 3600},
	}
	for _, tt := range tests {
		got := FargateCharge(tt.sz, sim.Time(1_000_000+tt.start), sim.Time(1_000_000+tt.end))
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: %.10f, want %.10f", tt.name, got, tt.want)
		}
	}
}
