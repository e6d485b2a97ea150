//go:build js && wasm

package main

import (
	"strconv"
	"sync"

	"cloudplay/core/cloud"
	"cloudplay/core/compute/ec2"
	"cloudplay/core/compute/ecr"
	"cloudplay/core/compute/ecs"
	"cloudplay/wasm/internal/cluster"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// The Containers panel's forms, tables and meters (ContainersPanel's
// renderX methods).

// maxTaskRows bounds the tasks listed as buttons under the picture: the
// playground's own choice (the canvas draws them all; ListTasks lists
// them all).
const maxTaskRows = 24

func opNote(text string) *vecty.HTML {
	return elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text(text))
}

func option(value, label string, selected bool) *vecty.HTML {
	return elem.Option(vecty.Markup(prop.Value(value), vecty.MarkupIf(selected, vecty.Property("selected", true))), vecty.Text(label))
}

func textField(id, label, name, value, title string) *vecty.HTML {
	return elem.Div(vecty.Markup(vecty.Class("field")),
		elem.Label(vecty.Markup(prop.For(id)), vecty.Text(label)),
		elem.Input(vecty.Markup(prop.ID(id), prop.Name(name), prop.Type(prop.TypeText), vecty.Attribute("autocomplete", "off"),
			vecty.Attribute("title", title), prop.Value(value))))
}

func launchTypeSelect(id string) *vecty.HTML {
	return field(id, "Launch type", elem.Select(vecty.Markup(prop.ID(id), prop.Name("launchType")),
		option("EC2", "EC2", true), option("FARGATE", "Fargate", false)))
}

func (p *ContainersPanel) renderClusterForm(v cloud.View) *vecty.HTML {
	var pick vecty.MarkupOrChild
	if cs := v.ECS.Clusters; len(cs) > 1 {
		var opts vecty.List
		shown := p.clusterIn(v)
		for _, c := range cs {
			opts = append(opts, option(c.Name, c.Name, c.Name == shown))
		}
		pick = field("ct-pick", "Cluster shown", elem.Select(vecty.Markup(prop.ID("ct-pick"), event.Change(p.onPickCluster)), opts))
	}
	return elem.Form(vecty.Markup(prop.ID("form-create-cluster"), vecty.Class("card", "form"), event.Submit(p.onCreateCluster).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("row")),
			textField("ct-cluster", "Cluster name", "clusterName", "", "ecs:CreateCluster's clusterName"),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create cluster")),
			pick,
		),
		opNote("ecs:CreateCluster"),
		errorAt(p.Store, "containers-cluster"),
	)
}

// typeLabels are the instance types as the launch form offers them,
// worked out once (the panel re-renders on every change).
var typeLabels = sync.OnceValue(func() [][2]string {
	var out [][2]string
	for _, t := range ec2.InstanceTypes() {
		out = append(out, [2]string{t.Name, t.Name + " · " + itoa(t.VCPU) + " vCPU · " + strconv.FormatFloat(float64(t.MemoryMiB)/1024, 'f', -1, 64) + " GiB · $" +
			strconv.FormatFloat(t.PricePerHour, 'f', -1, 64) + "/h"})
	}
	return out
})

// demoImages are the demo images' names and tags, read once: ecr.Demos
// makes their layers and digests.
var demoImages = sync.OnceValue(func() [][2]string {
	var out [][2]string
	for _, d := range ecr.Demos() {
		out = append(out, [2]string{d.Repository, d.Repository + ":" + d.Tag})
	}
	return out
})

