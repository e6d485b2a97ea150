package main

import "maps"

// Settling a disagreement: each rule names a documented behaviour of AWS
// that we follow and the peer does not, and checks that it is the only
// cause by running the peer again on the case with that behaviour spelt out
// (see README.md).

// rule is one documented behaviour.
type rule struct {
	name string
	// applies reports whether the case exercises the behaviour.
	applies func(c Case) bool
	// spell returns c with the behaviour made explicit for the peer.
	spell func(c Case) Case
}

var rules = []rule{
	{
		// "aws:username ... This key is included in the request context
		// for all signed requests made by IAM users" (global condition
		// keys). The simulated caller is an IAM user (CallerArn), so its
		// name is in the request context, and ${aws:username} resolves.
		// The peer reads only the context it is given.
		name:    "aws:username of the IAM-user caller",
		applies: func(c Case) bool { _, ok := c.Features["usernameVariable"]; return ok },
		spell: func(c Case) Case {
			c.Context = maps.Clone(c.Context)
			c.Context["aws:username"] = "Bob"
			return c
		},
	},
}

// settle re-runs the peer on the disagreements that a rule applies to,
// with the rule's behaviour spelt out, and returns, by case id, the name of
// the rule under which the peer then agrees with us.
func settle(dir string, cases []Case, ours map[int]string, theirs map[int]peerResult) (map[int]string, error) {
	out := map[int]string{}
	for _, r := range rules {
		var again []Case
		for _, c := range cases {
			if _, done := out[c.ID]; !done && ours[c.ID] != theirs[c.ID].Decision && r.applies(c) {
				again = append(again, r.spell(c))
			}
		}
		if len(again) == 0 {
			continue
		}
		res, err := runPeer(dir, again)
		if err != nil {
			return nil, err
		}
		for _, c := range again {
			if res[c.ID].Decision == ours[c.ID] {
				out[c.ID] = r.name
			}
		}
	}
	return out, nil
}
