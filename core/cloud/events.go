package cloud

import (
	"encoding/json"
	"slices"
)

// Event is one entry of the event log (CloudTrail-like): every call,
// allowed, denied or failed.
type Event struct {
	Seq       int              `json:"seq"`
	Time      string           `json:"time"`
	Caller    string           `json:"caller"`
	Op        string           `json:"op"`
	Input     json.RawMessage  `json:"input,omitempty"`
	Actions   []ActionDecision `json:"actions"`
	ReadOnly  bool             `json:"readOnly"`
	InvokedBy string           `json:"invokedBy,omitempty"` // the principal a service acted for
	Error     *EventError      `json:"error,omitempty"`
}

// ActionDecision is one action a call needed and the authoriser's decision.
type ActionDecision struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	Decision string `json:"decision"`
}

// EventError is the error a call ended with.
type EventError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// maxLoggedInput bounds the input kept in the log; bigger inputs are
// noted by size only.
const maxLoggedInput = 4096

func (e *Event) setInput(in []byte) {
	if len(in) > maxLoggedInput || !json.Valid(in) {
		return
	}
	e.Input = compact(in)
}

// Events returns the event log, oldest first (a copy).
func (a *Account) Events() []Event {
	out := slices.Clone(a.events)
	for i := range out {
		if out[i].Actions == nil {
			out[i].Actions = []ActionDecision{}
		}
	}
	return out
}
