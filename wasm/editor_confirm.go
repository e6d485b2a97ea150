package main

import "slices"

// policyFindings is what a policy editor that saves keeps for its findings
// list and for its question before saving: access-analyzer:ValidatePolicy's
// last answer, with the text it was for, and the question asked. The IAM
// panel's policy editor and the S3 panel's bucket policy editor embed it,
// so that the two list, ask and answer the same way.
type policyFindings struct {
	// lint is ValidatePolicy's last answer, as diagnostics of lintText.
	lint     []Diagnostic
	lintText string
	linted   bool
	// confirm is the question asked before saving a document with errors
	// ("" when none is asked).
	confirm string
}

// heard keeps a validation's answer (the editor's OnLint); false when it
// is the one already kept (nothing to draw again).
func (f *policyFindings) heard(text string, diags []Diagnostic) bool {
	if f.linted && text == f.lintText && slices.Equal(diags, f.lint) {
		return false
	}
	f.lint, f.lintText, f.linted = diags, text, true
	return true
}

// validated reports whether the findings kept are those of text (the list
// says "Validating…" until they are).
func (f *policyFindings) validated(text string) bool { return f.linted && f.lintText == text }

// ask decides whether saving text needs the question: when ValidatePolicy
// finds ERRORs in it (the answer kept when it is of text, else a
// validation made now, as policyType), the question is set and ask
// returns true; otherwise no question is left.
func (f *policyFindings) ask(s *Store, text, policyType string) bool {
	diags := findingsOf(s, f.linted, f.lintText, f.lint, text, policyType)
	f.confirm = ConfirmSaveText(Findings(diags))
	return f.confirm != ""
}

// dismiss drops the question (answered, or the learner went back to
// editing); true when one was asked.
func (f *policyFindings) dismiss() bool {
	asked := f.confirm != ""
	f.confirm = ""
	return asked
}

// findingsOf returns ValidatePolicy's findings of text: the editor's last
// ones when they are of this text, else a validation made now.
func findingsOf(s *Store, linted bool, lintText string, lint []Diagnostic, text, policyType string) []Diagnostic {
	if linted && lintText == text {
		return lint
	}
	return LintPolicy(s, text, policyType)
}
