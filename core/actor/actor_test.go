package actor_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

const (
	root    = "arn:aws:iam::123456789012:root"
	bob     = "arn:aws:iam::123456789012:user/Bob"
	gpsARN  = "arn:aws:kinesis:us-east-1:123456789012:stream/gps"
	putOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kinesis:DescribeStream","Resource":"*"}]}`
)

type tenv struct {
	t *testing.T
	a *cloud.Account
}

// newEnv returns an account with stream gps of shards shards, ACTIVE.
func newEnv(t *testing.T, shards int) *tenv {
	t.Helper()
	e := &tenv{t, cloud.New(cloud.Config{Seed: 7})}
	e.call(root, "kinesis:CreateStream", map[string]any{"StreamName": "gps", "ShardCount": shards})
	e.advance(1000)
	return e
}

func (e *tenv) call(caller, op string, in any) map[string]any {
	e.t.Helper()
	out, err := e.try(caller, op, in)
	if err != nil {
		e.t.Fatalf("%s: %v", op, err)
	}
	return out
}

func (e *tenv) try(caller, op string, in any) (map[string]any, error) {
	b, _ := json.Marshal(in)
	out, err := e.a.Call(caller, op, b)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	json.Unmarshal(out, &m)
	return m, nil
}

func (e *tenv) advance(ms int64) {
	e.t.Helper()
	if err := e.a.Advance(ms); err != nil {
		e.t.Fatal(err)
	}
}

// actors returns cloudplay:ListActors' output.
func (e *tenv) actors() listActors {
	e.t.Helper()
	out, err := e.a.Call(root, "cloudplay:ListActors", []byte(`{}`))
	if err != nil {
		e.t.Fatal(err)
	}
	var l listActors
	if err := json.Unmarshal(out, &l); err != nil {
		e.t.Fatal(err)
	}
	return l
}

type listActors struct {
	Producers []struct {
		ProducerName, StreamName, Kind, Caller, Status string
		RecordsPerSecond, Keys, HotKeyPercent          int
		DelayedTrucks, PopularPage, PopularPercent     int
		RecordsSent, RecordsThrottled                  int64
		LastError                                      *struct{ Code, Message string }
	}
	Consumers []struct {
		ConsumerName, Status, Kind, ConsumerARN string
		RecordsRead, BytesRead                  int64
		IteratorAgeMilliseconds                 int64
		Shards                                  []struct {
			ShardId                 string
			RecordsRead             int64
			IteratorAgeMilliseconds int64
			ShardEnd, Subscribed    bool
			Subscriptions           int
		}
		LastError *struct{ Code, Message string }
	}
}

