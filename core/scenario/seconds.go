package scenario

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/cloud"
)

// MaxAdvanceSeconds bounds one advance: 10^11 seconds, about 3,170 years,
// far more than any lesson needs and small enough that simulated time
// (int64 milliseconds) cannot overflow within a scenario of any size the
// loader accepts. It is the playground's own choice (AWS has no such
// notion); cloudplay.advance uses the same bound.
const MaxAdvanceSeconds = cloud.MaxAdvanceMillis / 1000

// maxAdvanceMillis is MaxAdvanceSeconds in milliseconds: the longest advance
// one step may hold, the account's own bound.
const maxAdvanceMillis = cloud.MaxAdvanceMillis

// ParseSeconds reads text, a JSON number of seconds, exactly (as a decimal,
// so 1.003 is 1003 ms and 1.005 is 1005 ms, where float64 arithmetic gives
// 1002 and 1004) and returns whole milliseconds, rounded down as
// CONTRACT.md says. A negative number, anything but one JSON number, and
// more than MaxAdvanceSeconds are refused with a ValidationError; "-0" is 0.
func ParseSeconds(text string) (ms int64, err error) {
	bad := api.Errorf("ValidationError", "advance takes a number of seconds from 0 to %g, not %s", float64(MaxAdvanceSeconds), quoteText(text))
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	tok, err := d.Token()
	n, isNumber := tok.(json.Number)
	if err != nil || !isNumber || d.More() {
		return 0, bad
	}
	if _, err := d.Token(); err == nil {
		return 0, bad // more than one value
	}
	ms, ok := decimalMillis(n.String())
	if !ok || ms > maxAdvanceMillis {
		return 0, bad
	}
	return ms, nil
}

// formatSeconds writes ms milliseconds (≥ 0) as the shortest decimal number
// of seconds, exactly: 1003 is "1.003", 1500 is "1.5", 30000 is "30".
// ParseSeconds(formatSeconds(ms)) == ms.
func formatSeconds(ms int64) string {
	s := strconv.FormatInt(ms/1000, 10)
	if r := ms % 1000; r != 0 {
		s += strings.TrimRight(fmt.Sprintf(".%03d", r), "0")
	}
	return s
}

// decimalMillis returns ⌊num × 1000⌋ for the text of a JSON number num ≥ 0
// (a negative one, even -0.5, is refused; "-0" is 0), computed exactly on
// its decimal digits. ok is false when the value is negative or too large
// to matter (10^16 ms or more).
func decimalMillis(num string) (ms int64, ok bool) {
	neg := strings.HasPrefix(num, "-")
	num = strings.TrimPrefix(num, "-")
	mant, expText, hasExp := strings.Cut(strings.ToLower(num), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(whole+frac, "0")
	if digits == "" {
		return 0, true // zero, however written
	}
	if neg {
		return 0, false
	}
	exp := 0
	if hasExp {
		exp = exponent(expText)
	}
	shift := exp - len(frac) + 3 // value in ms = digits × 10^shift
	if shift < 0 {
		if -shift >= len(digits) {
			return 0, true // less than a millisecond
		}
		digits = digits[:len(digits)+shift] // floor: the value is not negative
		shift = 0
	}
	if len(digits)+shift > 16 {
		return 0, false
	}
	v, err := strconv.ParseInt(digits+strings.Repeat("0", shift), 10, 64)
	return v, err == nil
}

// exponent reads the exponent of a JSON number ("+5", "-3", "007"),
// clamped to ±10^6: beyond that the value is zero or too large either way.
func exponent(text string) int {
	sign := 1
	switch {
	case strings.HasPrefix(text, "-"):
		sign, text = -1, text[1:]
	case strings.HasPrefix(text, "+"):
		text = text[1:]
	}
	text = strings.TrimLeft(text, "0")
	if len(text) > 6 {
		return sign * 1_000_000
	}
	e, _ := strconv.Atoi(text) // digits only: the JSON grammar checked them
	return sign * e
}

// quoteText quotes a short prefix of text for an error message.
func quoteText(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return "nothing"
	}
	return clip(text)
}
