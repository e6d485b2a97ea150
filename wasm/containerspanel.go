//go:build js && wasm

package main

import (
	"cloudplay/core/cloud"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/compute/ecs"
	"cloudplay/wasm/internal/cluster"
	"github.com/hexops/vecty"
)

// ContainersPanel draws the account's ECS clusters: the Availability
// Zones as columns, container instances as boxes filled by their tasks, a
// Fargate lane, the unplaced tray, the cost meters, and the forms that
// make every change through the operations (as the acting principal, so
// IAM applies and the event log shows each call). The picture is a canvas
// (containerspanel_canvas.go, site/cluster.js) fed by the model in
// wasm/internal/cluster; the forms and tables are containerspanel_view.go;
// the operations' inputs are containerspanel_model.go.
type ContainersPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	Clock *Clock `vecty:"prop"`

	// What the panel keeps across renders (Vecty keeps the component and
	// copies only its props); account is the account it belongs to: a
	// Load, Reset or Undo replaces it, and all this goes with it.
	account  *cloud.Account
	cluster  string // the cluster shown ("" for the first)
	pic      *clusterPic
	tray     []Unplaced
	meter    cluster.Meter
	explain  *Explanation
	pushNote string
	lastTD   string // the family last registered, the run form's default
	own      bool   // a re-render of the panel's own is due (SkipRender)
}

// SkipRender puts off the re-render the page's makes (after every change)
// to the next frame, as one of the panel's own: the page's and the
// panel's then take a frame each rather than one frame both (a script
// that starts and stops tasks every few hundred ms would otherwise drop a
// frame each time).
func (p *ContainersPanel) SkipRender(vecty.Component) bool {
	if p.own || p.pic == nil {
		p.own = false
		return false
	}
	p.own = true
	vecty.Rerender(p)
	return true
}

// clusterPic is what the canvas draws: the model and the cluster view it
// was last given (the canvas lays it out again when its width changes).
type clusterPic struct {
	model cluster.Model
	cv    ecs.ClusterView
	dirty bool
	seen  bool // a frame has passed since dirty was set
}

// call runs op with input as the acting principal; where places its error.
func (p *ContainersPanel) call(where, op string, input []byte) ([]byte, error) {
	a := &CallOp{Op: op, Input: input, Where: where}
	p.Store.Dispatch(a)
	return a.Output, a.Err
}

func (p *ContainersPanel) reset() {
	p.account, p.cluster, p.pic, p.tray, p.meter, p.explain, p.pushNote, p.lastTD =
		p.Store.Account(), "", &clusterPic{}, nil, cluster.Meter{}, nil, "", ""
}

func (p *ContainersPanel) onCreateCluster(e *vecty.Event) {
	name := formValue(e, "clusterName")
	if _, err := p.call("containers-cluster", "ecs:CreateCluster", mustJSON(map[string]string{"clusterName": name})); err == nil {
		p.cluster = name
		vecty.Rerender(p)
	}
}

func (p *ContainersPanel) onPickCluster(e *vecty.Event) {
	p.cluster = e.Target.Get("value").String()
	p.explain = nil
	vecty.Rerender(p)
}

// onInstanceRole creates ecsInstanceRole and its profile, one call at a
// time as a learner would, with the managed policy
// AmazonEC2ContainerServiceforEC2Role attached.
func (p *ContainersPanel) onInstanceRole(*vecty.Event) {
	for _, st := range InstanceRoleSteps(p.Store.View()) {
		if _, err := p.call("containers-role", st.Op, st.Input); err != nil {
			return
		}
	}
	vecty.Rerender(p)
}

func (p *ContainersPanel) onLaunch(e *vecty.Event) {
	v := p.Store.View()
	f := LaunchForm{Cluster: p.clusterIn(v), Type: formValue(e, "InstanceType"), Count: formValue(e, "Count"), Zone: formValue(e, "Zone"),
		Profile: HasInstanceProfile(v)}
	p.call("containers-launch", "ec2:RunInstances", RunInstancesInput(v.EC2, f))
}

func (p *ContainersPanel) onRegister(e *vecty.Event) {
	f := TaskDefForm{Family: formValue(e, "family"), CPU: formValue(e, "cpu"), Memory: formValue(e, "memory"),
		Image: formValue(e, "image"), Port: formValue(e, "port"), LaunchType: formValue(e, "launchType")}
	if _, err := p.call("containers-taskdef", "ecs:RegisterTaskDefinition", RegisterTaskDefinitionInput(f)); err == nil {
		p.lastTD = f.Family
		vecty.Rerender(p)
	}
}

