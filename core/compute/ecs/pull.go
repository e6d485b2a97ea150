package ecs

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"cloudplay/core/api"
)

type ecrImage struct {
	registry, region, repo, tag, digest, host string
}

var ecrImageRE = regexp.MustCompile(`^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([a-z0-9._/-]+)(?::([A-Za-z0-9_.-]+))?(?:@(sha256:[0-9a-f]{64}))?$`)

// parseECRImage reads an image name on Amazon ECR
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY[:TAG][@DIGEST]). Other
// names (nginx:latest, mysql:8) are public images that need no call.
func parseECRImage(image string) (ecrImage, bool) {
	m := ecrImageRE.FindStringSubmatch(image)
	if m == nil {
		return ecrImage{}, false
	}
	im := ecrImage{registry: m[1], region: m[2], repo: m[3], tag: m[4], digest: m[5], host: m[1] + ".dkr.ecr." + m[2] + ".amazonaws.com"}
	if im.tag == "" && im.digest == "" {
		im.tag = "latest"
	}
	return im, true
}

// maxPullLayers bounds the layers one image pull asks for (the
// playground's own bound; docker images have tens of layers at most).
const maxPullLayers = 127

// pullImages pulls t's images from ECR through the dispatcher: as the
// task execution role on Fargate (assumed by ecs-tasks.amazonaws.com), as
// the container instance's role on EC2 (the ECS agent's credentials,
// assumed by ec2.amazonaws.com). It returns "" when every image was
// pulled, else the stoppedReason, worded as AWS words a failed pull
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html).
func (s *Service) pullImages(w *api.Work, t *task) string {
	for _, c := range t.td.in.ContainerDefinitions {
		im, ok := parseECRImage(c.Image)
		if !ok {
			continue
		}
		if reason := s.pullImage(w, t, c.Image, im); reason != "" {
			return reason
		}
	}
	return ""
}

func (s *Service) pullImage(w *api.Work, t *task, image string, im ecrImage) string {
	principal, role := "ecs-tasks.amazonaws.com", t.td.in.ExecutionRoleArn
	if t.inst != nil {
		principal, role = "ec2.amazonaws.com", t.inst.role
	}
	noCreds := fmt.Sprintf("CannotPullContainerError: Error response from daemon: Head \"https://%s/v2/%s/manifests/%s\": no basic auth credentials", im.host, im.repo, ref(im))
	if role == "" || w.AssumeRoleFor == nil {
		return noCreds
	}
	var session string
	var err error
	if t.inst != nil && instanceSessionName(t.inst.ec2ID) && w.AssumeRoleAs != nil {
		// The agent pulls with the instance's credentials: the session
		// EC2 names after the instance (as core/compute/ec2's join).
		session, err = w.AssumeRoleAs(principal, role, t.inst.ec2ID)
	} else {
		session, err = w.AssumeRoleFor(principal, role)
	}
	if err != nil {
		return noCreds
	}
	id := map[string]string{}
	if im.digest != "" {
		id["imageDigest"] = im.digest
	} else {
		id["imageTag"] = im.tag
	}
	out, err := w.Call(principal, session, "ecr:BatchGetImage", map[string]any{"registryId": im.registry, "repositoryName": im.repo, "imageIds": []any{id}})
	if err != nil {
		return pullError(image, im, err)
	}
	var res struct {
		Images []struct {
			ImageManifest string `json:"imageManifest"`
		} `json:"images"`
	}
	if json.Unmarshal(out, &res) != nil || len(res.Images) == 0 {
		return fmt.Sprintf("CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref %s: %s: not found", image, image)
	}
	var manifest struct {
		Layers []struct {
			Digest string `json:"digest"`
		} `json:"layers"`
	}
	json.Unmarshal([]byte(res.Images[0].ImageManifest), &manifest)
	for i, l := range manifest.Layers {
		if i == maxPullLayers {
			break
		}
		if _, err := w.Call(principal, session, "ecr:GetDownloadUrlForLayer", map[string]any{"registryId": im.registry, "repositoryName": im.repo, "layerDigest": l.Digest}); err != nil {
			return pullError(image, im, err)
		}
	}
	return ""
}

func ref(im ecrImage) string {
	if im.digest != "" {
		return im.digest
	}
	return im.tag
}

// pullError words the error of an ECR call made for a pull.
func pullError(image string, im ecrImage, err error) string {
	var ae *api.Error
	if !errors.As(err, &ae) {
		return "CannotPullContainerError: " + clip(err.Error())
	}
	switch ae.Code {
	case "AccessDeniedException", "AccessDenied":
		return fmt.Sprintf("CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref %s: pulling from host %s failed with status code [manifests %s]: 403 Forbidden", image, im.host, ref(im))
	case "RepositoryNotFoundException", "ImageNotFoundException", "LayersNotFoundException", "LayerInaccessibleException":
		return fmt.Sprintf("CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref %s: %s: not found", image, image)
	}
	return fmt.Sprintf("CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref %s: %s: %s", image, ae.Code, clip(ae.Message))
}

// instanceSessionName reports whether id can name an instance's role
// session: an EC2 instance id ("i-" and hex digits) fits RoleSessionName's
// [\w+=,.@-]{2,64}; an identity document registered by hand may hold
// anything, and then the session is named after the service.
func instanceSessionName(id string) bool {
	hex, ok := strings.CutPrefix(id, "i-")
	if !ok || hex == "" || len(id) > 64 {
		return false
	}
	for _, c := range hex {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
