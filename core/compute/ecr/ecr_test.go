package ecr_test

import (
	"encoding/base64"
	"reflect"
	"slices"
	"strings"
	"testing"

	"cloudplay/core/compute/ecr"
)

func TestCreateRepositoryDefaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := e.Call("ecr:CreateRepository", map[string]any{"repositoryName": "team/web-app"})["repository"].(map[string]any)
	want := map[string]any{
		"repositoryArn":              "arn:aws:ecr:us-east-1:123456789012:repository/team/web-app",
		"registryId":                 acct,
		"repositoryName":             "team/web-app",
		"repositoryUri":              "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web-app",
		"createdAt":                  "2026-01-01T00:00:00Z",
		"imageTagMutability":         "MUTABLE",
		"imageScanningConfiguration": map[string]any{"scanOnPush": false},
		"encryptionConfiguration":    map[string]any{"encryptionType": "AES256"},
	}
	for k, v := range want {
		if got := out[k]; !equalJSON(got, v) {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	kms := e.Call("ecr:CreateRepository", map[string]any{"repositoryName": "kms", "imageTagMutability": "IMMUTABLE",
		"imageScanningConfiguration": map[string]any{"scanOnPush": true},
		"encryptionConfiguration":    map[string]any{"encryptionType": "KMS"}})["repository"].(map[string]any)
	if kms["imageTagMutability"] != "IMMUTABLE" || !equalJSON(kms["imageScanningConfiguration"], map[string]any{"scanOnPush": true}) ||
		!equalJSON(kms["encryptionConfiguration"], map[string]any{"encryptionType": "KMS", "kmsKey": "arn:aws:kms:us-east-1:123456789012:alias/aws/ecr"}) {
		t.Errorf("KMS repository: %v", kms)
	}
}

func equalJSON(a, b any) bool { return reflect.DeepEqual(a, b) }

// Every operation refuses bad input and missing resources with ECR's
// code and wording, and leaves the account as it was.
func TestErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("rp")
	e.repo("imm", "imageTagMutability", "IMMUTABLE")
	digest := "sha256:" + strings.Repeat("a", 64)
	tests := []struct {
		name, op string
		in       any
		code     string
		msg      string
	}{
		{"name pattern", "ecr:CreateRepository", map[string]any{"repositoryName": "MyRepo"}, "InvalidParameterException",
			"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''"},
		{"name too short", "ecr:CreateRepository", map[string]any{"repositoryName": "a"}, "InvalidParameterException",
			"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length greater than or equal to 2'"},
		{"name too long", "ecr:CreateRepository", map[string]any{"repositoryName": strings.Repeat("a", 257)}, "InvalidParameterException",
			"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must have length less than or equal to 256'"},
		{"double slash", "ecr:CreateRepository", map[string]any{"repositoryName": "a//b"}, "InvalidParameterException",
			"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression"},
		{"mutability", "ecr:CreateRepository", map[string]any{"repositoryName": "x1", "imageTagMutability": "mutable"}, "InvalidParameterException",
			"Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'"},
		{"encryption", "ecr:CreateRepository", map[string]any{"repositoryName": "x1", "encryptionConfiguration": map[string]any{"encryptionType": "AES"}}, "InvalidParameterException",
			"Invalid parameter at 'encryptionConfiguration.encryptionType'"},
		{"kms key with AES256", "ecr:CreateRepository", map[string]any{"repositoryName": "x1", "encryptionConfiguration": map[string]any{"encryptionType": "AES256", "kmsKey": "k"}}, "InvalidParameterException",
			"Invalid parameter at 'encryptionConfiguration'"},
		{"exists", "ecr:CreateRepository", map[string]any{"repositoryName": "rp"}, "RepositoryAlreadyExistsException",
			"The repository with name 'rp' already exists in the registry with id '123456789012'"},
		{"unknown member", "ecr:CreateRepository", map[string]any{"repositoryName": "x1", "RepositoryName": "x"}, "InvalidParameterException",
			`Unknown parameter in input: "RepositoryName"`},
		{"registry id", "ecr:DescribeImages", map[string]any{"repositoryName": "rp", "registryId": "12"}, "InvalidParameterException",
			"Invalid parameter at 'registryId' failed to satisfy constraint: 'must satisfy regular expression '[0-9]{12}''"},
		{"describe missing", "ecr:DescribeRepositories", map[string]any{"repositoryNames": []string{"rp", "nope"}}, "RepositoryNotFoundException",
			"The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		{"describe names and paging", "ecr:DescribeRepositories", map[string]any{"repositoryNames": []string{"r"}, "maxResults": 5}, "InvalidParameterException", "Invalid parameter"},
		{"maxResults", "ecr:DescribeRepositories", map[string]any{"maxResults": 1001}, "InvalidParameterException",
			"Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{"bad token", "ecr:ListImages", map[string]any{"repositoryName": "rp", "nextToken": "!!"}, "InvalidParameterException",
			"Invalid parameter at 'nextToken'"},
		{"delete missing", "ecr:DeleteRepository", map[string]any{"repositoryName": "nope"}, "RepositoryNotFoundException",
			"The repository with name 'nope' does not exist in the registry with id '123456789012'"},
		// Another account's repository: its policy would have to allow.
		{"other registry", "ecr:ListImages", map[string]any{"repositoryName": "rp", "registryId": "210987654321"}, "AccessDeniedException",
			"User: arn:aws:iam::123456789012:root is not authorized to perform: ecr:ListImages on resource: arn:aws:ecr:us-east-1:210987654321:repository/rp because no resource-based policy allows the ecr:ListImages action"},
		{"no policy", "ecr:GetRepositoryPolicy", map[string]any{"repositoryName": "rp"}, "RepositoryPolicyNotFoundException",
			"Repository policy does not exist for the repository with name 'rp' in the registry with id '123456789012'"},
		{"delete no policy", "ecr:DeleteRepositoryPolicy", map[string]any{"repositoryName": "rp"}, "RepositoryPolicyNotFoundException",
			"Repository policy does not exist for the repository with name 'rp'"},
		{"policy not JSON", "ecr:SetRepositoryPolicy", map[string]any{"repositoryName": "rp", "policyText": "allow all"}, "InvalidParameterException",
			"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"},
		{"policy without principal", "ecr:SetRepositoryPolicy", map[string]any{"repositoryName": "rp", "policyText": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*"}]}`}, "InvalidParameterException",
			"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'"},
		{"policy too long", "ecr:SetRepositoryPolicy", map[string]any{"repositoryName": "rp", "policyText": strings.Repeat(" ", 10241)}, "InvalidParameterException",
			"Invalid parameter at 'policyText' failed to satisfy constraint: 'Member must have length less than or equal to 10240'"},
		{"no layer digests", "ecr:BatchCheckLayerAvailability", map[string]any{"repositoryName": "rp", "layerDigests": []string{}}, "InvalidParameterException",
			"Invalid parameter at 'layerDigests' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{"no upload", "ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": "u", "partFirstByte": 0, "partLastByte": 0, "layerPartBlob": "eA=="}, "UploadNotFoundException",
			"The upload with id 'u' does not exist in the repository with name 'rp' in the registry with id '123456789012'"},
		{"part over 1 MiB", "ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": "u", "partFirstByte": 0, "partLastByte": 1 << 20, "layerPartBlob": make([]byte, 1<<20+1)}, "InvalidLayerPartException",
			"The layer part is 1048577 bytes; the playground takes parts of at most 1048576 bytes (1 MiB)"},
		{"complete no upload", "ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": "u", "layerDigests": []string{digest}}, "UploadNotFoundException", "The upload with id 'u'"},
		{"manifest not JSON", "ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": "{"}, "InvalidParameterException",
			"Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"},
		{"manifest schema 1", "ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": `{"schemaVersion":1}`}, "InvalidParameterException",
			"Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'schemaVersion must be 2'"},
		{"tag too long", "ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": "{}", "imageTag": strings.Repeat("t", 301)}, "InvalidParameterException",
			"Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length less than or equal to 300'"},
		{"no image ids", "ecr:BatchGetImage", map[string]any{"repositoryName": "rp", "imageIds": []any{}}, "InvalidParameterException",
			"Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'"},
		{"describe unknown image", "ecr:DescribeImages", map[string]any{"repositoryName": "rp", "imageIds": []any{map[string]any{"imageTag": "v9"}}}, "ImageNotFoundException",
			"The image with imageId {imageDigest:'null', imageTag:'v9'} does not exist within the repository with name 'rp' in the registry with id '123456789012'"},
		{"tag status", "ecr:ListImages", map[string]any{"repositoryName": "rp", "filter": map[string]any{"tagStatus": "SOME"}}, "InvalidParameterException",
			"Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'"},
		{"url missing layer", "ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "rp", "layerDigest": digest}, "LayersNotFoundException",
			"The layer with digest '" + digest + "' does not exist in the repository with name 'rp'"},
		{"url bad digest", "ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "rp", "layerDigest": "sha256"}, "InvalidParameterException",
			"Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+''"},
	}
	before := len(e.A.Journal())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.T = t
			e.Fail(tt.op, tt.in, tt.code, tt.msg)
		})
	}
	e.T = t
	if n := len(e.A.Journal()); n != before {
		t.Fatalf("failed calls changed the account: journal %d → %d", before, n)
	}
	if v := e.A.View().ECR; len(v.Repositories) != 2 || v.UploadBytes != 0 {
		t.Fatalf("view after the failures: %+v", v)
	}
}

