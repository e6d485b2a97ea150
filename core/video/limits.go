package video

import (
	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// Request rates, per simulated second, from the quotas page
// (https://docs.aws.amazon.com/kinesisvideostreams/latest/dg/limits.html,
// "Control plane API service quotas": "When an account-level or
// resource-level request limit is reached, a ClientLimitExceededException
// is thrown"): the account's limit and the stream's, 0 for none.
// GetMediaForFragmentList: "A client can call GetMediaForFragmentList up to
// five times per second per stream" (the API reference's limits).
// PutMedia and ListFragments are not limited here (the playground's
// camera sends at most two fragments a second, its detector lists once a
// second).
var rates = map[string][2]int{
	"CreateStream":            {50, 0},
	"DeleteStream":            {50, 5},
	"DescribeStream":          {300, 5},
	"GetDataEndpoint":         {300, 5},
	"ListStreams":             {50, 0},
	"GetMediaForFragmentList": {0, 5},
}

type rateKey struct{ op, stream string }

// throttle counts a call of op on stream (the stream's name, "" for none)
// in the simulated second of now, refusing it when the account's or the
// stream's rate for op is reached. The counts of one second only are kept.
func (s *Service) throttle(now sim.Time, op, stream string) error {
	limit, ok := rates[op]
	if !ok {
		return nil
	}
	sec := int64(now) / 1000
	if s.rates == nil || sec != s.rateSec {
		s.rates, s.rateSec = map[rateKey]int{}, sec
	}
	acct, st := rateKey{op, ""}, rateKey{op, stream}
	if limit[0] > 0 && s.rates[acct] >= limit[0] || limit[1] > 0 && stream != "" && s.rates[st] >= limit[1] {
		return api.Errorf("ClientLimitExceededException", "Kinesis Video Streams has throttled the request because you have exceeded the limit of allowed client calls. Try making the call later.")
	}
	s.rates[acct]++
	if stream != "" {
		s.rates[st]++
	}
	return nil
}
