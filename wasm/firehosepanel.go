//go:build js && wasm

package main

import (
	"cloudplay/core/cloud"
	fh "cloudplay/core/firehose"
	"cloudplay/core/sim"
	"cloudplay/wasm/internal/firehose"
	"cloudplay/wasm/internal/iammodel"
	"cloudplay/wasm/internal/s3model"
	"strconv"
	"syscall/js"

	"github.com/hexops/vecty"
)

// FirehoseSection is the Streams panel's Firehose part: a form that
// creates a delivery stream, and each delivery stream with its source, its
// S3 destination and role, its buffer filling against both hints, the
// objects it delivered (click one to read it with s3:GetObject) and, while
// its deliveries fail, a banner with AWS's error and the road to losing
// the data (firehosepanel_view.go draws it). Every change is an operation
// made as the acting principal through the store, refused with AWS's error
// next to its control; the model is wasm/internal/firehose.
type FirehoseSection struct {
	vecty.Core
	Store *Store `vecty:"prop"`
	Clock *Clock `vecty:"prop"`

	account *cloud.Account // the account the state below belongs to
	seq     int            // the account's step events already read
	landed  map[string]bool
	open    *openObject              // the object read, or nil
	puts    map[string]string        // the last put's answer per stream
	meters  map[string]intervalMeter // the interval meters drawn, by stream
	hooked  bool                     // the clock calls Frame
	shown   map[string]sim.Time      // per stream, the time the interval text was last set for
	texts   map[string]string        // and the text set
	form    firehose.CreateForm      // what the create form holds (kept across renders and refusals)
	formSet bool                     // form holds the defaults or the learner\'s input
}

// intervalMeter is what a stream's interval meter is drawn from.
type intervalMeter struct {
	buf        fh.BufferView
	intervalMs int64
}

// openObject is a delivered object read with s3:GetObject.
type openObject struct {
	Stream, Bucket, Key string
	Records             int64
	Body                firehose.Body
	Size                int
}

func (s *FirehoseSection) rerender() { vecty.Rerender(s) }

// call runs op as the acting principal through the store: logged, saved,
// its refusal shown at where (with the trace of a denial).
func (s *FirehoseSection) call(where, op string, input []byte) ([]byte, bool) {
	a := &CallOp{Op: op, Input: input, Where: where}
	s.Store.Dispatch(a)
	return a.Output, a.Err == nil
}

func (s *FirehoseSection) onCreate(e *vecty.Event) {
	f := firehose.CreateForm{Name: formValue(e, "DeliveryStreamName"), Source: formValue(e, "Source"),
		BucketARN: formValue(e, "BucketARN"), RoleARN: formValue(e, "RoleARN"), Prefix: formValue(e, "Prefix"),
		SizeMB: formValue(e, "SizeInMBs"), Interval: formValue(e, "IntervalInSeconds")}
	s.form = f
	if _, ok := s.call("fh-create", "firehose:CreateDeliveryStream", firehose.CreateInput(f)); ok {
		// Only the name goes: the next stream likely has the same bucket,
		// role and hints. A refusal keeps everything typed.
		s.form.Name = ""
		e.Target.Get("elements").Call("namedItem", "DeliveryStreamName").Set("value", "")
		s.rerender()
	}
}

// onFormInput keeps what the learner types in the create form, so that
// no render (the clock's, a refusal's) puts back an older value.
func (s *FirehoseSection) onFormInput(e *vecty.Event) {
	t := e.Target
	v := t.Get("value").String()
	switch t.Get("name").String() {
	case "DeliveryStreamName":
		s.form.Name = v
	case "Source":
		s.form.Source = v
	case "BucketARN":
		s.form.BucketARN = v
	case "RoleARN":
		s.form.RoleARN = v
	case "Prefix":
		s.form.Prefix = v
	case "SizeInMBs":
		s.form.SizeMB = v
	case "IntervalInSeconds":
		s.form.Interval = v
	}
}

func (s *FirehoseSection) onPut(name string) func(*vecty.Event) {
	return func(e *vecty.Event) {
		text := formValue(e, "Data")
		out, ok := s.call("fh:"+name+":put", "firehose:PutRecord", firehose.PutRecordInput(name, text))
		if !ok {
			return
		}
		if s.puts == nil {
			s.puts = map[string]string{}
		}
		s.puts[name] = firehose.PutSummary(text, out)
		s.rerender()
	}
}

