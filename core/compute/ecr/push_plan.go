package ecr

import (
	"encoding/json"
	"fmt"
	"strings"
)

// NewManifest returns the Docker image manifest (v2 schema 2) of an image
// made of layers and the config blob config.
func NewManifest(layers [][]byte, config []byte) Manifest {
	m := Manifest{SchemaVersion: 2, MediaType: MediaTypeDockerManifest,
		Config: Descriptor{MediaType: MediaTypeDockerConfig, Size: int64(len(config)), Digest: Digest(config)},
		Layers: make([]Descriptor, len(layers))}
	for i, l := range layers {
		m.Layers[i] = Descriptor{MediaType: MediaTypeDockerLayer, Size: int64(len(l)), Digest: Digest(l)}
	}
	return m
}

// Push is the sequence of calls "docker push" makes to put one image
// into a repository, run one call at a time (the UI runs each through the
// dispatcher so the event log shows the real sequence):
//
//	ecr:GetAuthorizationToken
//	ecr:BatchCheckLayerAvailability (every layer and the config)
//	for each blob not AVAILABLE: ecr:InitiateLayerUpload,
//	    ecr:UploadLayerPart per part of the partSize answered, ecr:CompleteLayerUpload
//	ecr:PutImage (the manifest, with the tag)
//
// Each call's input depends on the answers before it (the upload id, the
// part size, which layers the repository already has), so Push is driven:
//
//	for op, in, ok := p.Next(); ok; op, in, ok = p.Next() {
//		out, err := call(op, in)
//		if err := p.Answer(out, err); err != nil { ... }
//	}
type Push struct {
	repo, tag string
	manifest  string
	blobs     []blob          // the layers then the config, one per digest
	queue     []pushStep      // the calls still to make, the next first
	present   map[string]bool // blobs the repository had (BatchCheckLayerAvailability)
	uploadID  string
	partSize  int
	err       error
}

type blob struct {
	digest string
	data   []byte
}

type stepKind int

const (
	stepAuth stepKind = iota
	stepCheck
	stepInitiate
	stepPart
	stepComplete
	stepPut
)

type pushStep struct {
	kind stepKind
	blob int // the blob of an upload step
	from int // the first byte of a part
}

// NewPush returns the push of an image made of layers and config into
// repository repo under tag ("" for none).
func NewPush(repo, tag string, layers [][]byte, config []byte) *Push {
	p := &Push{repo: repo, tag: tag, manifest: string(NewManifest(layers, config).Marshal()), present: map[string]bool{}}
	seen := map[string]bool{}
	for _, b := range append(append([][]byte{}, layers...), config) {
		if d := Digest(b); !seen[d] {
			seen[d] = true
			p.blobs = append(p.blobs, blob{d, b})
		}
	}
	p.queue = []pushStep{{kind: stepAuth}, {kind: stepCheck}}
	return p
}

// Manifest returns the manifest text PutImage sends.
func (p *Push) Manifest() string { return p.manifest }

// Present returns the digests BatchCheckLayerAvailability answered
// AVAILABLE: the blobs the push did not upload.
func (p *Push) Present() []string {
	var out []string
	for _, b := range p.blobs {
		if p.present[b.digest] {
			out = append(out, b.digest)
		}
	}
	return out
}

// Next returns the next call to make, its operation and JSON input, or
// ok false when the push is done or failed.
func (p *Push) Next() (op string, input []byte, ok bool) {
	if p.err != nil || len(p.queue) == 0 {
		return "", nil, false
	}
	st := p.queue[0]
	var in any
	switch st.kind {
	case stepAuth:
		op, in = "ecr:GetAuthorizationToken", struct{}{}
	case stepCheck:
		ds := make([]string, len(p.blobs))
		for i, b := range p.blobs {
			ds[i] = b.digest
		}
		op, in = "ecr:BatchCheckLayerAvailability", map[string]any{"repositoryName": p.repo, "layerDigests": ds}
	case stepInitiate:
		op, in = "ecr:InitiateLayerUpload", map[string]any{"repositoryName": p.repo}
	case stepPart:
		data := p.blobs[st.blob].data
		end := min(st.from+p.partSize, len(data))
		op, in = "ecr:UploadLayerPart", map[string]any{"repositoryName": p.repo, "uploadId": p.uploadID,
			"partFirstByte": st.from, "partLastByte": end - 1, "layerPartBlob": data[st.from:end]}
	case stepComplete:
		op, in = "ecr:CompleteLayerUpload", map[string]any{"repositoryName": p.repo, "uploadId": p.uploadID,
			"layerDigests": []string{p.blobs[st.blob].digest}}
	case stepPut:
		m := map[string]any{"repositoryName": p.repo, "imageManifest": p.manifest, "imageManifestMediaType": MediaTypeDockerManifest}
		if p.tag != "" {
			m["imageTag"] = p.tag
		}
		op, in = "ecr:PutImage", m
	}
	b, _ := json.Marshal(in) // strings, numbers and bytes only: cannot fail
	return op, b, true
}

