package ec2

import (
	"encoding/json"
	"errors"

	"cloudplay/core/api"
)

// The join: an instance launched from the ECS-optimised image runs the
// ECS container agent, which registers it with the cluster its user data
// names once the instance is running, using the credentials of the
// instance profile's role
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_container_instance.html,
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html).
// The playground makes that registration a call through the dispatcher:
// EC2 assumes the role as ec2.amazonaws.com (the role's trust policy must
// name it) and calls ecs:RegisterContainerInstance as the session, so IAM
// decides, and the event log shows the call, allowed or not.

// ec2Principal is the service principal EC2 assumes instance roles as.
const ec2Principal = "ec2.amazonaws.com"

// agentPorts are the TCP ports the ECS agent registers as reserved: SSH,
// the Docker daemon and the agent's own
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html:
// "the Amazon ECS container agent ... reserved ports 22, 2375, 2376,
// 51678, and 51679").
var agentPorts = []string{"22", "2375", "2376", "51678", "51679"}

// Step event types EC2 emits.
const (
	EventRunning            = "InstanceRunning"
	EventTerminated         = "InstanceTerminated"
	EventJoined             = "ContainerInstanceRegistered"
	EventJoinFailed         = "ContainerInstanceRegistrationFailed"
	EventDeregistered       = "ContainerInstanceDeregistered"
	EventDeregisterFailed   = "ContainerInstanceDeregistrationFailed"
	stepService             = "ec2"
	registerContainerOp     = "ecs:RegisterContainerInstance"
	deregisterContainerOp   = "ecs:DeregisterContainerInstance"
	identityDocumentVersion = "2017-09-30"
)

// scheduleRunning arranges for in to become running: a step event, and
// for an ECS image the agent's registration.
func (s *Service) scheduleRunning(env *api.Env, in *instance) {
	env.Schedule(in.runningAt(), func(w *api.Work) {
		if in.terminating != 0 {
			return // terminated while pending: it never ran
		}
		w.Emit(api.StepEvent{Service: stepService, Type: EventRunning, Fields: s.eventFields(in)})
		if in.ecs && in.profileARN != "" {
			s.join(w, in)
		}
	})
}

// scheduleTerminated arranges for in to become terminated: a step event,
// and the agent's registration ended.
func (s *Service) scheduleTerminated(env *api.Env, in *instance) {
	env.Schedule(in.terminatedAt(), func(w *api.Work) {
		w.Emit(api.StepEvent{Service: stepService, Type: EventTerminated, Fields: s.eventFields(in)})
		if in.containerInstanceARN != "" {
			s.leave(w, in)
		}
	})
}

func (s *Service) eventFields(in *instance) map[string]string {
	return map[string]string{"instanceId": in.id, "instanceType": in.typ, "availabilityZone": in.zone.Name}
}

// RegisterInput is the input of ecs:RegisterContainerInstance the agent
// sends (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterContainerInstance.html).
type RegisterInput struct {
	Cluster                  string      `json:"cluster"`
	InstanceIdentityDocument string      `json:"instanceIdentityDocument"`
	TotalResources           []Resource  `json:"totalResources"`
	Attributes               []Attribute `json:"attributes"`
}

// Resource is an ECS Resource.
type Resource struct {
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	IntegerValue   *int     `json:"integerValue,omitempty"`
	StringSetValue []string `json:"stringSetValue,omitempty"`
}

// Attribute is an ECS Attribute.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// IdentityDocument is the instance identity document EC2 gives an
// instance (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-identity-documents.html).
type IdentityDocument struct {
	AccountID        string `json:"accountId"`
	Architecture     string `json:"architecture"`
	AvailabilityZone string `json:"availabilityZone"`
	ImageID          string `json:"imageId"`
	InstanceID       string `json:"instanceId"`
	InstanceType     string `json:"instanceType"`
	PendingTime      string `json:"pendingTime"`
	PrivateIP        string `json:"privateIp"`
	Region           string `json:"region"`
	Version          string `json:"version"`
}

