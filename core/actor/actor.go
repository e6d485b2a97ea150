package actor

import (
	"hash/fnv"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Streams is what the actors need of the account's Kinesis Data Streams
// besides the dispatcher: whether a stream exists when an actor starts,
// the bulk write path of a fast producer, and the events a subscription
// pushes (stream.Service, through the account).
type Streams interface {
	// Lookup returns the name and ARN of the stream ref (a name or an
	// ARN) names, and whether it exists at now.
	Lookup(ref string, now sim.Time) (name, arn string, ok bool)
	// PutBulk writes keys' records to stream name at now as PutRecords
	// would (see stream.Service.PutBulk).
	PutBulk(name string, now sim.Time, keys []BulkKey, producer string, emit func(api.StepEvent)) (BulkResult, error)
	// SubscriptionEvents returns the SubscribeToShardEvents pushed to the
	// registered consumer consumerARN on shard shardID after the first
	// since of them, oldest first, and whether a subscription is still
	// pushing (see stream.Service.SubscriptionEvents): what an enhanced
	// fan-out consumer reads between its SubscribeToShard calls.
	SubscriptionEvents(consumerARN, shardID string, since int) (events []SubscriptionEvent, active bool)
}

// SubscriptionEvent is what an enhanced fan-out consumer reads of one
// SubscribeToShardEvent pushed to it: its number (1, 2, … per consumer
// and shard), its records' count, ContinuationSequenceNumber,
// MillisBehindLatest, ChildShards (non-nil at the end of a closed shard,
// where the subscription ends), and the records and data bytes pushed to
// the consumer on the shard so far, this event included, so that a
// reader that missed events still counts exactly.
type SubscriptionEvent struct {
	Seq                        int
	Records                    int
	ContinuationSequenceNumber string
	MillisBehindLatest         int64
	ChildShards                []ChildShard
	TotalRecords               int64
	TotalDataBytes             int64
}

// ChildShard is a child of a closed shard and its parents.
type ChildShard struct {
	ShardId      string
	ParentShards []string
}

// BulkKey is one partition key's records of a bulk write: Records records
// whose data is Data.
type BulkKey struct {
	Key     string
	Records int
	Data    []byte
}

// BulkResult is what a bulk write did: records taken and throttled.
type BulkResult struct {
	Accepted, Throttled int
}

// Service is the playground's actors of one account.
type Service struct {
	account   string
	seed      uint64
	streams   Streams
	producers map[string]*producer // by name
	consumers map[string]*consumer // by name
	started   int                  // actors started so far (their order, for MaxActors)
	nProd     int                  // producers started so far (for default names)
	nCons     int                  // consumers started so far (for default names)
}

// New returns the actors of account, deterministic from seed.
func New(account string, seed uint64, streams Streams) *Service {
	return &Service{account: account, seed: seed, streams: streams,
		producers: map[string]*producer{}, consumers: map[string]*consumer{}}
}

// Descriptor returns the descriptor of the playground's own service
// cloudplay for the account's dispatcher: JSON protocol,
// ValidationException for malformed input, no IAM actions.
func (s *Service) Descriptor() api.Descriptor {
	return api.Descriptor{Prefix: "cloudplay", Protocol: api.JSON, ValidationCode: validationCode, Ops: s.Ops()}
}

// Ops returns the operations of the service. None needs an IAM action
// (CONTRACT.md "The playground's own operations").
func (s *Service) Ops() []api.Op {
	return []api.Op{
		{Name: "cloudplay:StartProducer", Mutates: true, Prepare: s.prepareStartProducer},
		{Name: "cloudplay:SetTraffic", Mutates: true, Prepare: s.prepareSetTraffic},
		{Name: "cloudplay:StopProducer", Mutates: true, Prepare: s.prepareStopProducer},
		{Name: "cloudplay:StartConsumer", Mutates: true, Prepare: s.prepareStartConsumer},
		{Name: "cloudplay:StopConsumer", Mutates: true, Prepare: s.prepareStopConsumer},
		{Name: "cloudplay:ListActors", Prepare: s.prepareListActors},
	}
}

// Status values of an actor.
const (
	statusRunning = "RUNNING"
	statusStopped = "STOPPED"
)

// MaxActors bounds the producers and consumers one account keeps, stopped
// ones included: the playground's own bound (AWS has no such thing), so
// that the work of one simulated second stays bounded. When it is reached
// the oldest stopped actor is forgotten to make room; with 50 running
// actors, a start is LimitExceededException.
const MaxActors = 50

// TickMillis is how often a producer sends, in simulated milliseconds:
// ten times a second, so that the animation sees a smooth flow rather
// than one burst a second, while a second of simulation costs ten ticks
// whatever the rate.
const TickMillis = 100

// rng returns the random source of the actor named name: a PCG seeded
// from the account's seed and the name, so that an actor's draws depend on
// nothing else (not on the order actors tick in).
func (s *Service) rng(kind, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(kind + "/" + name))
	return rand.New(rand.NewPCG(s.seed, h.Sum64()))
}