// The full docker push, then the pull a container agent makes: the log
// shows the real sequence, the image is described with the sum of its
// layer sizes, and each layer has a download URL.
func TestPushThenPull(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("java-app")
	d := demo("java-app")
	p, ops := e.push("", d)
	want := []string{"ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability"}
	for range 4 { // three layers and the config, each small enough for one part
		want = append(want, "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload")
	}
	want = append(want, "ecr:PutImage")
	if !slices.Equal(ops, want) {
		t.Fatalf("push made\n%v\nwant\n%v", ops, want)
	}
	if len(p.Present()) != 0 {
		t.Fatalf("an empty repository had %v", p.Present())
	}
	digest := ecr.Digest([]byte(p.Manifest()))

	got := e.Call("ecr:BatchGetImage", map[string]any{"repositoryName": "java-app", "imageIds": []any{map[string]any{"imageTag": "1.0"}},
		"acceptedMediaTypes": []string{ecr.MediaTypeDockerManifest}})
	imgs := list(t, got, "images")
	if len(imgs) != 1 || len(list(t, got, "failures")) != 0 {
		t.Fatalf("BatchGetImage: %v", got)
	}
	if imgs[0]["imageManifest"] != p.Manifest() || !equalJSON(imgs[0]["imageId"], map[string]any{"imageDigest": digest, "imageTag": "1.0"}) ||
		imgs[0]["imageManifestMediaType"] != ecr.MediaTypeDockerManifest {
		t.Fatalf("image %v", imgs[0])
	}
	m, err := ecr.ParseManifest(imgs[0]["imageManifest"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, l := range m.Layers {
		u := e.Call("ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "java-app", "layerDigest": l.Digest})
		if url := u["downloadUrl"].(string); !strings.HasPrefix(url, "https://prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com/") ||
			!strings.HasSuffix(url, l.Digest[7:]) || u["layerDigest"] != l.Digest {
			t.Fatalf("GetDownloadUrlForLayer: %v", u)
		}
		size += l.Size
	}
	det := list(t, e.Call("ecr:DescribeImages", map[string]any{"repositoryName": "java-app"}), "imageDetails")
	if len(det) != 1 || det[0]["imageDigest"] != digest || det[0]["imageSizeInBytes"] != float64(size) ||
		det[0]["imagePushedAt"] != "2026-01-01T00:00:00Z" || !equalJSON(det[0]["imageTags"], []any{"1.0"}) {
		t.Fatalf("DescribeImages: %v (want size %d)", det, size)
	}
	// The account keeps only digests and sizes once uploads complete.
	v := e.A.View().ECR
	if v.UploadBytes != 0 || len(v.Repositories[0].Layers) != 4 || v.Repositories[0].Images[0].SizeBytes != size {
		t.Fatalf("view %+v", v)
	}
}

// A second image on the same base uploads only its new layers: the
// repository answers AVAILABLE for the base layer.
func TestLayersAreShared(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("apps")
	java, node := demo("java-app"), demo("node-app")
	java.Repository, node.Repository = "apps", "apps"
	e.push("", java)
	base := ecr.Digest(node.Layers[0])
	check := e.Call("ecr:BatchCheckLayerAvailability", map[string]any{"repositoryName": "apps",
		"layerDigests": []string{base, ecr.Digest(node.Layers[1])}})
	layers, failures := list(t, check, "layers"), list(t, check, "failures")
	if len(layers) != 1 || layers[0]["layerDigest"] != base || layers[0]["layerAvailability"] != "AVAILABLE" ||
		layers[0]["layerSize"] != float64(len(node.Layers[0])) {
		t.Fatalf("layers %v", layers)
	}
	if len(failures) != 1 || failures[0]["failureCode"] != "MissingLayerDigest" {
		t.Fatalf("failures %v", failures)
	}
	p, ops := e.push("", node)
	if !slices.Equal(p.Present(), []string{base}) {
		t.Fatalf("present %v, want the base %s", p.Present(), base)
	}
	uploads := 0
	for _, op := range ops {
		if op == "ecr:InitiateLayerUpload" {
			uploads++
		}
	}
	if uploads != 3 { // two node layers and the config
		t.Fatalf("%d uploads for the second image, want 3: %v", uploads, ops)
	}
	v := e.A.View().ECR.Repositories[0]
	if len(v.Images) != 2 || len(v.Layers) != 7 {
		t.Fatalf("repository %+v", v)
	}
	for _, l := range v.Layers {
		if l.Digest == base && l.Images != 2 {
			t.Fatalf("base layer named by %d images, want 2", l.Images)
		}
	}
}

// upload uploads data as one layer in parts of the given sizes and
// returns the upload id.
func (e *tenv) upload(repo string, data []byte, parts ...int) string {
	e.T.Helper()
	id := e.Call("ecr:InitiateLayerUpload", map[string]any{"repositoryName": repo})["uploadId"].(string)
	from := 0
	for _, n := range parts {
		out := e.Call("ecr:UploadLayerPart", map[string]any{"repositoryName": repo, "uploadId": id,
			"partFirstByte": from, "partLastByte": from + n - 1, "layerPartBlob": data[from : from+n]})
		if out["lastByteReceived"] != float64(from+n-1) {
			e.T.Fatalf("lastByteReceived %v, want %d", out["lastByteReceived"], from+n-1)
		}
		from += n
	}
	return id
}

func TestUploadChecks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("rp")
	data := []byte("0123456789")
	id := e.upload("rp", data, 4)
	if !isUUID(id) {
		t.Fatalf("upload id %q is not a UUID", id)
	}
	// A gap, an overlap and a range that is not the blob's length.
	e.Fail("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": 5, "partLastByte": 9, "layerPartBlob": data[5:]},
		"InvalidLayerPartException", "The layer part's first byte 5 is not consecutive to the last byte received, 3")
	e.Fail("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": 3, "partLastByte": 9, "layerPartBlob": data[3:]},
		"InvalidLayerPartException", "The layer part's first byte 3 is not consecutive")
	e.Fail("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": 4, "partLastByte": 8, "layerPartBlob": data[4:]},
		"InvalidLayerPartException", "The layer part from byte 4 to byte 8 is not 6 bytes long")
	e.Call("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": 4, "partLastByte": 9, "layerPartBlob": data[4:]})
	// The digest must be the sha256 of the whole blob.
	wrong := ecr.Digest(data[:9])
	e.Fail("ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": id, "layerDigests": []string{wrong}},
		"InvalidLayerException", "The layer digest calculated for the uploaded layer, "+ecr.Digest(data)+", does not match the expected digest "+wrong)
	if v := e.A.View().ECR; len(v.Repositories[0].Layers) != 0 || v.UploadBytes != 10 {
		t.Fatalf("after the mismatch: %+v", v)
	}
	out := e.Call("ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": id, "layerDigests": []string{ecr.Digest(data)}})
	if out["layerDigest"] != ecr.Digest(data) || out["uploadId"] != id {
		t.Fatalf("CompleteLayerUpload: %v", out)
	}
	if v := e.A.View().ECR; v.UploadBytes != 0 || v.Repositories[0].Layers[0].Size != 10 {
		t.Fatalf("after completing: %+v", v)
	}
	// The same blob again.
	id = e.upload("rp", data, 10)
	e.Fail("ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": id, "layerDigests": []string{ecr.Digest(data)}},
		"LayerAlreadyExistsException", "The layer with digest '"+ecr.Digest(data)+"' already exists in the repository with name 'rp'")
	// No parts.
	empty := e.upload("rp", nil)
	e.Fail("ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": empty, "layerDigests": []string{ecr.Digest(nil)}},
		"EmptyUploadException", "The specified layer upload does not contain any layer parts.")
	// An uploaded layer no image names cannot be pulled.
	e.Fail("ecr:GetDownloadUrlForLayer", map[string]any{"repositoryName": "rp", "layerDigest": ecr.Digest(data)},
		"LayerInaccessibleException", "The specified layer is not available because it is not associated with an image.")
}