// Answer takes the answer to the call Next returned. An error stops the
// push and is returned (wrapped with the operation); so is an answer
// that cannot be read.
func (p *Push) Answer(out []byte, err error) error {
	if p.err != nil || len(p.queue) == 0 {
		return p.err
	}
	st := p.queue[0]
	p.queue = p.queue[1:]
	if err != nil {
		p.err = fmt.Errorf("ecr.Push: %w", err)
		return p.err
	}
	switch st.kind {
	case stepCheck:
		var ans struct {
			Layers []struct{ LayerDigest, LayerAvailability string }
		}
		if err := json.Unmarshal(out, &ans); err != nil {
			p.err = fmt.Errorf("ecr.Push: BatchCheckLayerAvailability answered %.64q", out)
			return p.err
		}
		for _, l := range ans.Layers {
			if l.LayerAvailability == "AVAILABLE" {
				p.present[l.LayerDigest] = true
			}
		}
		for i, b := range p.blobs {
			if !p.present[b.digest] {
				p.queue = append(p.queue, pushStep{kind: stepInitiate, blob: i})
			}
		}
		p.queue = append(p.queue, pushStep{kind: stepPut})
	case stepInitiate:
		var ans struct {
			UploadID string `json:"uploadId"`
			PartSize int    `json:"partSize"`
		}
		if err := json.Unmarshal(out, &ans); err != nil || ans.PartSize <= 0 || strings.TrimSpace(ans.UploadID) == "" {
			p.err = fmt.Errorf("ecr.Push: InitiateLayerUpload answered %.64q", out)
			return p.err
		}
		p.uploadID, p.partSize = ans.UploadID, ans.PartSize
		var next []pushStep
		for from := 0; from < len(p.blobs[st.blob].data); from += p.partSize {
			next = append(next, pushStep{kind: stepPart, blob: st.blob, from: from})
		}
		next = append(next, pushStep{kind: stepComplete, blob: st.blob})
		p.queue = append(next, p.queue...)
	}
	return nil
}

// Demo is a built-in demo image: tiny, deterministic layers on a base
// layer the three share, so that pushing the second and third uploads
// only their own layers.
type Demo struct {
	Repository, Tag string
	Layers          [][]byte // base first
	Config          []byte
}

// Demos returns the built-in demo images of the seed's three containers:
// a Java application, a Node.js application and MySQL.
func Demos() []Demo {
	base := demoLayer("base: debian bookworm-slim root filesystem", 2048)
	mk := func(repo, tag, cmd string, layers ...[]byte) Demo {
		all := append([][]byte{base}, layers...)
		var diff []string
		for _, l := range all {
			diff = append(diff, Digest(l))
		}
		cfg, _ := json.Marshal(map[string]any{"architecture": "amd64", "os": "linux",
			"config": map[string]any{"Cmd": strings.Fields(cmd)},
			"rootfs": map[string]any{"type": "layers", "diff_ids": diff}})
		return Demo{Repository: repo, Tag: tag, Layers: all, Config: cfg}
	}
	return []Demo{
		mk("java-app", "1.0", "java -jar /app/app.jar",
			demoLayer("runtime: eclipse temurin 21 jre", 1536), demoLayer("app: /app/app.jar", 512)),
		mk("node-app", "1.0", "node /app/server.js",
			demoLayer("runtime: node.js 20", 1280), demoLayer("app: /app/server.js and node_modules", 384)),
		mk("mysql", "8.0", "mysqld",
			demoLayer("runtime: mysql server 8.0", 1792), demoLayer("config: /etc/mysql/conf.d/my.cnf", 128)),
	}
}

// demoLayer returns n bytes of what, repeated line by line.
func demoLayer(what string, n int) []byte {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s %d\n", what, i)
	}
	return []byte(b.String()[:n])
}