func (p *ContainersPanel) renderLaunch(v cloud.View) *vecty.HTML {
	var types vecty.List
	for _, t := range typeLabels() {
		types = append(types, option(t[0], t[1], t[0] == "t3.medium"))
	}
	zones := vecty.List{option("", "any (EC2 picks)", true)}
	for _, z := range v.EC2.Zones {
		zones = append(zones, option(z.Name, z.Name, false))
	}
	var role vecty.MarkupOrChild
	if !HasInstanceProfile(v) {
		role = elem.Div(vecty.Markup(vecty.Class("role-offer")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")),
				vecty.Text("An instance joins a cluster only when its ECS agent may call ecs:RegisterContainerInstance: it needs an instance profile whose role trusts ec2.amazonaws.com. This account has no "+ECSInstanceRole+" profile yet.")),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("ct-make-role"), event.Click(p.onInstanceRole)), vecty.Text("Create "+ECSInstanceRole+" and its instance profile")),
			opNote("iam:CreateRole (trust: ec2.amazonaws.com) · iam:AttachRolePolicy AmazonEC2ContainerServiceforEC2Role · iam:CreateInstanceProfile · iam:AddRoleToInstanceProfile"),
		)
	}
	return elem.Form(vecty.Markup(prop.ID("form-launch"), vecty.Class("card", "form"), event.Submit(p.onLaunch).PreventDefault()),
		elem.Heading3(vecty.Text("EC2 instances for the cluster")),
		role, errorAt(p.Store, "containers-role"),
		elem.Div(vecty.Markup(vecty.Class("row")),
			field("ct-type", "Instance type", elem.Select(vecty.Markup(prop.ID("ct-type"), prop.Name("InstanceType")), types)),
			numField("ct-count", "Count", "Count", "2", "MinCount and MaxCount"),
			field("ct-zone", "Zone", elem.Select(vecty.Markup(prop.ID("ct-zone"), prop.Name("Zone")), zones)),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Launch")),
		),
		opNote("ec2:RunInstances · the ECS-optimised image "+ec2.ECSAMI+", user data ECS_CLUSTER="+p.clusterIn(v)+", profile "+ECSInstanceRole),
		errorAt(p.Store, "containers-launch"),
	)
}

func (p *ContainersPanel) renderTaskDef() *vecty.HTML {
	return elem.Form(vecty.Markup(prop.ID("form-taskdef"), vecty.Class("card", "form"), event.Submit(p.onRegister).PreventDefault()),
		elem.Heading3(vecty.Text("Task definition")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			textField("td-family", "Family", "family", "web", "the task definition's family; each register adds a revision"),
			numField("td-cpu", "CPU units", "cpu", "256", "1,024 units = 1 vCPU"),
			numField("td-memory", "Memory MiB", "memory", "512", "the task's hard limit"),
			textField("td-image", "Image", "image", "nginx:latest", "a public image, or a repository URI of this account's ECR"),
			numField("td-port", "Port", "port", "", "container port; on EC2 bridge networking the same host port"),
			launchTypeSelect("td-launch"),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Register")),
		),
		opNote("ecs:RegisterTaskDefinition"),
		errorAt(p.Store, "containers-taskdef"),
	)
}

func (p *ContainersPanel) renderPush() *vecty.HTML {
	var demos vecty.List
	for i, d := range demoImages() {
		demos = append(demos, option(d[0], d[1], i == 0))
	}
	var note vecty.MarkupOrChild
	if p.pushNote != "" {
		note = elem.Paragraph(vecty.Markup(vecty.Class("push-result"), vecty.Attribute("role", "status")), vecty.Text(p.pushNote))
	}
	return elem.Form(vecty.Markup(prop.ID("form-push"), vecty.Class("card", "form"), event.Submit(p.onPush).PreventDefault()),
		elem.Heading3(vecty.Text("docker push")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			field("push-demo", "Demo image", elem.Select(vecty.Markup(prop.ID("push-demo"), prop.Name("demo")), demos)),
			textField("push-repo", "Repository", "repository", "apps", "the ECR repository (created when missing)"),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("docker push")),
		),
		opNote("ecr:GetAuthorizationToken · BatchCheckLayerAvailability · InitiateLayerUpload · UploadLayerPart · CompleteLayerUpload · PutImage (the event log shows each)"),
		note,
		errorAt(p.Store, "containers-push"),
	)
}

