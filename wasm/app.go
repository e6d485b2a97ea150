//go:build js && wasm

package main

import (
	"strings"

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
	Clock      *Clock `vecty:"prop"` // the page's one clock (clockbar.go)
}

// renderBanners draws the page's messages in a container that is always
// there, so the panels after it keep their place (and state) across renders.
func (a *App) renderBanners() *vecty.HTML {
	s := a.Store
	var out vecty.List
	if p, ok := s.Progress(); ok {
		out = append(out, a.renderProgress(p))
	}
	if s.Notice != "" {
		out = append(out, banner("banner-warn", "alert", s.Notice, dismissButton(a.onDismiss)))
	}
	if s.UndoOffer != "" && s.CanUndo() {
		out = append(out, banner("banner-undo", "", s.UndoOffer,
			elem.Button(vecty.Markup(prop.Type("button"), prop.ID("undo"), event.Click(a.onUndo)), vecty.Text("Undo: restore your previous account")),
			dismissButton(a.onDismiss)))
	}
	if err := s.ErrorAt("page"); err != nil {
		out = append(out, renderError(err))
	}
	if s.StorageOff() {
		out = append(out, banner("banner-warn banner-storage", "",
			"This browser does not let cloudplay store anything here (site data is blocked), so your work is not saved: it lasts until you close this page. Export keeps it in a file.",
			dismissButton(a.onDismissBanner(BannerStorage))))
	}
	if why := s.Unsaved(); why != "" {
		out = append(out, banner("banner-warn banner-unsaved", "alert",
			"Your work is not saved in this browser any more: "+why+". What was saved before is kept as it was. Export your work to a file to keep it.",
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("export-work"), event.Click(a.onExport)), vecty.Text("Export to a file")),
			dismissButton(a.onDismissBanner(BannerUnsaved))))
	}
	for i, r := range s.Rescues() {
		out = append(out, banner("banner-warn banner-rescue", "alert",
			"Work saved in this browser was not loaded: "+clipCodePoints(r.Reason, 300)+". It is kept aside, not overwritten: download it to keep it, or dismiss it to let it go.",
			elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("rescue-download"), event.Click(a.onDownloadRescue(i))), vecty.Text("Download it")),
			dismissButton(a.onDropRescue(i))))
	}
	// The container is a live region that is always in the page: a message
	// added to it is announced (a region added with its text is not,
	// reliably). Messages that need attention now are alerts within it.
	return elem.Div(vecty.Markup(vecty.Class("banners"), vecty.Attribute("aria-live", "polite")), out)
}

// banner draws one message with its buttons; classes are space-separated.
// role is "alert" for a message that needs attention now, or "" (the
// banners' container announces it politely).
func banner(classes, role, text string, buttons ...vecty.MarkupOrChild) *vecty.HTML {
	children := []vecty.MarkupOrChild{
		vecty.Markup(vecty.Class(append([]string{"banner"}, strings.Fields(classes)...)...), vecty.MarkupIf(role != "", vecty.Attribute("role", role))),
		elem.Paragraph(vecty.Text(text)),
	}
	return elem.Div(append(children, buttons...)...)
}

func dismissButton(h func(*vecty.Event)) *vecty.HTML {
	return elem.Button(vecty.Markup(prop.Type("button"), vecty.Class("quiet", "dismiss"), event.Click(h)), vecty.Text("Dismiss"))
}

// renderProgress draws the banner of a long replay, with Cancel.
func (a *App) renderProgress(p ReplayProgress) *vecty.HTML {
	keep := "keeps the account shown"
	if p.Kind == replaySaved {
		keep = "keeps your saved work aside, unchanged"
	}
	return elem.Div(vecty.Markup(vecty.Class("banner", "banner-progress")),
		elem.Paragraph(vecty.Text(p.Label())),
		elem.Progress(vecty.Markup(vecty.Property("max", p.Total), vecty.Property("value", p.Done), vecty.Attribute("aria-label", p.Label()))),
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("cancel-replay"), vecty.Attribute("title", "Stop; Cancel "+keep), event.Click(a.onCancelReplay)), vecty.Text("Cancel")),
	)
}

