package main

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

// decimalMillis agrees with exact rational arithmetic (math/big, which the
// site no longer ships for this one use) on table cases and random numbers.
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
	cases := []string{"0", "-0", "1", "1.005", "0.0009", "0.001", "2.5e1", "25E-3", "1e-3", "1e-4", "123456.789999", "100000000000", "1e11", "-1", "-0.5", "1e-400", "00.10"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		cases = append(cases, fmt.Sprintf("%d.%0*de%d", r.IntN(1e6), 1+r.IntN(6), r.IntN(1e6), r.IntN(12)-8))
	}
	for _, c := range cases {
		got, gok := decimalMillis(c)
		want, wok := ref(c)
		if wok && want > maxAdvanceSeconds*1000 {
			continue // both refuse, by different limits
		}
		if gok != wok || (gok && got != want) {
			t.Errorf("decimalMillis(%q) = %d, %v; want %d, %v", c, got, gok, want, wok)
		}
	}
}
