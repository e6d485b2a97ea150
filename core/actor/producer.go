package actor

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Producer kinds and the APIs a producer writes with.
const (
	kindTrucks      = "TruckFleet"
	kindClickstream = "Clickstream"
	apiPutRecords   = "PutRecords"
	apiPutRecord    = "PutRecord"
)

// Defaults of a producer (actors-contract.md).
const (
	defaultTrucks      = 20
	defaultClickRate   = 100
	defaultClickKeys   = 1000
	defaultClickBytes  = 200
	batchSize          = 500 // a PutRecords request carries at most 500 records (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html)
	bulkThreshold      = 2000
	hotKeyIndex        = 1 // the hot key is the first: "user-0001"
	maxRecordsInSample = 8
	// clickPages is how many product pages a Clickstream's clicks go to
	// (/products/1 to /products/50).
	clickPages = 50
)

// producer is one running (or stopped) producer.
type producer struct {
	name, stream, kind, caller, api string
	rate, keys, hot, bytes          int
	fixedBytes                      bool // RecordBytes was given: records are padded or cut to it
	status                          string
	order                           int
	sent, throttled                 int64
	lastErr                         *ErrorView

	rng     *rand.Rand
	carry   int64 // rate × milliseconds not yet turned into records
	hotAcc  int64 // hot-key share not yet turned into records
	cursor  int   // the next cold key to get a record
	started sim.Time

	// delayed trucks (the first delayed of a TruckFleet) are stuck in
	// traffic since stuckAt: they stay where they were then, at walking
	// pace at most.
	delayed int
	stuckAt sim.Time
	// popular is the product page (1 to clickPages) that popularPct
	// percent of a Clickstream's clicks go to (0: none); popAcc is the
	// share not yet turned into clicks.
	popular, popularPct int
	popAcc              int
}

// ProducerView is a producer as cloudplay:ListActors shows it.
type ProducerView struct {
	ProducerName     string     `json:"ProducerName"`
	StreamName       string     `json:"StreamName"`
	Kind             string     `json:"Kind"`
	RecordsPerSecond int        `json:"RecordsPerSecond"`
	Keys             int        `json:"Keys"`
	HotKeyPercent    int        `json:"HotKeyPercent"`
	RecordBytes      int        `json:"RecordBytes"`
	Api              string     `json:"Api"`
	Caller           string     `json:"Caller"`
	Status           string     `json:"Status"`
	RecordsSent      int64      `json:"RecordsSent"`
	RecordsThrottled int64      `json:"RecordsThrottled"`
	LastError        *ErrorView `json:"LastError,omitempty"`
	// DelayedTrucks, PopularPage and PopularPercent are shown when set
	// (additive members: producers without them look as before).
	DelayedTrucks  int `json:"DelayedTrucks,omitempty"`
	PopularPage    int `json:"PopularPage,omitempty"`
	PopularPercent int `json:"PopularPercent,omitempty"`
}

func (p *producer) view() ProducerView {
	v := ProducerView{ProducerName: p.name, StreamName: p.stream, Kind: p.kind, RecordsPerSecond: p.rate, Keys: p.keys,
		HotKeyPercent: p.hot, RecordBytes: p.bytes, Api: p.api, Caller: p.caller, Status: p.status,
		RecordsSent: p.sent, RecordsThrottled: p.throttled, DelayedTrucks: p.delayed}
	if p.popularPct > 0 {
		v.PopularPage, v.PopularPercent = p.popular, p.popularPct
	}
	if p.lastErr != nil {
		e := *p.lastErr
		v.LastError = &e
	}
	return v
}