func (s *FirehoseSection) onDelete(name string) func(*vecty.Event) {
	return func(*vecty.Event) {
		if _, ok := s.call("fh:"+name+":delete", "firehose:DeleteDeliveryStream", firehose.DeleteInput(name)); ok && s.open != nil && s.open.Stream == name {
			s.open = nil
		}
	}
}

// onOpenObject reads a delivered object with s3:GetObject as the acting
// principal (a denial shows its trace under the tiles), or closes it when
// it is the one open.
func (s *FirehoseSection) onOpenObject(stream string, t firehose.Tile) func(*vecty.Event) {
	return func(*vecty.Event) {
		if o := s.open; o != nil && o.Stream == stream && o.Key == t.Key {
			s.open = nil
			s.rerender()
			return
		}
		s.open = nil
		out, ok := s.call("fh:"+stream+":object", "s3:GetObject", firehose.GetObjectInput(t.Bucket, t.Key))
		if ok {
			if body, _, err := s3model.ParseObject(out); err == nil {
				s.open = &openObject{Stream: stream, Bucket: t.Bucket, Key: t.Key, Records: t.Records, Body: firehose.Split(body, t.Records), Size: len(body)}
			}
		}
		s.rerender()
	}
}

// onFixRole opens the IAM panel on the delivery stream's role.
func (s *FirehoseSection) onFixRole(role string) func(*vecty.Event) {
	return func(*vecty.Event) {
		iamFocus = iammodel.EntityRef{Kind: iammodel.EntityRole, Name: role}
		s.Store.Dispatch(&SelectPanel{Name: PanelIAM})
	}
}

// iamFocus is the principal the IAM panel shows when it next mounts (set
// by "Fix the role's policy"); takeIAMFocus hands it over once.
var iamFocus iammodel.EntityRef

func takeIAMFocus() iammodel.EntityRef {
	r := iamFocus
	iamFocus = iammodel.EntityRef{}
	return r
}

// embedded reports whether the page is the embeddable one, which shows a
// single panel (the IAM panel cannot be opened from it).
func embedded() bool {
	return js.Global().Get("document").Get("body").Call("getAttribute", "data-mode").String() == "embed"
}

// sync resets the state of another account and reads the step events:
// the objects that landed since the last render are drawn landing.
func (s *FirehoseSection) sync() {
	a := s.Store.Account()
	if a != s.account {
		s.account, s.seq, s.open, s.puts, s.landed = a, a.StepSeq(), nil, nil, nil
		s.shown, s.texts = nil, nil
	}
	if !s.formSet {
		s.form = firehose.CreateForm{SizeMB: strconv.Itoa(firehose.DefaultSizeMB), Interval: strconv.Itoa(firehose.DefaultIntervalSec)}
		s.formSet = true
	}
	if seq := a.StepSeq(); seq != s.seq {
		s.landed = firehose.Landed(a.StepEventsSince(s.seq), 20)
		s.seq = seq
	} else {
		s.landed = nil
	}
}

// Mount has the page's clock move the interval meters between renders.
func (s *FirehoseSection) Mount() {
	if s.Clock != nil && !s.hooked {
		s.Clock.AddHook(s)
		s.hooked = true
	}
}

// Unmount stops that.
func (s *FirehoseSection) Unmount() {
	if s.Clock != nil && s.hooked {
		s.Clock.RemoveHook(s)
		s.hooked = false
	}
}

// Frame moves each interval meter to the page's simulated time: the
// fraction of the interval since the buffer's oldest record, from the
// arrival and flush times of the last view (interpolation, not a new
// view). The page re-renders at most twice a second while playing; the
// meters move every frame. It asks for no frames of its own.
func (s *FirehoseSection) Frame(float64) bool {
	if len(s.meters) == 0 || s.account == nil {
		return false
	}
	now := s.account.Now()
	doc := js.Global().Get("document")
	for name, m := range s.meters {
		if s.shown[name] == now {
			continue
		}
		if s.shown == nil {
			s.shown, s.texts = map[string]sim.Time{}, map[string]string{}
		}
		s.shown[name] = now
		el := doc.Call("getElementById", intervalMeterID(name))
		if !el.Truthy() {
			continue
		}
		el.Set("value", firehose.IntervalFraction(m.buf, now))
		if t := firehose.IntervalText(m.buf, m.intervalMs, now); t != s.texts[name] {
			s.texts[name] = t
			if txt := doc.Call("getElementById", intervalMeterID(name)+"-text"); txt.Truthy() {
				txt.Set("textContent", t)
			}
		}
	}
	return false
}

func intervalMeterID(stream string) string { return "fh-" + stream + "-interval" }
