package catalog_test

import (
	"fmt"
	"os"

	"cloudplay/core/catalog"
)

func Example() {
	// The bytes of site/iam-catalog.json (here the small test catalog),
	// fetched by the site and handed to Go.
	data, err := os.ReadFile("../../testdata/catalog/iam-catalog.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := catalog.Parse(data)
	if err != nil {
		fmt.Println(err)
		return
	}

	a := c.Action("S3:getobject") // actions ignore case, as in IAM
	fmt.Println(a, a.Level, a.Resources[0].Type.Name, a.Resources[0].Type.ARN)

	for _, a := range c.Actions("s3:Get*") {
		fmt.Println("s3:Get* ->", a)
	}

	for _, name := range []string{"aws:SourceIp", "aws:PrincipalTag/team", "s3:max-keys", "s3:nope"} {
		if k := c.ConditionKey(name); k != nil {
			fmt.Println(name, "is", k.Name, k.Type)
		} else {
			fmt.Println(name, "does not exist")
		}
	}

	object := a.Resources[0].Type
	fmt.Println(object.Match("arn:aws:s3:::photos/*"), object.Match("arn:aws:s3:::photos"))

	fmt.Println(c.CompleteAction("s3:Li"))
	// Output:
	// s3:GetObject Read object arn:${Partition}:s3:::${BucketName}/${ObjectName}
	// s3:Get* -> s3:GetBucketPolicy
	// s3:Get* -> s3:GetObject
	// aws:SourceIp is aws:SourceIp IPAddress
	// aws:PrincipalTag/team is aws:PrincipalTag/${TagKey} String
	// s3:max-keys is s3:max-keys Numeric
	// s3:nope does not exist
	// true false
	// [s3:ListAllMyBuckets s3:ListBucket]
}
