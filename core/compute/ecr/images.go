package ecr

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"sort"

	"cloudplay/core/api"
)

// imageIDIn is an ImageIdentifier as a request gives it.
type imageIDIn struct {
	ImageDigest *string `json:"imageDigest"`
	ImageTag    *string `json:"imageTag"`
}

func (id imageIDIn) echo() imageID {
	var out imageID
	if id.ImageDigest != nil {
		out.ImageDigest = *id.ImageDigest
	}
	if id.ImageTag != nil {
		out.ImageTag = *id.ImageTag
	}
	return out
}

type imageFailure struct {
	ImageID       imageID `json:"imageId"`
	FailureCode   string  `json:"failureCode"`
	FailureReason string  `json:"failureReason"`
}

// The ImageFailureCode values and the reasons ECR gives with them
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageFailure.html).
var (
	failMissing     = imageFailure{FailureCode: "MissingDigestAndTag", FailureReason: "Invalid request parameters: both tag and digest cannot be null"}
	failBadDigest   = imageFailure{FailureCode: "InvalidImageDigest", FailureReason: "Invalid request parameters: image digest should satisfy the regex '" + digestPattern + "'"}
	failBadTag      = imageFailure{FailureCode: "InvalidImageTag", FailureReason: "Invalid request parameters: image tag should be between 1 and 300 characters"}
	failNotFound    = imageFailure{FailureCode: "ImageNotFound", FailureReason: "Requested image not found"}
	failTagMismatch = imageFailure{FailureCode: "ImageTagDoesNotMatchDigest", FailureReason: "Invalid request parameters: given tag does not map to the given digest"}
)

// lookup finds the image id names: by tag, by digest, or by both (the
// tag must then name that digest). It returns the image and the tags the
// id selects (all the image's tags when only the digest is given), or the
// failure.
func (r *repository) lookup(id imageIDIn) (*image, []string, *imageFailure) {
	fail := func(f imageFailure) (*image, []string, *imageFailure) {
		f.ImageID = id.echo()
		return nil, nil, &f
	}
	switch {
	case id.ImageDigest == nil && id.ImageTag == nil:
		return fail(failMissing)
	case id.ImageDigest != nil && !digestRE.MatchString(*id.ImageDigest):
		return fail(failBadDigest)
	case id.ImageTag != nil && checkTag("imageTag", *id.ImageTag) != nil:
		return fail(failBadTag)
	}
	if id.ImageTag == nil {
		img := r.images[*id.ImageDigest]
		if img == nil {
			return fail(failNotFound)
		}
		return img, img.tags, nil
	}
	d, ok := r.tagged[*id.ImageTag]
	switch {
	case !ok:
		return fail(failNotFound)
	case id.ImageDigest != nil && *id.ImageDigest != d:
		return fail(failTagMismatch)
	}
	return r.images[d], []string{*id.ImageTag}, nil
}

