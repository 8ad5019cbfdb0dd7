package cluster

import (
	"slices"
	"strings"
	"testing"
)

// Records as scontrol -o show job prints them on Slurm 22.05 (the local
// cluster of .ci/run): pending tasks folded into a range, then one record
// per started task.
const scontrolOut = `JobId=12 ArrayJobId=12 ArrayTaskId=2-5 JobName=a.sh UserId=root(0) JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 WorkDir=/tmp/jobs/x
JobId=14 ArrayJobId=12 ArrayTaskId=1 JobName=a.sh UserId=root(0) JobState=RUNNING Reason=None Dependency=(null) ExitCode=0:0 WorkDir=/tmp/jobs/x
JobId=13 ArrayJobId=12 ArrayTaskId=0 JobName=a.sh UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 WorkDir=/tmp/jobs/x
JobId=20 JobName=merge UserId=root(0) JobState=PENDING Reason=Dependency Dependency=afterany:12_*(unfulfilled) ExitCode=0:0 WorkDir=/tmp/jobs/x
`

func TestParseScontrol(t *testing.T) {
	recs, err := ParseScontrol(scontrolOut)
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{
		{JobID: "12", Tasks: []int{2, 3, 4, 5}, State: "PENDING", Reason: "Resources", ExitCode: "0:0", WorkDir: "/tmp/jobs/x"},
		{JobID: "14", Tasks: []int{1}, State: "RUNNING", Reason: "None", ExitCode: "0:0", WorkDir: "/tmp/jobs/x"},
		{JobID: "13", Tasks: []int{0}, State: "FAILED", Reason: "NonZeroExitCode", ExitCode: "3:0", WorkDir: "/tmp/jobs/x"},
		{JobID: "20", State: "PENDING", Reason: "Dependency", ExitCode: "0:0", WorkDir: "/tmp/jobs/x"},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i := range want {
		g, w := recs[i], want[i]
		if g.JobID != w.JobID || !slices.Equal(g.Tasks, w.Tasks) || g.State != w.State || g.Reason != w.Reason || g.ExitCode != w.ExitCode || g.WorkDir != w.WorkDir {
			t.Errorf("record %d: %+v, want %+v", i, g, w)
		}
	}
	for _, bad := range []string{"garbage", "JobId=1 ArrayTaskId=x JobState=PENDING", "JobState=RUNNING"} {
		if _, err := ParseScontrol(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTaskList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
	}{
		{"3", []int{3}}, {"2-5", []int{2, 3, 4, 5}}, {"1,4-6", []int{1, 4, 5, 6}},
		{"0-6:3", []int{0, 3, 6}}, {"0-3%2", []int{0, 1, 2, 3}},
	} {
		got, err := parseTaskList(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%q: %v %v, want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "a", "5-2", "1-", "0-9:0", "0-99999999"} {
		if _, err := parseTaskList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, c := range []struct {
		idx  []int
		want string
	}{{nil, "0-15"}, {[]int{5}, "5"}, {[]int{7, 1, 2, 3, 9}, "1-3,7,9"}} {
		if got := arraySpec(c.idx, 16); got != c.want {
			t.Errorf("arraySpec(%v) = %q, want %q", c.idx, got, c.want)
		}
	}
}

// TestScripts: the task runs its shard of the job file into shards/ with
// as many workers as CPUs asked; paths with spaces are quoted; the merge
// runs after every task and counts a failed expectation as merged.
func TestScripts(t *testing.T) {
	o := SlurmOptions{Name: "ikklab-x", Dir: "/data/my jobs/x", Exe: "/data/my jobs/x/ikklab", Tasks: 16, Indices: []int{3, 4},
		Partition: "short", Time: "30:00", Mem: "2G", CPUs: 2}
	a := ArrayScript(o)
	for _, want := range []string{"#SBATCH --array=3-4\n", "#SBATCH --partition=short\n", "#SBATCH --time=30:00\n", "#SBATCH --mem=2G\n",
		"#SBATCH --cpus-per-task=2\n", "#SBATCH --chdir='/data/my jobs/x'\n",
		`exec '/data/my jobs/x/ikklab' shard -q -workers 2 -shard "$SLURM_ARRAY_TASK_ID/16" -o '/data/my jobs/x/shards' '/data/my jobs/x/job.json'`} {
		if !strings.Contains(a, want) {
			t.Errorf("array script lacks %q:\n%s", want, a)
		}
	}
	m := MergeScript(o)
	for _, want := range []string{"merge -workers 2 -o '/data/my jobs/x/result' '/data/my jobs/x/shards' > '/data/my jobs/x/result.txt'", "[ $code -eq 1 ] && exit 0"} {
		if !strings.Contains(m, want) {
			t.Errorf("merge script lacks %q:\n%s", want, m)
		}
	}
	if strings.Contains(m, "--mem") || strings.Contains(m, "--array") || !strings.Contains(m, "--cpus-per-task=2") {
		t.Errorf("merge script asks for the tasks' memory or an array:\n%s", m)
	}
	if a := ArrayScript(SlurmOptions{Dir: "/data/100%", Exe: "/x", Tasks: 2}); !strings.Contains(a, "--output=/data/100%%/logs/task-%a.out") {
		t.Errorf("a %% in the directory is not escaped for sbatch:\n%s", a)
	}
	if got := shellWord("it's"); got != `'it'\''s'` {
		t.Errorf("shellWord: %s", got)
	}
}

func TestStatusCounts(t *testing.T) {
	st := &Status{Tasks: []TaskStatus{{0, "DONE", "", "", "1"}, {1, "FAILED", "", "0:9", "1"}, {2, StateGone, "", "", "1"}, {3, "RUNNING", "", "", "1"}}, MergeState: "PENDING"}
	if got := st.Failed(); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("failed %v, want [1 2]", got)
	}
	if !st.Active() {
		t.Error("a running task: active")
	}
	st.Tasks[3].State, st.MergeState = "DONE", "FAILED"
	if st.Active() {
		t.Error("all ended: not active")
	}
}
