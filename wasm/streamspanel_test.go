package main

import (
	"testing"

	"cloudplay/wasm/internal/streams"
)

// TestStreamsPanelRefusals: the panel's inputs reach the engine as typed,
// so its refusals are AWS's, and a refused call changes nothing.
func TestStreamsPanelRefusals(t *testing.T) {
	t.Parallel()
	s, err := NewStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		input []byte
		code  string
	}{
		{"a shard count that is not a number", streams.CreateStreamInput("s", false, "two"), "ValidationException"},
		{"no shards", streams.CreateStreamInput("s", false, "0"), "ValidationException"},
		{"a hostile shard count", streams.CreateStreamInput("s", false, "100000"), "LimitExceededException"},
		{"a bad name", streams.CreateStreamInput("bad name!", false, "1"), "ValidationException"},
	} {
		a := &CallOp{Op: "kinesis:CreateStream", Input: tt.input, Where: "streams-create"}
		s.Dispatch(a)
		if a.Err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		e := s.ErrorAt("streams-create")
		if e == nil || e.Code != tt.code || e.Message == "" {
			t.Errorf("%s: shown %+v, want %s", tt.name, e, tt.code)
		}
	}
	if n := len(s.View().Streams.Streams); n != 0 {
		t.Errorf("%d streams after refusals", n)
	}
}