// prepareBatchGetImage is BatchGetImage
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html):
// the manifest of each image named, one entry per tag when only a digest
// is given, failures for the rest. acceptedMediaTypes lists the manifest
// types the client takes; the playground cannot convert between them, so
// an image of another type is a failure.
func (s *Service) prepareBatchGetImage(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID         *string     `json:"registryId"`
		RepositoryName     string      `json:"repositoryName" aws:"required"`
		ImageIDs           []imageIDIn `json:"imageIds" aws:"required"`
		AcceptedMediaTypes []string    `json:"acceptedMediaTypes"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if err := checkCount("imageIds", len(in.ImageIDs), 1, maxBatch); err != nil {
		return nil, nil, err
	}
	if in.AcceptedMediaTypes != nil {
		if err := checkCount("acceptedMediaTypes", len(in.AcceptedMediaTypes), 1, maxBatch); err != nil {
			return nil, nil, err
		}
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		out := struct {
			Images   []imageOut     `json:"images"`
			Failures []imageFailure `json:"failures"`
		}{[]imageOut{}, []imageFailure{}}
		for _, id := range in.ImageIDs {
			img, tags, f := r.lookup(id)
			if f == nil && in.AcceptedMediaTypes != nil && !slices.Contains(in.AcceptedMediaTypes, img.mediaType) {
				f = &imageFailure{ImageID: id.echo(), FailureCode: "ImageNotFound",
					FailureReason: "Requested image not found: its manifest is " + img.mediaType + ", not one of the acceptedMediaTypes (the playground does not convert manifests)"}
			}
			if f != nil {
				out.Failures = append(out.Failures, *f)
				continue
			}
			o := imageOut{RegistryID: registry, RepositoryName: r.name, ImageID: imageID{ImageDigest: img.digest},
				ImageManifest: img.manifest, ImageManifestMediaType: img.mediaType}
			if len(tags) == 0 {
				out.Images = append(out.Images, o)
			}
			for _, t := range tags {
				o.ImageID.ImageTag = t
				out.Images = append(out.Images, o)
			}
		}
		return out, nil
	}
	return action("BatchGetImage", arn), run, nil
}

// prepareGetDownloadURLForLayer is GetDownloadUrlForLayer
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html):
// a URL for a layer an image in the repository names.
// LayersNotFoundException for a layer the repository does not hold,
// LayerInaccessibleException for one no image names ("not associated
// with an image"). The URL has the form of the S3 location ECR answers
// with; nothing is served there.
func (s *Service) prepareGetDownloadURLForLayer(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string `json:"registryId"`
		RepositoryName string  `json:"repositoryName" aws:"required"`
		LayerDigest    string  `json:"layerDigest" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if !digestRE.MatchString(in.LayerDigest) {
		return nil, nil, constraintError("layerDigest", "must satisfy regular expression '"+digestPattern+"'")
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		l := r.layers[in.LayerDigest]
		if l == nil {
			return nil, api.Errorf("LayersNotFoundException", "The layer with digest '%s' does not exist in the repository with name '%s' in the registry with id '%s'", in.LayerDigest, r.name, registry)
		}
		if l.refs == 0 {
			return nil, api.Errorf("LayerInaccessibleException", "The specified layer is not available because it is not associated with an image. Unassociated image layers may be cleaned up at any time.")
		}
		return struct {
			DownloadURL string `json:"downloadUrl"`
			LayerDigest string `json:"layerDigest"`
		}{s.downloadURL(r, l), l.digest}, nil
	}
	return action("GetDownloadUrlForLayer", arn), run, nil
}

func (s *Service) downloadURL(r *repository, l *layer) string {
	sum := sha256.Sum256([]byte(r.arn))
	return "https://prod-" + s.region + "-starport-layer-bucket.s3." + s.region + ".amazonaws.com/" +
		hex.EncodeToString(sum[:6]) + "-" + s.account + "-" + hex.EncodeToString(sum[6:12]) + "/" + l.digest[len("sha256:"):]
}

type imageDetail struct {
	RegistryID             string   `json:"registryId"`
	RepositoryName         string   `json:"repositoryName"`
	ImageDigest            string   `json:"imageDigest"`
	ImageTags              []string `json:"imageTags,omitempty"`
	ImageSizeInBytes       int64    `json:"imageSizeInBytes"`
	ImagePushedAt          string   `json:"imagePushedAt"`
	ImageManifestMediaType string   `json:"imageManifestMediaType"`
	ArtifactMediaType      string   `json:"artifactMediaType"`
}

type tagFilter struct {
	TagStatus string `json:"tagStatus"`
}

// checkFilter checks a ListImagesFilter or DescribeImagesFilter.
func checkFilter(f *tagFilter) (string, error) {
	if f == nil || f.TagStatus == "" {
		return "ANY", nil
	}
	switch f.TagStatus {
	case "TAGGED", "UNTAGGED", "ANY":
		return f.TagStatus, nil
	}
	return "", constraintError("filter.tagStatus", "Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]")
}