// registerInput is what the agent on in sends.
func (s *Service) registerInput(in *instance) RegisterInput {
	t, _ := LookupType(in.typ)
	doc, _ := json.Marshal(IdentityDocument{AccountID: s.account, Architecture: "x86_64", AvailabilityZone: in.zone.Name,
		ImageID: in.image, InstanceID: in.id, InstanceType: in.typ, PendingTime: in.launched.String(),
		PrivateIP: in.ip.String(), Region: s.region, Version: identityDocumentVersion})
	cpu, mem := t.VCPU*1024, RegisteredMemoryMiB(t)
	return RegisterInput{
		Cluster:                  in.cluster,
		InstanceIdentityDocument: string(doc),
		TotalResources: []Resource{
			{Name: "CPU", Type: "INTEGER", IntegerValue: &cpu},
			{Name: "MEMORY", Type: "INTEGER", IntegerValue: &mem},
			{Name: "PORTS", Type: "STRINGSET", StringSetValue: agentPorts},
			{Name: "PORTS_UDP", Type: "STRINGSET", StringSetValue: []string{}},
		},
		Attributes: []Attribute{
			{"ecs.instance-type", in.typ},
			{"ecs.availability-zone", in.zone.Name},
			{"ecs.ami-id", in.image},
			{"ecs.os-type", "linux"},
			{"ecs.cpu-architecture", "x86_64"},
		},
	}
}

// join registers in with its cluster as its agent does.
func (s *Service) join(w *api.Work, in *instance) {
	fields := s.eventFields(in)
	fields["cluster"] = in.cluster
	fail := func(code, msg string) {
		fields["errorCode"], fields["errorMessage"] = code, msg
		w.Emit(api.StepEvent{Service: stepService, Type: EventJoinFailed, Fields: fields})
	}
	_, _, role, ok := s.profiles(in.profileARN)
	if !ok || role == "" {
		// The agent gets no credentials: "the container instance role
		// ... is required" (instance_IAM_role.html).
		fail("NoCredentials", "The instance profile "+in.profileARN+" holds no role: the ECS agent has no credentials to register with")
		return
	}
	session, err := agentSession(w, role, in.id)
	if err != nil {
		fail(errorParts(err))
		return
	}
	out, err := w.Call(ec2Principal, session, registerContainerOp, s.registerInput(in))
	if err != nil {
		fail(errorParts(err))
		return
	}
	var res struct {
		ContainerInstance struct {
			ContainerInstanceArn string `json:"containerInstanceArn"`
		} `json:"containerInstance"`
	}
	_ = json.Unmarshal(out, &res)
	in.containerInstanceARN = res.ContainerInstance.ContainerInstanceArn
	fields["containerInstanceArn"] = in.containerInstanceARN
	w.Emit(api.StepEvent{Service: stepService, Type: EventJoined, Fields: fields})
}

// leave deregisters in from its cluster when it is terminated (force: its
// tasks are gone with it).
func (s *Service) leave(w *api.Work, in *instance) {
	fields := s.eventFields(in)
	fields["cluster"], fields["containerInstanceArn"] = in.cluster, in.containerInstanceARN
	fail := func(code, msg string) {
		fields["errorCode"], fields["errorMessage"] = code, msg
		w.Emit(api.StepEvent{Service: stepService, Type: EventDeregisterFailed, Fields: fields})
	}
	_, _, role, ok := s.profiles(in.profileARN)
	if !ok || role == "" {
		fail("NoCredentials", "The instance profile "+in.profileARN+" holds no role any more")
		return
	}
	session, err := agentSession(w, role, in.id)
	if err != nil {
		fail(errorParts(err))
		return
	}
	input := map[string]any{"cluster": in.cluster, "containerInstance": in.containerInstanceARN, "force": true}
	if _, err := w.Call(ec2Principal, session, deregisterContainerOp, input); err != nil {
		fail(errorParts(err))
		return
	}
	in.containerInstanceARN = ""
	w.Emit(api.StepEvent{Service: stepService, Type: EventDeregistered, Fields: fields})
}

func errorParts(err error) (code, msg string) {
	var e *api.Error
	if errors.As(err, &e) {
		return e.Code, e.Message
	}
	return "InternalFailure", err.Error()
}

// agentSession makes ec2.amazonaws.com assume the instance profile's role
// for the ECS agent on instance id, the session named after the instance
// as AWS names an instance's role session (arn:aws:sts::ACCOUNT:assumed-role/
// ecsInstanceRole/i-…; for "a role assigned to an Amazon EC2 instance"
// aws:userid is role-id:ec2-instance-id,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse),
// or after the service where the environment cannot name sessions.
func agentSession(w *api.Work, role, id string) (string, error) {
	if w.AssumeRoleAs != nil {
		return w.AssumeRoleAs(ec2Principal, role, id)
	}
	return w.AssumeRoleFor(ec2Principal, role)
}