func (p *ContainersPanel) renderRun() *vecty.HTML {
	var strategies vecty.List
	for i, s := range Strategies {
		strategies = append(strategies, option(s.Value, s.Label, i == 0))
	}
	return elem.Form(vecty.Markup(prop.ID("form-run"), vecty.Class("card", "form", "run-form"), event.Submit(p.onRun).PreventDefault()),
		elem.Div(vecty.Markup(vecty.Class("row")),
			textField("run-td", "Task definition", "taskDefinition", p.lastTD, "family, family:revision or ARN"),
			numField("run-count", "Count", "count", "1", "1 to "+itoa(RunTaskMax)),
			launchTypeSelect("run-launch"),
			field("run-strategy", "Strategy", elem.Select(vecty.Markup(prop.ID("run-strategy"), prop.Name("strategy")), strategies)),
			field("run-constraint", "Constraint", elem.Select(vecty.Markup(prop.ID("run-constraint"), prop.Name("constraint")),
				option("", "none", true), option("distinctInstance", "distinctInstance", false), option("memberOf", "memberOf", false))),
			textField("run-expr", "memberOf expression", "expression", "", "cluster query language, e.g. attribute:ecs.availability-zone == us-east-1a"),
			elem.Button(vecty.Markup(prop.Type("submit"), prop.ID("run-task"), vecty.Class("run-button")), vecty.Text("Run task")),
		),
		opNote("ecs:RunTask · Fargate takes the default subnets and no strategy or constraint"),
		errorAt(p.Store, "containers-run"),
	)
}

func (p *ContainersPanel) renderService(v cloud.View) *vecty.HTML {
	return elem.Form(vecty.Markup(prop.ID("form-service"), vecty.Class("card", "form"), event.Submit(p.onService).PreventDefault()),
		elem.Heading3(vecty.Text("Service")),
		elem.Div(vecty.Markup(vecty.Class("row")),
			textField("svc-name", "Service name", "serviceName", "", "a new name creates it; an existing one is updated"),
			textField("svc-td", "Task definition", "taskDefinition", p.lastTD, "family, family:revision or ARN"),
			numField("svc-count", "Desired count", "desiredCount", "2", "the tasks it keeps running"),
			launchTypeSelect("svc-launch"),
			elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create or update")),
		),
		opNote("ecs:CreateService / ecs:UpdateService · a service spreads its tasks across Availability Zones and replaces stopped ones"),
		p.renderServices(v),
		errorAt(p.Store, "containers-service"),
	)
}

func (p *ContainersPanel) renderServices(v cloud.View) vecty.MarkupOrChild {
	c, ok := p.shown(v)
	if !ok || len(c.Services) == 0 {
		return nil
	}
	var items vecty.List
	for _, s := range c.Services {
		items = append(items, elem.ListItem(vecty.Markup(vecty.Key(s.Name)),
			elem.Code(vecty.Text(s.Name)), vecty.Text(" "+s.Status+" · "+s.LaunchType+" · desired "+itoa(s.Desired)+", running "+itoa(s.Running)+", pending "+itoa(s.Pending))))
	}
	return elem.UnorderedList(vecty.Markup(vecty.Class("services")), items)
}

// shown returns the cluster the panel shows.
func (p *ContainersPanel) shown(v cloud.View) (ecs.ClusterView, bool) {
	name := p.clusterIn(v)
	for _, c := range v.ECS.Clusters {
		if c.Name == name {
			return c, true
		}
	}
	return ecs.ClusterView{}, false
}