// onPush runs a docker push of a demo image through the store, call by
// call (the event log shows each), creating the repository first when
// the account has none of that name.
func (p *ContainersPanel) onPush(e *vecty.Event) {
	repo, which := formValue(e, "repository"), formValue(e, "demo")
	var d ecr.Demo
	for _, x := range ecr.Demos() {
		if x.Repository == which {
			d = x
		}
	}
	if d.Repository == "" {
		return
	}
	p.pushNote = ""
	exists := false
	for _, r := range p.Store.View().ECR.Repositories {
		exists = exists || r.Name == repo
	}
	if !exists {
		if _, err := p.call("containers-push", "ecr:CreateRepository", mustJSON(map[string]string{"repositoryName": repo})); err != nil {
			return
		}
	}
	push := ecr.NewPush(repo, d.Repository, d.Layers, d.Config)
	for {
		op, in, ok := push.Next()
		if !ok {
			break
		}
		out, err := p.call("containers-push", op, in)
		if push.Answer(out, err) != nil {
			return
		}
	}
	p.pushNote = PushSummary(repo, d, push)
	vecty.Rerender(p)
}

func (p *ContainersPanel) onRun(e *vecty.Event) {
	v := p.Store.View()
	f := RunForm{Cluster: p.clusterIn(v), TaskDefinition: formValue(e, "taskDefinition"), Count: formValue(e, "count"),
		LaunchType: formValue(e, "launchType"), Strategy: formValue(e, "strategy"), Constraint: formValue(e, "constraint"),
		Expression: formValue(e, "expression")}
	out, err := p.call("containers-run", "ecs:RunTask", RunTaskInput(v.EC2, f))
	if err != nil {
		return
	}
	what := f.TaskDefinition + " ×" + f.Count + " (" + f.LaunchType
	if f.LaunchType != "FARGATE" && f.Strategy != "" {
		what += ", " + f.Strategy
	}
	if fs := RunFailures(out, what+")"); len(fs) > 0 {
		p.tray = AddToTray(p.tray, fs)
		vecty.Rerender(p)
	}
}

func (p *ContainersPanel) onService(e *vecty.Event) {
	name := formValue(e, "serviceName")
	exists, v := false, p.Store.View()
	shown := p.clusterIn(v)
	for _, c := range v.ECS.Clusters {
		if c.Name == shown {
			for _, s := range c.Services {
				exists = exists || (s.Name == name && s.Status == "ACTIVE")
			}
		}
	}
	op, in := ServiceInput(v.EC2, shown, name, formValue(e, "taskDefinition"), formValue(e, "desiredCount"), formValue(e, "launchType"), exists)
	p.call("containers-service", op, in)
}

// explainTask asks cloudplay:ExplainPlacement about task and shows the
// table (and outlines the task on the canvas).
func (p *ContainersPanel) explainTask(task string) {
	p.pic.model.Select(task)
	out, err := p.call("containers-explain", "cloudplay:ExplainPlacement", mustJSON(map[string]string{"task": task}))
	p.explain = nil
	if err == nil {
		if ex, ok := ParseExplanation(out); ok {
			p.explain = &ex
		}
	}
	if p.Clock != nil {
		p.Clock.Wake()
	}
	vecty.Rerender(p)
}

func (p *ContainersPanel) onExplain(task string) func(*vecty.Event) {
	return func(*vecty.Event) { p.explainTask(task) }
}

func (p *ContainersPanel) onStop(task string) func(*vecty.Event) {
	return func(*vecty.Event) {
		p.call("containers-explain", "ecs:StopTask", mustJSON(map[string]string{"cluster": p.clusterName(), "task": task, "reason": "Stopped from the Containers panel"}))
	}
}

func (p *ContainersPanel) onClearTray(*vecty.Event) {
	p.tray = nil
	vecty.Rerender(p)
}

// clusterName is the cluster shown: the one picked, or the first.
func (p *ContainersPanel) clusterName() string { return p.clusterIn(p.Store.View()) }

// clusterIn is clusterName in a view the caller has: a view copies the
// whole account, so a render takes one and passes it on.
func (p *ContainersPanel) clusterIn(v cloud.View) string {
	cs := v.ECS.Clusters
	for _, c := range cs {
		if c.Name == p.cluster {
			return c.Name
		}
	}
	if len(cs) > 0 {
		return cs[0].Name
	}
	return ""
}
