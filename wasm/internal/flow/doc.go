// Package flow is the model of the Streams panel's animated data flow: where
// things are on the canvas (producers on the left, one lane per shard,
// consumers on the right, room beyond them for the services a later issue
// adds), and the records in flight as dots born from the stream's step
// events (RecordsWritten, RecordsThrottled, RecordsRead).
//
// Go decides, JavaScript draws: each frame [Model.Fill] writes every visible
// dot as four float32s (x, y, colour index, kind) into one reusable buffer,
// which the page copies once to site/flow.js. Positions move in wall-clock
// time on a fixed step of [StepMs]; a frame between two steps is drawn with
// [Interpolate], a pure function tested natively.
//
// Dots are a sample: at most [MaxDotsPerEvent] per event and [MaxDots] in
// all, so a producer at a million records a second costs the page no more
// than one at a hundred. The counts drawn in the labels are exact.
//
// The package is pure Go (no syscall/js): its tests run natively.
package flow
