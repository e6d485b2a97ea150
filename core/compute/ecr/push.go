package ecr

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"cloudplay/core/api"
	"cloudplay/core/sim"
)

// prepareGetAuthorizationToken is GetAuthorizationToken
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html):
// a base64 "AWS:<password>" docker logs in with, valid for 12 hours, and
// the registry's proxy endpoint. Authorised on "*" (the reference lists no
// resource type for it). The call changes nothing and is not exported, so
// the password is derived from the caller, the account and the time (a
// draw from the seeded source would shift every later id on replay).
func (s *Service) prepareGetAuthorizationToken(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryIDs []string `json:"registryIds"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	if in.RegistryIDs != nil {
		if err := checkCount("registryIds", len(in.RegistryIDs), 1, 10); err != nil {
			return nil, nil, err
		}
	}
	registries := []string{s.account}
	for i := range in.RegistryIDs {
		if _, err := s.registryID(&in.RegistryIDs[i]); err != nil {
			return nil, nil, err
		}
		if i == 0 {
			registries = registries[:0]
		}
		registries = append(registries, in.RegistryIDs[i])
	}
	type data struct {
		AuthorizationToken string `json:"authorizationToken"`
		ExpiresAt          string `json:"expiresAt"`
		ProxyEndpoint      string `json:"proxyEndpoint"`
	}
	run := func() (any, error) {
		out := struct {
			AuthorizationData []data `json:"authorizationData"`
		}{}
		for _, reg := range registries {
			sum := sha256.Sum256([]byte(reg + "\x00" + env.Caller.ARN + "\x00" + env.Now.Milli()))
			password := base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(sum[:])))
			out.AuthorizationData = append(out.AuthorizationData, data{
				AuthorizationToken: base64.StdEncoding.EncodeToString([]byte("AWS:" + password)),
				ExpiresAt:          timestamp(env.Now + tokenHours*3600_000),
				ProxyEndpoint:      "https://" + reg + ".dkr.ecr." + s.region + ".amazonaws.com",
			})
		}
		return out, nil
	}
	return []api.Action{{Action: "ecr:GetAuthorizationToken", Resource: "*"}}, run, nil
}

type layerOut struct {
	LayerDigest       string `json:"layerDigest"`
	LayerAvailability string `json:"layerAvailability"`
	LayerSize         int64  `json:"layerSize"`
	MediaType         string `json:"mediaType"`
}

type layerFailure struct {
	LayerDigest   string `json:"layerDigest"`
	FailureCode   string `json:"failureCode"`
	FailureReason string `json:"failureReason"`
}

// prepareBatchCheckLayerAvailability is BatchCheckLayerAvailability
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchCheckLayerAvailability.html):
// each layer the repository holds is AVAILABLE; one it does not is a
// failure MissingLayerDigest, and a digest of the wrong form
// InvalidLayerDigest (the LayerFailureCode values).
func (s *Service) prepareBatchCheckLayerAvailability(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string  `json:"registryId"`
		RepositoryName string   `json:"repositoryName" aws:"required"`
		LayerDigests   []string `json:"layerDigests" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if err := checkCount("layerDigests", len(in.LayerDigests), 1, maxBatch); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		out := struct {
			Layers   []layerOut     `json:"layers"`
			Failures []layerFailure `json:"failures"`
		}{[]layerOut{}, []layerFailure{}}
		for _, d := range in.LayerDigests {
			switch l := r.layers[d]; {
			case !digestRE.MatchString(d):
				out.Failures = append(out.Failures, layerFailure{d, "InvalidLayerDigest", "Invalid layer digest"})
			case l == nil:
				out.Failures = append(out.Failures, layerFailure{d, "MissingLayerDigest", "Requested layer not found"})
			default:
				out.Layers = append(out.Layers, layerOut{d, "AVAILABLE", l.size, MediaTypeDockerLayer})
			}
		}
		return out, nil
	}
	return action("BatchCheckLayerAvailability", arn), run, nil
}

