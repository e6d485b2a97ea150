package sql

import (
	"fmt"
	"math"
)

// kind is the family of a SQL type
// (https://docs.aws.amazon.com/kinesisanalytics/latest/sqlref/sql-reference-data-types.html).
type kind uint8

const (
	kNull    kind = iota // the type of the literal NULL: fits anywhere
	kInt                 // TINYINT, SMALLINT, INTEGER, BIGINT: int64
	kDecimal             // DECIMAL(p,s): float64 rounded to s places
	kFloat               // REAL, DOUBLE: float64
	kString              // CHAR(n), VARCHAR(n): string
	kBool                // BOOLEAN: bool
	kTime                // TIMESTAMP: sim.Time
)

// sqlType is a column or expression type.
type sqlType struct {
	kind  kind
	name  string // INTEGER, VARCHAR, DECIMAL, ...
	size  int    // VARCHAR/CHAR length, DECIMAL precision
	scale int    // DECIMAL scale
}

var (
	tNullT    = sqlType{kind: kNull, name: "NULL"}
	tInteger  = sqlType{kind: kInt, name: "INTEGER"}
	tBigint   = sqlType{kind: kInt, name: "BIGINT"}
	tDouble   = sqlType{kind: kFloat, name: "DOUBLE"}
	tBoolean  = sqlType{kind: kBool, name: "BOOLEAN"}
	tTimestmp = sqlType{kind: kTime, name: "TIMESTAMP"}
)

func varchar(n int) sqlType { return sqlType{kind: kString, name: "VARCHAR", size: n} }

func (t sqlType) String() string {
	switch t.name {
	case "VARCHAR", "CHAR":
		return fmt.Sprintf("%s(%d)", t.name, t.size)
	case "DECIMAL":
		return fmt.Sprintf("DECIMAL(%d,%d)", t.size, t.scale)
	}
	return t.name
}

func (t sqlType) numeric() bool { return t.kind == kInt || t.kind == kDecimal || t.kind == kFloat }

// intRange is the range of an integer type.
func (t sqlType) intRange() (int64, int64) {
	switch t.name {
	case "TINYINT":
		return math.MinInt8, math.MaxInt8
	case "SMALLINT":
		return math.MinInt16, math.MaxInt16
	case "INTEGER":
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// assignable reports whether a value of type from may be stored in a
// column of type to (numbers into numbers, strings into strings, and so on;
// NULL into anything).
func assignable(from, to sqlType) bool {
	if from.kind == kNull {
		return true
	}
	if from.numeric() && to.numeric() {
		return true
	}
	return from.kind == to.kind
}

// comparable reports whether two types can be compared.
func comparable(a, b sqlType) bool {
	return a.kind == kNull || b.kind == kNull || a.numeric() && b.numeric() || a.kind == b.kind
}

// wider is the result type of arithmetic on a and b.
func wider(a, b sqlType) sqlType {
	switch {
	case a.kind == kNull:
		return b
	case b.kind == kNull:
		return a
	case a.kind == kFloat || b.kind == kFloat:
		return tDouble
	case a.kind == kDecimal || b.kind == kDecimal:
		s := max(a.scale, b.scale)
		return sqlType{kind: kDecimal, name: "DECIMAL", size: 19, scale: s}
	case a.name == "BIGINT" || b.name == "BIGINT":
		return tBigint
	}
	return tInteger
}

// unsupportedTypes are types of the real dialect the playground does not model.
var unsupportedTypes = map[string]bool{
	"DATE": true, "TIME": true, "INTERVAL": true, "BINARY": true, "VARBINARY": true,
	"BLOB": true, "CLOB": true, "ARRAY": true, "MULTISET": true, "ROW": true,
}

// parseType reads a type at p.i: INTEGER, VARCHAR(16), DECIMAL(10,2), ...
func (p *parser) parseType() (sqlType, *Error) {
	t := p.peek()
	if t.kind != tIdent {
		return sqlType{}, p.expected("a SQL type such as INTEGER or VARCHAR(16)")
	}
	p.i++
	name := t.text
	switch name {
	case "INT", "INTEGER":
		return tInteger, nil
	case "BIGINT", "SMALLINT", "TINYINT":
		return sqlType{kind: kInt, name: name}, nil
	case "DOUBLE":
		if p.peek().is("PRECISION") {
			p.i++
		}
		return tDouble, nil
	case "FLOAT":
		return tDouble, nil
	case "REAL":
		return sqlType{kind: kFloat, name: "REAL"}, nil
	case "BOOLEAN":
		return tBoolean, nil
	case "TIMESTAMP":
		return tTimestmp, nil
	case "DECIMAL", "DEC", "NUMERIC":
		ty := sqlType{kind: kDecimal, name: "DECIMAL", size: 19}
		if p.peek().op("(") {
			p.i++
			prec, err := p.intArg(1, 19, "DECIMAL precision")
			if err != nil {
				return ty, err
			}
			ty.size = prec
			if p.peek().op(",") {
				p.i++
				sc, err := p.intArg(0, prec, "DECIMAL scale")
				if err != nil {
					return ty, err
				}
				ty.scale = sc
			}
			if err := p.want(")"); err != nil {
				return ty, err
			}
		}
		return ty, nil
	case "VARCHAR", "CHAR", "CHARACTER":
		ty := sqlType{kind: kString, name: "CHAR", size: 1}
		if name == "VARCHAR" {
			ty.name = "VARCHAR"
		} else if p.peek().is("VARYING") {
			p.i++
			ty.name = "VARCHAR"
		}
		if !p.peek().op("(") {
			if ty.name == "VARCHAR" {
				return ty, errAt(t.pos, "VARCHAR needs a length, e.g. VARCHAR(16)")
			}
			return ty, nil
		}
		p.i++
		n, err := p.intArg(1, MaxVarchar, ty.name+" length")
		if err != nil {
			return ty, err
		}
		ty.size = n
		return ty, p.want(")")
	}
	if unsupportedTypes[name] {
		return sqlType{}, errAt(t.pos, "type %s is not supported by this teaching model of Kinesis Data Analytics SQL", name)
	}
	return sqlType{}, errAt(t.pos, "unknown SQL type %s", t.describe())
}

func (p *parser) intArg(lo, hi int, what string) (int, *Error) {
	t := p.peek()
	if t.kind != tNumber {
		return 0, p.expected(what)
	}
	p.i++
	n := 0
	for _, c := range t.text {
		if c < '0' || c > '9' || n > hi {
			return 0, errAt(t.pos, "%s must be a whole number from %d to %d", what, lo, hi)
		}
		n = n*10 + int(c-'0')
	}
	if n < lo || n > hi {
		return 0, errAt(t.pos, "%s must be a whole number from %d to %d", what, lo, hi)
	}
	return n, nil
}

// parseTypeString reads a type written in an input schema's SqlType.
func parseTypeString(s string) (sqlType, error) {
	p := &parser{lx: newLexer(s)}
	t, perr := p.parseType()
	if perr == nil && p.peek().kind != tEOF {
		perr = p.expected("the end of the type")
	}
	if perr != nil {
		return sqlType{}, fmt.Errorf("SqlType %q: %s", clip(s), p.lexFirst(perr).Message)
	}
	return t, nil
}
