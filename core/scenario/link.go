package scenario

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"
)

// MaxLink is the longest #s= value DecodeLink accepts, in characters.
const MaxLink = 1 << 20

// EncodeLink returns the value of a share link's #s= fragment for a
// scenario: unpadded base64url of its raw DEFLATE.
func EncodeLink(scenarioJSON []byte) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression) // the level is valid
	w.Write(scenarioJSON)
	w.Close()
	return base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// DecodeLink returns the scenario JSON carried by a #s= value. It refuses
// values that are too long, not base64url, not DEFLATE, or that inflate to
// more than MaxLinkSize bytes (a "zip bomb"), with an InvalidScenario error.
func DecodeLink(v string) ([]byte, error) {
	if len(v) > MaxLink {
		return nil, invalid("the link is %d characters long; at most %d are accepted", len(v), MaxLink)
	}
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, invalid("the link is not valid: its #s= value is not unpadded base64url")
	}
	r := flate.NewReader(bytes.NewReader(raw))
	out, err := io.ReadAll(io.LimitReader(r, MaxLinkSize+1))
	if err != nil {
		return nil, invalid("the link is not valid: its #s= value does not inflate (raw DEFLATE expected)")
	}
	if len(out) > MaxLinkSize {
		return nil, invalid("the link's scenario is larger than %d bytes", MaxLinkSize)
	}
	return out, nil
}
