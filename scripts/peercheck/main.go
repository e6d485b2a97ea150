// Command peercheck is a development-only check of our IAM evaluator
// against an independent one, the npm package @cloud-copilot/iam-simulate.
// It generates deterministic cases (seeded), runs each through our
// iam:SimulateCustomPolicy and through the peer (peercheck.mjs under Node),
// and lists where the two disagree. Disagreements that README.md settles by
// AWS's documentation are reported as "settled"; any other one fails the
// run.
//
//	npm install --prefix /tmp/peer @cloud-copilot/iam-simulate@0.1.173
//	go run ./scripts/peercheck -peer /tmp/peer [-n 400] [-seed 1] [-v]
//
// The peer is AGPL: it is installed into a temporary folder, never into the
// site or a package.json that ships.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/iam"
	"cloudplay/core/sim"
)

//go:embed peercheck.mjs
var peerScript []byte

func main() {
	peer := flag.String("peer", "/tmp/peer", "folder where @cloud-copilot/iam-simulate is installed (npm install --prefix)")
	n := flag.Int("n", 400, "number of cases")
	seed := flag.Uint64("seed", 1, "seed of the case generator")
	verbose := flag.Bool("v", false, "print every disagreement in full")
	dump := flag.String("dump", "", "write the cases as JSON to this file")
	flag.Parse()

	cases := generate(*seed, *n)
	ours := make(map[int]string, len(cases))
	for _, c := range cases {
		ours[c.ID] = runOurs(c)
	}
	theirs, err := runPeer(*peer, cases)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peercheck:", err)
		os.Exit(2)
	}
	if *dump != "" {
		b, _ := json.MarshalIndent(cases, "", "  ")
		if err := os.WriteFile(*dump, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "peercheck:", err)
		}
	}
	settledBy, err := settle(*peer, cases, ours, theirs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peercheck:", err)
		os.Exit(2)
	}
	os.Exit(report(cases, ours, theirs, settledBy, *verbose))
}

// report prints the comparison and returns the exit code: 1 when a
// disagreement is not settled.
func report(cases []Case, ours map[int]string, theirs map[int]peerResult, settledBy map[int]string, verbose bool) int {
	agree, settledN, open := 0, map[string]int{}, 0
	decisions := map[string]int{}
	for _, c := range cases {
		o, t := ours[c.ID], theirs[c.ID]
		decisions[o]++
		if o == t.Decision {
			agree++
			continue
		}
		if why := settledBy[c.ID]; why != "" {
			settledN[why]++
			if verbose {
				fmt.Printf("settled #%d (%s): ours %s, peer %s\n%s\n", c.ID, why, o, t.Decision, c.describe())
			}
			continue
		}
		open++
		fmt.Printf("DISAGREE #%d: ours %s, peer %s %s\n%s\n", c.ID, o, t.Decision, t.Detail, c.describe())
	}
	fmt.Printf("peercheck: %d cases, %d agree, %d settled by the AWS documentation, %d open\n", len(cases), agree, total(settledN), open)
	for _, k := range sortedKeys(decisions) {
		fmt.Printf("  our decision %-38s %d\n", k, decisions[k])
	}
	for _, k := range sortedKeys(settledN) {
		fmt.Printf("  settled %-40s %d\n", k, settledN[k])
	}
	if open > 0 {
		return 1
	}
	return 0
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// runOurs runs c through iam:SimulateCustomPolicy and returns its
// EvalDecision, or "error: ..." when the call fails.
func runOurs(c Case) string {
	s := iam.New(account)
	var op api.Op
	for _, o := range s.Ops() {
		if o.Name == "iam:SimulateCustomPolicy" {
			op = o
		}
	}
	root, _ := s.Principal("arn:aws:iam::" + account + ":root")
	env := &api.Env{Caller: root, Account: account, Region: "us-east-1", Now: sim.Time(1767225600000), Rand: sim.NewRand(1)}
	_, run, err := op.Prepare(env, c.input())
	if err != nil {
		return "error: " + err.Error()
	}
	out, err := run()
	if err != nil {
		return "error: " + err.Error()
	}
	b, _ := json.Marshal(out)
	var v struct {
		EvaluationResults []struct{ EvalDecision string }
	}
	if err := json.Unmarshal(b, &v); err != nil || len(v.EvaluationResults) != 1 {
		return "error: unexpected output " + string(b)
	}
	return v.EvaluationResults[0].EvalDecision
}

type peerResult struct {
	ID       int    `json:"id"`
	Decision string `json:"decision"`
	Detail   string `json:"detail"`
}

// runPeer runs the cases through peercheck.mjs in dir.
func runPeer(dir string, cases []Case) (map[int]peerResult, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@cloud-copilot", "iam-simulate")); err != nil {
		return nil, fmt.Errorf("the peer is not installed in %s: run npm install --prefix %s @cloud-copilot/iam-simulate@%s", dir, dir, peerVersion)
	}
	script := filepath.Join(dir, "peercheck.mjs")
	if err := os.WriteFile(script, peerScript, 0o644); err != nil {
		return nil, err
	}
	in, err := json.Marshal(cases)
	if err != nil {
		return nil, err
	}
	casesFile := filepath.Join(dir, "cases.json")
	if err := os.WriteFile(casesFile, in, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("node", script, casesFile)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("node %s: %v\n%s", script, err, stderr.String())
	}
	res := map[int]peerResult{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r peerResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("peer output %q: %v", line, err)
		}
		res[r.ID] = r
	}
	return res, nil
}

// peerVersion is the version of @cloud-copilot/iam-simulate the results in
// README.md were taken with.
const peerVersion = "0.1.173"
