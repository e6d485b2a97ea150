package iammodel

import "testing"

func TestFormatPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"compact", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}", true},
		{"keeps order, duplicates and numbers", `{"b":1.50,"a":2,"a":3}`, "{\n  \"b\": 1.50,\n  \"a\": 2,\n  \"a\": 3\n}", true},
		{"not JSON stays", `{"Version": "2012-10-17",`, `{"Version": "2012-10-17",`, false},
		{"blank around", "  {}\n", "{}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := FormatPolicy(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("FormatPolicy(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
