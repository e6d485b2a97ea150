//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"cloudplay/core/iam"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// AccountPanel draws the IAM directory: the root user, the groups with
// their members, the users × groups membership grid, and forms that change
// it. Every change is an IAM operation made as the acting principal, so a
// refusal shows its AWS error code and message next to the control.
type AccountPanel struct {
	vecty.Core
	Store *Store `vecty:"prop"`
}

// call runs op with input as the acting principal; where places its error.
func (p *AccountPanel) call(where, op string, input map[string]string) bool {
	b, _ := json.Marshal(input)
	a := &CallOp{Op: op, Input: b, Where: where}
	p.Store.Dispatch(a)
	return a.Err == nil
}

// formValue reads a named control of the form that fired e.
func formValue(e *vecty.Event, name string) string {
	f := e.Target.Get("elements").Call("namedItem", name)
	if !f.Truthy() {
		return ""
	}
	return f.Get("value").String()
}

func (p *AccountPanel) onCreateUser(e *vecty.Event) {
	if p.call("create-user", "iam:CreateUser", map[string]string{"UserName": formValue(e, "UserName")}) {
		e.Target.Call("reset")
	}
}

func (p *AccountPanel) onCreateGroup(e *vecty.Event) {
	if p.call("create-group", "iam:CreateGroup", map[string]string{"GroupName": formValue(e, "GroupName")}) {
		e.Target.Call("reset")
	}
}

func (p *AccountPanel) onAddMember(e *vecty.Event) {
	p.call("add-member", "iam:AddUserToGroup", map[string]string{"UserName": formValue(e, "UserName"), "GroupName": formValue(e, "GroupName")})
}

func (p *AccountPanel) onRemoveMember(group, user string) func(*vecty.Event) {
	return func(*vecty.Event) {
		p.call("group:"+group, "iam:RemoveUserFromGroup", map[string]string{"GroupName": group, "UserName": user})
	}
}

func (p *AccountPanel) onDeleteGroup(group string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		next := neighbourFocus(e, "data-group", "#groups-h")
		if p.call("group:"+group, "iam:DeleteGroup", map[string]string{"GroupName": group}) {
			focusIfLost(next...)
		}
	}
}

func (p *AccountPanel) onDeleteUser(user string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		next := neighbourFocus(e, "data-user", "#users-h")
		if p.call("user:"+user, "iam:DeleteUser", map[string]string{"UserName": user}) {
			focusIfLost(next...)
		}
	}
}

// neighbourFocus names where the focus goes when the item holding the
// button e was fired on (the nearest ancestor with attr) is deleted: the
// Delete button of the next item, else of the previous one, else fallback
// (a heading with tabindex -1). Without it the focus falls to <body>, and a
// keyboard user starts again from the top of the page.
func neighbourFocus(e *vecty.Event, attr, fallback string) []string {
	var sels []string
	if e == nil || !e.Target.Truthy() {
		return []string{fallback}
	}
	item := e.Target.Call("closest", "["+attr+"]")
	if item.Truthy() {
		for _, dir := range []string{"nextElementSibling", "previousElementSibling"} {
			for sib := item.Get(dir); sib.Truthy(); sib = sib.Get(dir) {
				if v := sib.Call("getAttribute", attr); v.Truthy() {
					tag := sib.Get("localName").String()
					sels = append(sels, tag+"["+attr+"="+cssString(v.String())+"] button.danger")
					break
				}
			}
		}
	}
	return append(sels, fallback)
}

// cssString quotes s for a CSS attribute selector.
func cssString(s string) string {
	return js.Global().Get("JSON").Call("stringify", s).String()
}

