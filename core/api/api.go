package api

import (
	"encoding/json"
	"fmt"

	"cloudplay/core/sim"
)

// Error is an AWS error: the service's own code and message.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Trace explains an access denial (the policy engine's trace, or nil).
	Trace Trace `json:"trace,omitempty"`
}

// Trace is the policy engine's explanation of a decision, in the shape of
// CONTRACT.md "The explanation (Trace)". *policy.Trace is the one
// implementation: api may not import policy (policy imports api), so the
// type is named here by its marker method and written as JSON by its
// dynamic value, as before.
type Trace interface {
	// APITrace marks the implementation; it does nothing.
	APITrace()
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Protocol is the wire protocol a service speaks; it decides a few error
// codes that differ between protocols.
type Protocol int

const (
	Query    Protocol = iota // iam, sts, ec2, elasticbeanstalk
	JSON                     // kinesis, firehose, ecs, ecr, ...
	RestXML                  // s3
	RestJSON                 // eks, kinesisvideo
)

// PrincipalType says what kind of principal makes a call.
type PrincipalType int

const (
	Root PrincipalType = iota
	User
	AssumedRole
	Service // an AWS service acting through its service principal
)

func (t PrincipalType) String() string {
	switch t {
	case Root:
		return "Account"
	case User:
		return "User"
	case AssumedRole:
		return "AssumedRole"
	case Service:
		return "AWSService"
	}
	return fmt.Sprintf("PrincipalType(%d)", int(t))
}

// Principal is who makes a call, as the request context describes it.
type Principal struct {
	ARN     string
	Account string
	Type    PrincipalType
	Name    string            // user name, role name or "root"
	ID      string            // aws:userid: AIDA… for a user, the account for root, AROA…:session for a role session
	Tags    map[string]string // principal tags (aws:PrincipalTag/…)
	// Role is the role ARN of an assumed-role session (empty otherwise).
	Role string
}

// Action is one IAM action a call needs, on one resource ARN ("*" when the
// Service Authorization Reference lists no resource type for it).
type Action struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// Context adds request context keys specific to this action
	// (for example s3:prefix), merged over the call's context.
	Context map[string][]string `json:"-"`
}

// Env is what a call runs with.
type Env struct {
	Caller  Principal
	Account string
	Region  string
	Now     sim.Time
	Rand    *sim.Rand
	// Context is the request context: key (as written, e.g. aws:SourceIp) to values.
	Context map[string][]string
	// Call makes a call through the account's dispatcher as another
	// principal (a service acting with its IAM role). The input is
	// marshalled to JSON.
	Call func(caller, op string, input any) (json.RawMessage, error)
	// Schedule runs fn when simulated time reaches at, with the
	// environment of work that falls due (see Work).
	Schedule func(at sim.Time, fn func(w *Work))
	// Emit reports a step event (what the UI animates); its Time is the
	// call's when zero.
	Emit func(StepEvent)
	// OmitTrace asks operations that explain decisions (the simulate APIs)
	// to leave their Trace members out (cloudplay.call's opts.trace: false).
	OmitTrace bool
	// Actor names the playground actor (core/actor) making the call, ""
	// for any other call: a service may name it in its step events
	// ("producer").
	Actor string
}

// Op is one operation of a service.
type Op struct {
	// Name is the operation's name with its service prefix: "iam:CreateUser".
	Name string
	// Mutates reports whether the operation changes state (and so is
	// written to an exported scenario when it succeeds).
	Mutates bool
	// Prepare decodes and validates the input, and returns the actions the
	// call needs and the function that carries it out. Prepare must not
	// change state; run is called only once every action is allowed.
	Prepare func(env *Env, input []byte) (actions []Action, run func() (any, error), err error)
}

// Descriptor describes one AWS service to the account's dispatcher: what a
// service package hands core/cloud so that the account needs no switch on
// service names. Adding a service is one more Descriptor in the account's
// list (and its field in the account's typed View).
type Descriptor struct {
	// Prefix is the service prefix IAM uses ("kinesis"): operations are
	// named Prefix:Operation, and ARNs whose service field is Prefix are
	// the service's resources.
	Prefix string
	// Protocol is the service's wire protocol; it decides how the
	// dispatcher words an unknown or expired caller and an access denial.
	Protocol Protocol
	// ValidationCode is the service's error code for malformed input.
	ValidationCode string
	// DeniedCode, when set, is the service's own error code for an access
	// denial, where it has one instead of its protocol's AccessDenied or
	// AccessDeniedException (EC2: UnauthorizedOperation).
	DeniedCode string
	// Ops are the service's operations (none for a prefix known only by
	// its protocol, a service not built yet).
	Ops []Op
	// ResourcePolicy returns the resource-based policy that governs action
	// on resource (an ARN of this service): its JSON text, and the account
	// that owns the resource. ok is false when the resource has no policy;
	// owner may be set all the same (a bucket of another account). Nil for
	// a service without resource policies.
	ResourcePolicy func(action, resource string) (pol ResourcePolicy, ok bool)
	// OwnerRootKeeps lists the actions the root user of the account that
	// owns a resource may always perform, whatever the resource's policy
	// says (S3's bucket-policy actions).
	OwnerRootKeeps []string
}

