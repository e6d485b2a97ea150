package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"

	"cloudplay/core/policy"
)

// decoder reads the compact catalog without reflection: the file is a
// megabyte of small arrays, which encoding/json would scan once per level
// of nesting. It reads exactly the subset of JSON the generator writes
// (objects, arrays, strings, non-negative integers) and fails on anything
// else.
type decoder struct {
	b   []byte
	off int
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", d.off, fmt.Sprintf(format, args...))
}

func (d *decoder) space() {
	for d.off < len(d.b) {
		switch d.b[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (d *decoder) peek() byte {
	d.space()
	if d.off < len(d.b) {
		return d.b[d.off]
	}
	return 0
}

func (d *decoder) expect(c byte) error {
	if d.peek() != c {
		return d.errorf("expected %q", c)
	}
	d.off++
	return nil
}

// list calls elem for each element of an array.
func (d *decoder) list(elem func() error) error {
	if err := d.expect('['); err != nil {
		return err
	}
	if d.peek() == ']' {
		d.off++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.off++
		case ']':
			d.off++
			return nil
		default:
			return d.errorf("expected ',' or ']'")
		}
	}
}

// tuple reads an array of exactly len(elems) elements.
func (d *decoder) tuple(elems ...func() error) error {
	i := 0
	err := d.list(func() error {
		if i >= len(elems) {
			return d.errorf("too many elements")
		}
		i++
		return elems[i-1]()
	})
	if err == nil && i != len(elems) {
		err = d.errorf("want %d elements, got %d", len(elems), i)
	}
	return err
}

func (d *decoder) str(dst *string) func() error {
	return func() error {
		if err := d.expect('"'); err != nil {
			return err
		}
		start, esc := d.off, false
		for d.off < len(d.b) {
			switch d.b[d.off] {
			case '\\':
				esc = true
				d.off += 2
				continue
			case '"':
				d.off++
				if !esc {
					*dst = string(d.b[start : d.off-1])
					return nil
				}
				return json.Unmarshal(d.b[start-1:d.off], dst)
			}
			d.off++
		}
		return d.errorf("unterminated string")
	}
}

func (d *decoder) int(dst *int) func() error {
	return func() error {
		d.space()
		start := d.off
		for d.off < len(d.b) && '0' <= d.b[d.off] && d.b[d.off] <= '9' {
			d.off++
		}
		n, err := strconv.Atoi(string(d.b[start:d.off]))
		if err != nil || d.off-start > 9 {
			return d.errorf("expected a small non-negative integer")
		}
		*dst = n
		return nil
	}
}

func (d *decoder) ints(dst *[]int) func() error {
	return func() error {
		return d.list(func() error {
			var n int
			if err := d.int(&n)(); err != nil {
				return err
			}
			*dst = append(*dst, n)
			return nil
		})
	}
}

func (d *decoder) strs(dst *[]string) func() error {
	return func() error {
		return d.list(func() error {
			var s string
			if err := d.str(&s)(); err != nil {
				return err
			}
			*dst = append(*dst, s)
			return nil
		})
	}
}

// object calls member with each member name of an object; member reads
// the value.
func (d *decoder) object(member func(name string) error) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if d.peek() == '}' {
		d.off++
		return nil
	}
	for {
		var name string
		if err := d.str(&name)(); err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.off++
		case '}':
			d.off++
			return nil
		default:
			return d.errorf("expected ',' or '}'")
		}
	}
}

// The tuples of a service are read in line, without a closure per element:
// there are some 22,000 actions.

// sep consumes the ',' between two tuple elements.
func (d *decoder) sep() error { return d.expect(',') }

func (d *decoder) string1() (string, error) {
	var s string
	err := d.str(&s)()
	return s, err
}

func (d *decoder) int1() (int, error) {
	var n int
	err := d.int(&n)()
	return n, err
}

// intList reads an array of integers into a slice of buf, which it grows.
func (d *decoder) intList(buf *[]int) ([]int, error) {
	start := len(*buf)
	err := d.list(func() error {
		n, err := d.int1()
		*buf = append(*buf, n)
		return err
	})
	return (*buf)[start:len(*buf):len(*buf)], err
}

func (d *decoder) keyTuples(dst *[]keyTuple) func() error {
	return func() error {
		return d.list(func() error {
			var k keyTuple
			var err error
			if err = d.expect('['); err != nil {
				return err
			}
			if k.name, err = d.string1(); err != nil {
				return err
			}
			if err = d.sep(); err != nil {
				return err
			}
			if k.typ, err = d.int1(); err != nil {
				return err
			}
			*dst = append(*dst, k)
			return d.expect(']')
		})
	}
}

func (d *decoder) action(buf *[]int) (actTuple, error) {
	var a actTuple
	var err error
	if err = d.expect('['); err != nil {
		return a, err
	}
	if a.name, err = d.string1(); err != nil {
		return a, err
	}
	if err = d.sep(); err != nil {
		return a, err
	}
	if a.level, err = d.int1(); err != nil {
		return a, err
	}
	if err = d.sep(); err != nil {
		return a, err
	}
	if a.res, err = d.intList(buf); err != nil {
		return a, err
	}
	if err = d.sep(); err != nil {
		return a, err
	}
	if a.keys, err = d.intList(buf); err != nil {
		return a, err
	}
	return a, d.expect(']')
}

func (d *decoder) service(dst *svcTuple) error {
	var buf []int // backing store for the service's integer lists
	rts := func() error {
		return d.list(func() error {
			var r rtTuple
			if err := d.tuple(d.str(&r.name), d.str(&r.arn), d.ints(&r.keys)); err != nil {
				return err
			}
			dst.rts = append(dst.rts, r)
			return nil
		})
	}
	acts := func() error {
		return d.list(func() error {
			a, err := d.action(&buf)
			dst.acts = append(dst.acts, a)
			return err
		})
	}
	return d.tuple(d.str(&dst.prefix), d.str(&dst.name), rts, d.keyTuples(&dst.keys), acts)
}

// decodeFile reads the whole compact file.
func decodeFile(b []byte) (*file, error) {
	d := &decoder{b: b}
	f := &file{}
	err := d.object(func(name string) error {
		switch name {
		case "format":
			return d.str(&f.Format)()
		case "source":
			return d.str(&f.Source)()
		case "levels":
			return d.strs(&f.Levels)()
		case "types":
			return d.strs(&f.Types)()
		case "global":
			return d.keyTuples(&f.Global)()
		case "services":
			return d.list(func() error {
				var s svcTuple
				if err := d.service(&s); err != nil {
					return err
				}
				f.Services = append(f.Services, s)
				return nil
			})
		}
		return d.errorf("unknown member %q", policy.Clip(name))
	})
	if err == nil && d.peek() != 0 {
		err = d.errorf("unexpected data after the catalog")
	}
	return f, err
}