func keep(status string, img *image) bool {
	return status == "ANY" || (status == "TAGGED") == (len(img.tags) > 0)
}

// prepareDescribeImages is DescribeImages
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html):
// the named images (ImageNotFoundException for one that is not there), or
// a page of the repository's images in digest order, filtered by
// tagStatus. imageSizeInBytes is the sum of the image's layer sizes.
func (s *Service) prepareDescribeImages(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string     `json:"registryId"`
		RepositoryName string      `json:"repositoryName" aws:"required"`
		ImageIDs       []imageIDIn `json:"imageIds"`
		NextToken      *string     `json:"nextToken"`
		MaxResults     *int        `json:"maxResults"`
		Filter         *tagFilter  `json:"filter"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	page, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return nil, nil, err
	}
	status, err := checkFilter(in.Filter)
	if err != nil {
		return nil, nil, err
	}
	if in.ImageIDs != nil {
		if err := checkCount("imageIds", len(in.ImageIDs), 1, maxBatch); err != nil {
			return nil, nil, err
		}
		if in.MaxResults != nil || in.NextToken != nil {
			return nil, nil, api.Errorf(invalidParameter, "Invalid parameter: maxResults and nextToken cannot be used when imageIds are given")
		}
	}
	after, err := readToken(in.NextToken)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		out := struct {
			ImageDetails []imageDetail `json:"imageDetails"`
			NextToken    string        `json:"nextToken,omitempty"`
		}{ImageDetails: []imageDetail{}}
		detail := func(img *image) imageDetail {
			return imageDetail{RegistryID: registry, RepositoryName: r.name, ImageDigest: img.digest, ImageTags: slices.Clone(img.tags),
				ImageSizeInBytes: img.size, ImagePushedAt: timestamp(img.pushed), ImageManifestMediaType: img.mediaType,
				ArtifactMediaType: MediaTypeDockerConfig}
		}
		if in.ImageIDs != nil {
			for _, id := range in.ImageIDs {
				img, _, f := r.lookup(id)
				if f != nil {
					return nil, imageNotFound(id, r.name, registry)
				}
				if !slices.ContainsFunc(out.ImageDetails, func(d imageDetail) bool { return d.ImageDigest == img.digest }) {
					out.ImageDetails = append(out.ImageDetails, detail(img))
				}
			}
			return out, nil
		}
		digests := slices.Sorted(maps.Keys(r.images))
		i := sort.SearchStrings(digests, after)
		if i < len(digests) && digests[i] == after {
			i++
		}
		for ; i < len(digests) && len(out.ImageDetails) < page; i++ {
			if img := r.images[digests[i]]; keep(status, img) {
				out.ImageDetails = append(out.ImageDetails, detail(img))
			}
		}
		if i < len(digests) {
			out.NextToken = makeToken(digests[i-1])
		}
		return out, nil
	}
	return action("DescribeImages", arn), run, nil
}

// imageNotFound is ImageNotFoundException, naming the image id as ECR
// writes it.
func imageNotFound(id imageIDIn, name, registry string) error {
	show := func(p *string) string {
		if p == nil {
			return "'null'"
		}
		return "'" + api.Clip(*p, api.MaxQuoted) + "'"
	}
	return api.Errorf("ImageNotFoundException", "The image with imageId {imageDigest:%s, imageTag:%s} does not exist within the repository with name '%s' in the registry with id '%s'",
		show(id.ImageDigest), show(id.ImageTag), name, registry)
}

// prepareListImages is ListImages
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ListImages.html):
// one image id per tag (an untagged image by its digest alone), in digest
// then tag order, a page at a time.
func (s *Service) prepareListImages(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string    `json:"registryId"`
		RepositoryName string     `json:"repositoryName" aws:"required"`
		NextToken      *string    `json:"nextToken"`
		MaxResults     *int       `json:"maxResults"`
		Filter         *tagFilter `json:"filter"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	page, err := checkMaxResults(in.MaxResults)
	if err != nil {
		return nil, nil, err
	}
	status, err := checkFilter(in.Filter)
	if err != nil {
		return nil, nil, err
	}
	after, err := readToken(in.NextToken)
	if err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		var ids []imageID
		for _, d := range slices.Sorted(maps.Keys(r.images)) {
			img := r.images[d]
			if !keep(status, img) {
				continue
			}
			if len(img.tags) == 0 {
				ids = append(ids, imageID{ImageDigest: d})
			}
			for _, t := range img.tags {
				ids = append(ids, imageID{ImageDigest: d, ImageTag: t})
			}
		}
		key := func(id imageID) string { return id.ImageDigest + "\x00" + id.ImageTag }
		i := sort.Search(len(ids), func(i int) bool { return key(ids[i]) > after })
		out := struct {
			ImageIDs  []imageID `json:"imageIds"`
			NextToken string    `json:"nextToken,omitempty"`
		}{ImageIDs: []imageID{}}
		for ; i < len(ids) && len(out.ImageIDs) < page; i++ {
			out.ImageIDs = append(out.ImageIDs, ids[i])
		}
		if i < len(ids) {
			out.NextToken = makeToken(key(ids[i-1]))
		}
		return out, nil
	}
	return action("ListImages", arn), run, nil
}

