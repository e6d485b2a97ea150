//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The simulator and the real calls agree (issue 11, part 1): for every user
// of the default scenario and each of the scenario's S3 and IAM calls, the
// decision the simulator panel shows for the call's action and resource is
// the one the call itself met. The calls run as each user through
// window.cloudplay on a fresh reset; the event log says which action on
// which resource each call needed; the simulator is then asked about that
// action and resource exactly as a learner asks it (the form, acting as
// root). The seed's EC2 actions are left out: the playground has no EC2
// operation to call.

// agreeCall is one call of the scenario as some user.
type agreeCall struct {
	op    string
	input map[string]string
}

var agreeCalls = []agreeCall{
	{"s3:PutObject", map[string]string{"Bucket": "my-bucket", "Key": "reports/x.csv", "Body": "eA=="}},
	{"s3:GetObject", map[string]string{"Bucket": "my-bucket", "Key": "reports/2026-01.csv"}},
	{"s3:ListObjectsV2", map[string]string{"Bucket": "my-bucket"}},
	{"s3:GetBucketPolicy", map[string]string{"Bucket": "my-bucket"}},
	{"s3:ListBuckets", map[string]string{}},
	{"iam:GetUser", map[string]string{"UserName": "Alice"}},
	{"iam:ListUsers", map[string]string{}},
	{"iam:GetPolicy", map[string]string{"PolicyArn": "arn:aws:iam::123456789012:policy/AuditTeamReadOnly"}},
	{"iam:CreateUser", map[string]string{"UserName": "Newcomer"}},
	{"iam:SimulatePrincipalPolicy", map[string]string{"PolicySourceArn": "arn:aws:iam::123456789012:user/Fred"}},
}

// agreeEvent is the part of an event log entry the test reads.
type agreeEvent struct {
	Op      string `json:"op"`
	Caller  string `json:"caller"`
	Actions []struct {
		Action, Resource, Decision string
	} `json:"actions"`
	Error *struct{ Code string } `json:"error"`
}

// callAs runs op as caller through cloudplay.call and returns the event
// the call logged.
func (p *page) callAs(caller string, c agreeCall) agreeEvent {
	p.t.Helper()
	input := map[string]any{}
	for k, v := range c.input {
		input[k] = v
	}
	if c.op == "iam:SimulatePrincipalPolicy" {
		input["ActionNames"] = []string{"s3:GetObject"}
	}
	in, _ := json.Marshal(input)
	opJSON, _ := json.Marshal(c.op)
	callerJSON, _ := json.Marshal(caller)
	p.settled(fmt.Sprintf("cloudplay.call(%s, %s, {caller: %s})", opJSON, in, callerJSON))
	evs := evalJS[[]agreeEvent](p, `cloudplay.events().slice(-1)`)
	if len(evs) != 1 || evs[0].Op != c.op || evs[0].Caller != caller {
		p.t.Fatalf("the last event is not %s by %s: %+v", c.op, caller, evs)
	}
	return evs[0]
}

// fill sets an input's value as typing does.
func (p *page) fill(sel, value string) {
	p.t.Helper()
	selJSON, _ := json.Marshal(sel)
	valJSON, _ := json.Marshal(value)
	var ok bool
	if err := p.eval(fmt.Sprintf(`(() => { const i = document.querySelector(%s); if (!i) return false;
		i.value = %s; i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`, selJSON, valJSON), &ok); err != nil || !ok {
		p.t.Fatalf("filling %s: %v", sel, err)
	}
}

// simulated asks the simulator panel about principal doing action on
// resource and returns the decision its table shows.
func (p *page) simulated(principal, action, resource string) string {
	p.t.Helper()
	p.choose("#sim-principal", principal)
	p.fill("#sim-actions", action)
	p.fill("#sim-resources", resource)
	runs := evalJS[string](p, `document.querySelector('#simulator').dataset.runs`)
	p.click("#sim-run")
	p.waitVisible(fmt.Sprintf(`#simulator:not([data-runs=%q]) #sim-decisions`, runs))
	row := fmt.Sprintf(`#sim-decisions tr.sim-result[data-action=%q][data-resource=%q]`, action, resource)
	if p.count(row) != 1 {
		p.t.Fatalf("the simulator shows no result for %s on %s", action, resource)
	}
	selJSON, _ := json.Marshal(row)
	return evalJS[string](p, fmt.Sprintf(`document.querySelector(%s).dataset.decision`, selJSON))
}

func TestSimulatorAgreesWithCalls(t *testing.T) {
	t.Parallel()
	p := openFresh(t, "/embed.html?panel=iam")
	p.waitUI("#app")
	if r := p.settled(`cloudplay.reset()`); !r.OK {
		t.Fatalf("reset: %s %s", r.Code, r.Msg)
	}
	users := []string{"Alice", "Bob", "Charles", "David", "Edward", "Fred"}
	type check struct {
		user, op, action, resource string
		denied                     bool   // the call was refused by IAM
		logged                     string // the decision the log recorded
	}
	var checks []check
	for _, u := range users {
		arn := "arn:aws:iam::123456789012:user/" + u
		for _, c := range agreeCalls {
			ev := p.callAs(arn, c)
			denied := ev.Error != nil && (ev.Error.Code == "AccessDenied" || ev.Error.Code == "AccessDeniedException")
			if len(ev.Actions) == 0 {
				t.Fatalf("%s as %s logged no action", c.op, u)
			}
			for _, a := range ev.Actions {
				checks = append(checks, check{u, c.op, a.Action, a.Resource, denied && a.Decision != "allowed", a.Decision})
			}
		}
	}
	p.openSubTab("Simulate")
	p.waitVisible("#sim-form")
	allowed := 0
	for _, c := range checks {
		got := p.simulated("arn:aws:iam::123456789012:user/"+c.user, c.action, c.resource)
		if got != c.logged {
			t.Errorf("%s %s (%s on %s): the simulator shows %s, the call's log %s", c.user, c.op, c.action, c.resource, got, c.logged)
		}
		if (got == "allowed") == c.denied {
			t.Errorf("%s %s (%s on %s): the simulator shows %s, but the call was denied=%v", c.user, c.op, c.action, c.resource, got, c.denied)
		}
		if got == "allowed" {
			allowed++
		}
	}
	// The case that started it: Alice's upload, which her bucket policy
	// allows, simulated as allowed with that policy included.
	if got := p.simulated("arn:aws:iam::123456789012:user/Alice", "s3:PutObject", "arn:aws:s3:::my-bucket/reports/x.csv"); got != "allowed" {
		t.Errorf("Alice s3:PutObject on my-bucket/reports/x.csv simulates as %s", got)
	}
	if txt := p.text("#sim-resource-policies"); !strings.Contains(txt, "Including the bucket policy of my-bucket") {
		t.Errorf("the simulator does not say it included the bucket policy: %q", txt)
	}
	if allowed == 0 || allowed == len(checks) {
		t.Errorf("%d of %d checks allowed: the comparison does not exercise both outcomes", allowed, len(checks))
	}
	p.expectCleanConsole()
}
