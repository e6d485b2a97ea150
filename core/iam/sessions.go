package iam

import (
	"strings"

	"cloudplay/core/policy"
	"cloudplay/core/sim"
)

// session is a role session made by sts:AssumeRole.
type session struct {
	arn       string // arn:aws:sts::ACCOUNT:assumed-role/ROLE/NAME
	role      string // the role's name
	name      string // RoleSessionName
	accessKey string // ASIA…
	expires   sim.Time
	// policies are the session policies (Policy and PolicyArns), parsed
	// when the session was made: a session keeps the permissions it was
	// given even if a managed policy it names changes later.
	policies []policy.Input
	tags     []Tag // session tags
}

// principalTags are the role's tags with the session's tags over them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html:
// "If you pass a session tag with the same key as a tag that is already
// attached to the role, the value that you pass overrides").
func (se *session) principalTags(r *role) map[string]string {
	if len(r.tags) == 0 && len(se.tags) == 0 {
		return nil
	}
	byKey := map[string]Tag{}
	for _, t := range r.tags {
		byKey[strings.ToLower(t.Key)] = t
	}
	for _, t := range se.tags {
		byKey[strings.ToLower(t.Key)] = t
	}
	m := map[string]string{}
	for _, t := range byKey {
		m[t.Key] = t.Value
	}
	return m
}

func sessionARN(account, roleName, sessionName string) string {
	return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName
}