// prepareBatchDeleteImage is BatchDeleteImage
// (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html):
// an id with a tag removes that tag, and the image with its last tag; an
// id with only a digest removes the image and all its tags. Each tag or
// image removed is listed once in imageIds; ids that name nothing are
// failures. Layers stay: other images may share them.
func (s *Service) prepareBatchDeleteImage(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		RegistryID     *string     `json:"registryId"`
		RepositoryName string      `json:"repositoryName" aws:"required"`
		ImageIDs       []imageIDIn `json:"imageIds" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	registry, arn, err := s.resolve(repoRef{in.RegistryID, in.RepositoryName})
	if err != nil {
		return nil, nil, err
	}
	if err := checkCount("imageIds", len(in.ImageIDs), 1, maxBatch); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		r, err := s.find(registry, in.RepositoryName)
		if err != nil {
			return nil, err
		}
		out := struct {
			ImageIDs []imageID      `json:"imageIds"`
			Failures []imageFailure `json:"failures"`
		}{[]imageID{}, []imageFailure{}}
		// Resolve every id against the repository as it was, then delete.
		type removal struct {
			img  *image
			tags []string
			all  bool
		}
		var rm []removal
		for _, id := range in.ImageIDs {
			img, tags, f := r.lookup(id)
			if f != nil {
				out.Failures = append(out.Failures, *f)
				continue
			}
			rm = append(rm, removal{img, tags, id.ImageTag == nil})
		}
		for _, x := range rm {
			if r.images[x.img.digest] == nil {
				continue // an earlier id removed it
			}
			if x.all {
				if len(x.img.tags) == 0 {
					out.ImageIDs = append(out.ImageIDs, imageID{ImageDigest: x.img.digest})
				}
				for _, t := range x.img.tags {
					out.ImageIDs = append(out.ImageIDs, imageID{ImageDigest: x.img.digest, ImageTag: t})
				}
				r.removeImage(x.img)
				continue
			}
			for _, t := range x.tags {
				if r.tagged[t] != x.img.digest {
					continue // an earlier id removed it
				}
				out.ImageIDs = append(out.ImageIDs, imageID{ImageDigest: x.img.digest, ImageTag: t})
				delete(r.tagged, t)
				x.img.tags = slices.DeleteFunc(x.img.tags, func(u string) bool { return u == t })
			}
			if len(x.img.tags) == 0 {
				r.removeImage(x.img)
			}
		}
		return out, nil
	}
	return action("BatchDeleteImage", arn), run, nil
}
