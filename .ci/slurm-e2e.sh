#!/usr/bin/env bash
# .ci/slurm-e2e.sh IKKLAB: end to end on a real single-node Slurm cluster
# (../shared/tools/slurm-local.sh: Debian's slurm-wlm + munge, accounting
# off). A 16-task pair screen is submitted, one task is killed mid-way
# (kill -9), `ikklab slurm wait` must report it failed, `-retry-failed`
# must complete the job, and the merged result must equal the local run's
# byte for byte.
set -euo pipefail
ik=$(readlink -f "$1")
slurm=../shared/tools/slurm-local.sh
bash "$slurm" up >/tmp/slurm-local.log 2>&1 || { cat /tmp/slurm-local.log; exit 1; }
trap 'bash "$slurm" stop >/dev/null 2>&1 || true' EXIT
sinfo
work=$(mktemp -d)
args=(screen -pairs -contexts tnbc -samples 150)

"$ik" "${args[@]}" -q -o "$work/local" > "$work/local.txt"
"$ik" slurm submit -tasks 16 -o "$work/job" -- "${args[@]}"

# Kill one task's process while it runs (each task is the ikklab process
# itself: the array script execs it).
pid=
for _ in $(seq 1 600); do
  pid=$(pgrep -f -- ' -shard [0-9]+/16 ' | head -1 || true)
  [ -n "$pid" ] && break
  sleep 0.05
done
[ -n "$pid" ] || { echo "no running task found to kill" >&2; exit 1; }
echo "killing task process $pid: $(tr '\0' ' ' < /proc/$pid/cmdline | grep -o -- '-shard [0-9]*/16')"
kill -9 "$pid"

set +e
"$ik" slurm wait -q -timeout 10m "$work/job"
code=$?
set -e
[ "$code" = 1 ] || { echo "slurm wait exited $code after a killed task; want 1" >&2; exit 1; }
"$ik" slurm status "$work/job" | tail -1
"$ik" slurm submit -retry-failed "$work/job"
"$ik" slurm wait -q -timeout 10m "$work/job"

diff -r "$work/local" "$work/job/result"
diff "$work/local.txt" "$work/job/result.txt"
echo "retried and merged: equal to the local run, byte for byte ($(ls "$work/job/shards" | wc -l) shards)"
rm -rf "$work"
