// Package sim is the simulator's sense of time and chance.
//
// Simulated time is a count of milliseconds since the Unix epoch ([Time]).
// It moves only when told: [Clock.AdvanceTo] runs every scheduled event that
// falls due, in (time, sequence) order, so two events at the same instant run
// in the order they were scheduled. Randomness comes from one seeded PCG
// source ([Rand]) whose state can be saved and restored, so a failed call can
// give back what it drew and a replay draws the same numbers.
//
// Nothing here reads the wall clock or the global random source: the same
// inputs give the same run, which is what makes scenarios replayable.
package sim
