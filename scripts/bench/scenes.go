//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"cloudplay/scripts/internal/frames"
)

// scenes are what make bench measures frame times on: each a page of the
// built site and how to make it move (scripts/internal/frames). A panel that
// animates adds its scene here; its figures then appear in every make bench.
var scenes = []frames.Scene{
	{
		// The page as it loads, nothing animating: what the ticker-less
		// playground costs per frame, the floor for every other scene.
		Name: "playground, idle",
		Path: "/",
	},
	{
		// The IAM simulator's flowchart (wasm/flowchart.go): a token moves
		// along the evaluation path, one Vecty re-render of the SVG per
		// frame. Each time it arrives the scene simulates again for the
		// other principal (Alice allowed, Fred implicitly denied), so the
		// chart animates for the whole run, and the simulation calls land
		// in the frames as a learner's clicks do.
		Name:  "IAM simulator flowchart, replayed",
		Path:  "/embed.html?panel=iam",
		Setup: iamSimulateSetup,
		Drive: `(() => {
  const users = ["arn:aws:iam::123456789012:user/Alice", "arn:aws:iam::123456789012:user/Fred"];
  let n = 0, clicked = -1e9;
  return (now) => {
    if (now - clicked < 300 || document.querySelector('figure.flowchart[data-state="running"]')) return;
    const run = document.querySelector("#sim-run"), sel = document.querySelector("#sim-principal");
    if (!run || run.disabled || !sel) return;
    sel.value = users[n++ % 2];
    sel.dispatchEvent(new Event("change", {bubbles: true}));
    run.click();
    clicked = now;
  };
})()`,
		Animating: `document.querySelector('figure.flowchart[data-state="running"]')`,
	},
	{
		// The Streams panel's data flow (wasm/internal/flow, site/flow.js)
		// fed by a producer actor, as a learner runs it: a 4-shard stream,
		// a Clickstream producer (cloudplay:StartProducer) at 1,400
		// records/s over 1,000 keys, and the clock playing at 1×. The
		// producer's PutRecords of each tenth of a second make one step
		// event per shard, each drawn as a sample of dots (up to 128), which
		// keeps 2,000 to 2,400 in flight (measured: at 2,000 records/s it
		// is 2,500 to 3,500); the shards take 350 records/s each, under
		// their limit. Animating counts the frames that drew at least 1,800
		// (the canvas's data-dots).
		Name:      "streams, 2,000 records in flight",
		Path:      "/embed.html?panel=streams",
		Setup:     streamsSetup,
		Animating: `+((document.querySelector("canvas.flow-canvas") || {dataset: {}}).dataset.dots || 0) >= 1800`,
	},
	{
		// Issue #10's frame budget: the streams scene's 2,000 records in
		// flight, and beside them on the same panel a Firehose delivery
		// stream reading the stream into S3 (its buffer meters move every
		// frame, an object lands each 60 s), a Kinesis Data Analytics
		// application counting clicks per page in 10 s windows (its rows
		// table updates live) and a Kinesis Video stream with a camera and a
		// motion detector (its frame and fragment strip redraw). Animating
		// counts the frames that drew at least 1,800 dots while all three
		// run.
		Name:      "streams with Firehose, Analytics and Video, 2,000 records in flight",
		Path:      "/embed.html?panel=streams",
		Setup:     streamsAllSetup,
		Animating: `+((document.querySelector("canvas.flow-canvas") || {dataset: {}}).dataset.dots || 0) >= 1800`,
	},
	{
		// The Containers panel's cluster (wasm/internal/cluster,
		// site/cluster.js): 100 container instances registered with
		// explicit resources across the six zones and 1,000 tasks placed
		// with spread (zone) then binpack (memory); every 300 ms the
		// script stops the 10 oldest tasks and runs 10 more, so chips fly
		// in, fade out and bars move all the time. Animating counts the
		// frames that drew at least 1,000 items (the canvas's data-items:
		// two bars per instance and a chip per task).
		Name:  "containers, 1,000 tasks",
		Path:  "/embed.html?panel=containers",
		Setup: containersSetup,
		Drive: `(() => {
  const run = {taskDefinition: "web", count: 10, placementStrategy: [
    {type: "spread", field: "attribute:ecs.availability-zone"}, {type: "binpack", field: "memory"}]};
  let last = -1e9;
  return (now) => {
    if (now - last < 300) return;
    last = now;
    const q = window.benchTasks;
    for (const t of q.splice(0, 10)) cloudplay.call("ecs:StopTask", {task: t}).catch(() => {});
    cloudplay.call("ecs:RunTask", run).then(o => q.push(...o.tasks.map(t => t.taskArn))).catch(() => {});
  };
})()`,
		Animating: `+((document.querySelector("canvas.cluster-canvas") || {dataset: {}}).dataset.items || 0) >= 1000`,
	},
}

