package external

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the path of shared/external, or "" when it cannot be found.
// IKKLAB_EXTERNAL overrides the location.
func Root() string {
	if d := os.Getenv("IKKLAB_EXTERNAL"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "external")
			if _, err := os.Stat(d); err == nil {
				return d
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir returns shared/external/sub, skipping the test when it is missing.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	root := Root()
	if root == "" {
		t.Skipf("external reference suites not found (../shared/external beside the module, or $IKKLAB_EXTERNAL); skipping %s checks", sub)
	}
	d := filepath.Join(root, sub)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("external suite %s missing (%v); skipping", d, err)
	}
	return d
}
