package ecr

import (
	"maps"
	"slices"

	"cloudplay/core/sim"
)

// View is a read-only snapshot of the registry for drawing: plain data,
// sorted, sharing nothing with the service.
type View struct {
	Repositories []RepositoryView // in name order
	UploadBytes  int              // blob bytes held by uploads in progress (see MaxUploadBytes)
}

// RepositoryView is a repository as the UI draws it.
type RepositoryView struct {
	Name, ARN, URI string
	Created        sim.Time
	TagMutability  string
	HasPolicy      bool
	Images         []ImageView // in digest order
	Layers         []LayerView // in digest order
	Uploads        int         // uploads in progress
}

// ImageView is an image: its digest, tags, size and the layers it is made of.
type ImageView struct {
	Digest    string
	Tags      []string
	SizeBytes int64
	PushedAt  sim.Time
	Config    string
	Layers    []string // layer digests in manifest order
}

// LayerView is a layer (or config blob) the repository holds, and how
// many images name it (0: it cannot be pulled).
type LayerView struct {
	Digest string
	Size   int64
	Images int
}

// View returns a snapshot of the registry.
func (s *Service) View() View {
	v := View{Repositories: []RepositoryView{}, UploadBytes: s.uploadBytes}
	for _, name := range slices.Sorted(maps.Keys(s.repos)) {
		r := s.repos[name]
		rv := RepositoryView{Name: r.name, ARN: r.arn, URI: r.uri, Created: r.created, TagMutability: r.mutability,
			HasPolicy: r.policy != "", Images: []ImageView{}, Layers: []LayerView{}, Uploads: len(r.uploads)}
		for _, d := range slices.Sorted(maps.Keys(r.images)) {
			img := r.images[d]
			rv.Images = append(rv.Images, ImageView{Digest: d, Tags: slices.Clone(img.tags), SizeBytes: img.size,
				PushedAt: img.pushed, Config: img.blobs[0], Layers: slices.Clone(img.layers)})
		}
		for _, d := range slices.Sorted(maps.Keys(r.layers)) {
			l := r.layers[d]
			rv.Layers = append(rv.Layers, LayerView{Digest: d, Size: l.size, Images: l.refs})
		}
		v.Repositories = append(v.Repositories, rv)
	}
	return v
}

// IsZero reports whether the view shows an empty registry (no
// repositories, no uploads), so that a view embedding it can leave it out
// with omitzero.
func (v View) IsZero() bool { return len(v.Repositories) == 0 && v.UploadBytes == 0 }
