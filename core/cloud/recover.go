package cloud

import (
	"fmt"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// maxPanicQuote bounds how much of a panic's value an InternalFailure
// message quotes.
const maxPanicQuote = 300

// recoverPanic answers a panic r in a top-level call or advance (what names
// it): the account's state is rebuilt as it was before it began (its
// changes are not half applied), the events logged since the event seq
// (and step events since the step event stepSeq) are dropped (they were undone), and the answer is AWS's InternalFailure
// ("The request processing has failed because of an unknown error,
// exception or failure", HTTP 500:
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html)
// naming what failed and the panic.
func (a *Account) recoverPanic(what string, r any, seq, stepSeq int) error {
	a.dropEventsAfter(seq)
	a.dropStepsAfter(stepSeq)
	msg := fmt.Sprintf("The request processing has failed because of an unknown error, exception or failure: %s panicked: %s.",
		api.Clip(what, api.MaxQuoted), api.Clip(fmt.Sprint(r), maxPanicQuote))
	if err := a.rebuild(); err != nil {
		msg += " The account could not be rebuilt as it was; it holds the steps up to the one that failed again: " + api.Clip(err.Error(), maxPanicQuote)
	} else {
		msg += " The account is as it was before."
	}
	return &api.Error{Code: "InternalFailure", Message: msg}
}

// rebuild makes the account's state again from its configuration and its
// journal: the journal holds every successful state-changing call and
// every advance, and replaying them into a new account reproduces it
// exactly (the same seed draws the same ids), as loading an export does.
// The event log, the catalog hook and the registered operations are kept.
//
// Replaying a journal that was played before cannot fail; should it fail
// all the same (a step that is not deterministic), the account is rebuilt
// from the steps before the failing one, so that its state and its journal
// agree, and the error is returned.
func (a *Account) rebuild() error {
	steps := a.journal
	busy := a.busy
	a.busy, a.replaying = true, true // replayed calls are nested: a panic reaches replay
	defer func() { a.busy, a.replaying = busy, false }()
	var first error
	for {
		a.init()
		a.journal = nil
		n, err := a.replay(steps)
		if err == nil {
			a.journal = steps
			return first
		}
		if first == nil {
			first = err
		}
		steps = steps[:n]
	}
}

// replay runs steps on the account, stopping at the first that fails, and
// returns how many succeeded.
func (a *Account) replay(steps []Step) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("steps[%d] (%s) panicked: %v", n, api.Clip(steps[n].Op, api.MaxQuoted), r)
		}
	}()
	for i, s := range steps {
		n = i
		if s.Op == "" {
			a.clock.AdvanceTo(a.clock.Now() + sim.Time(s.Advance))
			continue
		}
		if _, err := a.call(s.As, s.Op, s.Input, CallOptions{Context: s.Context}, ""); err != nil {
			return i, fmt.Errorf("steps[%d] (%s): %w", i, s.Op, err)
		}
	}
	return len(steps), nil
}
