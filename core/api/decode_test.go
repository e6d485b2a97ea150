package api

import (
	"errors"
	"testing"
)

type createUserInput struct {
	UserName string `json:"UserName" aws:"required"`
	Path     string `json:"Path"`
	Tags     []struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	} `json:"Tags"`
}

func TestDecodeRefusesAsTheCLIDoes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input, code, msg string
	}{
		{"ok", `{"UserName":"Zoe","Path":"/"}`, "", ""},
		{"empty input is an empty object", ``, "ValidationError", `Missing required parameter in input: "UserName"`},
		{"typo in member name", `{"Username":"Zoe"}`, "ValidationError", `Unknown parameter in input: "Username", must be one of: Path, Tags, UserName`},
		{"missing required", `{"Path":"/"}`, "ValidationError", `Missing required parameter in input: "UserName"`},
		{"null required", `{"UserName":null}`, "ValidationError", `Missing required parameter in input: "UserName"`},
		{"wrong type", `{"UserName":5}`, "ValidationError", `Invalid type for parameter UserName, value: 5, valid types: string`},
		{"not an object", `[1,2]`, "SerializationException", "the input is not a JSON object"},
		{"not json", `{"UserName":`, "SerializationException", "the input is not a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var in createUserInput
			err := Decode([]byte(tt.input), &in, "ValidationError")
			if tt.code == "" {
				if err != nil || in.UserName != "Zoe" {
					t.Fatalf("got %v, %+v", err, in)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Message != tt.msg {
				t.Fatalf("got %v, want %s: %s", err, tt.code, tt.msg)
			}
		})
	}
}
