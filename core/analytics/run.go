package analytics

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/analytics/sql"
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Input starting positions
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_InputStartingPositionConfiguration.html).
const (
	posNow         = "NOW"
	posTrimHorizon = "TRIM_HORIZON"
	posLastStopped = "LAST_STOPPED_POINT"
)

// run is a started application's working state.
type run struct {
	engine   *sql.App
	start    string
	shards   map[string]*shardRead // by shard id
	listed   bool                  // the shards to read are known
	fhPos    int64                 // the Firehose tap's position
	sessions map[string]session    // role sessions by role ARN
}

type shardRead struct {
	iterator string
	lastSeq  string // the last sequence number read ("" none)
	first    string // the iterator type when nothing was read yet
}

type session struct {
	arn string
	at  sim.Time
}

// sessionMillis is how long a role session is used before it is assumed
// again: 15 minutes, the playground's choice, within the hour an
// sts:AssumeRole session lasts by default.
const sessionMillis = 15 * 60 * 1000

type startInput struct {
	ApplicationName     string `json:"ApplicationName" aws:"required"`
	InputConfigurations []struct {
		Id                                 string `json:"Id"`
		InputStartingPositionConfiguration *struct {
			InputStartingPosition string `json:"InputStartingPosition"`
		} `json:"InputStartingPositionConfiguration"`
	} `json:"InputConfigurations" aws:"required"`
}

// prepareStart is StartApplication: the application is STARTING, then
// RUNNING and reading its input from the position given
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_StartApplication.html).
func (s *Service) prepareStart(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	var in startInput
	if err := decode(raw, &in); err != nil {
		return nil, nil, err
	}
	if err := checkAppName("applicationName", in.ApplicationName); err != nil {
		return nil, nil, err
	}
	if len(in.InputConfigurations) != 1 {
		return nil, nil, constraint(fmt.Sprint(len(in.InputConfigurations)), "inputConfigurations", "Member must have length equal to 1")
	}
	ic := in.InputConfigurations[0]
	if err := checkLen("inputConfigurations.1.member.id", ic.Id, 1, 50); err != nil {
		return nil, nil, err
	}
	if ic.InputStartingPositionConfiguration == nil {
		return nil, nil, api.Errorf(invalidArg, "Missing required parameter in input: %q", "InputStartingPositionConfiguration")
	}
	pos := ic.InputStartingPositionConfiguration.InputStartingPosition
	switch pos {
	case posNow, posTrimHorizon, posLastStopped:
	default:
		return nil, nil, constraint(pos, "inputConfigurations.1.member.inputStartingPositionConfiguration.inputStartingPosition", "Member must satisfy enum value set: [NOW, TRIM_HORIZON, LAST_STOPPED_POINT]")
	}
	return []api.Action{{Action: "kinesisanalytics:StartApplication", Resource: s.arn(in.ApplicationName)}}, func() (any, error) {
		a, err := s.lookup(in.ApplicationName)
		if err != nil {
			return nil, err
		}
		if a.status != statusReady {
			return nil, api.Errorf(inUseCode, "Application %s is %s; it can start only when READY.", a.name, a.status)
		}
		if a.input == nil {
			return nil, api.Errorf(invalidArg, "Application %s has no input to start.", a.name)
		}
		if ic.Id != a.input.id {
			return nil, api.Errorf(invalidArg, "Input id %s not found; the application's input is %s.", api.Clip(ic.Id, api.MaxQuoted), a.input.id)
		}
		if a.input.firehose && s.tap == nil {
			return nil, api.Errorf(invalidArg, "Firehose delivery stream inputs cannot be read in this build of the playground; use a Kinesis data stream input.")
		}
		a.input.start = pos
		a.status, a.updated, a.lastErr = statusStarting, env.Now, ""
		a.gen++
		gen := a.gen
		a.run = &run{start: pos, shards: map[string]*shardRead{}, sessions: map[string]session{}}
		if env.Schedule != nil {
			env.Schedule(env.Now+startMillis, func(w *api.Work) { s.running(w, a, gen) })
		}
		return struct{}{}, nil
	}, nil
}

// running makes a STARTING application RUNNING: its code compiled anew
// (in-application streams start empty), its first tick at once.
func (s *Service) running(w *api.Work, a *app, gen int) {
	if s.apps[a.name] != a || a.gen != gen || a.run == nil {
		return
	}
	eng, err := compile(a.code, a.input)
	if err != nil {
		a.lastErr = err.Error()
		a.status, a.run = statusReady, nil
		return
	}
	a.run.engine = eng
	a.setStreams(eng.Streams())
	a.status = statusRunning
	s.tick(w, a, gen)
}