type startProducerInput struct {
	ProducerName     *string `json:"ProducerName"`
	StreamName       *string `json:"StreamName"`
	StreamARN        *string `json:"StreamARN"`
	Kind             string  `json:"Kind" aws:"required"`
	RecordsPerSecond *int64  `json:"RecordsPerSecond"`
	Keys             *int64  `json:"Keys"`
	HotKeyPercent    *int64  `json:"HotKeyPercent"`
	RecordBytes      *int64  `json:"RecordBytes"`
	Api              *string `json:"Api"`
	DelayedTrucks    *int64  `json:"DelayedTrucks"`
	PopularPage      *int64  `json:"PopularPage"`
	PopularPercent   *int64  `json:"PopularPercent"`
}

// checkScenes checks the members that stage the analytics scenes:
// DelayedTrucks (TruckFleet), PopularPage and PopularPercent
// (Clickstream). Their bounds are the playground's own: a fleet has at
// most maxKeys trucks, and clicks go to clickPages product pages.
func checkScenes(kind string, delayed, page, pct *int64) error {
	if err := checkRange("delayedTrucks", delayed, 0, maxKeys); err != nil {
		return err
	}
	if err := checkRange("popularPage", page, 1, clickPages); err != nil {
		return err
	}
	if err := checkRange("popularPercent", pct, 0, 100); err != nil {
		return err
	}
	if delayed != nil && *delayed != 0 && kind != kindTrucks {
		return api.Errorf(validationCode, "DelayedTrucks applies to a TruckFleet producer only.")
	}
	if (page != nil || pct != nil && *pct != 0) && kind != kindClickstream {
		return api.Errorf(validationCode, "PopularPage and PopularPercent apply to a Clickstream producer only.")
	}
	return nil
}

// setScenes applies the scene members that are given, at now.
func (p *producer) setScenes(delayed, page, pct *int64, now sim.Time) {
	if delayed != nil && int(*delayed) != p.delayed {
		p.delayed, p.stuckAt = int(*delayed), now
	}
	if page != nil {
		p.popular = int(*page)
	}
	if pct != nil {
		p.popularPct = int(*pct)
	}
	if p.popularPct > 0 && p.popular == 0 {
		p.popular = 1
	}
}

// checkTraffic checks the members StartProducer and SetTraffic share.
func checkTraffic(rate, keys, hot, bytes *int64) error {
	if err := checkRange("recordsPerSecond", rate, 1, maxRate); err != nil {
		return err
	}
	if err := checkRange("keys", keys, 1, maxKeys); err != nil {
		return err
	}
	if err := checkRange("hotKeyPercent", hot, 0, 100); err != nil {
		return err
	}
	return checkRange("recordBytes", bytes, 1, maxRecordData)
}

