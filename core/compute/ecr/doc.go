// Package ecr is the account's Amazon Elastic Container Registry: private
// repositories, the layers and images pushed into them by the sequence of
// calls docker makes, the pull sequence a container agent makes, and
// repository policies, as the [ECR API reference] describes them.
//
// [Service.Ops] lists the operations (ecr:CreateRepository, ecr:PutImage,
// ...). Each takes and returns the AWS CLI's JSON view of the API (member
// names as the reference gives them, layer part blobs as base64, times as
// RFC 3339 in UTC) and follows the api.Op protocol: Prepare decodes and
// checks the input and names the IAM action on the resource the
// [Service Authorization Reference] gives (ecr:GetAuthorizationToken on
// "*", every other action on arn:aws:ecr:REGION:ACCOUNT:repository/NAME);
// it changes nothing, so a call on a repository that does not exist is
// authorised before it is RepositoryNotFoundException.
//
// # Push and pull
//
// docker push: GetAuthorizationToken, BatchCheckLayerAvailability for the
// image's layers and config, then for each blob that is not AVAILABLE
// InitiateLayerUpload, UploadLayerPart (consecutive byte ranges) and
// CompleteLayerUpload (the sha256 digest of the whole blob must match),
// and last PutImage with the image manifest (Docker image manifest v2
// schema 2, or OCI), whose config and layers must all have been uploaded
// (LayersNotFoundException otherwise). Layers are kept by digest per
// repository, so a second image on the same base uploads only its new
// layers. [Push] drives the sequence one call at a time, for the UI.
//
// docker pull: BatchGetImage (the manifest), then GetDownloadUrlForLayer
// per layer. Once an upload completes, only a layer's digest and size are
// kept, not its bytes: a pull gets a URL, never the bytes.
//
// # Playground bounds
//
// A layer part is at most [MaxPartBytes] (1 MiB: the dispatcher takes
// at most 2 MiB of input JSON, and base64 makes 1 MiB 1.4 MB), and the
// uploads in progress of the whole account hold at most [MaxUploadBytes]
// (8 MiB) of blob bytes; AWS allows parts of 5 to 10 MiB and layers of
// 52,000 MiB, which a browser tab cannot hold. InitiateLayerUpload answers
// partSize 1 MiB accordingly, and no minimum part size is enforced.
//
// [ECR API reference]: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/Welcome.html
// [Service Authorization Reference]: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
package ecr
