package stream

import (
	"maps"
	"slices"
	"strconv"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Enhanced fan-out consumers
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RegisterStreamConsumer.html):
// "You can register up to 20 consumers per stream", and at most 5 may be
// CREATING at once.
const (
	maxConsumers         = 20
	maxCreatingConsumers = 5
)

// consumer is a registered enhanced fan-out consumer.
type consumer struct {
	name, arn string
	created   sim.Time
	ready     sim.Time // CREATING until then
	deleting  sim.Time // DELETING from then until gone; 0 when not
	policy    string
	fanouts   map[int]*fanout // by shard index: subscriptions, pushes and metrics (subscribe.go)
}

func (c *consumer) status(now sim.Time) string {
	switch {
	case c.deleting != 0:
		return statusDeleting
	case now < c.ready:
		return statusCreating
	}
	return statusActive
}

// scheduleConsumer reports, at at, that consumer c of st became ACTIVE or
// was deleted (typ), forgetting it in the second case, if st and c are
// still the account's then (a stream deleted with its consumers reports
// only its own deletion).
func (s *Service) scheduleConsumer(env *api.Env, st *stream, c *consumer, at sim.Time, typ string) {
	if env.Schedule == nil {
		return
	}
	deleting := c.deleting
	env.Schedule(at, func(w *api.Work) {
		if s.streams[st.name] != st || st.consumers[c.name] != c || c.deleting != deleting {
			return
		}
		if typ == stepConsumerDeleted {
			delete(st.consumers, c.name)
		}
		w.Emit(api.StepEvent{Service: "kinesis", Type: typ, Fields: map[string]string{"stream": st.name, "consumer": c.name}})
	})
}

// settleConsumers forgets the consumers whose deregistration completed.
func (st *stream) settleConsumers(now sim.Time) {
	for _, n := range slices.Sorted(maps.Keys(st.consumers)) {
		if c := st.consumers[n]; c.deleting != 0 && now >= c.deleting+consumerDelay {
			delete(st.consumers, n)
		}
	}
}

type consumerOutput struct {
	ConsumerName              string `json:"ConsumerName"`
	ConsumerARN               string `json:"ConsumerARN"`
	ConsumerStatus            string `json:"ConsumerStatus"`
	ConsumerCreationTimestamp string `json:"ConsumerCreationTimestamp"`
	StreamARN                 string `json:"StreamARN,omitempty"`
}

func (c *consumer) output(now sim.Time, streamARN string) consumerOutput {
	return consumerOutput{c.name, c.arn, c.status(now), c.created.String(), streamARN}
}

type registerConsumerInput struct {
	StreamARN    string `json:"StreamARN" aws:"required"`
	ConsumerName string `json:"ConsumerName" aws:"required"`
}

// prepareRegisterConsumer is RegisterStreamConsumer. The consumer's ARN
// carries its creation time in seconds, so a consumer registered again
// under the same name has another ARN.
func (s *Service) prepareRegisterConsumer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in registerConsumerInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{StreamARN: &in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	if err := checkName("consumerName", in.ConsumerName); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, err := s.findReadable(name, env.Now)
		if err != nil {
			return nil, err
		}
		st.settleConsumers(env.Now)
		if st.consumers[in.ConsumerName] != nil {
			return nil, api.Errorf("ResourceInUseException", "Consumer %s under stream %s already exists for account %s.", in.ConsumerName, name, s.account)
		}
		if len(st.consumers) >= maxConsumers {
			return nil, api.Errorf("LimitExceededException", "Stream %s under account %s already has the maximum of %d registered consumers.", name, s.account, maxConsumers)
		}
		creating := 0
		for _, c := range st.consumers {
			if c.status(env.Now) == statusCreating {
				creating++
			}
		}
		if creating >= maxCreatingConsumers {
			return nil, api.Errorf("LimitExceededException", "Stream %s under account %s already has %d consumers in the CREATING state.", name, s.account, maxCreatingConsumers)
		}
		c := &consumer{name: in.ConsumerName, created: env.Now, ready: env.Now + consumerDelay,
			arn: st.arn + "/consumer/" + in.ConsumerName + ":" + strconv.FormatInt(int64(env.Now)/1000, 10)}
		st.consumers[c.name] = c
		s.scheduleConsumer(env, st, c, c.ready, stepConsumerActive)
		out := c.output(env.Now, "")
		return struct {
			Consumer consumerOutput `json:"Consumer"`
		}{out}, nil
	}
	return action("RegisterStreamConsumer", arn), run, nil
}

type consumerRef struct {
	StreamARN    *string `json:"StreamARN"`
	ConsumerName *string `json:"ConsumerName"`
	ConsumerARN  *string `json:"ConsumerARN"`
}

