package s3

import (
	"encoding/json"

	"cloudplay/core/api"
)

// PublicAccessBlock is a bucket's Block Public Access configuration
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html).
// New buckets have all four settings on (since April 2023).
type PublicAccessBlock struct {
	BlockPublicAcls       bool `json:"BlockPublicAcls"`
	IgnorePublicAcls      bool `json:"IgnorePublicAcls"`
	BlockPublicPolicy     bool `json:"BlockPublicPolicy"`
	RestrictPublicBuckets bool `json:"RestrictPublicBuckets"`
}

func blockAll() *PublicAccessBlock {
	return &PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
}

// preparePutPublicAccessBlock is PutPublicAccessBlock
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html).
// A setting left out is off, as in the API.
func (s *Service) preparePutPublicAccessBlock(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		Bucket                         string          `json:"Bucket" aws:"required"`
		PublicAccessBlockConfiguration json.RawMessage `json:"PublicAccessBlockConfiguration" aws:"required"`
		ContentMD5                     *string         `json:"ContentMD5"`
		ExpectedBucketOwner            *string         `json:"ExpectedBucketOwner"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var c PublicAccessBlock
	if err := decodeMember("PublicAccessBlockConfiguration", in.PublicAccessBlockConfiguration, &c); err != nil {
		return nil, nil, err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		b.pab = &c
		return noOutput{}, nil
	}
	return []api.Action{{Action: "s3:PutBucketPublicAccessBlock", Resource: bucketARN(in.Bucket)}}, run, nil
}

// prepareGetPublicAccessBlock is GetPublicAccessBlock
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetPublicAccessBlock.html).
func (s *Service) prepareGetPublicAccessBlock(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in bucketInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		if b.pab == nil {
			return nil, api.Errorf("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
		}
		return struct {
			PublicAccessBlockConfiguration PublicAccessBlock `json:"PublicAccessBlockConfiguration"`
		}{*b.pab}, nil
	}
	return []api.Action{{Action: "s3:GetBucketPublicAccessBlock", Resource: bucketARN(in.Bucket)}}, run, nil
}

// prepareDeletePublicAccessBlock is DeletePublicAccessBlock
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeletePublicAccessBlock.html).
func (s *Service) prepareDeletePublicAccessBlock(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in bucketInput
	if err := in.decode(input); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		b.pab = nil
		return noOutput{}, nil
	}
	return []api.Action{{Action: "s3:PutBucketPublicAccessBlock", Resource: bucketARN(in.Bucket)}}, run, nil
}