// ResourcePolicy is a resource-based policy as a service keeps it.
type ResourcePolicy struct {
	Text  string // the policy's JSON text ("" with ok: the owner only)
	Owner string // the account that owns the resource ("": the ARN's, or none)
	// Trust marks a role's trust policy (the policy sts:AssumeRole is
	// authorised against), parsed with its own grammar.
	Trust bool
}

// Work is the environment of work that falls due in simulated time (what
// Env.Schedule runs): no caller of its own, but the means to act as an IAM
// role a service principal assumes.
type Work struct {
	Now     sim.Time
	Account string
	Region  string
	Rand    *sim.Rand
	// Emit reports a step event; its Time is Now when zero.
	Emit func(StepEvent)
	// Schedule runs fn when simulated time reaches at.
	Schedule func(at sim.Time, fn func(w *Work))
	// AssumeRoleFor makes service (a service principal such as
	// "firehose.amazonaws.com") assume the role roleARN: an sts:AssumeRole
	// call through the dispatcher, made by the service principal and
	// authorised against the role's trust policy, logged as CloudTrail
	// logs it. It returns the ARN of the role session to Call as, or AWS's
	// error (AccessDenied when the trust policy does not name the service).
	AssumeRoleFor func(service, roleARN string) (session string, err error)
	// AssumeRoleAs is AssumeRoleFor with the session's name (sts:AssumeRole's
	// RoleSessionName, [\w+=,.@-]{2,64}) chosen by the service, as AWS's
	// services name some sessions: the ECS agent on an EC2 instance acts as
	// arn:aws:sts::ACCOUNT:assumed-role/ROLE/i-0123456789abcdef0. A name
	// that does not fit is refused with sts:AssumeRole's ValidationError.
	// It may be nil where the environment offers only AssumeRoleFor.
	AssumeRoleAs func(service, roleARN, sessionName string) (session string, err error)
	// Call makes a call through the dispatcher as caller (a role session
	// from AssumeRoleFor) on behalf of service: the event log shows the
	// session as the caller and the service as invokedBy. The input is
	// marshalled to JSON.
	Call func(service, caller, op string, input any) (json.RawMessage, error)
	// Act makes a call of a playground actor (core/actor) through the
	// dispatcher as the principal that started the actor: authorised and
	// logged (merged with the actor's identical calls of the same
	// simulated second into one event with a count), never journaled, as
	// replaying the step that started the actor makes it again.
	Act func(ActCall) (json.RawMessage, error)
}

// ActCall is one call of a playground actor (see Work.Act), or, with
// Bulk, many identical calls made at once.
type ActCall struct {
	Actor  string // the actor's name
	Caller string // the principal that started the actor
	Op     string
	Input  []byte
	// Bulk, when set, makes the call stand for Calls identical calls
	// whose work is done in bulk: the dispatcher checks and authorises
	// Input (a representative request) as usual and, when every action is
	// allowed, runs Bulk in place of the operation. Bulk returns the error
	// codes of the calls' records (PutRecords' per-record ErrorCode) with
	// their counts, or an error that each of the Calls calls would have
	// ended with.
	Bulk  func() (map[string]int, error)
	Calls int
	// Records, when set, reads the error codes of the records of a
	// successful call's output (PutRecords' ErrorCode) with their counts,
	// for the event log's errors.
	Records func(out json.RawMessage) map[string]int
}

// StepEvent is one thing that happened in simulated time, as plain data
// for the UI to animate ("stream s became ACTIVE", "object k delivered").
// It marshals flat: {"kind":"step","time":"…","service":"kinesis",
// "type":"StreamActive","stream":"s"}.
type StepEvent struct {
	Time    sim.Time
	Service string // the service prefix: "kinesis"
	Type    string // what happened: "StreamActive"
	// Fields say more, each a string ("stream": "s"); a field named as one
	// of the members above (kind, time, service, type) is left out.
	Fields map[string]string
}

// MarshalJSON writes e flat, fields in key order.
func (e StepEvent) MarshalJSON() ([]byte, error) {
	m := make(map[string]string, len(e.Fields)+4)
	for k, v := range e.Fields {
		m[k] = v
	}
	m["kind"], m["time"], m["service"], m["type"] = "step", e.Time.Milli(), e.Service, e.Type
	return json.Marshal(m)
}

// PassRole is the iam:PassRole action an operation that hands the role
// roleARN to service (a service principal, "firehose.amazonaws.com")
// needs from its caller, besides its own action: "To pass a role (and its
// permissions) to an AWS service, a user must have permissions to pass
// the role to the service", with iam:PassedToService in the request
// context
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService).
// An operation returns it from Prepare with its other actions.
func PassRole(roleARN, service string) Action {
	return Action{Action: "iam:PassRole", Resource: roleARN,
		Context: map[string][]string{"iam:PassedToService": {service}}}
}
