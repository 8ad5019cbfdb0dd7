package limitread

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, []byte("12345"), 0o644)
	for _, c := range []struct {
		max     int64
		tooMany bool
	}{{5, false}, {10, false}, {4, true}} {
		data, err := File(path, c.max)
		if c.tooMany != errors.Is(err, ErrTooLarge) || !c.tooMany && string(data) != "12345" {
			t.Errorf("max %d: %q, %v", c.max, data, err)
		}
	}
	if _, err := File(filepath.Join(t.TempDir(), "none"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
