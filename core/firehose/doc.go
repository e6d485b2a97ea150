// Package firehose is the account's Amazon Data Firehose: delivery streams
// fed by Direct PUT or by a Kinesis data stream, buffering records and
// delivering them to an S3 bucket as the destination's IAM role, in
// simulated time.
package firehose