// focusIfLost focuses the first element a selector matches, once Vecty
// has drawn the change, if the focus has fallen to <body> meanwhile.
func focusIfLost(sels ...string) {
	var f js.Func
	f = funcOf(func(js.Value, []js.Value) any {
		f.Release()
		doc := js.Global().Get("document")
		if a := doc.Get("activeElement"); a.Truthy() && !a.Equal(doc.Get("body")) && a.Get("isConnected").Bool() {
			return nil
		}
		for _, sel := range sels {
			if el := doc.Call("querySelector", sel); el.Truthy() {
				el.Call("focus")
				return nil
			}
		}
		return nil
	})
	js.Global().Call("setTimeout", f, 60)
}

func (p *AccountPanel) onToggle(user, group string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		op := "iam:RemoveUserFromGroup"
		if e.Target.Get("checked").Bool() {
			op = "iam:AddUserToGroup"
		}
		p.call("grid", op, map[string]string{"GroupName": group, "UserName": user})
		// Show the account's truth even when the call was refused (Vecty
		// sets the property only when it changes between renders).
		e.Target.Set("checked", isMember(p.Store.View().IAM, user, group))
	}
}

func isMember(v iam.View, user, group string) bool {
	for _, g := range v.Groups {
		if g.Name == group {
			for _, m := range g.Members {
				if m == user {
					return true
				}
			}
		}
	}
	return false
}

func (p *AccountPanel) renderRoot() *vecty.HTML {
	v := p.Store.View()
	return elem.Section(vecty.Markup(vecty.Class("card", "root-card"), vecty.Attribute("aria-labelledby", "root-h")),
		elem.Heading3(vecty.Markup(prop.ID("root-h")), vecty.Text("Root user")),
		elem.Code(vecty.Text(v.RootARN)),
		elem.Paragraph(vecty.Markup(vecty.Class("hint")),
			vecty.Text("The account owner, allowed everything. A user is allowed only what a policy allows; with no policy, every change a user tries is refused.")),
	)
}

func (p *AccountPanel) renderGroup(g iam.GroupView) vecty.ComponentOrHTML {
	var chips vecty.List
	for _, m := range g.Members {
		chips = append(chips, elem.ListItem(vecty.Markup(vecty.Class("chip")),
			elem.Span(vecty.Text(m)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("chip-remove"),
				vecty.Attribute("aria-label", "Remove "+m+" from "+g.Name),
				vecty.Attribute("title", "Remove "+m+" from "+g.Name),
				event.Click(p.onRemoveMember(g.Name, m))), vecty.Text("×")),
		))
	}
	var members vecty.MarkupOrChild = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No members"))
	if len(chips) > 0 {
		members = elem.UnorderedList(vecty.Markup(vecty.Class("chips"), vecty.Attribute("aria-label", "Members of "+g.Name)), chips)
	}
	return elem.ListItem(vecty.Markup(vecty.Class("card", "group-card"), vecty.Data("group", g.Name)),
		elem.Div(vecty.Markup(vecty.Class("card-head")),
			elem.Heading3(vecty.Text(g.Name)),
			elem.Span(vecty.Markup(vecty.Class("count")), vecty.Text(plural(len(g.Members), "member", "members"))),
		),
		members,
		elem.Div(vecty.Markup(vecty.Class("card-foot")),
			elem.Code(vecty.Markup(vecty.Class("arn")), vecty.Text(g.ARN)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "danger"),
				vecty.Attribute("aria-label", "Delete group "+g.Name),
				event.Click(p.onDeleteGroup(g.Name))), vecty.Text("Delete")),
		),
		errorAt(p.Store, "group:"+g.Name),
	)
}

