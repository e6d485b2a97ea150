package ec2

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"

	"cloudplay/core/api"
)

type describeInstancesInput struct {
	InstanceIds []string `json:"InstanceIds"`
	Filters     []Filter `json:"Filters"`
	MaxResults  *int     `json:"MaxResults"`
	NextToken   *string  `json:"NextToken"`
}

// DescribeInstances pages: MaxResults is 5 to 1000 and may not be used
// with InstanceIds
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html);
// without it the playground answers at most 1,000 instances a page.
const (
	minMaxResults     = 5
	maxMaxResults     = 1000
	defaultMaxResults = 1000
)

func (s *Service) prepareDescribeInstances(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in describeInstancesInput
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkFilters(in.Filters, s.instanceFields(env)); err != nil {
		return nil, nil, err
	}
	if err := checkIDs(in.InstanceIds, "i", "InvalidInstanceID.Malformed"); err != nil {
		return nil, nil, err
	}
	page := defaultMaxResults
	if in.MaxResults != nil {
		if len(in.InstanceIds) > 0 {
			return nil, nil, api.Errorf(invalidParameterCombination, "The parameter instancesSet cannot be used with the parameter maxResults")
		}
		if *in.MaxResults < minMaxResults || *in.MaxResults > maxMaxResults {
			return nil, nil, api.Errorf(invalidParameterValue, "Value ( %d ) for parameter maxResults is invalid. Expecting a value greater than %d and less than or equal to %d.", *in.MaxResults, minMaxResults-1, maxMaxResults)
		}
		page = *in.MaxResults
	}
	after := ""
	if in.NextToken != nil {
		b, err := base64.RawURLEncoding.DecodeString(*in.NextToken)
		if err != nil || !wellFormedID("i", string(b)) {
			return nil, nil, api.Errorf("InvalidParameterValue", "Invalid value '%s' for nextToken", api.Clip(*in.NextToken, api.MaxQuoted))
		}
		after = string(b)
	}
	run := func() (any, error) { return s.describeInstances(env, in, page, after) }
	return describeAll("ec2:DescribeInstances"), run, nil
}

func (s *Service) describeInstances(env *api.Env, in describeInstancesInput, page int, after string) (any, error) {
	visible := func(in *instance) bool { return in != nil && !in.gone(env.Now) }
	var missing []string
	for _, id := range in.InstanceIds {
		if !visible(s.instances[id]) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 1 {
		return nil, api.Errorf("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", missing[0])
	}
	if len(missing) > 1 {
		return nil, api.Errorf("InvalidInstanceID.NotFound", "The instance IDs '%s' do not exist", api.Clip(strings.Join(missing, ", "), 4*api.MaxQuoted))
	}
	fields := s.instanceFields(env)
	out := struct {
		Reservations []reservationOutput `json:"Reservations"`
		NextToken    string              `json:"NextToken,omitempty"`
	}{Reservations: []reservationOutput{}}
	started, n, last := after == "", 0, ""
	for _, id := range s.order {
		if !started {
			started = id == after
			continue
		}
		inst := s.instances[id]
		if !visible(inst) || len(in.InstanceIds) > 0 && !slices.Contains(in.InstanceIds, id) || !matchFilters(inst, in.Filters, fields) {
			continue
		}
		if n == page {
			out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(last))
			break
		}
		n, last = n+1, id
		r := len(out.Reservations) - 1
		if r < 0 || out.Reservations[r].ReservationId != inst.reservation {
			out.Reservations = append(out.Reservations, reservationOutput{Groups: []any{}, Instances: []instanceOutput{}, OwnerId: s.account, ReservationId: inst.reservation})
			r++
		}
		out.Reservations[r].Instances = append(out.Reservations[r].Instances, s.instanceOutput(inst, env.Now))
	}
	return out, nil
}

// instanceFields answers DescribeInstances' filters (the common ones of
// its reference).
func (s *Service) instanceFields(env *api.Env) fieldsFunc[*instance] {
	return func(in *instance, name string) ([]string, bool) {
		if in == nil {
			in = &instance{}
		}
		switch name {
		case "instance-id":
			return []string{in.id}, true
		case "instance-state-name":
			return []string{stateNames[in.stateAt(env.Now)]}, true
		case "instance-state-code":
			return []string{strconv.Itoa(in.stateAt(env.Now))}, true
		case "instance-type":
			return []string{in.typ}, true
		case "image-id":
			return []string{in.image}, true
		case "availability-zone", "placement.availability-zone":
			return []string{in.zone.Name}, true
		case "subnet-id":
			return []string{in.subnet}, true
		case "vpc-id":
			return []string{s.net.vpcID}, true
		case "private-ip-address":
			return []string{in.ip.String()}, true
		case "reservation-id":
			return []string{in.reservation}, true
		case "iam-instance-profile.arn":
			return []string{in.profileARN}, true
		case "owner-id":
			return []string{s.account}, true
		}
		return tagFilter(in.tags, name)
	}
}

func (s *Service) prepareTerminateInstances(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		InstanceIds []string `json:"InstanceIds"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if len(in.InstanceIds) == 0 {
		return nil, nil, api.Errorf(missingParameter, "The request must contain the parameter InstanceId")
	}
	if err := checkIDs(in.InstanceIds, "i", "InvalidInstanceID.Malformed"); err != nil {
		return nil, nil, err
	}
	var actions []api.Action
	for _, id := range in.InstanceIds {
		actions = append(actions, api.Action{Action: "ec2:TerminateInstances", Resource: s.arn("instance/" + id)})
	}
	run := func() (any, error) {
		var missing []string
		for _, id := range in.InstanceIds {
			if inst := s.instances[id]; inst == nil || inst.gone(env.Now) {
				missing = append(missing, id)
			}
		}
		if len(missing) == 1 {
			return nil, api.Errorf("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", missing[0])
		}
		if len(missing) > 1 {
			return nil, api.Errorf("InvalidInstanceID.NotFound", "The instance IDs '%s' do not exist", api.Clip(strings.Join(missing, ", "), 4*api.MaxQuoted))
		}
		type change struct {
			CurrentState  stateOutput `json:"CurrentState"`
			InstanceId    string      `json:"InstanceId"`
			PreviousState stateOutput `json:"PreviousState"`
		}
		out := []change{}
		done := map[string]bool{}
		for _, id := range in.InstanceIds {
			if done[id] {
				continue
			}
			done[id] = true
			inst := s.instances[id]
			prev := inst.stateAt(env.Now)
			if inst.terminating == 0 {
				inst.terminating = env.Now
				s.scheduleTerminated(env, inst)
			}
			cur := inst.stateAt(env.Now)
			out = append(out, change{stateOutput{cur, stateNames[cur]}, id, stateOutput{prev, stateNames[prev]}})
		}
		return map[string]any{"TerminatingInstances": out}, nil
	}
	return actions, run, nil
}