// prepareInitiateLayerUpload is InitiateLayerUpload
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_InitiateLayerUpload.html):
// an upload id (a UUID from the seeded source) and the part size to
// upload in, the playground's MaxPartBytes.
func (s *Service) prepareInitiateLayerUpload(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in repoRef
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(in)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		if s.uploads >= maxUploads {
			return nil, api.Errorf("LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: the playground keeps at most %d layer uploads in progress", maxUploads)
		}
		u := &upload{id: uuid(env.Rand)}
		r.uploads[u.id] = u
		s.uploads++
		return struct {
			UploadID string `json:"uploadId"`
			PartSize int64  `json:"partSize"`
		}{u.id, MaxPartBytes}, nil
	}
	return action("InitiateLayerUpload", arn), run, nil
}

// uuid draws a random (version 4) UUID.
func uuid(r *sim.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func uploadNotFound(id, name, registry string) error {
	return api.Errorf("UploadNotFoundException", "The upload with id '%s' does not exist in the repository with name '%s' in the registry with id '%s'", api.Clip(id, api.MaxQuoted), name, registry)
}

// prepareUploadLayerPart is UploadLayerPart
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_UploadLayerPart.html):
// parts come in order, each starting at the byte after the last one
// received and as long as its byte range says; anything else is
// InvalidLayerPartException ("the first byte specified is not consecutive
// to the last byte of a previous layer part upload").
func (s *Service) prepareUploadLayerPart(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string `json:"registryId"`
		RepositoryName string  `json:"repositoryName" aws:"required"`
		UploadID       string  `json:"uploadId" aws:"required"`
		PartFirstByte  int64   `json:"partFirstByte" aws:"required"`
		PartLastByte   int64   `json:"partLastByte" aws:"required"`
		LayerPartBlob  []byte  `json:"layerPartBlob" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	switch {
	case in.PartFirstByte < 0:
		return nil, nil, constraintError("partFirstByte", "Member must have value greater than or equal to 0")
	case in.PartLastByte < 0:
		return nil, nil, constraintError("partLastByte", "Member must have value greater than or equal to 0")
	case len(in.LayerPartBlob) > MaxPartBytes:
		return nil, nil, api.Errorf("InvalidLayerPartException", "The layer part is %d bytes; the playground takes parts of at most %d bytes (1 MiB)", len(in.LayerPartBlob), MaxPartBytes)
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		u := r.uploads[in.UploadID]
		if u == nil {
			return nil, uploadNotFound(in.UploadID, r.name, registry)
		}
		last := int64(len(u.data)) - 1
		if in.PartFirstByte != last+1 {
			return nil, api.Errorf("InvalidLayerPartException", "The layer part's first byte %d is not consecutive to the last byte received, %d", in.PartFirstByte, last)
		}
		if in.PartLastByte-in.PartFirstByte+1 != int64(len(in.LayerPartBlob)) || len(in.LayerPartBlob) == 0 {
			return nil, api.Errorf("InvalidLayerPartException", "The layer part from byte %d to byte %d is not %d bytes long, the size of the layerPartBlob", in.PartFirstByte, in.PartLastByte, len(in.LayerPartBlob))
		}
		if s.uploadBytes+len(in.LayerPartBlob) > MaxUploadBytes {
			return nil, api.Errorf("LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: the playground holds at most %d bytes (8 MiB) of layer uploads in progress", MaxUploadBytes)
		}
		u.data = append(u.data, in.LayerPartBlob...)
		s.uploadBytes += len(in.LayerPartBlob)
		return struct {
			RegistryID       string `json:"registryId"`
			RepositoryName   string `json:"repositoryName"`
			UploadID         string `json:"uploadId"`
			LastByteReceived int64  `json:"lastByteReceived"`
		}{registry, r.name, u.id, int64(len(u.data)) - 1}, nil
	}
	return action("UploadLayerPart", arn), run, nil
}

// prepareCompleteLayerUpload is CompleteLayerUpload
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CompleteLayerUpload.html):
// the sha256 digest of the bytes uploaded must be the one given
// (InvalidLayerException otherwise); a layer the repository already holds
// is LayerAlreadyExistsException; an upload with no parts
// EmptyUploadException. Once complete, only the layer's digest and size
// are kept.
func (s *Service) prepareCompleteLayerUpload(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string  `json:"registryId"`
		RepositoryName string   `json:"repositoryName" aws:"required"`
		UploadID       string   `json:"uploadId" aws:"required"`
		LayerDigests   []string `json:"layerDigests" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if err := checkCount("layerDigests", len(in.LayerDigests), 1, maxBatch); err != nil {
		return nil, nil, err
	}
	for _, d := range in.LayerDigests {
		if !digestRE.MatchString(d) {
			return nil, nil, constraintError("layerDigests", "must satisfy regular expression '"+digestPattern+"'")
		}
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		u := r.uploads[in.UploadID]
		if u == nil {
			return nil, uploadNotFound(in.UploadID, r.name, registry)
		}
		if len(u.data) == 0 {
			return nil, api.Errorf("EmptyUploadException", "The specified layer upload does not contain any layer parts.")
		}
		got := Digest(u.data)
		if !slices.Contains(in.LayerDigests, got) {
			return nil, api.Errorf("InvalidLayerException", "The layer digest calculated for the uploaded layer, %s, does not match the expected digest %s", got, api.Clip(strings.Join(in.LayerDigests, ", "), 2*api.MaxQuoted))
		}
		if r.layers[got] != nil {
			return nil, api.Errorf("LayerAlreadyExistsException", "The layer with digest '%s' already exists in the repository with name '%s' in the registry with id '%s'", got, r.name, registry)
		}
		r.layers[got] = &layer{digest: got, size: int64(len(u.data))}
		delete(r.uploads, u.id)
		s.uploads--
		s.uploadBytes -= len(u.data)
		return struct {
			RegistryID     string `json:"registryId"`
			RepositoryName string `json:"repositoryName"`
			UploadID       string `json:"uploadId"`
			LayerDigest    string `json:"layerDigest"`
		}{registry, r.name, u.id, got}, nil
	}
	return action("CompleteLayerUpload", arn), run, nil
}

