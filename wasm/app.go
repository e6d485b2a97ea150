//go:build js && wasm

package main

import (
	"github.com/hexops/vecty"
	"github.com/hexops/vecty/elem"
	"github.com/hexops/vecty/event"
	"github.com/hexops/vecty/prop"
)

// App is the whole page inside #app: in full mode the header, banners,
// panel tabs and the selected panel; in embed mode one panel with a thin bar.
type App struct {
	vecty.Core
	Store      *Store `vecty:"prop"`
	Mode       Mode   `vecty:"prop"`
	EmbedPanel string `vecty:"prop"` // ?panel= in embed mode
	Tag        string `vecty:"prop"` // the tag of the #app element it replaces
}

// renderBanners draws the page's messages in a container that is always
// there, so the panels after it keep their place (and state) across renders.
func (a *App) renderBanners() *vecty.HTML {
	s := a.Store
	var out vecty.List
	if s.Notice != "" {
		out = append(out, elem.Div(
			vecty.Markup(vecty.Class("banner", "banner-warn"), vecty.Attribute("role", "alert")),
			elem.Paragraph(vecty.Text(s.Notice)),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(a.onDismiss)), vecty.Text("Dismiss")),
		))
	}
	if s.UndoOffer != "" && s.CanUndo() {
		out = append(out, elem.Div(
			vecty.Markup(vecty.Class("banner", "banner-undo"), vecty.Attribute("role", "status")),
			elem.Paragraph(vecty.Text(s.UndoOffer)),
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("undo"), event.Click(a.onUndo)), vecty.Text("Undo: restore your previous account")),
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet"), event.Click(a.onDismiss)), vecty.Text("Dismiss")),
		))
	}
	if err := s.ErrorAt("page"); err != nil {
		out = append(out, renderError(err))
	}
	if err := s.SaveError(); err != nil {
		out = append(out, elem.Div(vecty.Markup(vecty.Class("banner", "banner-warn")),
			elem.Paragraph(vecty.Text("Your work could not be saved in this browser: "+err.Error()))))
	}
	return elem.Div(vecty.Markup(vecty.Class("banners")), out)
}

func (a *App) onUndo(*vecty.Event)    { a.Store.Dispatch(&Undo{}) }
func (a *App) onDismiss(*vecty.Event) { a.Store.Dispatch(&Dismiss{}) }

func (a *App) onTab(name string) func(*vecty.Event) {
	return func(*vecty.Event) { a.Store.Dispatch(&SelectPanel{Name: name}) }
}

func (a *App) renderTabs() *vecty.HTML {
	var tabs vecty.List
	for _, p := range Panels {
		selected := p.Name == a.Store.Panel()
		label := p.Title
		if p.Name == PanelLog {
			label += " (" + itoa(len(a.Store.Account().Events())) + ")"
		}
		tabs = append(tabs, elem.Button(vecty.Markup(
			prop.Type("button"), prop.ID("tab-"+p.Name),
			vecty.Class("tab"), vecty.MarkupIf(selected, vecty.Class("selected")),
			vecty.Attribute("aria-pressed", boolText(selected)),
			event.Click(a.onTab(p.Name)),
		), vecty.Text(label)))
	}
	return elem.Navigation(vecty.Markup(vecty.Class("tabs"), vecty.Attribute("aria-label", "Panels")), tabs)
}

func (a *App) renderPanel(name string) vecty.ComponentOrHTML {
	switch name {
	case PanelAccount:
		return &AccountPanel{Store: a.Store}
	case PanelIAM:
		return &IAMPanel{Store: a.Store}
	case PanelLog:
		return &LogPanel{Store: a.Store}
	}
	names := ""
	for i, p := range Panels {
		if i > 0 {
			names += ", "
		}
		names += p.Name
	}
	return elem.Div(vecty.Markup(vecty.Class("panel", "unknown-panel"), vecty.Attribute("role", "alert")),
		elem.Paragraph(vecty.Text("There is no panel named “"+name+"” yet. Panels: "+names+".")))
}

func (a *App) renderEmbed() vecty.ComponentOrHTML {
	s := a.Store
	return vecty.List{
		elem.Header(vecty.Markup(vecty.Class("embed-bar")),
			elem.Span(vecty.Markup(vecty.Class("brand")), vecty.Text("cloudplay")),
			elem.Span(vecty.Markup(vecty.Class("scenario-name")), vecty.Text(s.Meta().Name)),
			&ActingAs{Store: s, ID: "acting-as"},
			elem.Anchor(vecty.Markup(
				prop.Href("./#"+encodeLink(s)), vecty.Attribute("target", "_blank"), vecty.Attribute("rel", "noopener"),
			), vecty.Text("Open in playground")),
		),
		a.renderBanners(),
		elem.Main(vecty.Markup(vecty.Class("embed-main")), a.renderPanel(a.EmbedPanel)),
	}
}

func (a *App) renderFull() vecty.ComponentOrHTML {
	return vecty.List{
		&Header{Store: a.Store},
		a.renderBanners(),
		a.renderTabs(),
		elem.Main(vecty.Markup(vecty.Class("main")), a.renderPanel(a.Store.Panel())),
	}
}

// Render draws the page.
func (a *App) Render() vecty.ComponentOrHTML {
	mode := string(a.Mode)
	body := a.renderFull()
	if a.Mode == ModeEmbed {
		body = a.renderEmbed()
	}
	return vecty.Tag(a.Tag, vecty.Markup(prop.ID("app"), vecty.Class("app", "mode-"+mode)), body)
}
