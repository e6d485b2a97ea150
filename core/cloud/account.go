package cloud

import (
	"encoding/json"
	"fmt"
	"slices"

	"cloudplay/core/analyzer"
	"cloudplay/core/api"
	"cloudplay/core/iam"
	"cloudplay/core/iam/catalog"
	"cloudplay/core/iam/policy"
	"cloudplay/core/s3"
	"cloudplay/core/sim"
)

// Defaults of a new account (CONTRACT.md "The account").
const (
	DefaultAccount = "123456789012"
	DefaultRegion  = "us-east-1"
	DefaultStart   = sim.Time(1767225600000) // 2026-01-01T00:00:00Z
)

// Config describes a new account.
type Config struct {
	Account string   // 12 digits; DefaultAccount when empty
	Region  string   // DefaultRegion when empty
	Seed    uint64   // the seed of every id the account makes
	Start   sim.Time // the simulated time it starts at; DefaultStart when 0
}

// Account is one simulated AWS account.
type Account struct {
	id, region string
	seed       uint64
	start      sim.Time
	clock      *sim.Clock
	rand       *sim.Rand

	iam *iam.Service
	s3  *s3.Service
	// catalog loads the catalog of AWS actions and condition keys that
	// access-analyzer:ValidatePolicy checks against (nil: none yet).
	catalog func() (*catalog.Catalog, error)

	ops      map[string]api.Op
	services map[string]service
	auth     Authorizer

	events  []Event
	journal []Step
	depth   int // nesting of calls made on someone's behalf
}

// service describes what the dispatcher must know of a service prefix.
type service struct {
	protocol       api.Protocol
	validationCode string
}

// services lists the service prefixes of CONTRACT.md with their protocols
// and validation error codes.
var services = map[string]service{
	"iam":              {api.Query, "ValidationError"},
	"sts":              {api.Query, "ValidationError"},
	"ec2":              {api.Query, "InvalidParameterValue"},
	"elasticbeanstalk": {api.Query, "InvalidParameterValue"},
	"s3":               {api.RestXML, "InvalidArgument"},
	"kinesis":          {api.JSON, "InvalidArgumentException"},
	"firehose":         {api.JSON, "InvalidArgumentException"},
	"kinesisanalytics": {api.JSON, "InvalidArgumentException"},
	"kinesisvideo":     {api.RestJSON, "InvalidArgumentException"},
	"ecs":              {api.JSON, "InvalidParameterException"},
	"ecr":              {api.JSON, "InvalidParameterException"},
	"eks":              {api.RestJSON, "InvalidParameterException"},
	"access-analyzer":  {api.RestJSON, "ValidationException"},
}

// New returns an empty account: only its root user exists.
func New(cfg Config) *Account {
	if cfg.Account == "" {
		cfg.Account = DefaultAccount
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Start == 0 {
		cfg.Start = DefaultStart
	}
	a := &Account{
		id:       cfg.Account,
		region:   cfg.Region,
		seed:     cfg.Seed,
		start:    cfg.Start,
		clock:    sim.NewClock(cfg.Start),
		rand:     sim.NewRand(cfg.Seed),
		iam:      iam.New(cfg.Account),
		s3:       s3.New(cfg.Account, cfg.Region),
		ops:      map[string]api.Op{},
		services: services,
	}
	a.iam.SetAccountCreated(cfg.Start)
	a.auth = &policyAuthorizer{iam: a.iam, bucketPolicy: a.bucketPolicy, parsed: map[string]*policy.Policy{}}
	a.register(a.iam.Ops())
	a.register(a.s3.Ops())
	a.register(analyzer.New(a.loadCatalog).Ops())
	return a
}

func (a *Account) register(ops []api.Op) {
	for _, op := range ops {
		if _, dup := a.ops[op.Name]; dup {
			panic("cloud: operation registered twice: " + op.Name)
		}
		a.ops[op.Name] = op
	}
}

// ID returns the account id.
func (a *Account) ID() string { return a.id }

// Region returns the account's region.
func (a *Account) Region() string { return a.region }

// Seed returns the seed the account was made with.
func (a *Account) Seed() uint64 { return a.seed }

// Start returns the simulated time the account started at.
func (a *Account) Start() sim.Time { return a.start }

// Now returns the simulated time.
func (a *Account) Now() sim.Time { return a.clock.Now() }

// RootARN returns the ARN of the account's root user.
func (a *Account) RootARN() string { return "arn:aws:iam::" + a.id + ":root" }

// Operations returns the names of every operation, sorted.
func (a *Account) Operations() []string {
	names := make([]string, 0, len(a.ops))
	for n := range a.ops {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Advance moves simulated time forward by ms milliseconds, running
// everything that falls due. A negative ms is a programming error.
func (a *Account) Advance(ms int64) {
	if ms < 0 {
		panic(fmt.Sprintf("cloud: Advance(%d): time does not go back", ms))
	}
	if ms == 0 {
		return
	}
	a.clock.AdvanceTo(a.clock.Now() + sim.Time(ms))
	if n := len(a.journal); n > 0 && a.journal[n-1].Op == "" {
		a.journal[n-1].Advance += ms
		return
	}
	a.journal = append(a.journal, Step{Advance: ms})
}

// Step is one entry of the journal: a successful state-changing call, or
// (when Op is empty) an advance of Advance milliseconds.
type Step struct {
	Op      string
	Input   json.RawMessage
	As      string // the caller's ARN
	Context map[string]json.RawMessage
	Advance int64
}

// Journal returns the successful state-changing calls made so far and the
// advances between them, in order (a copy).
func (a *Account) Journal() []Step { return slices.Clone(a.journal) }

// JournalLen returns how many steps the journal holds: it grows exactly
// when a call changed the account or time moved.
func (a *Account) JournalLen() int { return len(a.journal) }

// View is a read-only snapshot of the account for drawing.
type View struct {
	Account string
	Region  string
	Now     sim.Time
	RootARN string
	IAM     iam.View
	S3      s3.View
}

// View returns a snapshot of the account.
func (a *Account) View() View {
	return View{Account: a.id, Region: a.region, Now: a.clock.Now(), RootARN: a.RootARN(), IAM: a.iam.View(), S3: a.s3.View()}
}

// bucketPolicy is the authoriser's hook for S3 bucket policies: the policy
// of bucket and the account that owns it.
func (a *Account) bucketPolicy(bucket string) (text, owner string, ok bool) {
	owner, _ = a.s3.BucketOwner(bucket)
	text, ok = a.s3.BucketPolicy(bucket)
	return text, owner, ok
}

// CanCall reports whether arn names a principal that may make calls now:
// the root user, a user, or a role session that has not expired.
func (a *Account) CanCall(arn string) bool {
	_, err := a.iam.PrincipalAt(arn, a.clock.Now())
	return err == nil
}

// SetCatalog gives the account the catalog of AWS services, actions and
// condition keys that access-analyzer:ValidatePolicy checks policies
// against. load must not block (in the browser a call runs inside a
// JavaScript callback): while the catalog is still being fetched it returns
// (nil, nil) and validation runs without the catalog's checks. The site
// fetches the catalog only when the policy editor or validation first
// needs it.
func (a *Account) SetCatalog(load func() (*catalog.Catalog, error)) { a.catalog = load }

func (a *Account) loadCatalog() (*catalog.Catalog, error) {
	if a.catalog == nil {
		return nil, nil
	}
	return a.catalog()
}