func (p *ContainersPanel) renderPicture(v cloud.View) *vecty.HTML {
	c, ok := p.shown(v)
	if !ok {
		return elem.Section(vecty.Markup(vecty.Class("card", "cluster-card")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint", "no-cluster")), vecty.Text("No cluster yet: create one above, then launch instances into it or run Fargate tasks.")))
	}
	if !p.pic.dirty {
		p.pic.seen = false // the canvas lays it out a frame from now
	}
	p.pic.cv, p.pic.dirty = c, true
	if p.Clock != nil {
		p.Clock.Wake()
	}
	// Counts only: the canvas lays the cluster out for its width, on its
	// own frame.
	s := cluster.CountsOf(c)
	var more vecty.MarkupOrChild
	if s.BoxesNotDrawn+s.ChipsNotDrawn > 0 {
		more = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text(itoa(s.BoxesNotDrawn)+" instances and "+itoa(s.ChipsNotDrawn)+
			" tasks are not drawn (the picture draws "+itoa(cluster.MaxBoxes)+" instances and "+thousands(cluster.MaxChips)+" tasks); ecs:ListContainerInstances and ListTasks list them all."))
	}
	var empty vecty.MarkupOrChild
	if s.Empty {
		empty = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Cluster "+c.Name+" has no container instances and no running tasks yet."))
	}
	return elem.Section(vecty.Markup(vecty.Class("card", "cluster-card"), vecty.Data("cluster", c.Name), vecty.Attribute("aria-label", "Cluster "+c.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Text("Cluster "+c.Name)),
			elem.Span(vecty.Markup(vecty.Class("hint")), vecty.Text(plural(len(c.Instances), "container instance", "container instances")+" · "+
				plural(s.Live, "task", "tasks")+" · CPU bar blue, memory bar violet")),
		),
		empty,
		elem.Div(vecty.Markup(vecty.Class("cluster-pic")),
			&ClusterCanvas{Pic: p.pic, Clock: p.Clock, OnTask: p.explainTask}),
		more,
		elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Each box is a container instance with the containers it runs: the same image run twice is two containers, sharing the instance's one operating system.")),
		p.renderTasks(c),
	)
}

func (p *ContainersPanel) renderTasks(c ecs.ClusterView) vecty.MarkupOrChild {
	var rows vecty.List
	n := 0
	for i := len(c.Tasks) - 1; i >= 0 && n < maxTaskRows; i-- {
		t := c.Tasks[i]
		if _, ok := cluster.StatusOf(t.LastStatus); !ok {
			continue
		}
		n++
		where := t.AvailabilityZone + " · Fargate"
		for _, in := range c.Instances {
			if in.ARN == t.ContainerInstanceARN {
				where = in.EC2InstanceID + " · " + in.AvailabilityZone
			}
		}
		rows = append(rows, elem.ListItem(vecty.Markup(vecty.Key(t.ARN)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("task-pick", "quiet"), vecty.Data("task", t.ARN),
				vecty.Attribute("title", "Why was it placed here? (cloudplay:ExplainPlacement)"), event.Click(p.onExplain(t.ARN))),
				elem.Code(vecty.Text(short8(t.ARN))), vecty.Text(" "+cluster.Family(t.Group)+" · "+t.LastStatus+" · "+where)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "task-stop"), event.Click(p.onStop(t.ARN))), vecty.Text("Stop")),
		))
	}
	if n == 0 {
		return nil
	}
	return elem.Div(vecty.Markup(vecty.Class("task-list")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Newest tasks (click one, here or in the picture, to see why it went where it did):")),
		elem.UnorderedList(rows))
}

func (p *ContainersPanel) renderTray() *vecty.HTML {
	var items vecty.List
	for i, f := range p.tray {
		on := ""
		if f.Arn != "" {
			on = " on " + short8(f.Arn)
		}
		detail := ""
		if f.Detail != "" {
			detail = " — " + f.Detail
		}
		items = append(items, elem.ListItem(vecty.Markup(vecty.Key(itoa(i)+f.Arn+f.Reason), vecty.Class("unplaced-item")),
			elem.Code(vecty.Markup(vecty.Class("reason")), vecty.Text(f.Reason)), vecty.Text(on+detail+" · "+f.What)))
	}
	var body vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("Empty: every task asked for was placed."))
	var clear vecty.MarkupOrChild
	if len(p.tray) > 0 {
		body = elem.UnorderedList(items)
		clear = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(p.onClearTray)), vecty.Text("Clear"))
	}
	return elem.Section(vecty.Markup(prop.ID("unplaced"), vecty.Class("card", "unplaced"), vecty.Attribute("aria-label", "Unplaced tasks"), vecty.Attribute("aria-live", "polite")),
		elem.Div(vecty.Markup(vecty.Class("card-head")), elem.Heading3(vecty.Text("Unplaced")), clear),
		body,
		elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("RunTask's failures, one per container instance that could not take the task, with AWS's reason (RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, ATTRIBUTE …).")))
}