// prepareStop is StopApplication: the application stops reading (where it
// stopped is kept for LAST_STOPPED_POINT), is STOPPING, then READY.
// Stopping an application that is READY does nothing
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_StopApplication.html).
func (s *Service) prepareStop(env *api.Env, raw []byte) ([]api.Action, func() (any, error), error) {
	return s.prepareOnApp(raw, "kinesisanalytics:StopApplication", func(a *app) (any, error) {
		if a.status == statusReady || a.status == statusStopping {
			return struct{}{}, nil
		}
		if r := a.run; r != nil && r.listed {
			a.stopped = map[string]string{}
			for id, sh := range r.shards {
				a.stopped[id] = sh.lastSeq
			}
		}
		a.gen++
		gen := a.gen
		a.run = nil
		a.status, a.updated = statusStopping, env.Now
		if env.Schedule != nil {
			env.Schedule(env.Now+stopMillis, func(w *api.Work) {
				if s.apps[a.name] == a && a.gen == gen {
					a.status = statusReady
				}
			})
		}
		return struct{}{}, nil
	})
}

// tick is one second of a running application: read, push, advance,
// keep, send; then the next tick.
func (s *Service) tick(w *api.Work, a *app, gen int) {
	if s.apps[a.name] != a || a.gen != gen || a.run == nil || a.run.engine == nil {
		return
	}
	r := a.run
	bad := 0
	push := func(data []byte, at sim.Time) {
		a.recordsRead++
		if r.engine.Push(data, at) != nil {
			bad++
		}
	}
	if a.input.firehose {
		s.readFirehose(w, a, push)
	} else {
		s.readStream(w, a, push)
	}
	if bad > 0 {
		a.errorRecords += int64(bad)
		w.Emit(api.StepEvent{Service: "kinesisanalytics", Type: "ErrorRecords",
			Fields: map[string]string{"ApplicationName": a.name, "Records": strconv.Itoa(bad)}})
	}
	outs := r.engine.Advance(w.Now)
	byStream := map[string][]sql.Row{}
	var order []string
	for _, o := range outs {
		if _, seen := byStream[o.Stream]; !seen {
			order = append(order, o.Stream)
		}
		byStream[o.Stream] = append(byStream[o.Stream], o.Row)
	}
	for _, name := range order {
		rows := byStream[name]
		st := a.streamNamed(name)
		if st == nil {
			st = &inStream{name: name}
			a.streams = append(a.streams, st)
		}
		st.emitted += int64(len(rows))
		keep := rows[max(len(rows)-MaxRows, 0):]
		for _, row := range keep {
			st.rows = append(st.rows, rowView(row))
		}
		if n := len(st.rows) - MaxRows; n > 0 {
			st.rows = append(st.rows[:0:0], st.rows[n:]...)
		}
		w.Emit(api.StepEvent{Service: "kinesisanalytics", Type: "RowsEmitted",
			Fields: map[string]string{"ApplicationName": a.name, "Stream": name, "Rows": strconv.Itoa(len(rows))}})
	}
	for _, o := range a.outputs {
		if rows := byStream[o.name]; len(rows) > 0 {
			s.send(w, a, o, rows)
		}
	}
	if w.Schedule != nil {
		w.Schedule(w.Now+TickMillis, func(w *api.Work) { s.tick(w, a, gen) })
	}
}

// as returns a session of role for the application's calls, assuming it
// when it has none or an old one.
func (s *Service) as(w *api.Work, r *run, role string) (string, error) {
	if ss, ok := r.sessions[role]; ok && w.Now-ss.at < sessionMillis {
		return ss.arn, nil
	}
	if w.AssumeRoleFor == nil {
		return "", errors.New("no role sessions in this environment")
	}
	arn, err := w.AssumeRoleFor(Principal, role)
	if err != nil {
		return "", err
	}
	r.sessions[role] = session{arn, w.Now}
	return arn, nil
}

// fail notes err as the application's last error, as the panel shows it.
func fail(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code + ": " + api.Clip(e.Message, 4*api.MaxQuoted)
	}
	return api.Clip(err.Error(), 4*api.MaxQuoted)
}

