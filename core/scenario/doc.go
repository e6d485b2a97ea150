// Package scenario loads, exports and shares scenarios: a simulated account
// written as the list of operations that built it (CONTRACT.md "Scenario
// format").
//
// [Load] replays the steps of a scenario into a fresh account; a step that
// fails stops the load with an InvalidScenario error naming the step, its
// error and, for text, its line and column. [Export] writes the successful
// state-changing calls of an account back out, so that loading the export
// reproduces the account exactly, ids included. [EncodeLink] and
// [DecodeLink] carry a scenario in a share link's fragment.
package scenario