// containersSetup registers the Containers scene's instances and runs its
// 1,000 tasks through window.cloudplay.
const containersSetup = `async () => {
  const zones = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
  await cloudplay.call("ecs:CreateCluster", {});
  for (let i = 0; i < 100; i++) {
    const doc = JSON.stringify({instanceId: "i-" + i.toString(16).padStart(17, "0"), instanceType: "m5.xlarge", availabilityZone: zones[i % 6]});
    await cloudplay.call("ecs:RegisterContainerInstance", {instanceIdentityDocument: doc, totalResources: [
      {name: "CPU", type: "INTEGER", integerValue: 4096}, {name: "MEMORY", type: "INTEGER", integerValue: 15000}]});
  }
  await cloudplay.call("ecs:RegisterTaskDefinition", {family: "web", containerDefinitions: [{name: "web", image: "nginx", cpu: 256, memory: 512}]});
  window.benchTasks = [];
  const run = {taskDefinition: "web", count: 10, placementStrategy: [
    {type: "spread", field: "attribute:ecs.availability-zone"}, {type: "binpack", field: "memory"}]};
  for (let i = 0; i < 100; i++) {
    const o = await cloudplay.call("ecs:RunTask", run);
    window.benchTasks.push(...o.tasks.map(t => t.taskArn));
  }
  await cloudplay.advance(30);
  for (let i = 0; i < 400 && !(+((document.querySelector("canvas.cluster-canvas") || {dataset: {}}).dataset.items || 0) >= 1000); i++) await new Promise(r => setTimeout(r, 25));
  if (!(+document.querySelector("canvas.cluster-canvas").dataset.items >= 1000)) throw new Error("the cluster canvas draws fewer than 1,000 items");
}`

// streamsSetup creates the stream the Streams scene fills, makes it
// ACTIVE, starts the producer and plays the clock.
const streamsSetup = `async () => {
  await cloudplay.call("kinesis:CreateStream", {StreamName: "gps", ShardCount: 4});
  await cloudplay.advance(1);
  await cloudplay.call("cloudplay:StartProducer", {ProducerName: "web", StreamName: "gps", Kind: "Clickstream", RecordsPerSecond: 1400, Keys: 1000});
  for (let i = 0; i < 400 && !document.querySelector("canvas.flow-canvas"); i++) await new Promise(r => setTimeout(r, 25));
  if (!document.querySelector("canvas.flow-canvas")) throw new Error("no flow canvas");
  document.querySelector("#clock-play").click();
}`

