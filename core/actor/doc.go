// Package actor is the playground's producers and consumers: simulation
// objects that call Kinesis Data Streams in simulated time, started and
// tuned through the playground's own operations (service prefix
// cloudplay, CONTRACT.md "The playground's own operations"):
// cloudplay:StartProducer, cloudplay:SetTraffic, cloudplay:StopProducer,
// cloudplay:StartConsumer, cloudplay:StopConsumer and
// cloudplay:ListActors. They need no IAM action; what an actor does, it
// does as the principal that started it (fixed at start), through the
// account's dispatcher (api.Work.Act), so IAM applies to every call: a
// producer started by a user without kinesis:PutRecords stops with its
// LastError AccessDeniedException.
//
// # Determinism and replay
//
// Actors are deterministic from the account's seed: each draws from a
// PCG seeded with the seed and its own name, and acts at fixed simulated
// times. Their calls are logged but never journaled: the cloudplay:Start…
// step is exported, and replaying it makes the same calls again, so an
// export loads into the same event log and the same stream contents.
//
// # Producers
//
// A producer ticks every [TickMillis] (100 ms) of simulated time, so that
// the animation sees a steady flow, and sends RecordsPerSecond ×
// TickMillis / 1000 records each tick (the remainder carried, so a second
// holds exactly RecordsPerSecond). A TruckFleet sends one GPS fix per
// truck per second by default ({"truck":"truck-007","lat":…,"lon":…,
// "speed":…,"time":…}, each truck driving round a loop of its own); a
// Clickstream sends clicks, HotKeyPercent of them with the hot key
// user-0001 and the rest spread evenly over the other keys. DelayedTrucks
// stops the first n trucks in traffic (where they were, crawling), and
// PopularPercent sends that share of clicks to /products/PopularPage:
// the scenes of the analytics scenarios, settable by SetTraffic. Keys are
// zero-padded so that a producer's keys have one length.
//
// Up to 2,000 records a second a producer makes real PutRecords calls
// (batches of at most 500) or PutRecord calls. Above, it writes in bulk,
// so that 1,000,000 records a second cost the same per simulated second
// as 2,001: each tick it splits its records over its keys arithmetically
// (never record by record), and stream.Service.PutBulk applies to each
// key's records at once exactly the per-shard limits PutRecords applies
// (first come first served within the second), storing only the records
// a shard takes, which its capacity bounds. The tick is authorised once,
// through the dispatcher, with a representative PutRecords request (IAM's
// decision for identical requests is identical) and logged as the
// ceil(records/500) calls the batching implies, with the exact count of
// throttled records in errors. The cost of a simulated second is then
// proportional to min(records, keys) and to the records accepted, never
// to the records offered (see BenchmarkBulkProducer).
//
// # Consumers
//
// A Polling consumer reads as the KCL does: it lists the shards
// (kinesis:ListShards), gets an iterator per shard (LATEST: the open
// shards; TRIM_HORIZON: every shard, parents first), and every
// PollIntervalMillis calls GetRecords on each shard from the last
// NextShardIterator. A shard read to its end is done and its ChildShards
// are read from TRIM_HORIZON once all their parents are done; an expired
// iterator is replaced from the last sequence number read; MillisBehindLatest
// is the shard's iterator age. A poll refused with
// ProvisionedThroughputExceededException (other consumers share the
// shard's 2 MiB/s and five calls a second) reads nothing, so the shard's
// age grows from the last read's: a consumer starved by the others shows
// how far behind it falls.
//
// An EnhancedFanOut consumer registers a stream consumer named like itself
// when given no ConsumerARN (kinesis:RegisterStreamConsumer), waits until
// it is ACTIVE (kinesis:DescribeStreamConsumer), lists the shards, and
// calls kinesis:SubscribeToShard per shard. Every 250 ms (the stream's
// push cadence) it reads what each subscription pushed
// (Streams.SubscriptionEvents): records and data bytes (counted from the
// totals each event carries, so exactly), MillisBehindLatest as the
// shard's iterator age, and the ContinuationSequenceNumber. When a
// subscription ends after its five minutes it subscribes again
// AFTER_SEQUENCE_NUMBER of the last ContinuationSequenceNumber, as the KCL
// does, losing and repeating no record; at the end of a closed shard the
// last event's ChildShards are read from TRIM_HORIZON once all their
// parents are done. Its shard reads are its own 2 MiB/s: others polling
// the shard do not slow it. ListActors shows its ConsumerARN and, per
// shard, Subscribed, Subscriptions (successful SubscribeToShard calls) and
// ShardEnd.
//
// # Event log
//
// An actor's identical calls (same actor, operation, caller and
// decisions) in one simulated second are one event of the log, with
// count, firstTime, lastTime and errors (per-record ErrorCodes of
// PutRecords included), and actor, the actor's name.
//
// # Bounds
//
// An account keeps at most [MaxActors] actors (the playground's own
// bound; the oldest stopped one is forgotten to make room); a consumer
// follows at most 1,024 shards.
package actor
