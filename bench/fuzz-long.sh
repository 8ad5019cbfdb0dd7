#!/usr/bin/env bash
# The longer fuzz campaign (not in CI): every parser for EXECS executions
# (default 1,000,000), printing the executions, the time and the corpus each
# reached. A crash fails the script and leaves its input under the
# package's testdata/fuzz/ for `go test -run`.
#
#   bash bench/fuzz-long.sh            # about 40 minutes on 2 cores
#   EXECS=100000 bash bench/fuzz-long.sh
#   TARGETS='./internal/yamlpos:FuzzPositions' bash bench/fuzz-long.sh
set -euo pipefail
cd "$(dirname "$0")/.."
execs=${EXECS:-1000000}
targets=(
  ./logic/expr:FuzzParse ./dose:FuzzParse ./kb:FuzzLoad ./format/maboss:FuzzParse
  ./format/bnet:FuzzRead ./format/sbmlqual:FuzzRead ./format/sbmlqual:FuzzMathML ./format/sbml:FuzzRead ./format/sbml:FuzzMathML ./server:FuzzCreateRun
  ./experiment:FuzzParseSpec ./claims:FuzzReadVerdicts ./internal/yamlpos:FuzzPositions
  ./cmd/ikklab:FuzzListFlags
)
if [ -n "${TARGETS:-}" ]; then read -r -a targets <<<"$TARGETS"; fi
printf 'target\texecutions\tseconds\tcorpus\n'
for target in "${targets[@]}"; do
  pkg=${target%%:*}; fn=${target##*:}
  log=$(mktemp)
  start=$(date +%s)
  if ! go test "$pkg" -run '^$' -fuzz "^${fn}\$" -fuzztime "${execs}x" -fuzzminimizetime 100x >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
  fi
  secs=$(( $(date +%s) - start ))
  last=$(grep -o 'execs: [0-9]*.*total: [0-9]*' "$log" | tail -1)
  printf '%s %s\t%s\t%d\t%s\n' "$pkg" "$fn" "$(echo "$last" | grep -o 'execs: [0-9]*' | grep -o '[0-9]*')" "$secs" "$(echo "$last" | grep -o 'total: [0-9]*' | grep -o '[0-9]*')"
  rm -f "$log"
done