// streamsAllSetup is streamsSetup with a Firehose delivery stream, an
// Analytics application and a video stream with its camera and detector
// running beside the producer, all made through window.cloudplay.
const streamsAllSetup = `async () => {
  const trust = JSON.stringify({Version: "2012-10-17", Statement: [{Effect: "Allow",
    Principal: {Service: ["firehose.amazonaws.com", "kinesisanalytics.amazonaws.com"]}, Action: "sts:AssumeRole"}]});
  const perms = JSON.stringify({Version: "2012-10-17", Statement: [{Effect: "Allow",
    Action: ["kinesis:*", "firehose:*", "s3:PutObject"], Resource: "*"}]});
  const role = "arn:aws:iam::123456789012:role/pipeline";
  await cloudplay.call("s3:CreateBucket", {Bucket: "reports"});
  await cloudplay.call("iam:CreateRole", {RoleName: "pipeline", AssumeRolePolicyDocument: trust});
  await cloudplay.call("iam:PutRolePolicy", {RoleName: "pipeline", PolicyName: "p", PolicyDocument: perms});
  await cloudplay.call("kinesis:CreateStream", {StreamName: "gps", ShardCount: 4});
  await cloudplay.call("kinesisvideo:CreateStream", {StreamName: "front-door", DataRetentionInHours: 24});
  await cloudplay.advance(3);
  await cloudplay.call("firehose:CreateDeliveryStream", {DeliveryStreamName: "to-s3", DeliveryStreamType: "KinesisStreamAsSource",
    KinesisStreamSourceConfiguration: {KinesisStreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/gps", RoleARN: role},
    ExtendedS3DestinationConfiguration: {RoleARN: role, BucketARN: "arn:aws:s3:::reports", BufferingHints: {SizeInMBs: 5, IntervalInSeconds: 60}}});
  await cloudplay.call("kinesisanalytics:CreateApplication", {ApplicationName: "page-counts",
    ApplicationCode: 'CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32), clicks BIGINT);\n' +
      'CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM" SELECT STREAM "page", COUNT(*) FROM "SOURCE_SQL_STREAM_001" ' +
      'GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL \'10\' SECOND);',
    Inputs: [{NamePrefix: "SOURCE_SQL_STREAM", KinesisStreamsInput: {ResourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/gps", RoleARN: role},
      InputSchema: {RecordFormat: {RecordFormatType: "JSON", MappingParameters: {JSONMappingParameters: {RecordRowPath: "$"}}},
        RecordColumns: [{Name: "page", Mapping: "$.page", SqlType: "VARCHAR(32)"}]}}]});
  await cloudplay.advance(6);
  await cloudplay.call("kinesisanalytics:StartApplication", {ApplicationName: "page-counts",
    InputConfigurations: [{Id: "1.1", InputStartingPositionConfiguration: {InputStartingPosition: "NOW"}}]});
  await cloudplay.call("cloudplay:StartCamera", {CameraName: "cam", StreamName: "front-door", MotionAt: [20, 80, 140]});
  await cloudplay.call("cloudplay:StartMotionDetector", {DetectorName: "motion", StreamName: "front-door"});
  await cloudplay.call("cloudplay:StartProducer", {ProducerName: "web", StreamName: "gps", Kind: "Clickstream", RecordsPerSecond: 1400, Keys: 1000});
  for (let i = 0; i < 400 && !document.querySelector("canvas.flow-canvas"); i++) await new Promise(r => setTimeout(r, 25));
  if (!document.querySelector("canvas.flow-canvas")) throw new Error("no flow canvas");
  document.querySelector("#clock-play").click();
}`

// iamSimulateSetup opens the IAM panel's Simulate sub-tab.
const iamSimulateSetup = `async () => {
  const tab = [...document.querySelectorAll("#app button, #app [role=tab]")].find(b => b.textContent.trim() === "Simulate");
  if (!tab) throw new Error("no Simulate sub-tab");
  tab.click();
  for (let i = 0; i < 400 && !document.querySelector("#sim-run"); i++) await new Promise(r => setTimeout(r, 25));
  if (!document.querySelector("#sim-run")) throw new Error("no #sim-run after opening Simulate");
}`

type frameFlags struct {
	seconds                    float64
	only                       bool
	scene                      string
	path, setup, drive, moving string
}

func frameFlagsVar() *frameFlags {
	var f frameFlags
	flag.Float64Var(&f.seconds, "frames", 5, "seconds of frames to record per scene (0: no frame times)")
	flag.BoolVar(&f.only, "frames-only", false, "only measure frame times (no sizes, loads or operations)")
	flag.StringVar(&f.scene, "frames-scene", "", "measure only the scenes whose name contains this")
	flag.StringVar(&f.path, "frames-path", "", "measure this page instead of the built-in scenes (\"/embed.html?panel=streams\")")
	flag.StringVar(&f.setup, "frames-setup", "", "with -frames-path: a JS function expression awaited after cloudplay.ready to start the animation")
	flag.StringVar(&f.drive, "frames-drive", "", "with -frames-path: a JS function expression called every frame to keep it moving")
	flag.StringVar(&f.moving, "frames-animating", "", "with -frames-path: a JS expression true while the page animates")
	return &f
}

// timeFrames measures the scenes and prints their figures.
func timeFrames(bctx context.Context, base string, f *frameFlags) error {
	if f.seconds <= 0 {
		return nil
	}
	list := scenes
	if f.path != "" {
		list = []frames.Scene{{Name: f.path, Path: f.path, Setup: f.setup, Drive: f.drive, Animating: f.moving}}
	}
	fmt.Printf("\nframe times (requestAnimationFrame in headless Chromium, %.0f s per scene; %s):\n", f.seconds, loadAverage())
	for _, s := range list {
		if f.scene != "" && !strings.Contains(s.Name, f.scene) {
			continue
		}
		s.Seconds = f.seconds
		r, err := frames.Measure(bctx, base, s)
		if err != nil {
			return err
		}
		fmt.Printf("  %-36s %s\n", s.Name+":", r)
	}
	return nil
}

// loadAverage says how busy the machine was: frame times on a shared
// machine (2 cores, other builds running) are only comparable at similar
// load.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return "load average " + strings.Join(f[:3], " ")
	}
	return "load average unknown"
}
