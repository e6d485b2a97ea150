package analyzer

import (
	"encoding/json"
	"strings"
)

// Finding is one finding of ValidatePolicy, as the AWS CLI shows it
// ([ValidatePolicyFinding]).
//
// [ValidatePolicyFinding]: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html
type Finding struct {
	FindingDetails string     `json:"findingDetails"`
	FindingType    string     `json:"findingType"` // ERROR, SECURITY_WARNING, WARNING or SUGGESTION
	IssueCode      string     `json:"issueCode"`
	LearnMoreLink  string     `json:"learnMoreLink"`
	Locations      []Location `json:"locations"`
}

// Location is a place in the policy: a JSON path and the span of the text.
type Location struct {
	Path []PathElement `json:"path"`
	Span Span          `json:"span"`
}

// Span is a range of the policy text: Start inclusive, End exclusive.
type Span struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Position is a place in the policy text as ValidatePolicy counts it: Line
// from 1, Column and Offset from 0, in Unicode code points.
type Position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

// PathKind says which member of AWS's PathElement union an element is.
type PathKind uint8

const (
	// ValueElement is {"value": name}: the value of the member name.
	ValueElement PathKind = iota
	// IndexElement is {"index": i}: the element i of an array.
	IndexElement
	// KeyElement is {"key": name}: the member name itself.
	KeyElement
	// SubstringElement is {"substring": {"start": i, "length": n}}: part
	// of a string, in code points from its first character.
	SubstringElement
)

// PathElement is one step of a path through the JSON of a policy
// ([PathElement]): {"value": "Statement"}, {"index": 0}, {"key": "aws:SourceIp"}.
//
// [PathElement]: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_PathElement.html
type PathElement struct {
	Kind   PathKind
	Index  int // the index, or the start of a substring
	Length int // the length of a substring
	Text   string
}

type substring struct {
	Start  int `json:"start"`
	Length int `json:"length"`
}

// MarshalJSON writes the union with its one member.
func (e PathElement) MarshalJSON() ([]byte, error) {
	switch e.Kind {
	case IndexElement:
		return json.Marshal(map[string]int{"index": e.Index})
	case KeyElement:
		return json.Marshal(map[string]string{"key": e.Text})
	case SubstringElement:
		return json.Marshal(map[string]substring{"substring": {e.Index, e.Length}})
	}
	return json.Marshal(map[string]string{"value": e.Text})
}

// UnmarshalJSON reads the union.
func (e *PathElement) UnmarshalJSON(b []byte) error {
	var u struct {
		Index     *int       `json:"index"`
		Key       *string    `json:"key"`
		Value     *string    `json:"value"`
		Substring *substring `json:"substring"`
	}
	if err := json.Unmarshal(b, &u); err != nil {
		return err
	}
	switch {
	case u.Index != nil:
		*e = PathElement{Kind: IndexElement, Index: *u.Index}
	case u.Key != nil:
		*e = PathElement{Kind: KeyElement, Text: *u.Key}
	case u.Value != nil:
		*e = PathElement{Kind: ValueElement, Text: *u.Value}
	case u.Substring != nil:
		*e = PathElement{Kind: SubstringElement, Index: u.Substring.Start, Length: u.Substring.Length}
	}
	return nil
}

// String formats a path as Statement[0].Action[1] or Condition.StringEquals{aws:SourceIp}.
func pathString(p []PathElement) string {
	var b strings.Builder
	for _, e := range p {
		switch e.Kind {
		case IndexElement:
			b.WriteString("[" + itoa(e.Index) + "]")
		case KeyElement:
			b.WriteString("{" + e.Text + "}")
		case SubstringElement:
			b.WriteString("[" + itoa(e.Index) + ":+" + itoa(e.Length) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e.Text)
		}
	}
	return b.String()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}
