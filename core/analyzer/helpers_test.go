package analyzer

import (
	"os"
	"path/filepath"
	"sync"

	"cloudplay/core/catalog"
)

// fixtureCatalog is scripts/catalog's output on testdata/catalog: s3, iam
// and ec2 with a few actions each, and every global condition key.
var fixtureCatalog = sync.OnceValue(func() *catalog.Catalog {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "catalog", "iam-catalog.json"))
	if err != nil {
		panic(err)
	}
	c, err := catalog.Parse(b)
	if err != nil {
		panic(err)
	}
	return c
})

// siteCatalog is the whole reference, as the site serves it.
var siteCatalog = sync.OnceValues(func() (*catalog.Catalog, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "site", "iam-catalog.json"))
	if err != nil {
		return nil, err
	}
	return catalog.Parse(b)
})