// makeRoom forgets the oldest stopped actor when MaxActors are kept, and
// reports whether there is room for one more.
func (s *Service) makeRoom() bool {
	if len(s.producers)+len(s.consumers) < MaxActors {
		return true
	}
	oldest, kind, name := -1, "", ""
	for _, n := range slices.Sorted(maps.Keys(s.producers)) {
		if p := s.producers[n]; p.status == statusStopped && (oldest < 0 || p.order < oldest) {
			oldest, kind, name = p.order, "p", n
		}
	}
	for _, n := range slices.Sorted(maps.Keys(s.consumers)) {
		if c := s.consumers[n]; c.status == statusStopped && (oldest < 0 || c.order < oldest) {
			oldest, kind, name = c.order, "c", n
		}
	}
	switch kind {
	case "p":
		delete(s.producers, name)
	case "c":
		delete(s.consumers, name)
	default:
		return false
	}
	return true
}

// defaultName returns prefix-N for the first N from next on that no
// actor of the map uses.
func defaultName[T any](prefix string, next *int, taken map[string]T) string {
	for {
		*next++
		name := prefix + strconv.Itoa(*next)
		if _, ok := taken[name]; !ok {
			return name
		}
	}
}

// ErrorView is an actor's last error: AWS's code and message.
type ErrorView struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

// View is a read-only snapshot of the actors for drawing: the same data
// as cloudplay:ListActors, sorted by name. Its lists are nil when there
// are no actors.
type View struct {
	Producers []ProducerView `json:"Producers"`
	Consumers []ConsumerView `json:"Consumers"`
}

// View returns a snapshot of the actors.
func (s *Service) View() View {
	var v View
	for _, n := range slices.Sorted(maps.Keys(s.producers)) {
		v.Producers = append(v.Producers, s.producers[n].view())
	}
	for _, n := range slices.Sorted(maps.Keys(s.consumers)) {
		v.Consumers = append(v.Consumers, s.consumers[n].view())
	}
	return v
}

func (s *Service) prepareListActors(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct{}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		v := s.View()
		if v.Producers == nil {
			v.Producers = []ProducerView{}
		}
		if v.Consumers == nil {
			v.Consumers = []ConsumerView{}
		}
		return v, nil
	}, nil
}

// errorView turns err into an ErrorView.
func errorView(err error) *ErrorView {
	if e, ok := err.(*api.Error); ok {
		return &ErrorView{Code: e.Code, Message: api.Clip(e.Message, maxMessage)}
	}
	return &ErrorView{Code: "InternalFailure", Message: api.Clip(err.Error(), maxMessage)}
}

// maxMessage bounds, in code points, an error message an actor keeps.
const maxMessage = 1024

// errorCode returns the AWS error code of err ("" when it has none).
func errorCode(err error) string {
	if e, ok := err.(*api.Error); ok {
		return e.Code
	}
	return ""
}
