package analytics_test

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// FuzzCreateApplication sends any input to CreateApplication (then starts
// and advances what it made): no panic, every refusal an *api.Error of the
// service's codes with a bounded message, and a refused create leaves no
// application.
func FuzzCreateApplication(f *testing.F) {
	seed, _ := json.Marshal(createSlow(slowCode))
	f.Add(seed)
	bad, _ := json.Marshal(createSlow("CREATE OR REPLACE STREAM \"X\" (a INT);\nSELEC"))
	f.Add(bad)
	for _, s := range []string{`{}`, `null`, `[]`, `{"ApplicationName":"a","Inputs":[{}]}`, `{"ApplicationName":"a","Outputs":[{"Name":"x"}]}`,
		`{"ApplicationName":"a","ApplicationCode":"((((((((((((((((((((("}`, `{"ApplicationName":"a","Inputs":[{"NamePrefix":"S","KinesisStreamsInput":{"ResourceARN":"arn:x","RoleARN":"arn:y"},"InputSchema":{"RecordFormat":{"RecordFormatType":"CSV"},"RecordColumns":[{"Name":"c","SqlType":"INT"}]}}]}`} {
		f.Add([]byte(s))
	}
	codes := map[string]bool{"InvalidArgumentException": true, "CodeValidationException": true, "LimitExceededException": true,
		"ResourceInUseException": true, "TooManyTagsException": true, "SerializationException": true, "AccessDeniedException": true}
	f.Fuzz(func(t *testing.T, in []byte) {
		e := &tenv{t, cloud.New(cloud.Config{Seed: 3})}
		e.call(root, "iam:CreateRole", map[string]any{"RoleName": "AnalyticsRole", "AssumeRolePolicyDocument": trust})
		e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": 1})
		e.advance(1000)
		_, err := e.a.Call(root, "kinesisanalytics:CreateApplication", in)
		if err != nil {
			var ae *api.Error
			if !errors.As(err, &ae) || !codes[ae.Code] {
				t.Fatalf("error %v", err)
			}
			if utf8.RuneCountInString(ae.Message) > 600 {
				t.Fatalf("a message of %d code points", utf8.RuneCountInString(ae.Message))
			}
			if v := e.a.View().Analytics.Applications; len(v) != 0 {
				t.Fatalf("a refused create left %d applications", len(v))
			}
			return
		}
		for _, ap := range e.a.View().Analytics.Applications {
			b, _ := json.Marshal(start("NOW"))
			var m map[string]any
			json.Unmarshal(b, &m)
			m["ApplicationName"] = ap.Name
			e.try(root, "kinesisanalytics:StartApplication", m)
		}
		e.call(root, "kinesis:PutRecord", map[string]any{"StreamName": "gps", "PartitionKey": "k", "Data": []byte(`{"truck":"t","speed":1}`)})
		e.advance(3000)
	})
}
