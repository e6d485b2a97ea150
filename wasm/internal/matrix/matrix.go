// Package matrix is the model behind the access matrix: principals ×
// actions, each action simulated on its own resource, each cell the
// decision SimulatePrincipalPolicy gave. Tested natively.
package matrix

import (
	"strings"

	"cloudplay/core/catalog"
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

// Column is one action of the matrix with the resource it is simulated
// on.
type Column struct {
	Action   string
	Resource string // an ARN, or "*"
	// Type is the action's resource type in the catalog ("object"), ""
	// when it has none (or the catalog is not loaded).
	Type string
	// Edited: the learner chose the resource.
	Edited bool
	// Note says plainly what the resource means for the decision ("" when
	// nothing needs saying).
	Note string
}

// Columns gives each action its resource: the learner's choice (edited,
// by action), else the first resource of the action's resource type in the
// account, else that type's ARN format with "*" for what the account does
// not fill, else "*" when the action has no resource type. Without the
// catalog (c nil) every resource is "*".
func Columns(actions []string, c *catalog.Catalog, v cloud.View, edited map[string]string) []Column {
	cols := make([]Column, len(actions))
	for i, a := range actions {
		col := Column{Action: a, Resource: "*"}
		if rt, arn := resourceType(c, a, v); rt != nil {
			col.Type, col.Resource = rt.Name, arn
		}
		if r, ok := edited[a]; ok && strings.TrimSpace(r) != "" {
			col.Resource, col.Edited = strings.TrimSpace(r), true
		}
		switch {
		case c == nil:
			col.Note = "the action catalog is not loaded yet: simulated on *"
		case col.Resource == "*" && col.Type != "":
			col.Note = a + " acts on " + col.Type + " resources: * is not one, so statements that name specific resources do not match it"
		}
		cols[i] = col
	}
	return cols
}

// resourceType is the action's resource type and the resource of it to
// simulate: the first of its types of which the account has a resource
// (S3's PutObject acts on access point objects and on objects; the
// account has objects), else its first required type (else its first)
// with that type's ARN format filled with the account's partition, region
// and id and "*" for the rest. nil when the action has no resource type.
func resourceType(c *catalog.Catalog, action string, v cloud.View) (*catalog.ResourceType, string) {
	if c == nil {
		return nil, ""
	}
	a := c.Action(action)
	if a == nil {
		return nil, ""
	}
	var pick *catalog.ResourceType
	for _, r := range a.Resources {
		if r.Type == nil {
			continue
		}
		if arn := firstInAccount(r.Type, v); arn != "" {
			return r.Type, arn
		}
		if pick == nil || r.Required && !required(a, pick) {
			pick = r.Type
		}
	}
	if pick == nil {
		return nil, ""
	}
	return pick, fillFormat(pick.ARN, v)
}

func required(a *catalog.Action, rt *catalog.ResourceType) bool {
	for _, r := range a.Resources {
		if r.Type == rt {
			return r.Required
		}
	}
	return false
}

func firstInAccount(rt *catalog.ResourceType, v cloud.View) string {
	svc := ""
	if rt.Service != nil {
		svc = rt.Service.Prefix
	}
	switch svc + ":" + rt.Name {
	case "s3:bucket":
		if len(v.S3.Buckets) > 0 {
			return v.S3.Buckets[0].ARN
		}
	case "s3:object":
		for _, b := range v.S3.Buckets {
			if len(b.Objects) > 0 {
				return b.ARN + "/" + b.Objects[0].Key
			}
		}
		if len(v.S3.Buckets) > 0 {
			return v.S3.Buckets[0].ARN + "/*"
		}
	case "iam:user":
		if len(v.IAM.Users) > 0 {
			return v.IAM.Users[0].ARN
		}
	case "iam:group":
		if len(v.IAM.Groups) > 0 {
			return v.IAM.Groups[0].ARN
		}
	case "iam:role":
		if len(v.IAM.Roles) > 0 {
			return v.IAM.Roles[0].ARN
		}
	case "iam:policy":
		if len(v.IAM.Policies) > 0 {
			return v.IAM.Policies[0].ARN
		}
	case "kinesis:stream":
		if len(v.Streams.Streams) > 0 {
			return v.Streams.Streams[0].ARN
		}
	}
	return ""
}

// fillFormat fills an ARN format of the catalog ("arn:${Partition}:ec2:
// ${Region}:${Account}:instance/${InstanceId}").
func fillFormat(format string, v cloud.View) string {
	var b strings.Builder
	for {
		i := strings.Index(format, "${")
		if i < 0 {
			b.WriteString(format)
			return b.String()
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			b.WriteString(format)
			return b.String()
		}
		b.WriteString(format[:i])
		switch format[i+2 : i+j] {
		case "Partition":
			b.WriteString("aws")
		case "Region":
			b.WriteString(v.Region)
		case "Account":
			b.WriteString(v.Account)
		default:
			b.WriteString("*")
		}
		format = format[i+j+1:]
	}
}

// Pairs are the column's actions on their resources.
func Pairs(cols []Column) []simulate.Pair {
	ps := make([]simulate.Pair, len(cols))
	for i, c := range cols {
		ps[i] = simulate.Pair{Action: c.Action, Resource: c.Resource}
	}
	return ps
}

// MatrixCell is one decision of the matrix.
type MatrixCell struct {
	Decision string // allowed, explicitDeny, implicitDeny, or "" when not computed
	Missing  []string
	Trace    *policy.Trace
	// Bucket and ResourcePolicy: the bucket policy the simulation included
	// ("" when none).
	Bucket, ResourcePolicy string
}

// MatrixRow is a principal's decisions, or the refusal of its simulation.
type MatrixRow struct {
	Principal MatrixPrincipal
	Cells     []MatrixCell // one per column
	Err       *ui.Error    // the simulate call was refused (or failed)
}

// Matrix is the access matrix: principals × actions, each on its resource.
type Matrix struct {
	Columns []Column
	Rows    []MatrixRow
	// Policies are the bucket policies of the columns' resources and
	// whether they were included, row kind by row kind (users take them;
	// groups and roles cannot, see simulate.NoResourcePolicyFor).
	Policies []simulate.BucketPolicy
}

// BuildMatrix makes the matrix from each principal's simulation of the
// columns (answers by principal ARN; a missing answer leaves the row
// empty).
func BuildMatrix(cols []Column, ps []MatrixPrincipal, answers map[string]simulate.Outcome) Matrix {
	m := Matrix{Columns: cols}
	seen := map[string]bool{}
	for _, p := range ps {
		row := MatrixRow{Principal: p, Cells: make([]MatrixCell, len(cols))}
		a, ok := answers[p.ARN]
		switch {
		case !ok:
		case a.Err != nil:
			row.Err = ui.ErrorOf("matrix", a.Err)
		default:
			for i, c := range cols {
				for _, r := range a.Results {
					if r.Action == c.Action && r.Resource == c.Resource {
						row.Cells[i] = MatrixCell{Decision: r.Decision, Missing: r.Missing, Trace: r.Trace, Bucket: r.Bucket, ResourcePolicy: r.ResourcePolicy}
						break
					}
				}
			}
		}
		for _, bp := range a.Policies {
			k := bp.Bucket + "|" + bp.Why
			if !seen[k] {
				seen[k] = true
				m.Policies = append(m.Policies, bp)
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