func isUUID(s string) bool {
	if len(s) != 36 || s[14] != '4' {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// The uploads in progress hold at most 8 MiB: past it a part is refused
// and nothing is kept of it.
func TestUploadBytesAreBounded(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("rp")
	part := make([]byte, ecr.MaxPartBytes)
	id := e.Call("ecr:InitiateLayerUpload", map[string]any{"repositoryName": "rp"})["uploadId"].(string)
	for i := range ecr.MaxUploadBytes / ecr.MaxPartBytes {
		from := i * ecr.MaxPartBytes
		e.Call("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": from, "partLastByte": from + len(part) - 1,
			"layerPartBlob": base64.StdEncoding.EncodeToString(part)})
	}
	e.Fail("ecr:UploadLayerPart", map[string]any{"repositoryName": "rp", "uploadId": id, "partFirstByte": ecr.MaxUploadBytes, "partLastByte": ecr.MaxUploadBytes,
		"layerPartBlob": "eA=="}, "LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: the playground holds at most 8388608 bytes")
	if v := e.A.View().ECR; v.UploadBytes != ecr.MaxUploadBytes {
		t.Fatalf("upload bytes %d", v.UploadBytes)
	}
	// Deleting the repository frees them.
	e.Call("ecr:DeleteRepository", map[string]any{"repositoryName": "rp"})
	if v := e.A.View().ECR; v.UploadBytes != 0 {
		t.Fatalf("upload bytes after delete %d", v.UploadBytes)
	}
}

// A manifest that names a layer the repository does not hold is refused
// with LayersNotFoundException naming it, and nothing is stored.
func TestManifestNamingAMissingLayer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.repo("rp")
	layer, config, missing := []byte("layer"), []byte("{}"), []byte("never uploaded")
	for _, b := range [][]byte{layer, config} {
		id := e.upload("rp", b, len(b))
		e.Call("ecr:CompleteLayerUpload", map[string]any{"repositoryName": "rp", "uploadId": id, "layerDigests": []string{ecr.Digest(b)}})
	}
	m := string(ecr.NewManifest([][]byte{layer, missing}, config).Marshal())
	e.Fail("ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": m, "imageTag": "v1"}, "LayersNotFoundException",
		"Layers with digests '["+ecr.Digest(missing)+"]' required for pushing image into repository with name 'rp' in registry with id '123456789012' do not exist")
	if v := e.A.View().ECR.Repositories[0]; len(v.Images) != 0 {
		t.Fatalf("the refused manifest was stored: %+v", v.Images)
	}
	// The config blob must have been uploaded too.
	m = string(ecr.NewManifest([][]byte{layer}, missing).Marshal())
	e.Fail("ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": m}, "LayersNotFoundException", "Layers with digests '["+ecr.Digest(missing)+"]'")
	// With every blob there, the image goes in; its digest is the manifest's.
	m = string(ecr.NewManifest([][]byte{layer}, config).Marshal())
	out := e.Call("ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": m, "imageTag": "v1"})["image"].(map[string]any)
	if !equalJSON(out["imageId"], map[string]any{"imageDigest": ecr.Digest([]byte(m)), "imageTag": "v1"}) {
		t.Fatalf("PutImage: %v", out)
	}
	e.Fail("ecr:PutImage", map[string]any{"repositoryName": "rp", "imageManifest": m, "imageDigest": "sha256:" + strings.Repeat("0", 64)},
		"ImageDigestDoesNotMatchException", "Provided image digest 'sha256:0000")
}
