//go:build js && wasm

package main

import (
	"cloudplay/wasm/internal/eventlog"
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// recentCount is how many calls RecentEvents shows.
const recentCount = 6

// RecentEvents shows the last few calls beside the Account panel, so the
// decision of a change is visible where it was made; the Event log panel
// has them all.
type RecentEvents struct {
	vecty.Core
	Store *Store `vecty:"prop"`
}

func (c *RecentEvents) onAll(*vecty.Event) { c.Store.Dispatch(&SelectPanel{Name: PanelLog}) }

// Render draws the list.
func (c *RecentEvents) Render() vecty.ComponentOrHTML {
	a := c.Store.Account()
	rows := eventlog.EventRows(a.Events(), a.Start().String()[:10])
	if len(rows) > recentCount {
		rows = rows[:recentCount]
	}
	var items vecty.List
	for _, r := range rows {
		result := "OK"
		if r.Failed {
			result = r.ErrCode
		}
		items = append(items, elem.ListItem(vecty.Markup(rowClass(r), vecty.Key(r.Seq)),
			elem.Span(vecty.Markup(vecty.Class("who")), vecty.Text(r.Caller)),
			elem.Code(vecty.Markup(vecty.Class("op")), vecty.Text(r.Op)),
			elem.Span(vecty.Markup(vecty.Class("result")), vecty.Text(result)),
		))
	}
	var all vecty.MarkupOrChild
	if c.Store.Panel() != PanelLog {
		all = elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(c.onAll)), vecty.Text("Open the event log"))
	}
	return elem.Section(vecty.Markup(vecty.Class("card", "recent"), vecty.Attribute("aria-labelledby", "recent-h")),
		elem.Heading3(vecty.Markup(prop.ID("recent-h")), vecty.Text("Latest calls")),
		elem.OrderedList(vecty.Markup(vecty.Class("recent-list")), items),
		all,
	)
}