// readStream reads the Kinesis stream input as the input's role.
func (s *Service) readStream(w *api.Work, a *app, push func([]byte, sim.Time)) {
	r := a.run
	sess, err := s.as(w, r, a.input.roleARN)
	if err != nil {
		a.lastErr = fail(err)
		return
	}
	callRaw := func(op string, in any, decode func([]byte) error) error {
		b, err := w.Call(Principal, sess, op, in)
		if err != nil {
			if isExpired(err) {
				delete(r.sessions, a.input.roleARN)
			}
			return err
		}
		return decode(b)
	}
	call := func(op string, in any, out any) error {
		return callRaw(op, in, func(b []byte) error { return json.Unmarshal(b, out) })
	}
	arn := a.input.resourceARN
	if !r.listed {
		if err := s.listShards(a, call); err != nil {
			a.lastErr = fail(err)
			return
		}
	}
	a.lastErr = ""
	for _, id := range sortedKeys(r.shards) {
		sh := r.shards[id]
		if sh == nil {
			continue
		}
		for range maxReadCalls {
			if sh.iterator == "" {
				in := map[string]string{"StreamARN": arn, "ShardId": id, "ShardIteratorType": sh.first}
				if sh.lastSeq != "" {
					in["ShardIteratorType"], in["StartingSequenceNumber"] = "AFTER_SEQUENCE_NUMBER", sh.lastSeq
				}
				var out struct{ ShardIterator string }
				if err := call("kinesis:GetShardIterator", in, &out); err != nil {
					a.lastErr = fail(err)
					break
				}
				sh.iterator = out.ShardIterator
			}
			var out getRecordsOut
			if err := callRaw("kinesis:GetRecords", map[string]any{"ShardIterator": sh.iterator, "Limit": 10000}, func(b []byte) error { return decodeRecords(b, &out) }); err != nil {
				if !isThrottle(err) {
					a.lastErr = fail(err)
					sh.iterator = "" // a new one next time, after the last record read
				}
				break
			}
			for _, rec := range out.Records {
				at, err := sim.ParseTime(rec.ApproximateArrivalTimestamp)
				if err != nil {
					at = w.Now
				}
				push(rec.Data, at)
				sh.lastSeq = rec.SequenceNumber
			}
			if out.NextShardIterator == nil {
				// The end of a closed shard: read its children from
				// their start.
				r.shards[id] = nil
				for _, c := range out.ChildShards {
					if _, known := r.shards[c.ShardId]; !known && len(r.shards) < maxShardsRead {
						r.shards[c.ShardId] = &shardRead{first: posTrimHorizon}
					}
				}
				break
			}
			sh.iterator = *out.NextShardIterator
			if len(out.Records) < 10000 {
				break
			}
		}
	}
	for id, sh := range r.shards {
		if sh == nil {
			delete(r.shards, id)
		}
	}
}

// listShards decides the shards an application reads from its start
// position: NOW the open shards from their tip; TRIM_HORIZON the shards
// without a listed parent from their start (children are reached as their
// parents end); LAST_STOPPED_POINT where the last run stopped (NOW when
// it never ran: the playground's choice).
func (s *Service) listShards(a *app, call func(op string, in, out any) error) error {
	r := a.run
	var out struct {
		Shards []struct {
			ShardId             string
			ParentShardId       *string
			SequenceNumberRange struct{ EndingSequenceNumber *string }
		}
	}
	if err := call("kinesis:ListShards", map[string]any{"StreamARN": a.input.resourceARN}, &out); err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, sh := range out.Shards {
		listed[sh.ShardId] = true
	}
	start := r.start
	if start == posLastStopped && len(a.stopped) == 0 {
		start = posNow
	}
	for _, sh := range out.Shards {
		if len(r.shards) >= maxShardsRead {
			break
		}
		open := sh.SequenceNumberRange.EndingSequenceNumber == nil
		switch start {
		case posNow:
			if open {
				r.shards[sh.ShardId] = &shardRead{first: "LATEST"}
			}
		case posTrimHorizon:
			if sh.ParentShardId == nil || !listed[*sh.ParentShardId] {
				r.shards[sh.ShardId] = &shardRead{first: posTrimHorizon}
			}
		case posLastStopped:
			if seq, ok := a.stopped[sh.ShardId]; ok {
				r.shards[sh.ShardId] = &shardRead{first: posTrimHorizon, lastSeq: seq}
			}
		}
	}
	r.listed = true
	return nil
}

