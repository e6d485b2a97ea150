package analytics_test

import (
	"testing"

	"cloudplay/core/cloud"
)

// BenchmarkRunningSecond is one simulated second of the popular-product
// application reading a clickstream of 2,000 records a second (the
// producer's own work included): go test -bench RunningSecond ./core/analytics/
func BenchmarkRunningSecond(b *testing.B) {
	t := &testing.T{}
	e := &tenv{t, cloud.New(cloud.Config{Seed: 3})}
	e.call(root, "iam:CreateRole", map[string]any{"RoleName": "AnalyticsRole", "AssumeRolePolicyDocument": trust})
	e.call(root, "iam:PutRolePolicy", map[string]any{"RoleName": "AnalyticsRole", "PolicyName": "streams", "PolicyDocument": readAll})
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 4})
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "slow", "ShardCount": 1})
	e.advance(1000)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "web", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 2000})
	in := createSlow(`CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (page VARCHAR(32), clicks BIGINT);
CREATE OR REPLACE PUMP "P" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM "page", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
GROUP BY "page", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`)
	in["Inputs"].([]any)[0].(map[string]any)["InputSchema"].(map[string]any)["RecordColumns"] = []any{
		map[string]any{"Name": "page", "Mapping": "$.page", "SqlType": "VARCHAR(32)"}}
	e.call(root, "kinesisanalytics:CreateApplication", in)
	e.call(root, "kinesisanalytics:StartApplication", start("NOW"))
	e.advance(5000)
	b.ResetTimer()
	for b.Loop() {
		if err := e.a.Advance(1000); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if a := e.app("slow-trucks"); a.Status != "RUNNING" || a.LastError != "" || a.RecordsRead == 0 {
		b.Fatalf("application %s, %q, %d read", a.Status, a.LastError, a.RecordsRead)
	}
}

// BenchmarkProducerOnly is the same second without the application, for
// comparison.
func BenchmarkProducerOnly(b *testing.B) {
	t := &testing.T{}
	e := &tenv{t, cloud.New(cloud.Config{Seed: 3})}
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 4})
	e.advance(1000)
	e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "web", "StreamName": "gps", "Kind": "Clickstream", "RecordsPerSecond": 2000})
	e.advance(5000)
	for b.Loop() {
		if err := e.a.Advance(1000); err != nil {
			b.Fatal(err)
		}
	}
}
