package cloud

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"cloudplay/core/actor"
	"cloudplay/core/analytics"
	"cloudplay/core/analyzer"
	"cloudplay/core/api"
	"cloudplay/core/catalog"
	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/compute/ecs"
	fh "cloudplay/core/firehose"
	"cloudplay/core/iam"
	"cloudplay/core/policy"
	"cloudplay/core/s3"
	"cloudplay/core/sim"
	"cloudplay/core/stream"
	"cloudplay/core/video"
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

	// The account's state: everything below is rebuilt from the
	// configuration above and the journal (see rebuild).
	clock    *sim.Clock
	rand     *sim.Rand
	iam      *iam.Service
	s3       *s3.Service
	kinesis  *stream.Service
	firehose *fh.Service
	actors   *actor.Service
	ecr      *ecr.Service
	ec2      *ec2.Service
	ecs      *ecs.Service
	video    *video.Service
	// analytics is Kinesis Data Analytics (SQL applications; retired by AWS, a teaching model).
	analytics *analytics.Service
	ops       map[string]api.Op
	auth      Authorizer

	// catalog loads the catalog of AWS actions and condition keys that
	// access-analyzer:ValidatePolicy checks against (nil: none yet).
	catalog func() (*catalog.Catalog, error)
	// extra holds services registered besides the account's own (tests).
	extra    []api.Descriptor
	longest  int                        // the length of the longest operation name
	names    []string                   // every operation's name, sorted (for suggestions)
	services map[string]*api.Descriptor // by prefix

	events  []Event
	seq     int            // the Seq of the last event logged
	agg     map[aggKey]int // the Seq of each actor event of second aggSec (see logActor)
	aggSec  int64
	steps   []StepEvent // the step events kept (see emit)
	stepSeq int         // how many step events were made
	journal []Step
	depth   int  // nesting of calls made on someone's behalf
	busy    bool // a top-level call or advance is running
	// replaying is set while rebuild replays the journal: nothing is logged.
	replaying bool
}

// planned lists the service prefixes of CONTRACT.md whose services are
// not built yet, with their protocols and validation error codes, so that
// an unknown operation or caller of theirs is answered in their words.
var planned = []api.Descriptor{
	{Prefix: "elasticbeanstalk", Protocol: api.Query, ValidationCode: "InvalidParameterValue"},
	{Prefix: "eks", Protocol: api.RestJSON, ValidationCode: "InvalidParameterException"},
}

// services returns the account's list of services: each service
// package's descriptor, then the prefixes not built yet. Adding a service
// is one entry here (and its field in View).
func (a *Account) serviceList() []api.Descriptor {
	list := a.iam.Services()
	list = append(list,
		a.s3.Descriptor(),
		a.kinesis.Descriptor(),
		a.firehose.Descriptor(),
		a.playground(),
		a.ecr.Descriptor(),
		a.ec2.Descriptor(),
		api.Descriptor{Prefix: "access-analyzer", Protocol: api.RestJSON, ValidationCode: "ValidationException",
			Ops: analyzer.New(a.loadCatalog).Ops()},
		a.ecs.Descriptor(),
		a.video.Descriptor(),
		a.analytics.Descriptor(),
	)
	return append(list, planned...)
}

// playground is the descriptor of the playground's own operations
// (cloudplay:): the actors' and those of the services that explain
// themselves (cloudplay:ExplainPlacement).
func (a *Account) playground() api.Descriptor {
	d := a.actors.Descriptor()
	d.Ops = append(slices.Clone(d.Ops), a.ecs.PlaygroundOps()...)
	d.Ops = append(d.Ops, a.video.PlaygroundOps()...)
	return d
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
		id:     cfg.Account,
		region: cfg.Region,
		seed:   cfg.Seed,
		start:  cfg.Start,
	}
	a.init()
	return a
}

// init makes the account's state that of a new account: no calls made,
// the clock at the start, the random source at the seed.
func (a *Account) init() {
	a.clock = sim.NewClock(a.start)
	a.rand = sim.NewRand(a.seed)
	a.iam = iam.New(a.id)
	a.s3 = s3.New(a.id, a.region)
	a.kinesis = stream.New(a.id, a.region)
	a.firehose = fh.New(a.id, a.region, s3.MaxObjectSize)
	a.actors = actor.New(a.id, a.seed, actorStreams{a.kinesis})
	a.ecr = ecr.New(a.id, a.region)
	a.ec2 = ec2.New(a.id, a.region, a.iam.InstanceProfile)
	a.ecs = ecs.New(a.id, a.region)
	a.video = video.New(a.id, a.region, a.seed)
	a.analytics = analytics.New(a.id, a.region, analyticsTap{a.firehose})
	a.iam.SetAccountCreated(a.start)
	a.services = map[string]*api.Descriptor{}
	a.auth = &policyAuthorizer{iam: a.iam, services: a.services, parsed: map[parsedKey]*policy.Policy{}}
	a.ops = map[string]api.Op{}
	for _, svc := range a.serviceList() {
		a.add(svc)
	}
	for _, svc := range a.extra {
		a.add(svc)
	}
}

// add adds svc to the services the dispatcher knows.
func (a *Account) add(svc api.Descriptor) {
	if _, dup := a.services[svc.Prefix]; dup {
		panic("cloud: service registered twice: " + svc.Prefix)
	}
	a.services[svc.Prefix] = &svc
	a.addOps(svc.Prefix, svc.Ops)
}

