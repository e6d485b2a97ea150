package ecr

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"cloudplay/core/api"
)

// Media types of the manifests ECR takes with PutImage and of the blobs
// they name (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-manifest-formats.html,
// https://distribution.github.io/distribution/spec/manifest-v2-2/).
const (
	MediaTypeDockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
	MediaTypeOCIManifest    = "application/vnd.oci.image.manifest.v1+json"
	MediaTypeDockerConfig   = "application/vnd.docker.container.image.v1+json"
	MediaTypeDockerLayer    = "application/vnd.docker.image.rootfs.diff.tar.gzip"
	mediaTypeDockerList     = "application/vnd.docker.distribution.manifest.list.v2+json"
	mediaTypeOCIIndex       = "application/vnd.oci.image.index.v1+json"
)

// maxManifestLayers bounds the layers of one manifest: the playground's
// own (AWS states none; docker's overlay storage stops at 127 layers and
// the OCI spec at none), generous for any learner's image.
const maxManifestLayers = 1000

// Manifest is an image manifest (Docker v2 schema 2 or OCI): the image's
// config blob and its layers, each named by digest.
type Manifest struct {
	SchemaVersion int          `json:"schemaVersion"`
	MediaType     string       `json:"mediaType,omitempty"`
	Config        Descriptor   `json:"config"`
	Layers        []Descriptor `json:"layers"`
}

// Descriptor names one blob of a manifest.
type Descriptor struct {
	MediaType string `json:"mediaType"`
	Size      int64  `json:"size"`
	Digest    string `json:"digest"`
}

// ParseManifest reads an image manifest's JSON text. It takes a Docker
// image manifest v2 schema 2 or an OCI image manifest (schemaVersion 2, a
// config and layers with sha256 digests and sizes); members it does not
// know (annotations, urls, platform, ...) are ignored as registries do.
// A manifest list or index is refused: the playground pushes single
// images only.
func ParseManifest(text string) (Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	if err := dec.Decode(&m); err != nil {
		return Manifest{}, fmt.Errorf("Invalid JSON syntax")
	}
	if dec.More() {
		return Manifest{}, fmt.Errorf("Invalid JSON syntax")
	}
	if m.SchemaVersion != 2 {
		return Manifest{}, fmt.Errorf("schemaVersion must be 2")
	}
	switch m.MediaType {
	case MediaTypeDockerManifest, MediaTypeOCIManifest, "":
	case mediaTypeDockerList, mediaTypeOCIIndex:
		return Manifest{}, fmt.Errorf("manifest lists are not supported by the playground")
	default:
		return Manifest{}, fmt.Errorf("unsupported manifest media type %q", api.Clip(m.MediaType, api.MaxQuoted))
	}
	if err := m.Config.check("config"); err != nil {
		return Manifest{}, err
	}
	if len(m.Layers) > maxManifestLayers {
		return Manifest{}, fmt.Errorf("a manifest names at most %d layers", maxManifestLayers)
	}
	for i := range m.Layers {
		if err := m.Layers[i].check(fmt.Sprintf("layers[%d]", i)); err != nil {
			return Manifest{}, err
		}
	}
	if m.Layers == nil {
		m.Layers = []Descriptor{}
	}
	return m, nil
}

func (d *Descriptor) check(where string) error {
	if !isSHA256(d.Digest) {
		return fmt.Errorf("%s.digest %q is not a sha256 digest", where, api.Clip(d.Digest, api.MaxQuoted))
	}
	if d.Size < 0 {
		return fmt.Errorf("%s.size must not be negative", where)
	}
	return nil
}

// MediaTypeOf is the manifest's media type: its mediaType member, or the
// OCI type when it has none.
func (m Manifest) MediaTypeOf() string {
	if m.MediaType == "" {
		return MediaTypeOCIManifest
	}
	return m.MediaType
}

// Marshal writes the manifest as the compact JSON text a client pushes.
func (m Manifest) Marshal() []byte {
	b, _ := json.Marshal(m) // plain strings and numbers only: cannot fail
	return b
}

// Digest returns the sha256 digest of b as registries write it:
// "sha256:" and 64 lower-case hex digits.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// isSHA256 reports whether d is a sha256 digest in lower-case hex.
func isSHA256(d string) bool {
	if len(d) != 71 || d[:7] != "sha256:" {
		return false
	}
	for i := 7; i < len(d); i++ {
		if c := d[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