// prepareStartProducer is cloudplay:StartProducer.
func (s *Service) prepareStartProducer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in startProducerInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.ProducerName != nil {
		if err := checkName("producerName", *in.ProducerName); err != nil {
			return nil, nil, err
		}
	}
	ref, err := streamRef(in.StreamName, in.StreamARN)
	if err != nil {
		return nil, nil, err
	}
	if err := checkEnum("kind", in.Kind, kindTrucks, kindClickstream); err != nil {
		return nil, nil, err
	}
	if err := checkTraffic(in.RecordsPerSecond, in.Keys, in.HotKeyPercent, in.RecordBytes); err != nil {
		return nil, nil, err
	}
	if in.HotKeyPercent != nil && *in.HotKeyPercent != 0 && in.Kind != kindClickstream {
		return nil, nil, api.Errorf(validationCode, "HotKeyPercent applies to a Clickstream producer only.")
	}
	if err := checkScenes(in.Kind, in.DelayedTrucks, in.PopularPage, in.PopularPercent); err != nil {
		return nil, nil, err
	}
	apiName := apiPutRecords
	if in.Api != nil {
		if err := checkEnum("api", *in.Api, apiPutRecords, apiPutRecord); err != nil {
			return nil, nil, err
		}
		apiName = *in.Api
	}
	run := func() (any, error) {
		name, _, ok := s.streams.Lookup(ref, env.Now)
		if !ok {
			return nil, api.Errorf("ResourceNotFoundException", "Stream %s under account %s not found.", api.Clip(ref, api.MaxQuoted), s.account)
		}
		pname := ""
		if in.ProducerName != nil {
			pname = *in.ProducerName
			if p := s.producers[pname]; p != nil && p.status == statusRunning {
				return nil, api.Errorf("ResourceInUseException", "Producer %s is already running.", pname)
			}
			delete(s.producers, pname) // a stopped producer's name may be taken again
		}
		if !s.makeRoom() {
			return nil, api.Errorf("LimitExceededException", "The playground runs at most %d producers and consumers per account; stop one first.", MaxActors)
		}
		if pname == "" {
			pname = defaultName("producer-", &s.nProd, s.producers)
		}
		p := &producer{name: pname, stream: name, kind: in.Kind, caller: env.Caller.ARN, api: apiName,
			status: statusRunning, started: env.Now, rng: s.rng("producer", pname)}
		s.started++
		p.order = s.started
		p.keys = defaultTrucks
		if in.Kind == kindClickstream {
			p.keys, p.rate, p.bytes = defaultClickKeys, defaultClickRate, defaultClickBytes
		}
		p.set(in.RecordsPerSecond, in.Keys, in.HotKeyPercent, in.RecordBytes)
		if in.Kind == kindTrucks && in.RecordsPerSecond == nil {
			p.rate = p.keys // one GPS fix per truck per second
		}
		p.setScenes(in.DelayedTrucks, in.PopularPage, in.PopularPercent, env.Now)
		p.cursor = p.rng.IntN(max(p.keys-1, 1))
		s.producers[pname] = p
		s.schedule(env.Schedule, p, env.Now+TickMillis)
		return struct {
			ProducerName string `json:"ProducerName"`
		}{pname}, nil
	}
	return nil, run, nil
}

// set applies the traffic members that are given.
func (p *producer) set(rate, keys, hot, bytes *int64) {
	if rate != nil {
		p.rate = int(*rate)
	}
	if keys != nil {
		p.keys = int(*keys)
		p.cursor %= max(p.keys-1, 1)
	}
	if hot != nil {
		p.hot = int(*hot)
	}
	if bytes != nil {
		p.bytes, p.fixedBytes = int(*bytes), true
	}
	if p.kind == kindClickstream {
		p.fixedBytes = true
	}
}

// schedule runs p's next tick at at, unless p has stopped or been
// replaced by then.
func (s *Service) schedule(sched func(sim.Time, func(*api.Work)), p *producer, at sim.Time) {
	if sched == nil {
		return
	}
	sched(at, func(w *api.Work) {
		if s.producers[p.name] != p || p.status != statusRunning {
			return
		}
		s.tick(w, p)
		if p.status == statusRunning {
			s.schedule(w.Schedule, p, w.Now+TickMillis)
		}
	})
}

type setTrafficInput struct {
	ProducerName     string `json:"ProducerName" aws:"required"`
	RecordsPerSecond *int64 `json:"RecordsPerSecond"`
	Keys             *int64 `json:"Keys"`
	HotKeyPercent    *int64 `json:"HotKeyPercent"`
	RecordBytes      *int64 `json:"RecordBytes"`
	DelayedTrucks    *int64 `json:"DelayedTrucks"`
	PopularPage      *int64 `json:"PopularPage"`
	PopularPercent   *int64 `json:"PopularPercent"`
}