// resolveConsumer reads the ways DescribeStreamConsumer and
// DeregisterStreamConsumer name a consumer (its ARN, or the stream's ARN
// and its name, or all three when they agree) and returns the stream, the
// consumer's name and the ARN to authorise on.
func (s *Service) resolveConsumer(r consumerRef) (streamName, name, arn string, err error) {
	if r.ConsumerARN != nil {
		sn, cn, ok := s.parseARN(*r.ConsumerARN)
		if !ok || cn == "" {
			return "", "", "", constraintError(*r.ConsumerARN, "consumerARN", `Member must satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\d{12}:.*stream\/[a-zA-Z0-9_.-]+\/consumer\/[a-zA-Z0-9_.-]+:[0-9]+`)
		}
		if r.ConsumerName != nil && *r.ConsumerName != cn || r.StreamARN != nil && *r.StreamARN != s.streamARN(sn) {
			return "", "", "", api.Errorf(invalidArg, "ConsumerARN, StreamARN and ConsumerName do not name the same consumer.")
		}
		return sn, cn, *r.ConsumerARN, nil
	}
	if r.StreamARN == nil || r.ConsumerName == nil {
		return "", "", "", api.Errorf(invalidArg, "Either ConsumerARN or both StreamARN and ConsumerName must be provided.")
	}
	sn, _, err := s.resolve(streamRef{StreamARN: r.StreamARN})
	if err != nil {
		return "", "", "", err
	}
	if err := checkName("consumerName", *r.ConsumerName); err != nil {
		return "", "", "", err
	}
	arn = *r.StreamARN + "/consumer/" + *r.ConsumerName + ":*"
	if st := s.streams[sn]; st != nil && st.consumers[*r.ConsumerName] != nil {
		arn = st.consumers[*r.ConsumerName].arn
	}
	return sn, *r.ConsumerName, arn, nil
}

// findConsumer returns the consumer name of stream streamName whose ARN is
// arn (when arn names one).
func (s *Service) findConsumer(streamName, name, arn string, now sim.Time) (*stream, *consumer, error) {
	st, err := s.find(streamName, now)
	if err == nil {
		st.settleConsumers(now)
		if c := st.consumers[name]; c != nil && (c.arn == arn || arn == st.arn+"/consumer/"+name+":*") {
			return st, c, nil
		}
	}
	return nil, nil, api.Errorf("ResourceNotFoundException", "Consumer %s under stream %s not found for account %s.", api.Clip(name, api.MaxQuoted), streamName, s.account)
}

// prepareDescribeConsumer is DescribeStreamConsumer
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamConsumer.html).
func (s *Service) prepareDescribeConsumer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in consumerRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	sn, cn, arn, err := s.resolveConsumer(in)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, c, err := s.findConsumer(sn, cn, arn, env.Now)
		if err != nil {
			return nil, err
		}
		return struct {
			ConsumerDescription consumerOutput `json:"ConsumerDescription"`
		}{c.output(env.Now, st.arn)}, nil
	}
	return action("DescribeStreamConsumer", arn), run, nil
}

// prepareDeregisterConsumer is DeregisterStreamConsumer
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeregisterStreamConsumer.html):
// the consumer is DELETING for a while, then gone.
func (s *Service) prepareDeregisterConsumer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in consumerRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	sn, cn, arn, err := s.resolveConsumer(in)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		st, c, err := s.findConsumer(sn, cn, arn, env.Now)
		if err != nil {
			return nil, err
		}
		if c.deleting == 0 {
			c.deleting = env.Now
			s.scheduleConsumer(env, st, c, c.deleting+consumerDelay, stepConsumerDeleted)
		}
		return noOutput{}, nil
	}
	return action("DeregisterStreamConsumer", arn), run, nil
}

type listConsumersInput struct {
	StreamARN               string     `json:"StreamARN" aws:"required"`
	NextToken               *string    `json:"NextToken"`
	MaxResults              *int64     `json:"MaxResults"`
	StreamCreationTimestamp *timestamp `json:"StreamCreationTimestamp"`
}

// prepareListConsumers is ListStreamConsumers
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreamConsumers.html):
// consumers in name order, MaxResults 1–10,000 (default 100, at most 100
// returned).
func (s *Service) prepareListConsumers(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listConsumersInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	name, arn, err := s.resolve(streamRef{StreamARN: &in.StreamARN})
	if err != nil {
		return nil, nil, err
	}
	limit := 100
	if in.MaxResults != nil {
		if err := checkRange("maxResults", *in.MaxResults, 1, 10000); err != nil {
			return nil, nil, err
		}
		limit = min(int(*in.MaxResults), 100)
	}
	after := ""
	if in.NextToken != nil {
		if after, err = readToken(*in.NextToken, "consumers:"+name, env.Now); err != nil {
			return nil, nil, err
		}
	}
	run := func() (any, error) {
		st, err := s.find(name, env.Now)
		if err != nil {
			return nil, err
		}
		st.settleConsumers(env.Now)
		names := slices.Sorted(maps.Keys(st.consumers))
		names = slices.DeleteFunc(names, func(n string) bool { return n <= after })
		out := struct {
			Consumers []consumerOutput `json:"Consumers"`
			NextToken string           `json:"NextToken,omitempty"`
		}{Consumers: []consumerOutput{}}
		for _, n := range names[:min(limit, len(names))] {
			out.Consumers = append(out.Consumers, st.consumers[n].output(env.Now, ""))
		}
		if len(names) > limit {
			out.NextToken = makeToken("consumers:"+name, names[limit-1], env.Now)
		}
		return out, nil
	}
	return action("ListStreamConsumers", arn), run, nil
}
