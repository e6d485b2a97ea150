package iam

import (
	"reflect"
	"strings"
)

// The operations of users, groups and roles differ only in the member
// naming the entity (UserName, GroupName, RoleName); their inputs are
// built as struct types at run time so that api.Decode reads them as
// strictly as any other input (reflect.StructOf returns the same type for
// the same fields, so api.Decode's cache holds one entry per shape).

// decodeFields decodes an input whose members are all required strings.
func decodeFields(input []byte, names ...string) (map[string]string, error) {
	fields := make([]reflect.StructField, len(names))
	for i, n := range names {
		fields[i] = reflect.StructField{Name: "F" + n, Type: reflect.TypeFor[string](),
			Tag: reflect.StructTag(`json:"` + n + `" aws:"required"`)}
	}
	v := reflect.New(reflect.StructOf(fields))
	if err := decode(input, v.Interface()); err != nil {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for i, n := range names {
		out[n] = v.Elem().Field(i).String()
	}
	return out, nil
}

// decodeName decodes {XName}, the input of the operations that name only
// an entity of kind k.
func decodeName(k entityKind, input []byte) (string, error) {
	f, err := decodeFields(input, k.member)
	if err != nil {
		return "", err
	}
	var cs checks
	cs.str(k.wire, f[k.member], k.nameType)
	return f[k.member], cs.err()
}

// listEntityInput is the input of ListXPolicies, ListGroupsForUser,
// ListUserTags and GetGroup ({XName, Marker, MaxItems}) and of
// ListAttachedXPolicies (also PathPrefix).
type listEntityInput struct {
	name       string
	pathPrefix *string
	page       paging
}

func (in *listEntityInput) decode(k entityKind, input []byte, withPrefix bool) error {
	fields := []reflect.StructField{
		{Name: "Name", Type: reflect.TypeFor[string](), Tag: reflect.StructTag(`json:"` + k.member + `" aws:"required"`)},
		{Name: "Marker", Type: reflect.TypeFor[*string](), Tag: `json:"Marker"`},
		{Name: "MaxItems", Type: reflect.TypeFor[*int](), Tag: `json:"MaxItems"`},
	}
	if withPrefix {
		fields = append(fields, reflect.StructField{Name: "PathPrefix", Type: reflect.TypeFor[*string](), Tag: `json:"PathPrefix"`})
	}
	v := reflect.New(reflect.StructOf(fields))
	if err := decode(input, v.Interface()); err != nil {
		return err
	}
	e := v.Elem()
	in.name = e.Field(0).String()
	in.page = paging{Marker: e.Field(1).Interface().(*string), MaxItems: e.Field(2).Interface().(*int)}
	if withPrefix {
		in.pathPrefix = e.Field(3).Interface().(*string)
	}
	var cs checks
	cs.str(k.wire, in.name, k.nameType)
	cs.optStr("pathPrefix", in.pathPrefix, policyPathType)
	in.page.check(&cs)
	return cs.err()
}

func lower(s string) string { return strings.ToLower(s) }