// prepareSetTraffic is cloudplay:SetTraffic: the members given change,
// from the next tick on.
func (s *Service) prepareSetTraffic(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in setTrafficInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("producerName", in.ProducerName); err != nil {
		return nil, nil, err
	}
	if err := checkTraffic(in.RecordsPerSecond, in.Keys, in.HotKeyPercent, in.RecordBytes); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		p := s.producers[in.ProducerName]
		if p == nil || p.status != statusRunning {
			return nil, notFound("Producer", in.ProducerName)
		}
		if in.HotKeyPercent != nil && *in.HotKeyPercent != 0 && p.kind != kindClickstream {
			return nil, api.Errorf(validationCode, "HotKeyPercent applies to a Clickstream producer only.")
		}
		if err := checkScenes(p.kind, in.DelayedTrucks, in.PopularPage, in.PopularPercent); err != nil {
			return nil, err
		}
		p.set(in.RecordsPerSecond, in.Keys, in.HotKeyPercent, in.RecordBytes)
		p.setScenes(in.DelayedTrucks, in.PopularPage, in.PopularPercent, env.Now)
		return struct{}{}, nil
	}, nil
}

type stopInput struct {
	ProducerName string `json:"ProducerName" aws:"required"`
}

// prepareStopProducer is cloudplay:StopProducer.
func (s *Service) prepareStopProducer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in stopInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkName("producerName", in.ProducerName); err != nil {
		return nil, nil, err
	}
	return nil, func() (any, error) {
		p := s.producers[in.ProducerName]
		if p == nil || p.status != statusRunning {
			return nil, notFound("Producer", in.ProducerName)
		}
		p.status = statusStopped
		return struct{}{}, nil
	}, nil
}

// key returns the partition key of key number i (from 1): truck-001 or
// user-0001, zero-padded to the width of the largest, so that every key
// of a producer has the same length.
func (p *producer) key(i int) string {
	prefix, width := "truck-", 3
	if p.kind == kindClickstream {
		prefix, width = "user-", 4
	}
	width = max(width, len(strconv.Itoa(p.keys)))
	return fmt.Sprintf("%s%0*d", prefix, width, i)
}

// share returns how many records each key gets this tick, as a list of
// (key number, records), in key order: the tick's records split
// arithmetically, never record by record. A Clickstream producer gives
// HotKeyPercent of its records to key 1 and spreads the rest evenly over
// the other keys, the remainder going to the keys after a cursor that
// moves on; a truck fleet spreads its records evenly over its trucks.
func (p *producer) share(n int) [][2]int {
	if n == 0 {
		return nil
	}
	var out [][2]int
	first, cold := 1, n
	if p.kind == kindClickstream && p.keys > 1 {
		p.hotAcc += int64(n) * int64(p.hot)
		hot := int(p.hotAcc / 100)
		p.hotAcc %= 100
		hot = min(hot, n)
		if p.hot == 100 {
			hot = n
		}
		if hot > 0 {
			out = append(out, [2]int{hotKeyIndex, hot})
		}
		first, cold = 2, n-hot
	}
	k := p.keys - first + 1 // the keys the cold records spread over
	if cold == 0 || k <= 0 {
		return out
	}
	each, rest := cold/k, cold%k
	if each > 0 {
		for i := range k {
			c := each
			if (i-p.cursor+k)%k < rest {
				c++
			}
			out = append(out, [2]int{first + i, c})
		}
	} else {
		// Fewer records than keys: only the rest keys after the cursor
		// get one, so the work is that of the records, not of the keys.
		for j := range rest {
			out = append(out, [2]int{first + (p.cursor+j)%k, 1})
		}
		sortShares(out)
	}
	p.cursor = (p.cursor + rest) % k
	return out
}

// sortShares sorts shares by key number (insertion sort on a short or
// nearly sorted list: the cold keys wrap around once at most).
func sortShares(s [][2]int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j-1][0] > s[j][0]; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
}