// readFirehose reads the Firehose input through the tap, after assuming
// the input's role (so its trust policy applies).
func (s *Service) readFirehose(w *api.Work, a *app, push func([]byte, sim.Time)) {
	r := a.run
	if s.tap == nil {
		a.lastErr = "Firehose delivery stream inputs cannot be read in this build of the playground."
		return
	}
	if _, err := s.as(w, r, a.input.roleARN); err != nil {
		a.lastErr = fail(err)
		return
	}
	recs, next, ok := s.tap.Tap(a.input.resourceARN, r.fhPos, 10000)
	if !ok {
		a.lastErr = "ResourceNotFoundException: Firehose " + api.Clip(a.input.resourceARN, 2*api.MaxQuoted) + " not found."
		return
	}
	a.lastErr = ""
	for _, rec := range recs {
		push(rec.Data, rec.Arrival)
	}
	r.fhPos = next
}

func errCode(err error) string {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func isThrottle(err error) bool {
	c := errCode(err)
	return c == "ProvisionedThroughputExceededException" || c == "LimitExceededException"
}

func isExpired(err error) bool { return errCode(err) == "ExpiredTokenException" }

// maxSendBatches bounds the requests one output makes in a tick (500 rows
// each); rows past them are not sent and the output says so: the
// playground's bound on a second's work.
const maxSendBatches = 10

// send sends an output's rows to its destination as the output's role:
// kinesis:PutRecords or firehose:PutRecordBatch, 500 records a request
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html,
// https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html).
func (s *Service) send(w *api.Work, a *app, o *output, rows []sql.Row) {
	sess, err := s.as(w, a.run, o.roleARN)
	if err != nil {
		o.lastErr = fail(err)
		return
	}
	o.lastErr = ""
	for lo := 0; lo < len(rows); lo += 500 {
		if lo/500 == maxSendBatches {
			o.lastErr = fmt.Sprintf("%d rows not sent: at most %d a second per output in the playground.", len(rows)-lo, maxSendBatches*500)
			return
		}
		batch := rows[lo:min(lo+500, len(rows))]
		recs := make([]map[string]any, len(batch))
		for i, row := range batch {
			data := a.run.engine.RecordJSON(o.name, row)
			if o.format == "CSV" {
				data = csvRecord(row)
			}
			recs[i] = map[string]any{"Data": data}
			if !o.firehose {
				// KDA's partition keys are its own; the playground
				// numbers rows so they spread over the shards.
				recs[i]["PartitionKey"] = strconv.FormatInt(o.sent+int64(lo+i), 10)
			}
		}
		var op string
		var in map[string]any
		if o.firehose {
			op, in = "firehose:PutRecordBatch", map[string]any{"DeliveryStreamName": afterSlash(o.resourceARN), "Records": recs}
		} else {
			op, in = "kinesis:PutRecords", map[string]any{"StreamARN": o.resourceARN, "Records": recs}
		}
		out, err := w.Call(Principal, sess, op, in)
		if err != nil {
			if isExpired(err) {
				delete(a.run.sessions, o.roleARN)
			}
			o.lastErr = fail(err)
			return
		}
		var res struct {
			FailedRecordCount *int
			FailedPutCount    *int
		}
		json.Unmarshal(out, &res)
		failed := 0
		if res.FailedRecordCount != nil {
			failed = *res.FailedRecordCount
		}
		if res.FailedPutCount != nil {
			failed = *res.FailedPutCount
		}
		o.sent += int64(len(batch) - failed)
		if failed > 0 {
			o.lastErr = fmt.Sprintf("%d of %d records failed.", failed, len(batch))
		}
	}
}

func afterSlash(arn string) string {
	_, name, _ := strings.Cut(arn, "/")
	return name
}

// csvRecord is a row as a CSV record ending in a newline (values as
// FormatValue writes them, quoted when they hold a comma or a quote).
func csvRecord(r sql.Row) []byte {
	var b []byte
	for i, v := range r.Values {
		if i > 0 {
			b = append(b, ',')
		}
		s := FormatValue(v)
		if strings.ContainsAny(s, ",\"\n") {
			s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		b = append(b, s...)
	}
	return append(b, '\n')
}

// FormatValue is a SQL value as the panel and CSV records show it.
func FormatValue(v sql.Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case sim.Time:
		return x.Milli()
	}
	return fmt.Sprint(v)
}
