package cloud

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"cloudplay/core/api"
)

const (
	firehose  = "firehose.amazonaws.com"
	deliverer = "arn:aws:iam::123456789012:role/deliverer"
)

// registerDelivery registers test:CreateDelivery, a small stand-in for a
// Firehose delivery stream: it hands the role RoleArn to firehose (so the
// caller needs iam:PassRole) and schedules, 5 s later, a delivery that
// assumes the role as the service principal and writes Key to Bucket as
// the role session. The delivery reports Delivered or DeliveryFailed.
func registerDelivery(a *Account) {
	a.register(api.Descriptor{Prefix: "test", Protocol: api.JSON, ValidationCode: "ValidationException", Ops: []api.Op{{
		Name: "test:CreateDelivery", Mutates: true,
		Prepare: func(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
			var in struct {
				RoleArn string `json:"RoleArn"`
				Bucket  string `json:"Bucket"`
				Key     string `json:"Key"`
			}
			if err := api.Decode(input, &in, "ValidationException"); err != nil {
				return nil, nil, err
			}
			actions := []api.Action{{Action: "test:CreateDelivery", Resource: "*"}, api.PassRole(in.RoleArn, firehose)}
			return actions, func() (any, error) {
				env.Schedule(env.Now+5000, func(w *api.Work) { deliver(w, in.RoleArn, in.Bucket, in.Key) })
				return map[string]any{}, nil
			}, nil
		},
	}}})
}

func deliver(w *api.Work, role, bucket, key string) {
	failed := func(err error) {
		var e *api.Error
		errors.As(err, &e)
		w.Emit(api.StepEvent{Service: "test", Type: "DeliveryFailed", Fields: map[string]string{"key": key, "error": e.Code}})
	}
	session, err := w.AssumeRoleFor(firehose, role)
	if err != nil {
		failed(err)
		return
	}
	if _, err := w.Call(firehose, session, "s3:PutObject", map[string]string{"Bucket": bucket, "Key": key, "Body": "aGk="}); err != nil {
		failed(err)
		return
	}
	w.Emit(api.StepEvent{Service: "test", Type: "Delivered", Fields: map[string]string{"key": key}})
}

func trustDoc(service string) string {
	b, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": service}, "Action": "sts:AssumeRole"}}})
	return string(b)
}

// deliveryAccount returns an account with the bucket out, the role
// deliverer trusting trusted and allowed rolePerms, and Alice allowed
// test:CreateDelivery and alicePerms; test:CreateDelivery registered.
func deliveryAccount(t *testing.T, trusted string, rolePerms, alicePerms []string) *Account {
	t.Helper()
	a := account(t,
		"", "s3:CreateBucket", `{"Bucket":"out"}`,
		"", "iam:CreateRole", `{"RoleName":"deliverer","AssumeRolePolicyDocument":`+q(trustDoc(trusted))+`}`,
		"", "iam:PutRolePolicy", `{"RoleName":"deliverer","PolicyName":"p","PolicyDocument":`+q(allowDoc(rolePerms...))+`}`,
		"", "iam:PutUserPolicy", `{"UserName":"Alice","PolicyName":"p","PolicyDocument":`+q(allowDoc(append([]string{"test:CreateDelivery"}, alicePerms...)...))+`}`,
	)
	registerDelivery(a)
	return a
}