// addOps adds the operations of the service with prefix.
func (a *Account) addOps(prefix string, ops []api.Op) {
	for _, op := range ops {
		if p, _, _ := strings.Cut(op.Name, ":"); p != prefix {
			panic("cloud: operation " + op.Name + " is not of service " + prefix)
		}
		if _, dup := a.ops[op.Name]; dup {
			panic("cloud: operation registered twice: " + op.Name)
		}
		a.ops[op.Name] = op
		a.longest = max(a.longest, len(op.Name))
	}
	a.names = slices.Sorted(maps.Keys(a.ops))
}

// register adds a service besides the account's own, or more operations
// to one registered before (tests use it); it survives a rebuild.
func (a *Account) register(svc api.Descriptor) {
	for i := range a.extra {
		if a.extra[i].Prefix == svc.Prefix {
			a.extra[i].Ops = append(a.extra[i].Ops, svc.Ops...)
			a.services[svc.Prefix].Ops = a.extra[i].Ops
			a.addOps(svc.Prefix, svc.Ops)
			return
		}
	}
	a.add(svc)
	a.extra = append(a.extra, svc)
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
	return slices.Clone(a.names)
}

// MaxAdvanceMillis is the longest advance one journal step holds (1e11
// seconds, about 3,169 years): the most a scenario's advance step may say
// (scenario.Load), and so the most Advance merges into one step. Longer
// advances are journaled as several steps.
const MaxAdvanceMillis = 1e14

// Advance moves simulated time forward by ms milliseconds, running
// everything that falls due. It refuses, with a ValidationError and
// without changing anything, a negative ms and one that would take the
// clock past sim.MaxTime (9999-12-31T23:59:59.999Z, the last time RFC 3339
// can write). A panic in something that falls due is answered as
// InternalFailure, and the account is left as it was before the advance.
func (a *Account) Advance(ms int64) (err error) {
	now := a.clock.Now()
	if ms < 0 {
		return api.Errorf("ValidationError", "Time does not go back: cannot advance by %d ms", ms)
	}
	if ms > int64(sim.MaxTime-now) {
		return api.Errorf("ValidationError", "Cannot advance by %d ms from %s: simulated time ends at %s, the last time RFC 3339 can write", ms, now.Milli(), sim.MaxTime.Milli())
	}
	if ms == 0 {
		return nil
	}
	if !a.busy {
		a.busy = true
		seq, stepSeq := a.seq, a.stepSeq
		defer func() {
			a.busy = false
			if r := recover(); r != nil {
				err = a.recoverPanic("advance", r, seq, stepSeq)
			}
		}()
	}
	a.clock.AdvanceTo(now + sim.Time(ms))
	a.journalAdvance(ms)
	return nil
}

// journalAdvance records an advance of ms milliseconds, merged into the
// last step when that is an advance and the sum stays within
// MaxAdvanceMillis.
func (a *Account) journalAdvance(ms int64) {
	if n := len(a.journal); n > 0 && a.journal[n-1].Op == "" && a.journal[n-1].Advance <= MaxAdvanceMillis-ms {
		a.journal[n-1].Advance += ms
		return
	}
	for ms > 0 {
		step := min(ms, MaxAdvanceMillis)
		a.journal = append(a.journal, Step{Advance: step})
		ms -= step
	}
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

// JournalSince returns the journal's steps from index i on (a copy): what
// an incremental exporter has not written yet. i is clamped to the journal.
func (a *Account) JournalSince(i int) []Step {
	i = min(max(i, 0), len(a.journal))
	return slices.Clone(a.journal[i:])
}

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
	Streams stream.View
	// Actors are the playground's producers and consumers (left out of
	// JSON when there are none).
	Actors actor.View `json:",omitzero"`
	// ECR is left out of the view's JSON while the registry is empty, so
	// the golden views of scenarios without containers stay as they were.
	ECR ecr.View `json:",omitzero"`
	EC2 ec2.View `json:",omitzero"` // left out while no instance was launched
	ECS ecs.View `json:",omitzero"` // left out while there is no cluster
	// Firehose is left out while there is no delivery stream.
	Firehose fh.View `json:",omitzero"`
	// Video is Kinesis Video Streams: its streams, cameras and motion
	// detectors (left out while there are none).
	Video video.View `json:",omitzero"`
	// Analytics is left out while there is no application.
	Analytics analytics.View `json:",omitzero"`
}

// View returns a snapshot of the account.
func (a *Account) View() View {
	return View{Account: a.id, Region: a.region, Now: a.clock.Now(), RootARN: a.RootARN(), IAM: a.iam.View(), S3: a.s3.View(),
		Streams: a.kinesis.View(a.clock.Now()), Actors: a.actors.View(), ECR: a.ecr.View(),
		EC2: a.ec2.View(a.clock.Now()), ECS: a.ecs.View(), Firehose: a.firehose.View(a.clock.Now()),
		Video: a.video.View(a.clock.Now()), Analytics: a.analytics.View()}
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

// FirehoseTap returns the records the delivery stream arn took after
// position since (see firehose.Service.Tap): what Kinesis Data Analytics
// reads when its input is a delivery stream.
func (a *Account) FirehoseTap(arn string, since int64, max int) ([]fh.TapRecord, int64, bool) {
	return a.firehose.Tap(arn, since, max)
}
