package api

// EditDistance is the Levenshtein distance of a and b, in bytes, ignoring
// ASCII case, or limit when it is at least limit: the one "did you mean"
// measure of the playground (unknown operations in core/cloud, unknown
// services and actions in ValidatePolicy). Names that differ in length by
// limit or more cost nothing; otherwise the work is len(a)*len(b), which
// callers bound. It does not allocate for b of up to 127 bytes.
func EditDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	var buf [2 * 128]int
	var prev, cur []int
	if len(b) < 128 {
		prev, cur = buf[:len(b)+1], buf[128:128+len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