func deliveryEvents(t *testing.T, a *Account) []StepEvent {
	t.Helper()
	if _, err := a.Call(alice, "test:CreateDelivery", []byte(`{"RoleArn":"`+deliverer+`","Bucket":"out","Key":"k"}`)); err != nil {
		t.Fatal(err)
	}
	if evs, err := a.AdvanceEvents(4999); err != nil || len(evs) != 0 {
		t.Fatalf("before it falls due: %v %+v", err, evs)
	}
	evs, err := a.AdvanceEvents(1)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func objects(a *Account) int {
	n := 0
	for _, b := range a.View().S3.Buckets {
		n += len(b.Objects)
	}
	return n
}

// findEvent returns the last logged event of op.
func findEvent(t *testing.T, a *Account, op string) Event {
	t.Helper()
	ev := a.Events()
	for i := len(ev) - 1; i >= 0; i-- {
		if ev[i].Op == op {
			return ev[i]
		}
	}
	t.Fatalf("no %s in the event log", op)
	return Event{}
}

// The delivery assumes its role as the service principal and writes as
// the role session; the log shows both calls as CloudTrail does (caller,
// invokedBy), and neither is journaled (they happen again on replay).
func TestWorkActsAsTheRoleAServiceAssumes(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, firehose, []string{"s3:PutObject"}, []string{"iam:PassRole"})
	evs := deliveryEvents(t, a)
	if len(evs) != 1 || evs[0].Type != "Delivered" {
		t.Fatalf("step events %+v, want Delivered", evs)
	}
	if objects(a) != 1 {
		t.Fatal("no object delivered")
	}
	session := "arn:aws:sts::123456789012:assumed-role/deliverer/firehose"
	assume := findEvent(t, a, "sts:AssumeRole")
	if assume.Caller != firehose || assume.InvokedBy != firehose || assume.Error != nil {
		t.Fatalf("AssumeRole logged as %+v", assume)
	}
	put := findEvent(t, a, "s3:PutObject")
	if put.Caller != session || put.InvokedBy != firehose || put.Error != nil || put.Actions[0].Decision != Allowed {
		t.Fatalf("PutObject logged as %+v", put)
	}
	for _, s := range a.Journal() {
		if s.Op == "sts:AssumeRole" || s.Op == "s3:PutObject" {
			t.Fatalf("the delivery's %s was journaled", s.Op)
		}
	}
	// No learner's call can be made as the service principal itself.
	_, err := a.Call(firehose, "s3:ListBuckets", nil)
	wantCode(t, err, "InvalidAccessKeyId", "")
}

// A trust policy that does not name the service makes the work fail
// visibly: AWS's AccessDenied for the service's sts:AssumeRole, logged,
// and nothing written.
func TestWorkFailsWhenTheTrustPolicyOmitsTheService(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, "ecs-tasks.amazonaws.com", []string{"s3:PutObject"}, []string{"iam:PassRole"})
	evs := deliveryEvents(t, a)
	if len(evs) != 1 || evs[0].Type != "DeliveryFailed" || evs[0].Fields["error"] != "AccessDenied" {
		t.Fatalf("step events %+v, want DeliveryFailed AccessDenied", evs)
	}
	assume := findEvent(t, a, "sts:AssumeRole")
	if assume.Error == nil || assume.Error.Code != "AccessDenied" || assume.Actions[0].Decision != ImplicitDeny ||
		!strings.Contains(assume.Error.Message, "User: firehose.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: "+deliverer) {
		t.Fatalf("AssumeRole logged as %+v", assume)
	}
	if objects(a) != 0 {
		t.Fatal("an object was written without the role")
	}
}

// A role without s3:PutObject: the write is denied, logged with the
// caller, invokedBy and the denial's trace (no caller sees that error).
func TestWorkDeniedByTheRolesPolicies(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, firehose, []string{"s3:GetObject"}, []string{"iam:PassRole"})
	evs := deliveryEvents(t, a)
	if len(evs) != 1 || evs[0].Type != "DeliveryFailed" || evs[0].Fields["error"] != "AccessDenied" {
		t.Fatalf("step events %+v, want DeliveryFailed AccessDenied", evs)
	}
	put := findEvent(t, a, "s3:PutObject")
	if put.Error == nil || put.Error.Code != "AccessDenied" || put.InvokedBy != firehose || put.Error.Trace == nil ||
		!strings.Contains(put.Error.Message, "assumed-role/deliverer/firehose is not authorized to perform: s3:PutObject") {
		t.Fatalf("PutObject logged as %+v", put)
	}
	if b, err := json.Marshal(put); err != nil || !strings.Contains(string(b), `"trace":{`) {
		t.Fatalf("the logged denial marshals without its trace: %s %v", b, err)
	}
	if objects(a) != 0 {
		t.Fatal("an object was written without s3:PutObject")
	}
}

