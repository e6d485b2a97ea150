package firehose

import (
	"fmt"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

type recordIn struct {
	Data []byte `json:"Data" aws:"required"`
}

type putRecordInput struct {
	DeliveryStreamName string   `json:"DeliveryStreamName" aws:"required"`
	Record             recordIn `json:"Record" aws:"required"`
}

type putBatchInput struct {
	DeliveryStreamName string     `json:"DeliveryStreamName" aws:"required"`
	Records            []recordIn `json:"Records" aws:"required"`
}

// throttled is the answer to a put beyond the stream's quota
// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecord.html,
// Errors: ServiceUnavailableException, "The service is unavailable. Back
// off and retry the operation. If you continue to see the exception,
// throughput limits for the Firehose stream may have been exceeded.").
const throttledMessage = "The service is unavailable. Back off and retry the operation. If you continue to see the exception, throughput limits for the Firehose stream may have been exceeded."

// kinesisSourceMessage is the answer to a put on a stream fed by Kinesis
// (https://docs.aws.amazon.com/firehose/latest/dev/writing-with-kinesis-streams.html:
// such a stream takes no PutRecord or PutRecordBatch).
const kinesisSourceMessage = "This operation is not permitted on KinesisStreamAsSource delivery stream type."

// preparePutRecord is PutRecord: one record of at most 1,000 KiB, counted
// against the stream's quotas of the simulated second.
func (s *Service) preparePutRecord(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putRecordInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	if len(in.Record.Data) > MaxRecordBytes {
		return nil, nil, constraintError(fmt.Sprintf("%d bytes", len(in.Record.Data)), "record.data", "Member must have length less than or equal to 1024000")
	}
	return []api.Action{{Action: "firehose:PutRecord", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.writable(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		d.roll(env.Now)
		n := int64(len(in.Record.Data))
		if d.secReqs+1 > MaxRequestsPerSec || d.secRecs+1 > MaxRecordsPerSec || d.secBytes+n > MaxBytesPerSec {
			d.curThrottled++
			return nil, api.Errorf("ServiceUnavailableException", throttledMessage)
		}
		d.secReqs++
		d.secRecs++
		d.secBytes += n
		id := recordID(env)
		s.intake(env.Schedule, env.Emit, d, []bufRecord{{data: in.Record.Data, arrival: env.Now}}, env.Now)
		return map[string]any{"RecordId": id, "Encrypted": false}, nil
	}, nil
}

// writable returns the stream name if it takes puts now.
func (s *Service) writable(name string) (*dstream, error) {
	d, err := s.active(name)
	if err != nil {
		return nil, err
	}
	if d.typ == typeKinesis {
		return nil, api.Errorf(invalidArg, kinesisSourceMessage)
	}
	return d, nil
}

// preparePutRecordBatch is PutRecordBatch: 1–500 records of at most 1,000
// KiB each, 4 MiB in all. Records beyond the second's quotas are refused
// one by one, each with ErrorCode ServiceUnavailableException in
// RequestResponses, and counted in FailedPutCount; a request beyond the
// requests quota is refused whole.
func (s *Service) preparePutRecordBatch(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in putBatchInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("deliveryStreamName", in.DeliveryStreamName); err != nil {
		return nil, nil, err
	}
	if len(in.Records) == 0 {
		return nil, nil, constraintError("[]", "records", "Member must have length greater than or equal to 1")
	}
	if len(in.Records) > MaxBatchRecords {
		return nil, nil, constraintError(fmt.Sprintf("%d records", len(in.Records)), "records", "Member must have length less than or equal to 500")
	}
	total := 0
	for i, r := range in.Records {
		if len(r.Data) > MaxRecordBytes {
			return nil, nil, constraintError(fmt.Sprintf("%d bytes", len(r.Data)), "records."+strconv.Itoa(i+1)+".member.data", "Member must have length less than or equal to 1024000")
		}
		total += len(r.Data)
	}
	if total > MaxBatchBytes {
		return nil, nil, api.Errorf(invalidArg, "Records size exceeds 4 MB limit")
	}
	return []api.Action{{Action: "firehose:PutRecordBatch", Resource: s.arn(in.DeliveryStreamName)}}, func() (any, error) {
		d, err := s.writable(in.DeliveryStreamName)
		if err != nil {
			return nil, err
		}
		d.roll(env.Now)
		if d.secReqs+1 > MaxRequestsPerSec {
			d.curThrottled += int64(len(in.Records))
			return nil, api.Errorf("ServiceUnavailableException", throttledMessage)
		}
		d.secReqs++
		resp := make([]map[string]string, len(in.Records))
		taken := make([]bufRecord, 0, len(in.Records))
		failed := 0
		for i, r := range in.Records {
			n := int64(len(r.Data))
			if d.secRecs+1 > MaxRecordsPerSec || d.secBytes+n > MaxBytesPerSec {
				d.curThrottled++
				failed++
				resp[i] = map[string]string{"ErrorCode": "ServiceUnavailableException", "ErrorMessage": "Slow down."}
				continue
			}
			d.secRecs++
			d.secBytes += n
			resp[i] = map[string]string{"RecordId": recordID(env)}
			taken = append(taken, bufRecord{data: r.Data, arrival: env.Now})
		}
		s.intake(env.Schedule, env.Emit, d, taken, env.Now)
		return map[string]any{"FailedPutCount": failed, "Encrypted": false, "RequestResponses": resp}, nil
	}, nil
}

// recordID is a RecordId: AWS's are opaque strings; the playground draws
// 56 characters from the account's seed (only successful calls draw).
func recordID(env *api.Env) string {
	if env.Rand == nil {
		return ""
	}
	return env.Rand.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 56)
}

// roll moves the throttling counters to the simulated second of now.
func (d *dstream) roll(now sim.Time) {
	sec := int64(now) / 1000
	if sec == d.sec {
		return
	}
	if sec == d.sec+1 {
		d.lastIncoming, d.lastThrottled = d.curIncoming, d.curThrottled
	} else {
		d.lastIncoming, d.lastThrottled = 0, 0
	}
	d.sec, d.secReqs, d.secRecs, d.secBytes, d.curIncoming, d.curThrottled = sec, 0, 0, 0, 0, 0
}
