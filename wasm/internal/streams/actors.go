package streams

import (
	"cloudplay/core/api"
	"cloudplay/wasm/internal/ui"
	"encoding/json"
	"strconv"

	"cloudplay/core/actor"
)

// The Streams panel's list of a stream's actors (producers and consumers)
// with what each is doing and a Stop button: plain functions of the
// account's view (its Actors are cloudplay:ListActors' answer, read once
// per render of the panel, which happens when the view changed, never per
// animation frame), tested natively.

// ActorRow is one producer or consumer as the panel lists it.
type ActorRow struct {
	Name   string
	Role   string // "producer" or "consumer"
	Kind   string // TruckFleet, Clickstream, Polling, EnhancedFanOut
	Status string // RUNNING or STOPPED
	// Facts is its traffic in one line: "2,000 records/s · 40% on one hot
	// key · 1,000 keys · 18,000 sent · 740 throttled", or for a consumer
	// "5,120 read · iterator age 1.2 s".
	Facts string
	// IteratorAgeMs is a consumer's iterator age (the largest of its
	// shards'), -1 for a producer.
	IteratorAgeMs int64
	Error         string // its last error, "Code: message", or ""
	// StopOp and StopInput stop it (cloudplay:StopProducer or
	// StopConsumer).
	StopOp    string
	StopInput []byte
}

// ActorRows lists the actors of stream, producers first, each by name.
func ActorRows(v actor.View, stream string) []ActorRow {
	var out []ActorRow
	for _, p := range v.Producers {
		if p.StreamName != stream {
			continue
		}
		facts := ui.Thousands(int64(p.RecordsPerSecond)) + " records/s · " + ui.Thousands(int64(p.Keys)) + " keys"
		if p.HotKeyPercent > 0 {
			facts += " · " + strconv.Itoa(p.HotKeyPercent) + "% on one hot key"
		}
		facts += " · " + ui.Thousands(p.RecordsSent) + " sent"
		if p.RecordsThrottled > 0 {
			facts += " · " + ui.Thousands(p.RecordsThrottled) + " throttled"
		}
		in, _ := json.Marshal(map[string]string{"ProducerName": p.ProducerName})
		out = append(out, ActorRow{Name: p.ProducerName, Role: "producer", Kind: p.Kind, Status: p.Status, Facts: facts,
			IteratorAgeMs: -1, Error: actorErrorText(p.LastError), StopOp: "cloudplay:StopProducer", StopInput: in})
	}
	for _, c := range v.Consumers {
		if c.StreamName != stream {
			continue
		}
		facts := ui.Thousands(c.RecordsRead) + " read · " + BytesText(int(min(c.BytesRead, 1<<40))) +
			" · iterator age " + AgeText(c.IteratorAgeMilliseconds)
		in, _ := json.Marshal(map[string]string{"ConsumerName": c.ConsumerName})
		out = append(out, ActorRow{Name: c.ConsumerName, Role: "consumer", Kind: c.Kind, Status: c.Status, Facts: facts,
			IteratorAgeMs: c.IteratorAgeMilliseconds, Error: actorErrorText(c.LastError), StopOp: "cloudplay:StopConsumer", StopInput: in})
	}
	return out
}

func actorErrorText(e *actor.ErrorView) string {
	if e == nil {
		return ""
	}
	return e.Code + ": " + api.Clip(e.Message, 200)
}

// AgeText is an iterator age in short form: "0 ms", "850 ms", "1.2 s",
// "3 min 20 s".
func AgeText(ms int64) string {
	switch {
	case ms < 1000:
		return strconv.FormatInt(max(ms, 0), 10) + " ms"
	case ms < 60_000:
		return strconv.FormatFloat(float64(ms)/1000, 'f', 1, 64) + " s"
	}
	s := ms / 1000
	return strconv.FormatInt(s/60, 10) + " min " + strconv.FormatInt(s%60, 10) + " s"
}
