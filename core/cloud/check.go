package cloud

import (
	"fmt"

	"cloudplay/core/api"
)

// Check runs op as caller, with the request context ctx, the way a
// scenario's goals check the account (CONTRACT.md "Goals (exercises)"):
// it is not logged, and it changes nothing — no event, no journal step, no
// step event, no draw from the seeded random source. A read-only
// operation runs and returns its output; with dryRun, any operation is
// only authorised (every action it needs, as a real call would be) and,
// when all are allowed, answers {} without running. An operation that
// changes the account is refused without dryRun (ValidationError).
//
// Errors are the call's own (*api.Error): AccessDenied with its trace,
// NoSuchEntity, ... A panic is answered as InternalFailure, the account
// rebuilt from its journal as a panicking call's would be.
func (a *Account) Check(caller, opName string, input []byte, ctx Context, dryRun bool) (out []byte, err error) {
	if a.busy {
		return nil, api.Errorf("InternalFailure", "a check cannot run inside a call or an advance")
	}
	mutates, known := a.Mutates(opName)
	if !known {
		return nil, a.unknownOperation(opName)
	}
	if mutates && !dryRun {
		return nil, api.Errorf("ValidationError", "%s changes the account: a check runs a read-only operation, or any operation with dryRun", api.Clip(opName, api.MaxQuoted))
	}
	saved := a.rand.Save()
	a.busy, a.replaying = true, true // nothing the check does is logged
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, a.checkPanic(opName, r)
		}
		a.busy, a.replaying = false, false
		a.rand.Restore(saved)
	}()
	var ev Event // a check is not logged: its event is thrown away
	return a.dispatchCall(&ev, caller, opName, input, CallOptions{Context: ctx, dryRun: dryRun}, "")
}

// checkPanic answers a panic r in a check of op: the account is rebuilt
// from its journal, in case the check changed something before it
// panicked (the events and step events were never touched).
func (a *Account) checkPanic(op string, r any) error {
	msg := fmt.Sprintf("The request processing has failed because of an unknown error, exception or failure: the check %s panicked: %s.",
		api.Clip(op, api.MaxQuoted), api.Clip(fmt.Sprint(r), maxPanicQuote))
	if err := a.rebuild(); err != nil {
		msg += " The account could not be rebuilt as it was: " + api.Clip(err.Error(), maxPanicQuote)
	}
	return &api.Error{Code: "InternalFailure", Message: msg}
}

// Mutates reports whether the operation named op changes the account
// (and so may be checked only with dryRun), and whether there is such an
// operation at all.
func (a *Account) Mutates(op string) (mutates, known bool) {
	if len(op) > a.longest {
		return false, false
	}
	o, ok := a.ops[op]
	return o.Mutates, ok
}