func (a *App) onUndo(*vecty.Event)         { a.Store.Dispatch(&Undo{}) }
func (a *App) onDismiss(*vecty.Event)      { a.Store.Dispatch(&Dismiss{}) }
func (a *App) onCancelReplay(*vecty.Event) { a.Store.Dispatch(&CancelReplay{}) }
func (a *App) onExport(*vecty.Event)       { exportWork(a.Store) }

func (a *App) onDismissBanner(what string) func(*vecty.Event) {
	return func(*vecty.Event) { a.Store.Dispatch(&Dismiss{What: what}) }
}

func (a *App) onDropRescue(i int) func(*vecty.Event) {
	return func(*vecty.Event) { a.Store.Dispatch(&DropRescue{Index: i}) }
}

// onDownloadRescue offers rescued work as a file, then lets it go.
func (a *App) onDownloadRescue(i int) func(*vecty.Event) {
	return func(*vecty.Event) {
		rs := a.Store.Rescues()
		if i >= len(rs) {
			return
		}
		if err := download("cloudplay-rescued-work.json", "application/json", []byte(rs[i].Work)); err != nil {
			a.Store.Dispatch(&ShowError{UIError{Where: "page", Code: "ExportFailed", Message: err.Error()}})
			return
		}
		a.Store.Dispatch(&DropRescue{Index: i})
	}
}

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
	case PanelS3:
		return &S3Panel{Store: a.Store}
	case PanelStreams:
		return &StreamsPanel{Store: a.Store, Clock: a.Clock}
	case PanelContainers:
		return &ContainersPanel{Store: a.Store, Clock: a.Clock}
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
			// The page's one h1 (an embed page has no other header).
			elem.Heading1(vecty.Markup(vecty.Class("brand")), vecty.Text("cloudplay"),
				elem.Span(vecty.Markup(vecty.Class("visually-hidden")), vecty.Text(": "+panelTitle(a.EmbedPanel)))),
			elem.Span(vecty.Markup(vecty.Class("scenario-name")), vecty.Text(s.Meta().Name)),
			&ClockBar{Clock: a.Clock, Now: s.View().Now, ShowTime: true},
			&ActingAs{Store: s, ID: "acting-as"},
			elem.Anchor(vecty.Markup(
				prop.Href("./#"+encodeLink(s)), vecty.Attribute("target", "_blank"), vecty.Attribute("rel", "noopener"),
			), vecty.Text("Open in playground")),
		),
		a.renderBanners(),
		&GoalList{Store: s},
		elem.Main(vecty.Markup(vecty.Class("embed-main")), a.renderEmbedPanel()),
	}
}

// renderEmbedPanel draws the embed's panel, or the event log that its
// "Open the event log" opened, with a way back.
func (a *App) renderEmbedPanel() vecty.ComponentOrHTML {
	if a.Store.Panel() != PanelLog || a.EmbedPanel == PanelLog || !ValidPanel(a.EmbedPanel) {
		return a.renderPanel(a.EmbedPanel)
	}
	back := a.EmbedPanel
	return vecty.List{
		elem.Button(vecty.Markup(prop.Type("button"), prop.ID("embed-back"), vecty.Class("quiet", "embed-back"), event.Click(a.onTab(back))),
			vecty.Text("← Back to "+panelTitle(back))),
		a.renderPanel(PanelLog),
	}
}

func (a *App) renderFull() vecty.ComponentOrHTML {
	return vecty.List{
		&Header{Store: a.Store, Clock: a.Clock},
		&GoalList{Store: a.Store},
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

// panelTitle is the title of the panel named name, or name itself.
func panelTitle(name string) string {
	for _, p := range Panels {
		if p.Name == name {
			return p.Title
		}
	}
	return name
}
