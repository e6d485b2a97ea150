//go:build js && wasm

package main

import (
	"cloudplay/core/cloud"
	fh "cloudplay/core/firehose"
)

// firehoseView is the account's delivery streams in its view.
func firehoseView(v cloud.View) fh.View { return v.Firehose }
