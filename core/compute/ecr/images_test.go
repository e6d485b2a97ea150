package ecr_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"cloudplay/core/compute/ecr"
	"cloudplay/core/scenario"
)

// pushed returns an account with repository "app" (mutability given)
// holding the blobs of images made of the given layer contents.
func pushed(t *testing.T, mutability string) *tenv {
	t.Helper()
	e := newEnv(t)
	e.repo("app", "imageTagMutability", mutability)
	return e
}

// put pushes an image made of one layer with content s, under tag.
func (e *tenv) put(repo, s, tag string) string {
	e.T.Helper()
	p := ecr.NewPush(repo, tag, [][]byte{[]byte(s)}, []byte(`{"os":"linux"}`))
	for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
		out, err := e.Raw("", op, in)
		if err := p.Answer(out, err); err != nil {
			e.T.Fatalf("push: %v", err)
		}
	}
	return ecr.Digest([]byte(p.Manifest()))
}

// manifest returns the manifest of an image made of one layer with content s.
func manifest(s string) string {
	return string(ecr.NewManifest([][]byte{[]byte(s)}, []byte(`{"os":"linux"}`)).Marshal())
}

func TestTagsMutableAndImmutable(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	d1 := e.put("app", "one", "latest")
	// The same image under the same tag again.
	e.Fail("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "latest"},
		"ImageAlreadyExistsException", "Image with digest '"+d1+"' and tag 'latest' already exists in the repository with name 'app' in registry with id '123456789012'")
	// In a MUTABLE repository the tag moves; the old image stays, untagged.
	d2 := e.put("app", "two", "latest")
	ids := list(t, e.Call("ecr:ListImages", map[string]any{"repositoryName": "app"}), "imageIds")
	want := []map[string]any{{"imageDigest": d1}, {"imageDigest": d2, "imageTag": "latest"}}
	if d2 < d1 {
		want[0], want[1] = want[1], want[0]
	}
	if !equalJSON(ids, want) {
		t.Fatalf("ListImages %v, want %v", ids, want)
	}
	untagged := list(t, e.Call("ecr:DescribeImages", map[string]any{"repositoryName": "app", "filter": map[string]any{"tagStatus": "UNTAGGED"}}), "imageDetails")
	if len(untagged) != 1 || untagged[0]["imageDigest"] != d1 || untagged[0]["imageTags"] != nil {
		t.Fatalf("untagged %v", untagged)
	}

	im := pushed(t, "IMMUTABLE")
	im.put("app", "one", "v1")
	im.T = t
	im.Fail("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "v1"},
		"ImageAlreadyExistsException", "Image with digest")
	// A new tag for the same image is fine; the tag of another image is not.
	im.Call("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "stable"})
	im.put("app", "two", "v2")
	im.Fail("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("two"), "imageTag": "v1"},
		"ImageTagAlreadyExistsException", "The image tag 'v1' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.")
}

// BatchGetImage answers each id as ECR does: found images, one entry per
// tag for a digest, and failures with their codes and reasons.
func TestBatchGetImageFailures(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	d := e.put("app", "one", "latest")
	e.Call("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "t2"})
	other := "sha256:" + strings.Repeat("a", 64)
	out := e.Call("ecr:BatchGetImage", map[string]any{"repositoryName": "app", "imageIds": []any{
		map[string]any{"imageDigest": d},
		map[string]any{"imageTag": "nope"},
		map[string]any{"imageDigest": "invalid_digest"},
		map[string]any{},
		map[string]any{"imageTag": "latest", "imageDigest": other},
		map[string]any{"imageTag": "nope", "imageDigest": other},
	}})
	imgs := list(t, out, "images")
	if len(imgs) != 2 || !equalJSON(imgs[0]["imageId"], map[string]any{"imageDigest": d, "imageTag": "latest"}) ||
		!equalJSON(imgs[1]["imageId"], map[string]any{"imageDigest": d, "imageTag": "t2"}) {
		t.Fatalf("images %v", imgs)
	}
	want := []map[string]any{
		{"imageId": map[string]any{"imageTag": "nope"}, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"},
		{"imageId": map[string]any{"imageDigest": "invalid_digest"}, "failureCode": "InvalidImageDigest",
			"failureReason": "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'"},
		{"imageId": map[string]any{}, "failureCode": "MissingDigestAndTag", "failureReason": "Invalid request parameters: both tag and digest cannot be null"},
		{"imageId": map[string]any{"imageTag": "latest", "imageDigest": other}, "failureCode": "ImageTagDoesNotMatchDigest",
			"failureReason": "Invalid request parameters: given tag does not map to the given digest"},
		{"imageId": map[string]any{"imageTag": "nope", "imageDigest": other}, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"},
	}
	if got := list(t, out, "failures"); !equalJSON(got, want) {
		t.Fatalf("failures\n%v\nwant\n%v", got, want)
	}
	// A manifest type the client does not accept is not served.
	out = e.Call("ecr:BatchGetImage", map[string]any{"repositoryName": "app", "imageIds": []any{map[string]any{"imageTag": "latest"}},
		"acceptedMediaTypes": []string{ecr.MediaTypeOCIManifest}})
	if f := list(t, out, "failures"); len(list(t, out, "images")) != 0 || len(f) != 1 || f[0]["failureCode"] != "ImageNotFound" {
		t.Fatalf("with acceptedMediaTypes: %v", out)
	}
}

func TestBatchDeleteImage(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	d := e.put("app", "one", "latest")
	e.Call("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "t2"})
	// A tag removes the tag only; the image keeps its other tag.
	out := e.Call("ecr:BatchDeleteImage", map[string]any{"repositoryName": "app", "imageIds": []any{map[string]any{"imageTag": "t2"}}})
	if !equalJSON(list(t, out, "imageIds"), []map[string]any{{"imageDigest": d, "imageTag": "t2"}}) || len(list(t, out, "failures")) != 0 {
		t.Fatalf("delete t2: %v", out)
	}
	e.Call("ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "t2"})
	e.Fail("ecr:DeleteRepository", map[string]any{"repositoryName": "app"}, "RepositoryNotEmptyException",
		"The repository with name 'app' in registry with id '123456789012' cannot be deleted because it still contains images")
	// A digest removes the image with all its tags, each listed once even
	// when another id names it too.
	out = e.Call("ecr:BatchDeleteImage", map[string]any{"repositoryName": "app", "imageIds": []any{
		map[string]any{"imageDigest": d}, map[string]any{"imageTag": "t2"}, map[string]any{"imageTag": "gone"}}})
	if !equalJSON(list(t, out, "imageIds"), []map[string]any{{"imageDigest": d, "imageTag": "latest"}, {"imageDigest": d, "imageTag": "t2"}}) {
		t.Fatalf("delete by digest: %v", out)
	}
	if f := list(t, out, "failures"); len(f) != 1 || f[0]["failureCode"] != "ImageNotFound" {
		t.Fatalf("failures %v", f)
	}
	if ids := list(t, e.Call("ecr:ListImages", map[string]any{"repositoryName": "app"}), "imageIds"); len(ids) != 0 {
		t.Fatalf("images left: %v", ids)
	}
	// Layers stay, but no image names them: they cannot be pulled.
	e.Fail("ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "app", "layerDigest": ecr.Digest([]byte("one"))},
		"LayerInaccessibleException", "The specified layer is not available")
	e.Call("ecr:DeleteRepository", map[string]any{"repositoryName": "app"})
}

func TestDeleteRepositoryForce(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	e.put("app", "one", "latest")
	out := e.Call("ecr:DeleteRepository", map[string]any{"repositoryName": "app", "force": true})["repository"].(map[string]any)
	if out["repositoryName"] != "app" {
		t.Fatalf("DeleteRepository: %v", out)
	}
	e.Fail("ecr:DescribeImages", map[string]any{"repositoryName": "app"}, "RepositoryNotFoundException", "The repository with name 'app' does not exist")
}

// The list operations page through everything exactly once.
func TestPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, n := range []string{"a1", "a2", "a3", "a4", "a5"} {
		e.repo(n)
	}
	var names []string
	in := map[string]any{"maxResults": 2}
	for {
		out := e.Call("ecr:DescribeRepositories", in)
		for _, r := range list(t, out, "repositories") {
			names = append(names, r["repositoryName"].(string))
		}
		tok, ok := out["nextToken"].(string)
		if !ok {
			break
		}
		in["nextToken"] = tok
	}
	if strings.Join(names, ",") != "a1,a2,a3,a4,a5" {
		t.Fatalf("repositories %v", names)
	}
	if all := list(t, e.Call("ecr:DescribeRepositories", map[string]any{}), "repositories"); len(all) != 5 {
		t.Fatalf("one page of %d", len(all))
	}
	for i, s := range []string{"x", "y", "z"} {
		e.put("a1", s, "")
		e.Call("ecr:PutImage", map[string]any{"repositoryName": "a1", "imageManifest": manifest(s), "imageTag": "v" + string(rune('1'+i))})
	}
	for _, op := range []string{"ecr:ListImages", "ecr:DescribeImages"} {
		key := map[string]string{"ecr:ListImages": "imageIds", "ecr:DescribeImages": "imageDetails"}[op]
		seen := 0
		in := map[string]any{"repositoryName": "a1", "maxResults": 1}
		for {
			out := e.Call(op, in)
			seen += len(list(t, out, key))
			tok, ok := out["nextToken"].(string)
			if !ok {
				break
			}
			in["nextToken"] = tok
		}
		if seen != 3 {
			t.Fatalf("%s paged %d entries, want 3", op, seen)
		}
	}
}

func TestGetAuthorizationToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := list(t, e.Call("ecr:GetAuthorizationToken", map[string]any{}), "authorizationData")
	if len(data) != 1 || data[0]["expiresAt"] != "2026-01-01T12:00:00Z" || data[0]["proxyEndpoint"] != "https://123456789012.dkr.ecr.us-east-1.amazonaws.com" {
		t.Fatalf("authorizationData %v", data)
	}
	raw, err := base64.StdEncoding.DecodeString(data[0]["authorizationToken"].(string))
	if err != nil || !strings.HasPrefix(string(raw), "AWS:") || len(raw) < 20 {
		t.Fatalf("token %q (%v)", raw, err)
	}
	// Authorised on "*"; a user without the action is refused.
	e.Call("iam:CreateUser", map[string]any{"UserName": "Bob"})
	e.FailAs(bob, "ecr:GetAuthorizationToken", map[string]any{}, "AccessDeniedException",
		"User: arn:aws:iam::123456789012:user/Bob is not authorized to perform: ecr:GetAuthorizationToken because no identity-based policy allows the ecr:GetAuthorizationToken action")
}

// A repository policy lets another principal pull without any policy of
// their own, as AWS documents
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html);
// pushing stays denied.
func TestPolicyAllowsAnotherPrincipalToPull(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	e.put("app", "one", "latest")
	e.Call("iam:CreateUser", map[string]any{"UserName": "Bob"})
	get := map[string]any{"repositoryName": "app", "imageIds": []any{map[string]any{"imageTag": "latest"}}}
	e.FailAs(bob, "ecr:BatchGetImage", get, "AccessDeniedException",
		"User: arn:aws:iam::123456789012:user/Bob is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:123456789012:repository/app because no identity-based policy allows the ecr:BatchGetImage action")
	pol := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowPull",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:user/Bob"},
      "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    }
  ]
}`
	out := e.Call("ecr:SetRepositoryPolicy", map[string]any{"repositoryName": "app", "policyText": pol})
	if out["policyText"] != pol || out["repositoryName"] != "app" || out["registryId"] != acct {
		t.Fatalf("SetRepositoryPolicy: %v", out)
	}
	if got := e.Call("ecr:GetRepositoryPolicy", map[string]any{"repositoryName": "app"})["policyText"]; got != pol {
		t.Fatalf("GetRepositoryPolicy: %v", got)
	}
	if imgs := list(t, e.CallAs(bob, "ecr:BatchGetImage", get), "images"); len(imgs) != 1 {
		t.Fatalf("Bob pulled %v", imgs)
	}
	e.CallAs(bob, "ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "app", "layerDigest": ecr.Digest([]byte("one"))})
	e.FailAs(bob, "ecr:PutImage", map[string]any{"repositoryName": "app", "imageManifest": manifest("one"), "imageTag": "bob"},
		"AccessDeniedException", "User: arn:aws:iam::123456789012:user/Bob is not authorized to perform: ecr:PutImage")
	// Deleting the policy takes the permission back.
	if got := e.Call("ecr:DeleteRepositoryPolicy", map[string]any{"repositoryName": "app"})["policyText"]; got != pol {
		t.Fatalf("DeleteRepositoryPolicy answered %v", got)
	}
	e.FailAs(bob, "ecr:BatchGetImage", get, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/Bob is not authorized")
}

// A role whose policies allow pulling everywhere is still denied by an
// explicit Deny in the repository's policy, and the denial carries its
// trace; the same role pulls from a repository without that policy.
func TestRoleDeniedPull(t *testing.T) {
	t.Parallel()
	e := pushed(t, "MUTABLE")
	e.put("app", "one", "latest")
	e.repo("open")
	e.put("open", "two", "latest")
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/Bob"},"Action":"sts:AssumeRole"}]}`
	e.Call("iam:CreateUser", map[string]any{"UserName": "Bob"})
	e.Call("iam:CreateRole", map[string]any{"RoleName": "Puller", "AssumeRolePolicyDocument": trust})
	e.Call("iam:PutRolePolicy", map[string]any{"RoleName": "Puller", "PolicyName": "pull",
		"PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}`})
	sess := e.CallAs(bob, "sts:AssumeRole", map[string]any{"RoleArn": "arn:aws:iam::123456789012:role/Puller", "RoleSessionName": "agent"})
	caller := sess["AssumedRoleUser"].(map[string]any)["Arn"].(string)
	e.Call("ecr:SetRepositoryPolicy", map[string]any{"repositoryName": "app", "policyText": `{"Version":"2012-10-17","Statement":[
{"Sid":"NoPuller","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:role/Puller"},"Action":"ecr:BatchGetImage"}]}`})
	get := map[string]any{"repositoryName": "app", "imageIds": []any{map[string]any{"imageTag": "latest"}}}
	_, err := e.Raw(caller, "ecr:BatchGetImage", get)
	e.FailAs(caller, "ecr:BatchGetImage", get, "AccessDeniedException",
		"User: "+caller+" is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:123456789012:repository/app with an explicit deny in a resource-based policy")
	b, _ := json.Marshal(err)
	if !strings.Contains(string(b), `"NoPuller"`) {
		t.Fatalf("the denial's trace does not name the statement: %s", b)
	}
	get["repositoryName"] = "open"
	if imgs := list(t, e.CallAs(caller, "ecr:BatchGetImage", get), "images"); len(imgs) != 1 {
		t.Fatalf("the role could not pull from open: %v", imgs)
	}
}

// A push exported as a scenario replays to the same registry: upload ids
// come from the seed, and only successful calls draw from it.
func TestPushReplays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("java-app")
	e.push("", demo("java-app"))
	e.Fail("ecr:PutImage", map[string]any{"repositoryName": "java-app", "imageManifest": "{"}, "InvalidParameterException", "")
	e.repo("node-app")
	e.push("", demo("node-app"))
	a, _, err := scenario.Load(scenario.Export(e.A, scenario.Meta{}))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(a.View().ECR)
	want, _ := json.Marshal(e.A.View().ECR)
	if string(got) != string(want) {
		t.Fatalf("replayed registry\n%s\nwant\n%s", got, want)
	}
}
