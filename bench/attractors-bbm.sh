#!/usr/bin/env bash
# Every BBM model of ../shared/external/logical-models/bbm under
# `ikklab attractors` with its default budgets, in the three searches
# (sync, async, -trapspaces). Prints one TSV row per run: model, search,
# exit code, seconds, peak resident memory (MiB), the first line of output.
# Then interrupts three long searches with SIGINT and prints how long each
# took to exit. Fails (exit 1) when a run exits other than 0 (complete) or 3
# (refused or stopped by a budget), takes more than 60 s, peaks above
# 4 GiB, or takes more than 1 s to stop after SIGINT.
#
#   bash bench/attractors-bbm.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."
bbm=../shared/external/logical-models/bbm
[ -d "$bbm" ] || { echo "missing $bbm" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/ikklab" ./cmd/ikklab
bad=0
now() { date +%s.%N; }
printf 'model\tsearch\texit\tseconds\tpeak_MiB\toutput\n'
for f in "$bbm"/*.bnet; do
  for search in sync async trapspaces; do
    case $search in
      sync) args=(-update sync);; async) args=(-update async);; trapspaces) args=(-trapspaces);;
    esac
    t0=$(now)
    set +e
    /usr/bin/time -f %M -o "$tmp/mem" timeout -k 5 -s INT 90 "$tmp/ikklab" attractors "$f" "${args[@]}" -q >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    secs=$(echo "$(now) - $t0" | bc)
    mib=$(( $(tail -n 1 "$tmp/mem") / 1024 ))
    printf '%s\t%s\t%d\t%.2f\t%d\t%s\n' "$(basename "$f" .bnet)" "$search" "$rc" "$secs" "$mib" "$(head -n 1 "$tmp/out" | cut -c1-90)"
    if { [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; } || [ "$(echo "$secs > 60" | bc)" = 1 ] || [ "$mib" -gt 4096 ]; then
      echo "FAIL: $(basename "$f") $search: exit $rc, ${secs}s, ${mib} MiB: $(head -c 300 "$tmp/err")" >&2
      bad=1
    fi
  done
done

# SIGINT latency: searches that run for several seconds, interrupted after
# DELAY seconds (the fixed-point search of bbm-118 ends at its results budget
# after about 2 s, so it is interrupted after 1: after 2 it once finished
# first, exit 3, on a quiet machine).
printf '\nsearch\tsigint_to_exit_s\texit\n'
interrupt() {
  local name=$1 delay=$2; shift 2
  "$tmp/ikklab" attractors "$@" -q >"$tmp/out" 2>"$tmp/err" &
  local pid=$!
  sleep "$delay"
  local t0; t0=$(now)
  kill -INT "$pid"
  set +e; wait "$pid"; local rc=$?; set -e
  local secs; secs=$(echo "$(now) - $t0" | bc)
  printf '%s\t%.3f\t%d\n' "$name" "$secs" "$rc"
  if [ "$rc" -ne 130 ] || [ "$(echo "$secs > 1" | bc)" = 1 ]; then
    echo "FAIL: $name: exit $rc ${secs}s after SIGINT" >&2; bad=1
  fi
}
interrupt "sync 2^28 (bbm-008)" 2 "$bbm/bbm-008_DEATH-RECEPTOR-SIGNALING.bnet" -update sync
interrupt "async 2^26 (bbm-008, 2 inputs fixed)" 2 "$bbm/bbm-008_DEATH-RECEPTOR-SIGNALING.bnet" -update async -fix v_FASL=1,v_TNF=1
interrupt "trap spaces (bbm-001, -max-results 1000000)" 2 "$bbm/bbm-001_SIGNALING-IN-MACROPHAGE-ACTIVATION.bnet" -trapspaces -max-results 1000000
interrupt "fixed points (bbm-118, -max-results 1000000)" 1 "$bbm/bbm-118_INTERFERON-1.bnet" -fixed-points -max-results 1000000
exit $bad
