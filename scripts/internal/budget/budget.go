// Package budget holds the published site's size budget: what a learner
// downloads, compressed with brotli as Netlify serves it, per file and in
// total, against the limits written in site-budget.json at the repository's
// root. `make test` checks the built dist/ against it (test-budget, after
// make build); `make bench` prints the same figures.
//
// Sizes are deterministic for a given toolchain (Go, the npm lock file), so
// the check is exact, not statistical: a build over the budget fails until
// the budget is raised, deliberately, in the commit that needs it, with a
// reason line in the file's history.
package budget

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/andybalholm/brotli"
)

// Quality is the brotli quality the budget and make bench measure with: the
// best (11), as a CDN compresses static files ahead of serving them.
const Quality = brotli.BestCompression

// Brotli reports the size of b compressed with brotli at Quality.
func Brotli(b []byte) (int, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, Quality)
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

// hashed matches a content-hashed asset name as scripts/sitebuild writes it
// (assets/app.1a2b3c4d.wasm).
var hashed = regexp.MustCompile(`^(assets/.+)\.[0-9a-f]{8}(\.[^./]+)$`)

// LogicalName is a dist/ file's name without its content hash
// (assets/app.1a2b3c4d.wasm → assets/app.wasm), so a budget names files that
// keep their name from build to build.
func LogicalName(rel string) string {
	return hashed.ReplaceAllString(rel, "$1$2")
}

// File is one file of the built site.
type File struct {
	Name   string // logical name (LogicalName), slash-separated
	Path   string // name in dir, slash-separated
	Raw    int
	Brotli int
}

// Measurement is the built site's size.
type Measurement struct {
	Files  []File // sorted by Name
	Raw    int
	Brotli int
}

// File returns the file with the logical name name.
func (m Measurement) File(name string) (File, bool) {
	i := slices.IndexFunc(m.Files, func(f File) bool { return f.Name == name })
	if i < 0 {
		return File{}, false
	}
	return m.Files[i], true
}

// Measure compresses every file under dir.
func Measure(dir string) (Measurement, error) {
	var m Measurement
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		br, err := Brotli(b)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		m.Files = append(m.Files, File{Name: LogicalName(rel), Path: rel, Raw: len(b), Brotli: br})
		m.Raw += len(b)
		m.Brotli += br
		return nil
	})
	if err != nil {
		return Measurement{}, err
	}
	slices.SortFunc(m.Files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return m, nil
}

// Sizes are brotli byte counts: the whole site and some of its files (by
// logical name).
type Sizes struct {
	Total int            `json:"total"`
	Files map[string]int `json:"files"`
}

// Change is one line of the budget's history: when the budget was set,
// what the site measured then, the budget set, and why.
type Change struct {
	Date     string `json:"date"`
	Commit   string `json:"commit,omitempty"`
	Measured Sizes  `json:"measured"`
	Budget   Sizes  `json:"budget"`
	Reason   string `json:"reason"`
}

// Baseline is the site's size before a piece of work that has a growth
// allowance (issue #8: the Kinesis work may grow the site by at most 250 KB
// brotli).
type Baseline struct {
	Note     string `json:"note"`
	Date     string `json:"date"`
	Commit   string `json:"commit"`
	Go       string `json:"go"`
	Measured Sizes  `json:"measured"`
	// Allowance is how much the budget may exceed the measured baseline,
	// in total and for each file the budget names.
	Allowance int    `json:"allowance"`
	Why       string `json:"allowanceReason"`
	// Later are the allowances of later pieces of work measured from the
	// same baseline (issue #9: the containers may add 250 KB more); the
	// budget may exceed the baseline by Allowance plus all of them.
	Later []Grant `json:"laterAllowances,omitempty"`
}

// Grant is the growth one later piece of work may add to the budget.
type Grant struct {
	Allowance int    `json:"allowance"`
	Why       string `json:"reason"`
}

// allowance is how much the budget may exceed the baseline in all, and
// the reasons, joined.
func (a Baseline) allowance() (int, string) {
	n, why := a.Allowance, a.Why
	for _, g := range a.Later {
		n += g.Allowance
		why += "; " + g.Why
	}
	return n, why
}

// Budget is site-budget.json.
type Budget struct {
	About         []string `json:"about"`
	BrotliQuality int      `json:"brotliQuality"`
	// Required lists files (logical names) the built site must hold: a
	// check of an empty or half-built dist/ must fail, not pass.
	Required []string `json:"required"`
	Budget   Sizes    `json:"budget"`
	Baseline Baseline `json:"baseline"`
	History  []Change `json:"history"`
}

// Load reads and checks a budget file.
func Load(file string) (*Budget, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var bg Budget
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&bg); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := bg.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &bg, nil
}