func (p *ContainersPanel) renderExplain() vecty.MarkupOrChild {
	ex := p.explain
	if ex == nil {
		return elem.Div(vecty.Markup(prop.ID("explain")), errorAt(p.Store, "containers-explain"))
	}
	head := "Task " + short8(ex.Task) + " needs " + strconv.FormatInt(ex.Requirements.CPU, 10) + " CPU units and " + strconv.FormatInt(ex.Requirements.Memory, 10) + " MiB"
	if len(ex.Constraints) > 0 {
		head += " · constraints " + joinList(ex.Constraints)
	}
	if len(ex.Strategies) > 0 {
		head += " · strategies " + joinList(ex.Strategies)
	}
	var rows vecty.List
	for _, c := range ex.Candidates {
		why := c.Reason
		switch c.Outcome {
		case "filtered":
			why = c.Filter + ": " + c.Reason
		case "ranked out":
			why = c.Strategy + " ranked it lower (" + c.Value + ")"
		case "tied":
			why = "as good as the chosen one; the tie was broken by the account's seeded source"
		case "chosen":
			why = "placed here"
		}
		rows = append(rows, elem.TableRow(vecty.Markup(vecty.Key(c.ContainerInstanceArn), vecty.Class("outcome-"+classOf(c.Outcome))),
			elem.TableData(elem.Code(vecty.Text(c.Ec2InstanceID))),
			elem.TableData(vecty.Text(c.AvailabilityZone)),
			elem.TableData(vecty.Text(strconv.FormatInt(c.RemainingCPU, 10))),
			elem.TableData(vecty.Text(strconv.FormatInt(c.RemainingMemory, 10))),
			elem.TableData(vecty.Markup(vecty.Class("outcome")), vecty.Text(c.Outcome)),
			elem.TableData(vecty.Text(why))))
	}
	var table, note vecty.MarkupOrChild
	if len(ex.Candidates) > 0 {
		table = elem.Div(vecty.Markup(vecty.Class("table-wrap")), elem.Table(vecty.Markup(vecty.Class("explain-table")),
			elem.TableHead(elem.TableRow(elem.TableHeader(vecty.Text("Instance")), elem.TableHeader(vecty.Text("Zone")),
				elem.TableHeader(vecty.Text("CPU left")), elem.TableHeader(vecty.Text("Memory left")),
				elem.TableHeader(vecty.Text("Outcome")), elem.TableHeader(vecty.Text("Why")))),
			elem.TableBody(rows)))
	}
	if ex.Note != "" {
		note = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text(ex.Note))
	}
	return elem.Section(vecty.Markup(prop.ID("explain"), vecty.Class("card", "explain"), vecty.Attribute("aria-label", "Placement explanation")),
		elem.Heading3(vecty.Text("Why there?")),
		elem.Paragraph(vecty.Text(head)),
		table, note,
		opNote("cloudplay:ExplainPlacement: the instances at the moment of placement, each through the filters (CPU, memory, ports, constraints) and then the strategies in order"),
		errorAt(p.Store, "containers-explain"),
	)
}

func classOf(outcome string) string {
	if outcome == "ranked out" {
		return "ranked"
	}
	return outcome
}

