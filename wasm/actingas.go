//go:build js && wasm

package main

import (
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// ActingAs is the "acting as" selector: root or any user. Every call the
// UI makes is made as this principal.
type ActingAs struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	ID    string `vecty:"prop"`
}

func (c *ActingAs) onChange(e *vecty.Event) {
	c.Store.Dispatch(&ActAs{ARN: e.Target.Get("value").String()})
	// Vecty sets properties only when they change between renders; make
	// the control show the store's choice even when it did not change.
	e.Target.Set("value", c.Store.ActingAs())
}

// Render draws the label and the selector.
func (c *ActingAs) Render() vecty.ComponentOrHTML {
	s := c.Store
	cur := s.ActingAs()
	var opts vecty.List
	title := ""
	for _, p := range Principals(s.View().IAM, s.Account().RootARN()) {
		if p.ARN == cur || (cur == "" && title == "") {
			title = p.Label // the whole label, where the control cuts it
		}
		// Each option's title holds the full ARN: on a phone the menu is
		// narrower than a role session's label (site/style.css).
		opts = append(opts, elem.Option(vecty.Markup(
			prop.Value(p.ARN), vecty.Property("selected", p.ARN == cur), vecty.Attribute("title", p.ARN),
		), vecty.Text(p.Label)))
	}
	return elem.Div(vecty.Markup(vecty.Class("field", "acting-as")),
		elem.Label(vecty.Markup(prop.For(c.ID)), vecty.Text("Acting as")),
		elem.Select(vecty.Markup(prop.ID(c.ID), vecty.Attribute("title", title), event.Change(c.onChange)), opts),
	)
}