// Validate reports what is inconsistent in the budget itself: a quality the
// check does not use, a budget with no reason line for it in the history,
// or a budget above the baseline's allowance.
func (b *Budget) Validate() error {
	var errs []error
	if b.BrotliQuality != Quality {
		errs = append(errs, fmt.Errorf("brotliQuality is %d; the check and make bench measure at %d", b.BrotliQuality, Quality))
	}
	if len(b.Required) == 0 {
		errs = append(errs, errors.New("required lists no files: the check could pass on an empty dist/"))
	}
	if b.Budget.Total <= 0 {
		errs = append(errs, errors.New("budget.total is not set"))
	}
	for name := range b.Budget.Files {
		if !slices.Contains(b.Required, name) {
			errs = append(errs, fmt.Errorf("budget.files names %s, which required does not list", name))
		}
	}
	if n := len(b.History); n == 0 {
		errs = append(errs, errors.New("history is empty: each budget needs a line saying when and why it was set"))
	} else if last := b.History[n-1]; !sameSizes(last.Budget, b.Budget) || strings.TrimSpace(last.Reason) == "" || last.Date == "" {
		errs = append(errs, errors.New("the last line of history must give the date, the reason and the same figures as budget (raise the budget with a new history line)"))
	}
	if a := b.Baseline; a.Allowance > 0 {
		allow, why := a.allowance()
		if lim := a.Measured.Total + allow; b.Budget.Total > lim {
			errs = append(errs, fmt.Errorf("budget.total %d exceeds the baseline %d plus its allowance %d = %d (%s)",
				b.Budget.Total, a.Measured.Total, allow, lim, why))
		}
		for name, max := range b.Budget.Files {
			base, ok := a.Measured.Files[name]
			if ok && max > base+allow {
				errs = append(errs, fmt.Errorf("budget for %s %d exceeds the baseline %d plus its allowance %d = %d (%s)",
					name, max, base, allow, base+allow, why))
			}
		}
	}
	return errors.Join(errs...)
}

func sameSizes(a, b Sizes) bool {
	if a.Total != b.Total || len(a.Files) != len(b.Files) {
		return false
	}
	for k, v := range a.Files {
		if w, ok := b.Files[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// Check compares a measured site with the budget. It returns one problem per
// line: a required file missing, two files with one logical name (a stale
// dist/), the total or a file over its budget.
func (b *Budget) Check(m Measurement) []string {
	var problems []string
	count := map[string]int{}
	for _, f := range m.Files {
		count[f.Name]++
	}
	for _, name := range b.Required {
		switch n := count[name]; {
		case n == 0:
			problems = append(problems, fmt.Sprintf("%s is missing from the built site (run make build; if it was renamed or removed on purpose, edit required)", name))
		case n > 1:
			problems = append(problems, fmt.Sprintf("%s is there %d times under different hashes (a stale dist/: run make build)", name, n))
		}
	}
	if m.Brotli > b.Budget.Total {
		problems = append(problems, fmt.Sprintf("the site is %d bytes brotli, over its budget of %d by %d", m.Brotli, b.Budget.Total, m.Brotli-b.Budget.Total))
	}
	for _, name := range slices.Sorted(maps.Keys(b.Budget.Files)) {
		max := b.Budget.Files[name]
		for _, f := range m.Files {
			if f.Name == name && f.Brotli > max {
				problems = append(problems, fmt.Sprintf("%s is %d bytes brotli, over its budget of %d by %d", name, f.Brotli, max, f.Brotli-max))
			}
		}
	}
	return problems
}

// Report is the figures for a person: each budgeted file and the total,
// measured, budget, baseline and growth since the baseline.
func (b *Budget) Report(m Measurement) string {
	var s strings.Builder
	row := func(name string, got, max, base int) {
		fmt.Fprintf(&s, "  %-22s %9d %9d %9d %+9d\n", name, got, max, base, got-base)
	}
	fmt.Fprintf(&s, "  %-22s %9s %9s %9s %9s   (bytes, brotli %d)\n", "", "measured", "budget", "baseline", "growth", Quality)
	for _, name := range slices.Sorted(maps.Keys(b.Budget.Files)) {
		f, _ := m.File(name)
		row(name, f.Brotli, b.Budget.Files[name], b.Baseline.Measured.Files[name])
	}
	row("total", m.Brotli, b.Budget.Total, b.Baseline.Measured.Total)
	if a := b.Baseline; a.Allowance > 0 {
		allow, why := a.allowance()
		fmt.Fprintf(&s, "  baseline %s (%s, %s): %s; allowance %d bytes: the budget may rise to %d at most\n",
			a.Note, a.Date, short(a.Commit), why, allow, a.Measured.Total+allow)
	}
	return s.String()
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// HowToRaise tells a person what to do when the site is over budget.
const HowToRaise = `If the growth is wanted, raise the budget deliberately, in the commit that needs it:
edit site-budget.json, set budget.total (and budget.files) to the new figures plus a
small margin, and append a line to history with the date, the commit it builds on,
the measured figures, the new budget and the reason (what grew, and why it is worth
the bytes). The budget may not exceed the baseline plus its allowance; the test says
so if it does. Otherwise, find what grew: go run ./scripts/bench -nobrowser lists
every file.`
