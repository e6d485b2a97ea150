// Package video is Amazon Kinesis Video Streams in the playground, small
// but real: the control plane (kinesisvideo:CreateStream, DescribeStream,
// ListStreams, DeleteStream, GetDataEndpoint), the data plane named by
// its IAM actions (kinesisvideo:PutMedia, kinesisvideo:ListFragments,
// kinesisvideo:GetMediaForFragmentList), and the seed's security camera:
// playground actors (cloudplay:StartCamera, cloudplay:TriggerMotion,
// cloudplay:StopCamera, cloudplay:StartMotionDetector,
// cloudplay:StopMotionDetector) that write and read a stream through the
// account's dispatcher as the principal that started them.
//
// # Control plane
//
// Shapes and errors follow the Kinesis Video Streams API reference
// ([CreateStream], [DescribeStream], [ListStreams], [DeleteStream],
// [GetDataEndpoint]). A stream's ARN is
// arn:aws:kinesisvideo:REGION:ACCOUNT:stream/NAME/CREATION_MILLIS; a new
// stream is CREATING for [CreateMillis] of simulated time, then ACTIVE
// (step event StreamActive); a deleted one is DELETING for
// [DeleteMillis], then gone (StreamDeleted). Without KmsKeyId a stream is
// encrypted with the AWS managed key alias/aws/kinesisvideo. Version is a
// 20-character string drawn from the account's seed; DeleteStream's
// CurrentVersion must match it (VersionMismatchException). An account
// holds at most 10,000 streams (AccountStreamLimitExceededException, the
// default quota of [quotas]); the quotas' request rates per second are
// counted in simulated seconds (limits.go: ClientLimitExceededException).
// GetDataEndpoint answers an https URL of the
// playground's own making (https://s-XXXXXXXX.kinesisvideo.REGION.cloudplay.invalid):
// it is not reachable, since every data-plane call goes through the
// playground's dispatcher.
//
// # Media
//
// AWS's PutMedia takes a Matroska stream; the playground's PutMedia takes
// one fragment as JSON: StreamName or StreamARN, ProducerStartTimestamp
// (RFC 3339; the call's time when absent), FragmentLengthInMilliseconds
// (1 to 20,000: a fragment lasts at most 20 seconds) and Payload, the
// fragment's frames in the playground's own media format: each frame
// [FrameWidth]×[FrameHeight] grey levels, one byte a pixel, row by row,
// frames one after the other (at most [MaxFramesPerFragment]). It
// answers the acknowledgements AWS streams back (BUFFERING, RECEIVED,
// and PERSISTED when the stream keeps data), each with the
// FragmentNumber, a 47-digit string that grows in ingestion order, as
// AWS's do. ListFragments returns Fragments (FragmentNumber,
// FragmentSizeInBytes, ProducerTimestamp, ServerTimestamp,
// FragmentLengthInMilliseconds) in ingestion order, optionally only those
// whose PRODUCER_TIMESTAMP or SERVER_TIMESTAMP lies in a range (both ends
// included, as [FragmentSelector] says), MaxResults 1 to 1,000 (default
// 100), with a NextToken. GetMediaForFragmentList returns the fragments'
// payloads concatenated in the order asked (ContentType
// application/x-cloudplay-frames).
//
// # Retention and bounds
//
// A stream keeps its fragments DataRetentionInHours (0 to 87,600). With 0
// it keeps no data: fragments stay only in the service host buffer for
// five minutes, as [CreateStream] says, and are not persisted, so
// ListFragments (which lists archived data) returns none of them. The
// playground's own bounds keep memory small: at most
// [MaxFragmentsPerStream] fragments per stream and [MaxMediaBytes] of
// media per account, the oldest dropped first.
//
// # The security camera
//
// A camera films a still room in which someone walks through: the room
// (a grey-level picture) and the camera's sensor noise come from the
// account's seed and the camera's name, so a replay films the same. Every
// FragmentMillis (default 2,000) it sends the frames of the fragment
// just ended (FramesPerSecond, default 2) with kinesisvideo:PutMedia. A
// person enters from the left at each second of MotionAt (counted from
// the camera's start) and at each cloudplay:TriggerMotion, and crosses the
// room in [WalkMillis]. A camera whose call is refused for good (access
// denied, stream deleted) stops, its LastError showing AWS's error.
//
// A motion detector polls its stream every [PollMillis]:
// kinesisvideo:ListFragments (SERVER_TIMESTAMP from the last fragment it
// read) and kinesisvideo:GetMediaForFragmentList for each new fragment,
// and compares each frame with the one before it: the share of pixels
// whose grey level changed by more than Level (default 25). When a
// fragment's largest share is at least Threshold percent (default 5), it
// reports a MotionDetected step event (service kinesisvideo: StreamName,
// FragmentNumber, Time, ChangedPercent) and keeps it in its view (the last
// [MaxMotionEvents]).
//
// Cameras and detectors are actors as core/actor's are: never journaled;
// their Start step is exported and replaying it makes their calls again.
//
// [CreateStream]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_CreateStream.html
// [DescribeStream]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_DescribeStream.html
// [ListStreams]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_ListStreams.html
// [DeleteStream]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_DeleteStream.html
// [GetDataEndpoint]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_GetDataEndpoint.html
// [FragmentSelector]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/API_reader_FragmentSelector.html
// [quotas]: https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/limits.html
package video
