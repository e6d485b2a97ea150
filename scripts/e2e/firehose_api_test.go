//go:build e2e

package e2e

// Amazon Data Firehose through window.cloudplay in Chromium: records put
// into a Direct PUT stream appear as one S3 object once the buffer
// interval has passed, written by the delivery role's session.

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

func TestFirehoseRecordsLandInS3AfterTheInterval(t *testing.T) {
	p := openPage(t, "/")
	p.waitReady()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"firehose.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	put := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::e2e-reports/*"}]}`
	steps := []struct {
		op    string
		input any
	}{
		{"s3:CreateBucket", map[string]any{"Bucket": "e2e-reports"}},
		{"iam:CreateRole", map[string]any{"RoleName": "fh", "AssumeRolePolicyDocument": trust}},
		{"iam:PutRolePolicy", map[string]any{"RoleName": "fh", "PolicyName": "put", "PolicyDocument": put}},
		{"firehose:CreateDeliveryStream", map[string]any{"DeliveryStreamName": "orders", "S3DestinationConfiguration": map[string]any{
			"RoleARN": "arn:aws:iam::123456789012:role/fh", "BucketARN": "arn:aws:s3:::e2e-reports", "BufferingHints": map[string]any{"IntervalInSeconds": 60}}}},
	}
	for _, s := range steps {
		if _, code := p.call(s.op, s.input); code != "" {
			t.Fatalf("%s: %s", s.op, code)
		}
	}
	advance := func(sec float64) {
		if r := p.settled("cloudplay.advance(" + jsonNum(sec) + ")"); !r.OK {
			t.Fatalf("advance: %s %s", r.Code, r.Msg)
		}
	}
	advance(5) // CREATING → ACTIVE
	for _, rec := range []string{"order 1\n", "order 2\n"} {
		in := map[string]any{"DeliveryStreamName": "orders", "Record": map[string]any{"Data": base64.StdEncoding.EncodeToString([]byte(rec))}}
		if _, code := p.call("firehose:PutRecord", in); code != "" {
			t.Fatalf("PutRecord: %s", code)
		}
	}
	keys := func() []string {
		out, code := p.call("s3:ListObjectsV2", map[string]any{"Bucket": "e2e-reports"})
		if code != "" {
			t.Fatalf("ListObjectsV2: %s", code)
		}
		var res struct{ Contents []struct{ Key string } }
		json.Unmarshal(out, &res)
		var ks []string
		for _, c := range res.Contents {
			ks = append(ks, c.Key)
		}
		return ks
	}
	advance(59)
	if ks := keys(); len(ks) != 0 {
		t.Fatalf("objects before the interval: %v", ks)
	}
	advance(1)
	ks := keys()
	if len(ks) != 1 || !strings.HasPrefix(ks[0], "2026/01/01/00/orders-1-2026-01-01-00-00-05-") {
		t.Fatalf("objects after the interval: %v", ks)
	}
	out, code := p.call("s3:GetObject", map[string]any{"Bucket": "e2e-reports", "Key": ks[0]})
	var obj struct{ Body string }
	if code != "" || json.Unmarshal(out, &obj) != nil {
		t.Fatalf("GetObject: %s %s", code, out)
	}
	if body, _ := base64.StdEncoding.DecodeString(obj.Body); string(body) != "order 1\norder 2\n" {
		t.Fatalf("body %q", body)
	}
	who := evalJS[[]string](p, `cloudplay.events().filter(e => e.op === "s3:PutObject" && e.invokedBy).map(e => e.caller + " " + e.invokedBy)`)
	if len(who) != 1 || who[0] != "arn:aws:sts::123456789012:assumed-role/fh/firehose firehose.amazonaws.com" {
		t.Fatalf("s3:PutObject events %v", who)
	}
	p.expectCleanConsole()
}

func jsonNum(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}
