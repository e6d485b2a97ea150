package scenario

import (
	"cloudplay/core/cloud"
	"cloudplay/core/goals"
)

// parseGoals reads the goals list whose value starts at src[i], checking
// each against the operations of a. An error names the goal
// (goals[2], counted from 0), its line and column, and what is wrong.
func parseGoals(src []byte, i int, a *cloud.Account) ([]goals.Goal, error) {
	if src[i] != '[' {
		l, c := lineCol(src, i)
		return nil, invalid("goals (line %d, column %d): must be a list", l, c)
	}
	out := []goals.Goal{}
	for i = skipSpace(src, i+1); src[i] != ']'; i = skipSpace(src, i) {
		if src[i] == ',' {
			i = skipSpace(src, i+1)
		}
		end := skipValue(src, i)
		if len(out) == goals.MaxGoals {
			l, c := lineCol(src, i)
			return nil, invalid("goals[%d] (line %d, column %d): more than %d goals; at most %d are accepted", len(out), l, c, goals.MaxGoals, goals.MaxGoals)
		}
		g, err := goals.Parse(src[i:end], a)
		if err != nil {
			l, c := lineCol(src, i)
			return nil, invalid("goals[%d] (line %d, column %d): %s", len(out), l, c, clipN(err.Error(), maxStepMessage))
		}
		out = append(out, g)
		i = end
	}
	return out, nil
}