// records returns how many records each shard of gps holds.
func (e *tenv) records() []int {
	var out []int
	for _, st := range e.a.View().Streams.Streams {
		if st.Name == "gps" {
			for _, sh := range st.Shards {
				out = append(out, sh.Records)
			}
		}
	}
	return out
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func wantCode(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(e.Message, msg) {
		t.Fatalf("got %v, want %s containing %q", err, code, msg)
	}
}

// A truck fleet of 20 sends one fix per truck per second through real
// PutRecords calls, as the principal that started it; its calls are one
// aggregated event per second with the exact count.
func TestTruckFleetSendsOneFixPerTruckPerSecond(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 2)
	out := e.call(root, "cloudplay:StartProducer", map[string]any{"ProducerName": "trucks", "StreamName": "gps", "Kind": "TruckFleet"})
	if out["ProducerName"] != "trucks" {
		t.Fatalf("output %v", out)
	}
	e.advance(10_000)
	l := e.actors()
	if len(l.Producers) != 1 || l.Producers[0].RecordsSent != 200 || l.Producers[0].RecordsPerSecond != 20 || l.Producers[0].Keys != 20 || l.Producers[0].Status != "RUNNING" || l.Producers[0].Caller != root {
		t.Fatalf("producers %+v", l.Producers)
	}
	if got := sum(e.records()); got != 200 {
		t.Fatalf("the stream holds %d records, want 200", got)
	}
	// Every 100 ms tick sends 2 records in one PutRecords call: ten calls
	// a second, one event per second.
	var puts []cloud.Event
	for _, ev := range e.a.Events() {
		if ev.Actor == "trucks" {
			puts = append(puts, ev)
		}
	}
	// Ticks at 1.1 s … 11.0 s: seconds 1 (9 calls) to 10 (10 each) and 11 (1).
	if len(puts) != 11 {
		t.Fatalf("%d actor events in 10 s, want 11: %+v", len(puts), puts)
	}
	calls := 0
	for i, ev := range puts {
		want := 10
		switch i {
		case 0:
			want = 9
		case 10:
			want = 1
		}
		if ev.Op != "kinesis:PutRecords" || ev.Count != want || ev.Caller != root || ev.Errors != nil || len(ev.Actions) != 1 || ev.Actions[0].Decision != "allowed" {
			t.Fatalf("event %d: %+v", i, ev)
		}
		calls += ev.Count
	}
	if calls != 100 {
		t.Fatalf("%d calls counted, want 100", calls)
	}
	if puts[0].FirstTime != "2026-01-01T00:00:01.100Z" || puts[0].LastTime != "2026-01-01T00:00:01.900Z" {
		t.Fatalf("first event from %s to %s", puts[0].FirstTime, puts[0].LastTime)
	}
	// Nothing the actor did is journaled: the start step and the advances.
	for _, s := range e.a.Journal() {
		if strings.HasPrefix(s.Op, "kinesis:Put") {
			t.Fatalf("journal holds %s", s.Op)
		}
	}
	// A record is a GPS fix as JSON.
	first := e.call(root, "kinesis:GetShardIterator", map[string]any{"StreamName": "gps", "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"})
	recs := e.call(root, "kinesis:GetRecords", map[string]any{"ShardIterator": first["ShardIterator"], "Limit": 1})
	r := recs["Records"].([]any)[0].(map[string]any)
	data, _ := json.Marshal(r["Data"])
	var raw []byte
	json.Unmarshal(data, &raw)
	var fix struct {
		Truck    string
		Lat, Lon float64
		Speed    float64
		Time     string
	}
	if err := json.Unmarshal(raw, &fix); err != nil || !strings.HasPrefix(fix.Truck, "truck-0") || fix.Lat < 47 || fix.Lat > 48.5 || fix.Time == "" || fix.Truck != r["PartitionKey"] {
		t.Fatalf("record %s (%v)", raw, err)
	}
}

// An actor acts as the principal that started it: Bob, allowed only
// kinesis:DescribeStream, starts a producer (no IAM action needed) that
// stops at its first put with AccessDeniedException, in ListActors and in
// the log.
func TestProducerActsAsItsStarter(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	e.call(root, "iam:CreateUser", map[string]any{"UserName": "Bob"})
	e.call(root, "iam:PutUserPolicy", map[string]any{"UserName": "Bob", "PolicyName": "p", "PolicyDocument": putOnly})
	e.call(bob, "cloudplay:StartProducer", map[string]any{"StreamName": "gps", "Kind": "Clickstream"})
	e.advance(1000)
	l := e.actors()
	p := l.Producers[0]
	if p.ProducerName != "producer-1" || p.Status != "STOPPED" || p.Caller != bob || p.LastError == nil || p.LastError.Code != "AccessDeniedException" || p.RecordsSent != 0 {
		t.Fatalf("producer %+v", p)
	}
	evs := e.a.Events()
	last := evs[len(evs)-2] // ListActors is the last
	if last.Actor != "producer-1" || last.Caller != bob || last.Error == nil || last.Error.Code != "AccessDeniedException" || last.Count != 1 || last.Errors["AccessDeniedException"] != 1 {
		t.Fatalf("logged %+v", last)
	}
	if sum(e.records()) != 0 {
		t.Fatal("a denied producer wrote records")
	}
	// Stopped: SetTraffic and StopProducer answer ResourceNotFoundException.
	_, err := e.try(root, "cloudplay:StopProducer", map[string]any{"ProducerName": "producer-1"})
	wantCode(t, err, "ResourceNotFoundException", "producer-1")
}

// The ops' output lists are [] when empty, and the dispatcher logs them
// with no actions.
func TestListActorsEmpty(t *testing.T) {
	t.Parallel()
	a := cloud.New(cloud.Config{})
	out, err := a.Call(root, "cloudplay:ListActors", nil)
	if err != nil || string(out) != `{"Producers":[],"Consumers":[]}` {
		t.Fatalf("%s %v", out, err)
	}
	ev := a.Events()[0]
	if len(ev.Actions) != 0 || ev.Actions == nil || !ev.ReadOnly {
		t.Fatalf("logged %+v", ev)
	}
	b, _ := json.Marshal(ev)
	if !strings.Contains(string(b), `"actions":[]`) {
		t.Fatalf("logged as %s", b)
	}
}

func TestMain(m *testing.M) {
	_ = fmt.Sprint
	m.Run()
}
