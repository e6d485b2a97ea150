// Package stream is the account's Amazon Kinesis Data Streams: streams in
// provisioned or on-demand capacity mode, their shards and records,
// resharding, enhanced fan-out consumers, tags and resource policies, in
// simulated time and with the limits AWS applies.
//
// [Service.Ops] lists the operations (kinesis:CreateStream,
// kinesis:PutRecords, ...). Each takes and returns the AWS CLI's JSON view
// of the [Kinesis API reference] (`aws kinesis <command> --output json`):
// member names as the reference gives them, Data blobs as base64, stream
// and consumer creation times as RFC 3339 in UTC, ApproximateArrivalTimestamp
// with milliseconds. Each follows the api.Op protocol: Prepare decodes and
// checks the input and names the IAM action on the resource ARN the
// [Service Authorization Reference] gives; it changes nothing, so a call on
// a stream that does not exist is authorised before it is
// ResourceNotFoundException. The returned run does the rest.
//
// # Authorisation
//
// Every operation needs the action named like it, on the stream's ARN
// (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME), except: ListStreams,
// DescribeLimits, UpdateShardCount and UpdateStreamMode on "*" (the
// reference lists no resource type for them); DescribeStreamConsumer and
// DeregisterStreamConsumer on the consumer's ARN
// (…:stream/NAME/consumer/CONSUMER:SECONDS), and SubscribeToShard on the
// consumer's ARN it names; Put/Get/DeleteResourcePolicy
// on the ARN given. CreateStream with Tags also needs
// kinesis:AddTagsToStream. GetRecords is authorised on the stream its
// iterator names.
//
// # Errors
//
// A member that breaks its constraints (length, pattern, range, enum) is
// ValidationException, worded as AWS words it ("1 validation error
// detected: Value 'x' at 'partitionKey' failed to satisfy constraint:
// Member must have length less than or equal to 256"); a request that is
// well formed but not acceptable is InvalidArgumentException; a stream or
// shard that does not exist is ResourceNotFoundException ("Stream s under
// account 123456789012 not found."); a control operation on a stream that
// is not ACTIVE is ResourceInUseException; quotas are
// LimitExceededException; throughput is
// ProvisionedThroughputExceededException; an iterator older than five
// minutes is ExpiredIteratorException.
//
// # Shards and records
//
//   - N new shards get the ranges AWS gives them: shard i starts at
//     i·⌊2^128/N⌋ and the last ends at 2^128−1. Shard ids are
//     shardId-000000000000 onwards, in creation order.
//   - A record goes to the open shard whose range holds the MD5 of its
//     partition key's UTF-8 bytes, read as a 128-bit big-endian integer,
//     or its ExplicitHashKey. Partition keys are 1 to 256 Unicode
//     characters; NFC and NFD forms of the same text are different keys.
//   - Sequence numbers are 56-digit decimal strings that increase within a
//     shard (see seq.go for their fields); ApproximateArrivalTimestamp is
//     the simulated time of the write.
//   - Each shard takes 1 MiB/s and 1,000 records/s of writes and serves
//     five GetRecords calls and 2 MiB/s of reads, counted per simulated
//     second; past them PutRecord and GetRecords are
//     ProvisionedThroughputExceededException and PutRecords refuses the
//     records past them with ErrorCode/ErrorMessage (FailedRecordCount
//     counts them). On-demand streams take max(4 MiB/s and 4,000
//     records/s, double the highest second of the 30 days before the last
//     15 minutes) as a whole.
//   - Shard iterators (all five types) expire after five minutes of
//     simulated time; reading a closed shard to its end answers
//     NextShardIterator null and ChildShards.
//   - Records leave when the retention period (24 to 8,760 hours) passes.
//     The account keeps at most MaxStoredBytes of records, the playground's
//     own bound.
//
// # Enhanced fan-out
//
// kinesis:SubscribeToShard (input ConsumerARN, ShardId and
// StartingPosition {Type: the five iterator types, SequenceNumber,
// Timestamp}) subscribes an ACTIVE registered consumer to a shard for five
// minutes of simulated time and answers {"EventStream": [event]}, the
// subscription's first SubscribeToShardEvent ({"Records": [as GetRecords
// gives them], "ContinuationSequenceNumber", "MillisBehindLatest",
// "ChildShards" at the end of a closed shard}). A consumer may call it
// once per second per shard (LimitExceededException otherwise); a call
// within five seconds of a successful one on the same consumer and shard
// is ResourceInUseException, a later one takes the subscription over.
//
// The later events are pushed in simulated time: every 250 ms (the
// playground's own cadence; AWS pushes as records arrive) the
// subscription is pushed the records that arrived, at most 512 KiB (what 2
// MiB/s carries in 250 ms) but at least one record, and is then busy for
// as long as 2 MiB/s takes to carry them: each registered consumer reads
// each shard at 2 MiB/s of its own, apart from the 2 MiB/s and five calls
// per second the shard's GetRecords callers share. A consumer whose shard
// takes records faster than that falls behind (MillisBehindLatest grows).
// An event is pushed when it carries records, and at the end of a closed
// shard, where it carries ChildShards and ends the subscription.
//
// Each push is the step event SubscribeToShardEvent {stream, shard,
// consumer (its name), records, bytes, continuationSequenceNumber,
// millisBehindLatest}; the records themselves are for the consumer:
// [Service.SubscriptionEvents](consumerARN, shardID, since) returns the
// events pushed after the first since (the last 100 are kept) and whether
// the subscription still pushes. Every GetRecords that returns records is
// the step event RecordsRead {stream, shard, count, bytes, consumer (the
// caller's ARN), iteratorAgeMillis}.
//
// Subscriptions, like GetRecords' throughput counters, are observations:
// SubscribeToShard changes nothing that is exported, so a consumer actor
// that subscribes is replayed by replaying the actor.
//
// # Time
//
// CreateStream leaves the stream CREATING for a second; SplitShard,
// MergeShards, UpdateShardCount and UpdateStreamMode leave it UPDATING
// for two, during which reads and writes go on and control operations
// are ResourceInUseException; DeleteStream leaves it DELETING for a
// second. The changes complete lazily: each call first completes what
// fell due before its simulated time, so no scheduled work is needed and
// replay is exact.
//
// # Metrics
//
// Each shard counts, per simulated second, IncomingRecords,
// IncomingBytes, WriteProvisionedThroughputExceeded,
// ReadProvisionedThroughputExceeded and GetRecords.IteratorAgeMilliseconds
// for the last [MetricSeconds] seconds, and each enhanced fan-out
// consumer, per shard it subscribed to, SubscribeToShard.RateExceeded and
// SubscribeToShardEvent.Records, .Bytes and .MillisBehindLatest
// ([FanOutMetric]); [Service.View] shows them. Counts
// made by calls that failed (a throttled PutRecord or GetRecords) are
// observations only: they are not replayed when the account is rebuilt.
//
// [Kinesis API reference]: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html
// [Service Authorization Reference]: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html
package stream
