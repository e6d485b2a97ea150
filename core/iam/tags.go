package iam

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cloudplay/core/api"
)

// tagInput is one member of a Tags list: both Key and Value are required
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html).
type tagInput struct {
	Key   string `json:"Key" aws:"required"`
	Value string `json:"Value" aws:"required"`
}

// decodeTags decodes a Tags list member by member, as strictly as the top
// level, naming the member as the CLI does ("Tags[0]").
func decodeTags(raws []json.RawMessage) ([]Tag, error) {
	tags := make([]Tag, 0, len(raws))
	for i, raw := range raws {
		at := fmt.Sprintf("Tags[%d]", i)
		var t tagInput
		err := api.Decode(raw, &t, validationCode)
		var e *api.Error
		switch {
		case err == nil:
			tags = append(tags, Tag(t))
			continue
		case errors.As(err, &e) && e.Code == validationCode:
			msg := strings.Replace(e.Message, "in input:", "in "+at+":", 1)
			msg = strings.Replace(msg, "for parameter ", "for parameter "+at+".", 1)
			return nil, api.Errorf(validationCode, "%s", msg)
		}
		return nil, api.Errorf(validationCode, "Invalid type for parameter %s, value: %s, valid types: structure", at, clip(string(raw)))
	}
	return tags, nil
}

func tagKeys(tags []Tag) []string {
	keys := make([]string, len(tags))
	for i, t := range tags {
		keys[i] = t.Key
	}
	return keys
}

// requestTags returns the condition keys a request carrying tags sets:
// aws:RequestTag/KEY for each tag and aws:TagKeys; nil without tags.
func requestTags(tags []Tag) map[string][]string {
	if len(tags) == 0 {
		return nil
	}
	ctx := map[string][]string{"aws:TagKeys": tagKeys(tags)}
	for _, t := range tags {
		ctx["aws:RequestTag/"+t.Key] = []string{t.Value}
	}
	return ctx
}

func (s *Service) prepareTagUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		UserName string            `json:"UserName" aws:"required"`
		Tags     []json.RawMessage `json:"Tags" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	tags, err := decodeTags(in.Tags)
	if err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("userName", in.UserName, existingUserNameType)
	cs.tags(tags)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	if err := checkTagSet(tagKeys(tags)); err != nil {
		return nil, nil, err
	}
	act := s.userAction("iam:TagUser", in.UserName)
	if act.Context == nil {
		act.Context = map[string][]string{}
	}
	for k, v := range requestTags(tags) {
		act.Context[k] = v
	}
	run := func() (any, error) {
		u, err := s.user(in.UserName)
		if err != nil {
			return nil, err
		}
		n := len(u.tags)
		for _, t := range tags {
			if _, ok := u.tags[strings.ToLower(t.Key)]; !ok {
				n++
			}
		}
		if n > maxTags {
			return nil, api.Errorf("LimitExceeded", "Cannot exceed quota for TagsPerUser: %d", maxTags)
		}
		// Keys are case-insensitive but keep their case: the new tag
		// replaces the old one, key and value.
		for _, t := range tags {
			u.tags[strings.ToLower(t.Key)] = t
		}
		return noOutput{}, nil
	}
	return []api.Action{act}, run, nil
}

func (s *Service) prepareUntagUser(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in struct {
		UserName string   `json:"UserName" aws:"required"`
		TagKeys  []string `json:"TagKeys" aws:"required"`
	}
	if err := decode(input, &in); err != nil {
		return nil, nil, err
	}
	var cs checks
	cs.str("userName", in.UserName, existingUserNameType)
	cs.tagKeys(in.TagKeys)
	if err := cs.err(); err != nil {
		return nil, nil, err
	}
	act := s.userAction("iam:UntagUser", in.UserName)
	if act.Context == nil {
		act.Context = map[string][]string{}
	}
	act.Context["aws:TagKeys"] = slices.Clone(in.TagKeys)
	run := func() (any, error) {
		u, err := s.user(in.UserName)
		if err != nil {
			return nil, err
		}
		for _, k := range in.TagKeys {
			delete(u.tags, strings.ToLower(k)) // a key the user lacks is no error
		}
		return noOutput{}, nil
	}
	return []api.Action{act}, run, nil
}

func (s *Service) prepareListUserTags(env *api.Env, input []byte) ([]api.Action, func() (any, error), error) {
	var in listEntityInput
	if err := in.decode(userKind, input, false); err != nil {
		return nil, nil, err
	}
	run := func() (any, error) {
		u, err := s.user(in.name)
		if err != nil {
			return nil, err
		}
		tags, tail, err := listPage(sortedKeys(u.tags), in.page, func(k string) Tag { return u.tags[k] })
		if err != nil {
			return nil, err
		}
		return struct {
			Tags []Tag `json:"Tags"`
			listOutput
		}{tags, tail}, nil
	}
	return []api.Action{s.userAction("iam:ListUserTags", in.name)}, run, nil
}
