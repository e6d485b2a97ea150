// Package firehose is the account's Amazon Data Firehose: delivery streams
// fed by Direct PUT or by a Kinesis data stream, buffering records and
// delivering them to an S3 bucket as the destination's IAM role, in
// simulated time.
//
// [Service.Ops] lists the operations (firehose:CreateDeliveryStream,
// PutRecord, PutRecordBatch, DescribeDeliveryStream, ListDeliveryStreams,
// DeleteDeliveryStream, UpdateDestination, TagDeliveryStream,
// UntagDeliveryStream, ListTagsForDeliveryStream), each taking and
// returning the AWS CLI's JSON view of the [Firehose API reference].
// Prepare authorises the firehose action of the operation's name on the
// stream's ARN (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME;
// ListDeliveryStreams on "*"); CreateDeliveryStream and UpdateDestination
// add iam:PassRole for each role handed to firehose.amazonaws.com, and
// Tags add firehose:TagDeliveryStream.
//
// # Delivery
//
// Records wait in the stream's buffer until it holds SizeInMBs or
// IntervalInSeconds has passed since the oldest arrived (interval 0: at the
// next scheduling point). Each object is written with s3:PutObject through
// the account's dispatcher as the destination role's session (assumed by
// firehose.amazonaws.com, kept for its hour), so IAM applies and the log
// shows the call as CloudTrail would. The key is the evaluated prefix
// (default YYYY/MM/dd/HH/, UTC, from the oldest record's arrival) then
// NAME-VERSION-YYYY-MM-dd-HH-mm-ss-UUID, the UUID from the account's seed.
// A failed write is retried every 5 s; data 24 hours old is lost.
//
// A stream with a Kinesis source reads it once a second as the source's
// role (ListShards, GetShardIterator LATEST, GetRecords; children of a
// closed shard from TRIM_HORIZON).
//
// [View] is what the panel draws; [Service.Tap] hands the records a stream
// took to Kinesis Data Analytics.
//
// [Firehose API reference]: https://docs.aws.amazon.com/firehose/latest/APIReference/Welcome.html
package firehose