// Handing a role to a service needs iam:PassRole on it from the caller,
// for that service (iam:PassedToService): without it the operation is
// denied and nothing is scheduled.
func TestPassRoleIsRequired(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, firehose, []string{"s3:PutObject"}, nil)
	_, err := a.Call(alice, "test:CreateDelivery", []byte(`{"RoleArn":"`+deliverer+`","Bucket":"out","Key":"k"}`))
	wantCode(t, err, "AccessDeniedException", "User: "+alice+" is not authorized to perform: iam:PassRole on resource: "+deliverer+" because no identity-based policy allows the iam:PassRole action")
	if evs, _ := a.AdvanceEvents(10_000); len(evs) != 0 || objects(a) != 0 {
		t.Fatalf("a denied operation scheduled its work: %+v", evs)
	}

	// PassRole allowed only towards another service does not do.
	onlyECS := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`
	if _, err := a.Call(root, "iam:PutUserPolicy", []byte(`{"UserName":"Alice","PolicyName":"pass","PolicyDocument":`+q(onlyECS)+`}`)); err != nil {
		t.Fatal(err)
	}
	_, err = a.Call(alice, "test:CreateDelivery", []byte(`{"RoleArn":"`+deliverer+`","Bucket":"out","Key":"k"}`))
	wantCode(t, err, "AccessDeniedException", "iam:PassRole")

	// PassRole allowed towards this service does.
	onlyFirehose := strings.ReplaceAll(onlyECS, "ecs-tasks.amazonaws.com", firehose)
	if _, err := a.Call(root, "iam:PutUserPolicy", []byte(`{"UserName":"Alice","PolicyName":"pass","PolicyDocument":`+q(onlyFirehose)+`}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Call(alice, "test:CreateDelivery", []byte(`{"RoleArn":"`+deliverer+`","Bucket":"out","Key":"k"}`)); err != nil {
		t.Fatalf("iam:PassedToService %s does not allow passing the role: %v", firehose, err)
	}
}

// AssumeRoleAs names the session as the service asks (the ECS agent's
// session is named after its instance); sts:AssumeRole checks the name as
// it checks any caller's, and the trust policy applies all the same.
func TestWorkAssumeRoleAsNamesTheSession(t *testing.T) {
	t.Parallel()
	a := deliveryAccount(t, firehose, []string{"s3:PutObject"}, []string{"iam:PassRole"})
	w := a.work(a.clock.Now())
	session, err := w.AssumeRoleAs(firehose, deliverer, "i-0123456789abcdef0")
	if want := "arn:aws:sts::123456789012:assumed-role/deliverer/i-0123456789abcdef0"; err != nil || session != want {
		t.Errorf("session %q, %v; want %s", session, err, want)
	}
	if ev := findEvent(t, a, "sts:AssumeRole"); ev.Caller != firehose || ev.Error != nil {
		t.Errorf("sts:AssumeRole logged as %+v; want made by %s", ev, firehose)
	}
	var ae *api.Error
	if _, err := w.AssumeRoleAs(firehose, deliverer, "no spaces allowed"); !errors.As(err, &ae) || ae.Code != "ValidationError" {
		t.Errorf("a session name with spaces: %v, want ValidationError", err)
	}
	if _, err := w.AssumeRoleAs("ec2.amazonaws.com", deliverer, "i-0123456789abcdef0"); !errors.As(err, &ae) || ae.Code != "AccessDenied" {
		t.Errorf("a service the trust policy does not name: %v, want AccessDenied", err)
	}
	if s, err := w.AssumeRoleFor(firehose, deliverer); err != nil || !strings.HasSuffix(s, "/deliverer/firehose") {
		t.Errorf("AssumeRoleFor still names the session after the service: %q, %v", s, err)
	}
}
