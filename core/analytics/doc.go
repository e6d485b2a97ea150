// Package analytics is Amazon Kinesis Data Analytics for SQL applications
// (the v1 API, prefix kinesisanalytics): an application reads one
// streaming source (a Kinesis data stream or a Firehose delivery stream)
// into the in-application stream SOURCE_SQL_STREAM_001, runs its SQL code
// (package sql) and sends the rows of its in-application output streams
// to up to three destinations.
//
// AWS retired the service: no new applications since 2025-10-15, existing
// ones deleted from 2026-01-27; its successor is Amazon Managed Service
// for Apache Flink, with SQL through Studio notebooks
// (https://docs.aws.amazon.com/kinesisanalytics/latest/dev/discontinuation.html,
// https://docs.aws.amazon.com/kinesisanalytics/latest/dev/API_Reference.html).
// The playground keeps it as a teaching model, allowed at any simulated
// date, and says so ([Retired]).
//
// A running application works once a second of simulated time: as the
// role of its input (api.Work.AssumeRoleFor("kinesisanalytics.amazonaws.com",
// RoleARN)) it reads the stream through the dispatcher (ListShards,
// GetShardIterator, GetRecords, following child shards after a reshard),
// pushes each record into the SQL engine stamped with its arrival time,
// advances the engine to now, keeps the last [MaxRows] rows of each
// in-application stream for the panel, counts the records that do not map
// to the input schema (AWS sends them to the error stream), and sends the
// rows of each output's in-application stream to its destination as the
// output's role (kinesis:PutRecords, firehose:PutRecordBatch). It reports
// the step events RowsEmitted (ApplicationName, Stream, Rows; at most one
// per stream per second) and ErrorRecords (ApplicationName, Records).
package analytics