type imageID struct {
	ImageDigest string `json:"imageDigest,omitempty"`
	ImageTag    string `json:"imageTag,omitempty"`
}

type imageOut struct {
	RegistryID             string  `json:"registryId"`
	RepositoryName         string  `json:"repositoryName"`
	ImageID                imageID `json:"imageId"`
	ImageManifest          string  `json:"imageManifest"`
	ImageManifestMediaType string  `json:"imageManifestMediaType"`
}

// preparePutImage is PutImage
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html):
// the manifest's config and layers must all be in the repository
// (LayersNotFoundException names those that are not); its digest is the
// sha256 of the manifest text. The same digest under the same tag is
// ImageAlreadyExistsException; a tag that names another image moves in a
// MUTABLE repository and is ImageTagAlreadyExistsException in an
// IMMUTABLE one.
func (s *Service) preparePutImage(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID             *string `json:"registryId"`
		RepositoryName         string  `json:"repositoryName" aws:"required"`
		ImageManifest          string  `json:"imageManifest" aws:"required"`
		ImageManifestMediaType *string `json:"imageManifestMediaType"`
		ImageTag               *string `json:"imageTag"`
		ImageDigest            *string `json:"imageDigest"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if n := len(in.ImageManifest); n < 1 || n > maxManifest {
		return nil, nil, constraintError("imageManifest", "Member must have length between 1 and 4194304")
	}
	if in.ImageTag != nil {
		if err := checkTag("imageTag", *in.ImageTag); err != nil {
			return nil, nil, err
		}
	}
	m, err := ParseManifest(in.ImageManifest)
	if err != nil {
		return nil, nil, constraintError("ImageManifest", err.Error())
	}
	mediaType := m.MediaTypeOf()
	if t := in.ImageManifestMediaType; t != nil && *t != mediaType {
		return nil, nil, api.Errorf(invalidParameter, "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'the manifest's media type is %s, not %s'", mediaType, api.Clip(*t, api.MaxQuoted))
	}
	digest := Digest([]byte(in.ImageManifest))
	if d := in.ImageDigest; d != nil && *d != digest {
		return nil, nil, api.Errorf("ImageDigestDoesNotMatchException", "Provided image digest '%s' does not match the digest of the manifest, '%s'", api.Clip(*d, api.MaxQuoted), digest)
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		img, err := s.checkPut(r, registry, m, digest, in.ImageTag)
		if err != nil {
			return nil, err
		}
		if img == nil {
			img = r.addImage(m, digest, in.ImageManifest, mediaType, env.Now)
		}
		out := imageOut{RegistryID: registry, RepositoryName: r.name, ImageID: imageID{ImageDigest: digest},
			ImageManifest: img.manifest, ImageManifestMediaType: img.mediaType}
		if in.ImageTag != nil {
			r.setTag(*in.ImageTag, img)
			out.ImageID.ImageTag = *in.ImageTag
		}
		return struct {
			Image imageOut `json:"image"`
		}{out}, nil
	}
	return action("PutImage", arn), run, nil
}

// checkPut checks a PutImage of manifest m with digest under tag (nil:
// none) into r without changing anything, and returns the image when the
// digest is already there.
func (s *Service) checkPut(r *repository, registry string, m Manifest, digest string, tag *string) (*image, error) {
	var missing []string
	for _, d := range append([]Descriptor{m.Config}, m.Layers...) {
		if r.layers[d.Digest] == nil && !slices.Contains(missing, d.Digest) {
			missing = append(missing, d.Digest)
		}
	}
	if len(missing) > 0 {
		list := strings.Join(missing[:min(len(missing), 3)], ", ")
		if len(missing) > 3 {
			list += fmt.Sprintf(", … (%d in all)", len(missing))
		}
		return nil, api.Errorf("LayersNotFoundException", "Layers with digests '[%s]' required for pushing image into repository with name '%s' in registry with id '%s' do not exist", list, r.name, registry)
	}
	img := r.images[digest]
	if tag == nil {
		if img != nil {
			return nil, api.Errorf("ImageAlreadyExistsException", "Image with digest '%s' already exists in the repository with name '%s' in registry with id '%s'", digest, r.name, registry)
		}
	} else {
		switch cur, ok := r.tagged[*tag]; {
		case ok && cur == digest:
			return nil, api.Errorf("ImageAlreadyExistsException", "Image with digest '%s' and tag '%s' already exists in the repository with name '%s' in registry with id '%s'", digest, *tag, r.name, registry)
		case ok && r.mutability == "IMMUTABLE":
			return nil, api.Errorf("ImageTagAlreadyExistsException", "The image tag '%s' already exists in the '%s' repository and cannot be overwritten because the repository is immutable.", *tag, r.name)
		case img != nil && len(img.tags) >= maxTagsPerImage:
			return nil, api.Errorf("LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: at most %d tags per image", maxTagsPerImage)
		}
	}
	if img == nil && len(r.images) >= maxImages {
		return nil, api.Errorf("LimitExceededException", "The operation did not succeed because it would have exceeded a service limit for your account: at most %d images per repository", maxImages)
	}
	return img, nil
}

// addImage stores a new image; its size is the sum of its layers' sizes.
func (r *repository) addImage(m Manifest, digest, text, mediaType string, now sim.Time) *image {
	img := &image{digest: digest, manifest: text, mediaType: mediaType, pushed: now, layers: make([]string, 0, len(m.Layers))}
	for _, d := range append([]Descriptor{m.Config}, m.Layers...) {
		if !slices.Contains(img.blobs, d.Digest) {
			img.blobs = append(img.blobs, d.Digest)
			r.layers[d.Digest].refs++
		}
	}
	for _, d := range m.Layers {
		img.layers = append(img.layers, d.Digest)
		img.size += r.layers[d.Digest].size
	}
	r.images[digest] = img
	return img
}

// setTag points tag at img, taking it from the image it named before.
func (r *repository) setTag(tag string, img *image) {
	if cur, ok := r.tagged[tag]; ok {
		old := r.images[cur]
		old.tags = slices.DeleteFunc(old.tags, func(t string) bool { return t == tag })
	}
	r.tagged[tag] = img.digest
	i, _ := slices.BinarySearch(img.tags, tag)
	img.tags = slices.Insert(img.tags, i, tag)
}

// removeImage deletes img and its tags; its layers stay, unreferenced
// ones no longer pullable.
func (r *repository) removeImage(img *image) {
	for _, t := range img.tags {
		delete(r.tagged, t)
	}
	for _, d := range img.blobs {
		r.layers[d].refs--
	}
	delete(r.images, img.digest)
}