func (p *AccountPanel) renderGroups() *vecty.HTML {
	v := p.Store.View().IAM
	var cards vecty.List
	for _, g := range v.Groups {
		cards = append(cards, p.renderGroup(g))
	}
	grid := MembershipGrid(v)
	var alone vecty.MarkupOrChild
	if u := grid.Ungrouped(); len(u) > 0 {
		var chips vecty.List
		for _, name := range u {
			chips = append(chips, elem.ListItem(vecty.Markup(vecty.Class("chip", "chip-alone")), vecty.Text(name)))
		}
		alone = elem.ListItem(vecty.Markup(vecty.Class("card", "group-card", "no-group")),
			elem.Div(vecty.Markup(vecty.Class("card-head")),
				elem.Heading3(vecty.Text("In no group")),
				elem.Span(vecty.Markup(vecty.Class("count")), vecty.Text(plural(len(u), "user", "users"))),
			),
			elem.UnorderedList(vecty.Markup(vecty.Class("chips"), vecty.Attribute("aria-label", "Users in no group")), chips),
		)
	}
	var body vecty.MarkupOrChild = elem.UnorderedList(vecty.Markup(vecty.Class("cards")), cards, alone)
	if len(v.Groups) == 0 && alone == nil {
		body = elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No groups yet."))
	}
	return elem.Section(vecty.Markup(vecty.Attribute("aria-labelledby", "groups-h")),
		elem.Heading2(vecty.Markup(prop.ID("groups-h"), vecty.Attribute("tabindex", "-1")), vecty.Text("Groups")),
		body,
	)
}

func (p *AccountPanel) renderGrid() *vecty.HTML {
	grid := MembershipGrid(p.Store.View().IAM)
	if len(grid.Rows) == 0 {
		return elem.Section(vecty.Markup(vecty.Attribute("aria-labelledby", "users-h")),
			elem.Heading2(vecty.Markup(prop.ID("users-h"), vecty.Attribute("tabindex", "-1")), vecty.Text("Users")),
			elem.Paragraph(vecty.Markup(vecty.Class("hint")), vecty.Text("No users yet.")))
	}
	head := vecty.List{elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), vecty.Text("User"))}
	for _, g := range grid.Groups {
		head = append(head, elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col"), vecty.Class("group-col")), vecty.Text(g)))
	}
	head = append(head, elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "col")), elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Actions"))))
	// The sentinel keeps the first user's row in place across renders, so
	// a checkbox in it keeps the focus when the grid redraws.
	rows := vecty.List{keyedSentinel(elem.TableRow)}
	for _, r := range grid.Rows {
		cells := vecty.List{elem.TableHeader(vecty.Markup(vecty.Attribute("scope", "row"), vecty.Class("user-name")), vecty.Text(r.User))}
		for i, g := range grid.Groups {
			label := r.User + " in " + g
			cells = append(cells, elem.TableData(vecty.Markup(vecty.Class("cell"), vecty.MarkupIf(r.Member[i], vecty.Class("member"))),
				elem.Input(vecty.Markup(prop.Type(prop.TypeCheckbox), prop.Checked(r.Member[i]),
					vecty.Attribute("aria-label", label), vecty.Attribute("title", label),
					event.Change(p.onToggle(r.User, g))))))
		}
		cells = append(cells, elem.TableData(vecty.Markup(vecty.Class("row-actions")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "danger"),
				vecty.Attribute("aria-label", "Delete user "+r.User),
				event.Click(p.onDeleteUser(r.User))), vecty.Text("Delete")),
		))
		rows = append(rows, elem.TableRow(vecty.Markup(vecty.Key(r.ARN), vecty.Data("user", r.User)), cells))
		if e := p.Store.ErrorAt("user:" + r.User); e != nil {
			rows = append(rows, elem.TableRow(vecty.Markup(vecty.Key(r.ARN+"#error")),
				elem.TableData(vecty.Markup(vecty.Attribute("colspan", itoa(len(grid.Groups)+2))), renderError(e))))
		}
	}
	return elem.Section(vecty.Markup(vecty.Attribute("aria-labelledby", "users-h")),
		elem.Heading2(vecty.Markup(prop.ID("users-h"), vecty.Attribute("tabindex", "-1")), vecty.Text("Users and their groups")),
		elem.Div(vecty.Markup(vecty.Class("table-wrap")),
			elem.Table(vecty.Markup(vecty.Class("grid")),
				elem.Caption(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Membership of users in groups; tick a box to add, untick to remove")),
				elem.TableHead(elem.TableRow(head)),
				elem.TableBody(rows),
			)),
		errorAt(p.Store, "grid"),
	)
}

