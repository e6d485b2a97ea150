package catalog

import "strings"

// Type is the type of a condition key's values, as the Service
// Authorization Reference gives it. The ArrayOf types are multivalued keys,
// used with the ForAllValues: and ForAnyValue: qualifiers.
type Type uint8

const (
	Unknown Type = iota
	String
	ARN
	Numeric
	Date
	Bool
	IPAddress
	Binary
	ArrayOfString
	ArrayOfARN
	ArrayOfNumeric
	ArrayOfDate
	ArrayOfBool
	ArrayOfIPAddress
	ArrayOfBinary
)

var typeNames = [...]string{"Unknown", "String", "ARN", "Numeric", "Date", "Bool", "IPAddress", "Binary",
	"ArrayOfString", "ArrayOfARN", "ArrayOfNumeric", "ArrayOfDate", "ArrayOfBool", "ArrayOfIPAddress", "ArrayOfBinary"}

func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "Unknown"
}

// Multivalued reports whether the key can have several values in one
// request (an ArrayOf type).
func (t Type) Multivalued() bool { return t >= ArrayOfString && t <= ArrayOfBinary }

// Elem is the type of one value: String for ArrayOfString, t itself for a
// single-valued type.
func (t Type) Elem() Type {
	if t.Multivalued() {
		return t - ArrayOfString + String
	}
	return t
}

func parseType(s string) Type {
	for i, n := range typeNames {
		if strings.EqualFold(n, s) {
			return Type(i)
		}
	}
	// The reference writes a few spellings of its own.
	switch strings.ToLower(s) {
	case "arrayofarn", "array of arn":
		return ArrayOfARN
	case "boolean":
		return Bool
	case "ipaddress", "ip":
		return IPAddress
	}
	return Unknown
}
