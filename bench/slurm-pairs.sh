#!/usr/bin/env bash
# bench/slurm-pairs.sh: the screen of every drug pair × 4 contexts × a 4×4
# dose matrix, run once as one local process and once as a 16-task job
# array on Slurm (start one with ../shared/tools/slurm-local.sh up), with
# the wall time of each and a byte-for-byte comparison of the results.
#
# Usage: bench/slurm-pairs.sh [SAMPLES [CPUS]]   (defaults 500, 1: CPUs per task and for the merge)
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-500}
cpus=${2:-1}
work=$(mktemp -d /tmp/ikklab-slurm-pairs.XXXXXX)
go build -o "$work/ikklab" ./cmd/ikklab
ik="$work/ikklab"
args=(screen -pairs -contexts tnbc,atl,kras-lung,ovarian -pair-doses 4 -samples "$samples")
echo "ikklab ${args[*]}  ($(nproc) CPUs; work in $work)"

t0=$(date +%s.%N)
"$ik" "${args[@]}" -q -o "$work/local" > "$work/local.txt"
t1=$(date +%s.%N)
local_s=$(echo "$t1 - $t0" | bc)
echo "local, one process, $(nproc) workers: ${local_s} s"

t0=$(date +%s.%N)
"$ik" slurm submit -tasks 16 -cpus "$cpus" -o "$work/job" -- "${args[@]}"
"$ik" slurm wait -q "$work/job"
t1=$(date +%s.%N)
slurm_s=$(echo "$t1 - $t0" | bc)
echo "Slurm, 16 array tasks ($cpus CPU each) + merge ($cpus CPU), submit to merged: ${slurm_s} s"

diff -r "$work/local" "$work/job/result"
diff "$work/local.txt" "$work/job/result.txt"
echo "merged result == local result, byte for byte ($(wc -l < "$work/local.txt") table lines)"
printf 'slurm/local wall time: %.2f\n' "$(echo "$slurm_s / $local_s" | bc -l)"
