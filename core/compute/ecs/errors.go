package ecs

import (
	"cloudplay/core/api"
)

// ECS's error codes
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html
// and the Errors section of each operation's page): a request that is not
// acceptable is InvalidParameterException (HTTP 400) or, for a problem
// "with the request, such as using an action or resource on behalf of a
// user that doesn't have permissions", ClientException; a cluster, service
// or attribute target that does not exist has its own code.
const (
	invalidParam       = "InvalidParameterException"
	clientException    = "ClientException"
	clusterNotFound    = "ClusterNotFoundException"
	serviceNotFound    = "ServiceNotFoundException"
	serviceNotActive   = "ServiceNotActiveException"
	targetNotFound     = "TargetNotFoundException"
	clusterHasInst     = "ClusterContainsContainerInstancesException"
	clusterHasServices = "ClusterContainsServicesException"
	clusterHasTasks    = "ClusterContainsTasksException"
	limitExceeded      = "LimitExceededException"
)

// decode reads input strictly (api.Decode), refusing unknown and missing
// members with InvalidParameterException, the code ECS's JSON protocol
// answers malformed requests with.
func decode(input []byte, dst any) error { return api.Decode(input, dst, invalidParam) }

func errInvalid(format string, args ...any) error { return api.Errorf(invalidParam, format, args...) }

func errClient(format string, args ...any) error { return api.Errorf(clientException, format, args...) }

// clip quotes at most api.MaxQuoted code points of an input.
func clip(s string) string { return api.Clip(s, api.MaxQuoted) }