// data returns the data of a record of key number i at now: a truck's GPS
// fix or a click, as JSON, padded with spaces or cut to RecordBytes when
// the producer has a fixed record size.
func (p *producer) data(i int, now sim.Time) []byte {
	var b []byte
	if p.kind == kindTrucks {
		lat, lon, speed := p.position(i, now)
		b = fmt.Appendf(nil, `{"truck":%q,"lat":%.5f,"lon":%.5f,"speed":%.1f,"time":%q}`, p.key(i), lat, lon, speed, now.Milli())
	} else {
		page := p.page()
		b = fmt.Appendf(nil, `{"user":%q,"event":"click","page":"/products/%d","time":%q}`, p.key(i), page, now.Milli())
	}
	if !p.fixedBytes {
		return b
	}
	if len(b) >= p.bytes {
		return b[:p.bytes]
	}
	pad := make([]byte, p.bytes)
	copy(pad, b)
	for j := len(b); j < len(pad); j++ {
		pad[j] = ' '
	}
	return pad
}

// page returns the product page of the next click: PopularPercent of
// the clicks (counted exactly, as the hot key's share is) go to the
// popular page, the others to a page drawn at random.
func (p *producer) page() int {
	if p.popularPct > 0 {
		p.popAcc += p.popularPct
		if p.popAcc >= 100 {
			p.popAcc -= 100
			return p.popular
		}
	}
	return p.rng.IntN(clickPages) + 1
}

// position is where truck i is at now: it drives round a loop of its own
// through the city (the seed's delivery trucks, around Seattle), a route
// that depends only on the producer's name, the seed and the truck, so
// that a replay finds every truck where it was.
func (p *producer) position(i int, now sim.Time) (lat, lon, speed float64) {
	r := rand.New(rand.NewPCG(uint64(i), p.routeSeed()))
	cLat := 47.6062 + (r.Float64()-0.5)*0.2
	cLon := -122.3321 + (r.Float64()-0.5)*0.3
	radius := 0.005 + r.Float64()*0.02      // degrees of latitude
	kmh := 25 + r.Float64()*40              // km/h
	phase := r.Float64() * 2 * math.Pi      // where on the loop it starts
	omega := kmh / 3600 / (radius * 111.32) // radians per second
	if i <= p.delayed {
		// Stuck in traffic: where it was when it got stuck, crawling
		// (0 to 1.5 km/h, by truck) — the playground's own picture of a
		// delayed truck.
		now, kmh = max(p.stuckAt, p.started), float64(i%4)*0.5
	}
	t := float64(now-p.started) / 1000
	a := phase + omega*t
	lat = cLat + radius*math.Sin(a)
	lon = cLon + radius*math.Cos(a)/math.Cos(cLat*math.Pi/180)
	return lat, lon, kmh
}

