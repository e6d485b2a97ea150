// Package ui holds what the page's panel models share: the error a panel
// shows next to the control that caused it.
package ui

import (
	"errors"
	"strconv"

	"cloudplay/core/api"
)

// Error is an error shown in the UI next to the control that caused it.
type Error struct {
	Where   string // the form or control it belongs to ("" for the page)
	Code    string
	Message string
	Trace   any
}

// ErrorOf is err as the UI shows it at where: AWS's code, message and
// trace for an operation's error, "Error" and the text for any other.
func ErrorOf(where string, err error) *Error {
	var e *api.Error
	if errors.As(err, &e) {
		return &Error{Where: where, Code: e.Code, Message: e.Message, Trace: e.Trace}
	}
	return &Error{Where: where, Code: "Error", Message: err.Error()}
}

// Thousands writes n with commas between groups of three digits:
// 20000 → "20,000", -1234 → "-1,234".
func Thousands(n int64) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
