package scenario

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"cloudplay/core/api"
)

// What Export writes for an advance reads back as the same milliseconds.
func TestExportedSecondsParseExactly(t *testing.T) {
	t.Parallel()
	var all []int64
	for ms := range int64(5000) {
		all = append(all, ms)
	}
	r := rand.New(rand.NewPCG(7, 11))
	for range 5000 {
		all = append(all, r.Int64N(maxAdvanceMillis+1))
	}
	all = append(all, 1003, 1005, 1, maxAdvanceMillis, maxAdvanceMillis-1, 999, 1000, 1001)
	for _, ms := range all {
		text := formatSeconds(ms)
		if got, err := ParseSeconds(text); err != nil || got != ms {
			t.Fatalf("ParseSeconds(formatSeconds(%d) = %q) = %d, %v", ms, text, got, err)
		}
	}
	for text, want := range map[string]int64{"1.003": 1003, "1.005": 1005, "0.001": 1, "1e11": 1e14, "0": 0, "-0": 0, "0.0009": 0, "1E-3": 1, "1e-1000000000": 0, " 2 ": 2000} {
		if got, err := ParseSeconds(text); err != nil || got != want {
			t.Errorf("ParseSeconds(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
}

func TestParseSecondsRefuses(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "-1", "-0.5", "-1e-9", "1e11.5", "100000000000.001", "1e12", "1e1000000000", `"5"`, "five", "1 2", "[1]", "NaN", "Infinity", "0x10", "1." + strings.Repeat("9", 1<<16) + "x"} {
		_, err := ParseSeconds(text)
		var e *api.Error
		if !errors.As(err, &e) || e.Code != "ValidationError" || !strings.HasPrefix(e.Message, "advance takes a number of seconds from 0 to 1e+11, not ") {
			t.Errorf("ParseSeconds(%.40q): %v, want ValidationError", text, err)
			continue
		}
		if len([]rune(e.Message)) > 160 {
			t.Errorf("ParseSeconds(%.40q): message of %d code points", text, len([]rune(e.Message)))
		}
	}
}

// decimalMillis agrees with exact rational arithmetic on table cases and
// random numbers.
func TestDecimalMillisIsExact(t *testing.T) {
	t.Parallel()
	ref := func(num string) (int64, bool) {
		r, ok := new(big.Rat).SetString(num)
		if !ok || r.Sign() < 0 {
			return 0, false
		}
		ms := new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(1000)), r.Denom())
		return ms.Int64(), ms.IsInt64() && ms.Int64() <= 1e15
	}
	cases := []string{"0", "-0", "1", "1.005", "0.0009", "0.001", "2.5e1", "25E-3", "1e-3", "1e-4", "123456.789999", "100000000000", "1e11", "-1", "-0.5", "1e-400", "00.10", "1e+2", "5e-0003"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		cases = append(cases, fmt.Sprintf("%d.%0*de%d", r.IntN(1e6), 1+r.IntN(6), r.IntN(1e6), r.IntN(12)-8))
	}
	for _, c := range cases {
		got, gok := decimalMillis(c)
		want, wok := ref(c)
		if wok && want > maxAdvanceMillis {
			continue // both refuse, by different limits
		}
		if gok != wok || (gok && got != want) {
			t.Errorf("decimalMillis(%q) = %d, %v; want %d, %v", c, got, gok, want, wok)
		}
	}
}