// routeSeed is the part of the trucks' routes that comes from the
// producer.
func (p *producer) routeSeed() uint64 {
	var h uint64 = 14695981039346656037
	for _, c := range []byte(p.name) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// tick sends the records of one tick: through real PutRecords (or
// PutRecord) calls at rates up to bulkThreshold, in bulk above.
func (s *Service) tick(w *api.Work, p *producer) {
	p.carry += int64(p.rate) * TickMillis
	n := int(p.carry / 1000)
	p.carry %= 1000
	shares := p.share(n)
	if n == 0 {
		return
	}
	if p.rate > bulkThreshold {
		s.sendBulk(w, p, shares, n)
		return
	}
	type rec struct {
		key  string
		data []byte
	}
	recs := make([]rec, 0, n)
	for _, sh := range shares {
		for range sh[1] {
			recs = append(recs, rec{p.key(sh[0]), p.data(sh[0], w.Now)})
		}
	}
	if p.api == apiPutRecord {
		for _, r := range recs {
			in := fmt.Appendf(nil, `{"StreamName":%q,"PartitionKey":%q,"Data":%q}`, p.stream, r.key, base64.StdEncoding.EncodeToString(r.data))
			_, err := w.Act(api.ActCall{Actor: p.name, Caller: p.caller, Op: "kinesis:PutRecord", Input: in})
			if err == nil {
				p.sent++
			} else if !s.failed(w, p, err, 1) {
				return
			}
		}
		return
	}
	for lo := 0; lo < len(recs); lo += batchSize {
		batch := recs[lo:min(lo+batchSize, len(recs))]
		in := fmt.Appendf(nil, `{"StreamName":%q,"Records":[`, p.stream)
		for i, r := range batch {
			if i > 0 {
				in = append(in, ',')
			}
			in = fmt.Appendf(in, `{"PartitionKey":%q,"Data":"`, r.key)
			in = base64.StdEncoding.AppendEncode(in, r.data)
			in = append(in, `"}`...)
		}
		in = append(in, "]}"...)
		_, err := w.Act(api.ActCall{Actor: p.name, Caller: p.caller, Op: "kinesis:PutRecords", Input: in,
			Records: func(out json.RawMessage) map[string]int { return p.tally(out, len(batch)) }})
		if err != nil && !s.failed(w, p, err, len(batch)) {
			return
		}
	}
}

// tally counts the records of a PutRecords output, and returns the
// records' error codes with their counts.
func (p *producer) tally(out json.RawMessage, n int) map[string]int {
	var res struct {
		FailedRecordCount int
		Records           []struct{ ErrorCode string }
	}
	if json.Unmarshal(out, &res) != nil {
		return nil
	}
	p.sent += int64(n - res.FailedRecordCount)
	var errs map[string]int
	for _, r := range res.Records {
		if r.ErrorCode != "" {
			if errs == nil {
				errs = map[string]int{}
			}
			errs[r.ErrorCode]++
			if r.ErrorCode == "ProvisionedThroughputExceededException" {
				p.throttled++
			}
		}
	}
	return errs
}

// sendBulk sends a tick's records through the bulk path: one
// authorisation of a representative PutRecords request, logged as the
// ceil(n/500) calls the records make, the stream applying its limits to
// each key's records at once.
func (s *Service) sendBulk(w *api.Work, p *producer, shares [][2]int, n int) {
	keys := make([]BulkKey, len(shares))
	for i, sh := range shares {
		keys[i] = BulkKey{Key: p.key(sh[0]), Records: sh[1], Data: p.data(sh[0], w.Now)}
	}
	sample := fmt.Appendf(nil, `{"StreamName":%q,"Records":[{"PartitionKey":%q,"Data":""}]}`, p.stream, keys[0].Key)
	calls := (n + batchSize - 1) / batchSize
	if p.api == apiPutRecord {
		calls = n
		sample = fmt.Appendf(nil, `{"StreamName":%q,"PartitionKey":%q,"Data":""}`, p.stream, keys[0].Key)
	}
	op := "kinesis:" + p.api
	var res BulkResult
	_, err := w.Act(api.ActCall{Actor: p.name, Caller: p.caller, Op: op, Input: sample, Calls: calls,
		Bulk: func() (map[string]int, error) {
			var err error
			res, err = s.streams.PutBulk(p.stream, w.Now, keys, p.name, w.Emit)
			if err != nil || res.Throttled == 0 {
				return nil, err
			}
			return map[string]int{"ProvisionedThroughputExceededException": res.Throttled}, nil
		}})
	if err != nil {
		s.failed(w, p, err, n)
		return
	}
	p.sent += int64(res.Accepted)
	p.throttled += int64(res.Throttled)
}

// failed handles a call that failed for n records, and reports whether
// the producer goes on. Throttling and a stream that is still being
// created or changed are waited out; anything else (AccessDenied, a
// stream deleted, an expired session) stops the producer, as an AWS SDK
// producer stops on an error it cannot retry.
func (s *Service) failed(w *api.Work, p *producer, err error, n int) bool {
	p.lastErr = errorView(err)
	switch errorCode(err) {
	case "ProvisionedThroughputExceededException":
		p.throttled += int64(n)
		return true
	case "LimitExceededException", "ResourceInUseException", "InternalFailure":
		return true
	case "ResourceNotFoundException":
		if _, _, ok := s.streams.Lookup(p.stream, w.Now); ok {
			return true // still CREATING
		}
	}
	p.status = statusStopped
	return false
}