func (p *AccountPanel) renderForms() *vecty.HTML {
	v := p.Store.View().IAM
	userOpts := vecty.List{}
	for _, u := range v.Users {
		userOpts = append(userOpts, elem.Option(vecty.Markup(prop.Value(u.Name)), vecty.Text(u.Name)))
	}
	groupOpts := vecty.List{}
	for _, g := range v.Groups {
		groupOpts = append(groupOpts, elem.Option(vecty.Markup(prop.Value(g.Name)), vecty.Text(g.Name)))
	}
	return elem.Section(vecty.Markup(vecty.Class("forms"), vecty.Attribute("aria-label", "Change the directory")),
		elem.Form(vecty.Markup(prop.ID("form-create-user"), vecty.Class("card", "form"), event.Submit(p.onCreateUser).PreventDefault()),
			elem.Label(vecty.Markup(prop.For("new-user")), vecty.Text("New user name")),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Input(vecty.Markup(prop.ID("new-user"), prop.Name("UserName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("required", true), prop.Placeholder("e.g. Zoe"))),
				elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create user")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:CreateUser")),
			errorAt(p.Store, "create-user"),
		),
		elem.Form(vecty.Markup(prop.ID("form-create-group"), vecty.Class("card", "form"), event.Submit(p.onCreateGroup).PreventDefault()),
			elem.Label(vecty.Markup(prop.For("new-group")), vecty.Text("New group name")),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Input(vecty.Markup(prop.ID("new-group"), prop.Name("GroupName"), prop.Type(prop.TypeText),
					vecty.Attribute("autocomplete", "off"), vecty.Attribute("required", true), prop.Placeholder("e.g. Finance"))),
				elem.Button(vecty.Markup(prop.Type("submit")), vecty.Text("Create group")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:CreateGroup")),
			errorAt(p.Store, "create-group"),
		),
		elem.Form(vecty.Markup(prop.ID("form-add-member"), vecty.Class("card", "form"), event.Submit(p.onAddMember).PreventDefault()),
			elem.Div(vecty.Markup(vecty.Class("row")),
				elem.Div(vecty.Markup(vecty.Class("field")),
					elem.Label(vecty.Markup(prop.For("member-user")), vecty.Text("User")),
					elem.Select(vecty.Markup(prop.ID("member-user"), prop.Name("UserName")), userOpts)),
				elem.Div(vecty.Markup(vecty.Class("field")),
					elem.Label(vecty.Markup(prop.For("member-group")), vecty.Text("Group")),
					elem.Select(vecty.Markup(prop.ID("member-group"), prop.Name("GroupName")), groupOpts)),
				elem.Button(vecty.Markup(prop.Type("submit"), prop.Disabled(len(userOpts) == 0 || len(groupOpts) == 0)), vecty.Text("Add to group")),
			),
			elem.Small(vecty.Markup(vecty.Class("op")), vecty.Text("iam:AddUserToGroup")),
			errorAt(p.Store, "add-member"),
		),
	)
}

// Render draws the panel.
func (p *AccountPanel) Render() vecty.ComponentOrHTML {
	return elem.Div(vecty.Markup(prop.ID("panel-account"), vecty.Class("panel", "account-panel")),
		elem.Heading2(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text("Account")),
		p.renderForms(),
		elem.Div(vecty.Markup(vecty.Class("columns")),
			elem.Div(vecty.Markup(vecty.Class("col-main")), p.renderGroups(), p.renderGrid()),
			elem.Div(vecty.Markup(vecty.Class("col-side")), p.renderRoot(), &RecentEvents{Store: p.Store}),
		),
	)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
