package api

import (
	"errors"
	"strings"
	"testing"
)

// The JSON services' validation wording
// (https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html):
// each check answers with the code it is given and the message AWS words,
// quoting at most MaxQuoted code points of the value.
func TestConstraintChecks(t *testing.T) {
	t.Parallel()
	const pre = "1 validation error detected: Value '"
	tests := []struct {
		name     string
		err      error
		code     string
		wantText string // "" means the check passes
	}{
		{"name ok", CheckName(ValidationCode, "streamName", "a-b_c.9", 128), "", ""},
		{"name empty", CheckName(ValidationCode, "streamName", "", 128), ValidationCode,
			pre + "' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"name too long, in code points", CheckName("InvalidArgumentException", "streamName", strings.Repeat("é", 3), 2), "InvalidArgumentException",
			pre + "ééé' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 2"},
		{"name pattern", CheckName(ValidationCode, "deliveryStreamName", "a b", 64), ValidationCode,
			pre + "a b' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"},
		{"name quoted by a prefix", CheckName(ValidationCode, "streamName", strings.Repeat("x", 200), 128), ValidationCode,
			pre + strings.Repeat("x", MaxQuoted) + "…' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{"length ok", CheckLength(ValidationCode, "m", "abc", 3, 3), "", ""},
		{"length short", CheckLength(ValidationCode, "m", "ab", 3, 5), ValidationCode,
			pre + "ab' at 'm' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"range ok", CheckRange(ValidationCode, "limit", 5, 1, 5), "", ""},
		{"range low", CheckRange(ValidationCode, "limit", 0, 1, 10000), ValidationCode,
			pre + "0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"range high", CheckRange(ValidationCode, "limit", 10001, 1, 10000), ValidationCode,
			pre + "10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000"},
		{"enum ok", CheckEnum(ValidationCode, "type", "B", "A", "B"), "", ""},
		{"enum", CheckEnum(ValidationCode, "type", "C", "A", "B"), ValidationCode,
			pre + "C' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [A, B]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.wantText == "" {
				if tt.err != nil {
					t.Fatalf("err = %v, want nil", tt.err)
				}
				return
			}
			var e *Error
			if !errors.As(tt.err, &e) {
				t.Fatalf("err = %v, want an *Error", tt.err)
			}
			if e.Code != tt.code || e.Message != tt.wantText {
				t.Errorf("got %s: %q\nwant %s: %q", e.Code, e.Message, tt.code, tt.wantText)
			}
		})
	}
}