func joinList(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// Plot size in pixels (the SVG scales to its box).
const plotW, plotH = 240, 60

func (p *ContainersPanel) renderCost(v cloud.View) *vecty.HTML {
	k := cluster.CostAt(v.EC2, v.ECS, v.Now)
	p.meter.Observe(k)
	ec2Path, fgPath, top := p.meter.Paths(plotW, plotH)
	return elem.Section(vecty.Markup(prop.ID("cost"), vecty.Class("card", "cost"), vecty.Attribute("aria-label", "Cost meter")),
		elem.Heading3(vecty.Text("Cost")),
		elem.Paragraph(vecty.Markup(vecty.Class("meter-ec2")),
			elem.Span(vecty.Markup(vecty.Class("swatch", "swatch-ec2"))),
			vecty.Text("EC2 instances (paid while running, used or not): "+cluster.Dollars(k.EC2PerSecond)+"/s · "+cluster.Dollars(k.EC2Accrued)+" so far")),
		elem.Paragraph(vecty.Markup(vecty.Class("meter-fargate")),
			elem.Span(vecty.Markup(vecty.Class("swatch", "swatch-fargate"))),
			vecty.Text("Fargate tasks (paid per task size while they run): "+cluster.Dollars(k.FargatePerSec)+"/s · "+cluster.Dollars(k.FargateAccrued)+" so far")),
		svg("svg", map[string]string{"class": "cost-plot", "viewBox": "0 0 " + itoa(plotW) + " " + itoa(plotH), "preserveAspectRatio": "none", "role": "img",
			"aria-label": "Accrued cost over the simulated day, up to " + cluster.Dollars(top) + ": EC2 in blue, Fargate in orange"},
			svg("path", map[string]string{"class": "plot-ec2", "d": ec2Path}),
			svg("path", map[string]string{"class": "plot-fargate", "d": fgPath}),
		),
		elem.Small(vecty.Markup(vecty.Class("hint")), vecty.Text("Owning a car against ride-sharing: over a simulated day (play the clock at a high speed). On-demand us-east-1 prices; Fargate billed per second from the image pull, at least a minute.")),
	)
}

// renderDockerIdea is the seed's comparison, small and static: three
// applications as three virtual machines, each with a guest OS, next to
// one host running them as three containers on one OS.
func renderDockerIdea() *vecty.HTML {
	apps := []string{"Java app", "Node.js app", "MySQL"}
	var vms, ctrs vecty.List
	for _, a := range apps {
		vms = append(vms, elem.Div(vecty.Markup(vecty.Class("vm")),
			elem.Span(vecty.Markup(vecty.Class("app")), vecty.Text(a)),
			elem.Span(vecty.Markup(vecty.Class("guest")), vecty.Text("guest OS"))))
		ctrs = append(ctrs, elem.Span(vecty.Markup(vecty.Class("app")), vecty.Text(a)))
	}
	return elem.Details(vecty.Markup(vecty.Class("card", "docker-idea")),
		elem.Summary(vecty.Text("Containers and virtual machines")),
		elem.Div(vecty.Markup(vecty.Class("stacks")),
			elem.Figure(
				elem.Div(vecty.Markup(vecty.Class("stack-row")), vms),
				elem.Div(vecty.Markup(vecty.Class("layer")), vecty.Text("hypervisor")),
				elem.Div(vecty.Markup(vecty.Class("layer")), vecty.Text("host hardware")),
				elem.FigureCaption(vecty.Text("3 virtual machines: each boots its own operating system."))),
			elem.Figure(
				elem.Div(vecty.Markup(vecty.Class("stack-row", "containers")), ctrs),
				elem.Div(vecty.Markup(vecty.Class("layer")), vecty.Text("Docker engine")),
				elem.Div(vecty.Markup(vecty.Class("layer")), vecty.Text("one host OS (an EC2 instance)")),
				elem.FigureCaption(vecty.Text("1 host, 3 containers: they share its kernel, and each starts from an image (layers pulled once, shared).")))),
	)
}

// Render draws the panel.
func (p *ContainersPanel) Render() vecty.ComponentOrHTML {
	if p.account != p.Store.Account() || p.pic == nil {
		p.reset()
	}
	v := p.Store.View()
	return elem.Div(vecty.Markup(prop.ID("panel-containers"), vecty.Class("panel", "containers-panel")),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Containers")),
		elem.Paragraph(vecty.Markup(vecty.Class("hint", "containers-about")),
			vecty.Text("Amazon ECS places containers: on EC2 instances you launch into a cluster (they register their CPU and memory; tasks fill them), or on Fargate, where each task gets capacity of its own. Images come from ECR or a public registry. Every control is an operation as the acting principal; the event log shows each call.")),
		elem.Div(vecty.Markup(vecty.Class("containers-top")), p.renderClusterForm(v), p.renderCost(v)),
		p.renderRun(),
		p.renderPicture(v),
		elem.Div(vecty.Markup(vecty.Class("containers-side")), p.renderTray(), p.renderExplain()),
		elem.Div(vecty.Markup(vecty.Class("containers-forms")), p.renderLaunch(v), p.renderTaskDef(), p.renderPush(), p.renderService(v)),
		renderDockerIdea(),
	)
}
