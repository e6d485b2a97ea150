package s3

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"cloudplay/core/api"
)

// defaultMaxKeys is both the default and the largest page of
// ListObjectsV2: "Returns up to 1,000 objects".
const defaultMaxKeys = 1000

type listObjectsV2Input struct {
	Bucket              string  `json:"Bucket" aws:"required"`
	Prefix              *string `json:"Prefix"`
	Delimiter           *string `json:"Delimiter"`
	MaxKeys             *int    `json:"MaxKeys"`
	ContinuationToken   *string `json:"ContinuationToken"`
	StartAfter          *string `json:"StartAfter"`
	EncodingType        *string `json:"EncodingType"`
	FetchOwner          *bool   `json:"FetchOwner"`
	ExpectedBucketOwner *string `json:"ExpectedBucketOwner"`
}

type listedObject struct {
	Key               string       `json:"Key"`
	LastModified      string       `json:"LastModified"`
	ETag              string       `json:"ETag"`
	ChecksumAlgorithm []string     `json:"ChecksumAlgorithm"`
	ChecksumType      string       `json:"ChecksumType"`
	Size              int64        `json:"Size"`
	StorageClass      string       `json:"StorageClass"`
	Owner             *ownerOutput `json:"Owner,omitempty"`
}

type commonPrefix struct {
	Prefix string `json:"Prefix"`
}

// listObjectsV2Output has the members S3's XML has: Prefix and MaxKeys
// always, the request's own paging members when they were sent, Contents
// and CommonPrefixes only when not empty (the CLI shows no empty list).
type listObjectsV2Output struct {
	IsTruncated           bool           `json:"IsTruncated"`
	Contents              []listedObject `json:"Contents,omitempty"`
	Name                  string         `json:"Name"`
	Prefix                string         `json:"Prefix"`
	Delimiter             string         `json:"Delimiter,omitempty"`
	MaxKeys               int            `json:"MaxKeys"`
	CommonPrefixes        []commonPrefix `json:"CommonPrefixes,omitempty"`
	EncodingType          string         `json:"EncodingType,omitempty"`
	KeyCount              int            `json:"KeyCount"`
	ContinuationToken     string         `json:"ContinuationToken,omitempty"`
	NextContinuationToken string         `json:"NextContinuationToken,omitempty"`
	StartAfter            string         `json:"StartAfter,omitempty"`
}

// prepareListObjectsV2 is ListObjectsV2
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html),
// authorised as s3:ListBucket on the bucket with the condition keys
// s3:prefix, s3:delimiter and s3:max-keys for the members the request
// sends.
func (s *Service) prepareListObjectsV2(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listObjectsV2Input
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if err := checkBucketParam(in.Bucket); err != nil {
		return nil, nil, err
	}
	if in.MaxKeys != nil && *in.MaxKeys < 0 {
		return nil, nil, api.Errorf(validationCode, "Provided max-keys not an integer or within integer range")
	}
	if in.EncodingType != nil && *in.EncodingType != "url" {
		return nil, nil, api.Errorf(validationCode, "Invalid Encoding Method specified in Request")
	}
	var after position
	if in.ContinuationToken != nil {
		var err error
		if after, err = decodeToken(*in.ContinuationToken); err != nil {
			return nil, nil, err
		}
	}
	act := api.Action{Action: "s3:ListBucket", Resource: bucketARN(in.Bucket)}
	ctx := map[string][]string{}
	if in.Prefix != nil {
		ctx["s3:prefix"] = []string{*in.Prefix}
	}
	if in.Delimiter != nil {
		ctx["s3:delimiter"] = []string{*in.Delimiter}
	}
	if in.MaxKeys != nil {
		ctx["s3:max-keys"] = []string{strconv.Itoa(*in.MaxKeys)}
	}
	if len(ctx) > 0 {
		act.Context = ctx
	}
	run := func() (any, error) {
		b, err := s.own(in.Bucket, in.ExpectedBucketOwner)
		if err != nil {
			return nil, err
		}
		return s.list(b, &in, after), nil
	}
	return []api.Action{act}, run, nil
}

// position is where a page of a listing ends: after a key, or after every
// key under a common prefix.
type position struct {
	after    string
	isPrefix bool
}

// skips reports whether key comes at or before p.
func (p position) skips(key string) bool {
	return key <= p.after || p.isPrefix && strings.HasPrefix(key, p.after)
}

// list makes one page of b's listing, starting after the position the
// continuation token (or StartAfter) gives.
func (s *Service) list(b *bucket, in *listObjectsV2Input, after position) listObjectsV2Output {
	prefix, delim := deref(in.Prefix), deref(in.Delimiter)
	maxKeys := defaultMaxKeys
	if in.MaxKeys != nil {
		maxKeys = min(*in.MaxKeys, defaultMaxKeys)
	}
	if in.StartAfter != nil && *in.StartAfter > after.after {
		after = position{after: *in.StartAfter}
	}
	out := listObjectsV2Output{Name: b.name, Prefix: prefix, Delimiter: delim, MaxKeys: maxKeys,
		EncodingType: deref(in.EncodingType), ContinuationToken: deref(in.ContinuationToken), StartAfter: deref(in.StartAfter)}
	if in.MaxKeys != nil {
		out.MaxKeys = *in.MaxKeys // S3 echoes what was asked, even above 1000
	}
	enc := func(s string) string {
		if out.EncodingType == "url" {
			return url.QueryEscape(s)
		}
		return s
	}
	var last position // the last key or common prefix returned
	for _, k := range b.sortedKeys() {
		if !strings.HasPrefix(k, prefix) || after.skips(k) {
			continue
		}
		cp := ""
		if delim != "" {
			if i := strings.Index(k[len(prefix):], delim); i >= 0 {
				cp = k[:len(prefix)+i+len(delim)]
			}
		}
		if cp != "" && last.isPrefix && cp == last.after {
			continue
		}
		if out.KeyCount == maxKeys {
			out.IsTruncated = maxKeys > 0
			if out.IsTruncated {
				out.NextContinuationToken = encodeToken(last)
			}
			break
		}
		if cp != "" {
			out.CommonPrefixes = append(out.CommonPrefixes, commonPrefix{Prefix: enc(cp)})
			last = position{after: cp, isPrefix: true}
		} else {
			o := b.objects[k]
			lo := listedObject{Key: enc(k), LastModified: o.modified.String(), ETag: o.etag,
				ChecksumAlgorithm: []string{"CRC32"}, ChecksumType: "FULL_OBJECT",
				Size: int64(len(o.body)), StorageClass: o.storageClass}
			if in.FetchOwner != nil && *in.FetchOwner {
				lo.Owner = &ownerOutput{ID: CanonicalUserID(b.owner)}
			}
			out.Contents = append(out.Contents, lo)
			last = position{after: k}
		}
		out.KeyCount++
	}
	return out
}

// Continuation tokens are opaque, as S3's are: "1" and the base64 of a
// kind byte (k: after a key or bucket name, p: after a common prefix) and
// the name.
const tokenVersion = "1"

func encodeToken(p position) string {
	kind := "k"
	if p.isPrefix {
		kind = "p"
	}
	return tokenVersion + base64.RawURLEncoding.EncodeToString([]byte(kind+p.after))
}

func decodeToken(tok string) (position, error) {
	rest, ok := strings.CutPrefix(tok, tokenVersion)
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if !ok || err != nil || len(b) < 2 || b[0] != 'k' && b[0] != 'p' {
		return position{}, api.Errorf(validationCode, "The continuation token provided is incorrect")
	}
	return position{after: string(b[1:]), isPrefix: b[0] == 'p'}, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
