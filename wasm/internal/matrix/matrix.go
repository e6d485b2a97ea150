// Package matrix is the model behind the access matrix: principals ×
// actions, each cell the decision SimulatePrincipalPolicy gave. Tested natively.
package matrix

import (
	"cloudplay/core/cloud"
	"cloudplay/core/policy"
	"cloudplay/wasm/internal/simulate"
	"cloudplay/wasm/internal/ui"
)

// DefaultMatrixActions are the access matrix's first columns: what the
// default company's people do (EC2, S3, IAM).
var DefaultMatrixActions = []string{
	"ec2:RunInstances", "ec2:DescribeInstances", "ec2:TerminateInstances",
	"s3:GetObject", "s3:PutObject", "iam:CreateUser", "iam:SimulatePrincipalPolicy",
}

// MatrixPrincipal is one row of the access matrix.
type MatrixPrincipal struct {
	ARN, Name, Kind string // Kind: user, role or group
}

// MatrixPrincipals lists the account's users and roles (and groups when
// asked), in that order.
func MatrixPrincipals(v cloud.View, groups bool) []MatrixPrincipal {
	var out []MatrixPrincipal
	for _, u := range v.IAM.Users {
		out = append(out, MatrixPrincipal{u.ARN, u.Name, "user"})
	}
	for _, r := range v.IAM.Roles {
		out = append(out, MatrixPrincipal{r.ARN, r.Name, "role"})
	}
	if groups {
		for _, g := range v.IAM.Groups {
			out = append(out, MatrixPrincipal{g.ARN, g.Name, "group"})
		}
	}
	return out
}

// MatrixCell is one decision of the matrix.
type MatrixCell struct {
	Decision string // allowed, explicitDeny, implicitDeny, or "" when not computed
	Missing  []string
	Trace    *policy.Trace
}

// MatrixRow is a principal's decisions, or the refusal of its simulation.
type MatrixRow struct {
	Principal MatrixPrincipal
	Cells     []MatrixCell // one per action
	Err       *ui.Error    // the simulate call was refused (or failed)
}

// Matrix is the access matrix: principals × actions on one resource.
type Matrix struct {
	Resource string
	Actions  []string
	Rows     []MatrixRow
}

// MatrixAnswer is the outcome of one principal's simulation.
type MatrixAnswer struct {
	Output []byte
	Err    error
}

// BuildMatrix makes the matrix from each principal's simulation of all the
// actions (answers by principal ARN; a missing answer leaves the row empty).
func BuildMatrix(resource string, actions []string, ps []MatrixPrincipal, answers map[string]MatrixAnswer) Matrix {
	m := Matrix{Resource: resource, Actions: actions}
	for _, p := range ps {
		row := MatrixRow{Principal: p, Cells: make([]MatrixCell, len(actions))}
		a, ok := answers[p.ARN]
		switch {
		case !ok:
		case a.Err != nil:
			row.Err = ui.ErrorOf("matrix", a.Err)
		default:
			rs, err := simulate.ParseSimulateOutput(a.Output)
			if err != nil {
				row.Err = &ui.Error{Where: "matrix", Code: "Error", Message: err.Error()}
				break
			}
			for i, act := range actions {
				for _, r := range rs {
					if r.Action == act {
						row.Cells[i] = MatrixCell{Decision: r.Decision, Missing: r.Missing, Trace: r.Trace}
						break
					}
				}
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// FirstError returns the first refused row's error, and how many rows were
// refused.
func (m Matrix) FirstError() (*ui.Error, int) {
	var first *ui.Error
	n := 0
	for _, r := range m.Rows {
		if r.Err != nil {
			if first == nil {
				first = r.Err
			}
			n++
		}
	}
	return first, n
}
