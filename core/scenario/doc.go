// Package scenario loads, exports and shares scenarios: a simulated account
// written as the list of operations that built it (CONTRACT.md "Scenario
// format").
//
// [Load] replays the steps of a scenario of at most [MaxLinkSize] bytes
// (what a share link carries) into a fresh account; [LoadSaved] does the
// same for saved work and files of up to [MaxSavedSize] bytes. A step that
// fails stops the load with an InvalidScenario error naming the step, its
// line and column and its own error. [NewReplay] does the same work a few
// steps at a time ([Replay.Run]), so that a long replay shows its progress
// and can be cancelled.
//
// [Export] writes the successful state-changing calls of an account back
// out, so that loading the export reproduces the account exactly, ids
// included; an [Exporter] does the same when saving again and again,
// serialising each step once. Advances are written as exact decimal
// seconds and read back with [ParseSeconds], so that no millisecond is lost
// to floating point. [EncodeLink] and [DecodeLink] carry a scenario in a
// share link's fragment.
//
// Sizes: CONTRACT.md "Sizes and options" gives 1 MiB for a link and 32 MiB
// for saved work and files. There is no fixed limit on steps beyond
// [MaxSteps], which no export within MaxSavedSize can reach; an advance
// step holds at most [MaxAdvanceSeconds], and Export splits longer
// advances into several steps.
package scenario
