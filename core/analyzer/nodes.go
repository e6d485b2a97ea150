package analyzer

import "cloudplay/core/policy"

// The analyzer reads documents with the policy package's reader
// (policy.ReadJSON), which keeps, for every value and member name, its
// span and its path from the root. These helpers turn them into AWS's
// Location: lines from 1, columns and offsets from 0, in Unicode code
// points.

// position is a policy.Mark as ValidatePolicy counts it.
func position(m policy.Mark) Position {
	return Position{Line: m.Line, Column: m.Column - 1, Offset: m.Rune}
}

// path is the JSON path of n from the document's root, as AWS writes it.
func path(n *policy.Node) []PathElement {
	p := n.Path()
	out := make([]PathElement, len(p), len(p)+1) // room for a key or substring
	for i, e := range p {
		if e.Index >= 0 {
			out[i] = PathElement{Kind: IndexElement, Index: e.Index}
		} else {
			out[i] = PathElement{Kind: ValueElement, Text: e.Key}
		}
	}
	return out
}

// loc is the location of a value.
func loc(n *policy.Node) Location {
	return Location{Path: path(n), Span: Span{Start: position(n.Start), End: position(n.End)}}
}

// keyLoc is the location of a member's name: the object's path and a key
// element.
func keyLoc(m *policy.Member) Location {
	return Location{Path: append(path(m.Value.Parent), PathElement{Kind: KeyElement, Text: m.Key}),
		Span: Span{Start: position(m.KeyStart), End: position(m.KeyEnd)}}
}
