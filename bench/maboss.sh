#!/usr/bin/env bash
# ikklab's stochastic engine against MaBoSS 2.6.6, side by side (issue 12).
#
# Builds MaBoSS from ../shared/external/maboss/src (64-, 128- and 256-node
# builds, with ../shared/tools/build-maboss.sh) and ikklab, then times both
# as whole processes, alternately (ikklab, MaBoSS, ikklab, MaBoSS, ...), best
# of REPS (default 3) each, on:
#   cell fate (Calzone 2010; its cfg, XIAP_del = FALSE, 200,000 samples):
#     full statistics and final states only (MaBoSS --final), 1 and 2 threads;
#   Sizek 2019 (87 nodes) and Montagud 2022 (133 nodes) from
#     ../shared/external/maboss/large, their cfgs with use_physrandgen = 0;
#   ikklab's own network exported with 'ikklab convert ikklab' under TNF;
# and ikklab alone on cell fate at 1,000,000 samples (2 workers vs 1) and on
# the synthetic 1,000-node model (transitions/s against Sizek's).
# It checks that the probabilities agree (last-window output states: the
# largest |difference| and the largest z = Δ/√(err₁²+err₂²) over states with
# p ≥ 0.001 on either side) and prints one table:
#   case  samples  ikklab_cpu_s  maboss_cpu_s  cpu_ratio  wall_ratio
#   ikklab_MB  maboss_MB  rss_ratio  sim_MB  sim_rss_ratio  max_dp  max_z
#   worst_state
# CPU is user+system time, RSS the largest peak over the repetitions. sim_MB
# is the peak RSS of the sim build (go build -tags sim: the same simulate
# command without the experiment, plot, SQLite and server packages), run in
# the same alternation; its output must equal the full build's byte for byte.
#
#   bash bench/maboss.sh            # about 15 minutes on 2 cores
#   REPS=1 SCALE=0.1 bash bench/maboss.sh   # a quick look (samples × 0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED:-$root/../shared}
ext=$shared/external/maboss
reps=${REPS:-3}
scale=${SCALE:-1}
mdir=${MABOSS_DIR:-/tmp/maboss-2.6.6}
for t in /usr/bin/time awk go; do
  command -v "$t" >/dev/null || { echo "bench/maboss.sh needs $t" >&2; exit 2; }
done
[ -d "$ext" ] || { echo "missing $ext (the shared external suites)" >&2; exit 2; }

mb64=$(bash "$shared/tools/build-maboss.sh" "$mdir" 64 | tail -1)
mb128=$(bash "$shared/tools/build-maboss.sh" "$mdir" 128 | tail -1)
mb256=$(bash "$shared/tools/build-maboss.sh" "$mdir" 256 | tail -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A static build (no cgo: only the net package's resolver would use it), as
# a release is built: the dynamic one maps libc and the loader as well,
# about 2 MB more peak RSS.
CGO_ENABLED=0 go build -o "$tmp/ikklab" ./cmd/ikklab
CGO_ENABLED=0 go build -tags sim -o "$tmp/ikklab-sim" ./cmd/ikklab
ikk=$tmp/ikklab
sim=$tmp/ikklab-sim
"$ikk" convert ikklab "$tmp/own.bnd" >/dev/null
# Under TNF: MaBoSS refuses a second istate for a node, so the cfg is edited.
grep -q '^TNF.istate = 0;$' "$tmp/own.cfg" || { echo "own.cfg: no 'TNF.istate = 0;' line" >&2; exit 3; }
sed -i 's/^TNF.istate = 0;$/TNF.istate = 1;/' "$tmp/own.cfg"

samples() { awk -v n="$1" -v s="$scale" 'BEGIN { printf "%d", n * s }'; }

# timed OUT CMD...: runs CMD, appending "cpu wall rss_kb" to OUT.
timed() {
  local out=$1; shift
  /usr/bin/time -f '%U %S %e %M' -o "$tmp/time" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || {
    echo "FAILED: $*" >&2; cat "$tmp/stderr" >&2; exit 3; }
  awk '{ printf "%.3f %.3f %d\n", $1 + $2, $3, $4 }' "$tmp/time" >>"$out"
}

# best FILE: "min_cpu min_wall max_rss_kb" over the lines of FILE.
best() {
  awk 'NR == 1 || $1 < c { c = $1 } NR == 1 || $2 < w { w = $2 } $3 > r { r = $3 }
    END { printf "%.3f %.3f %d\n", c, w, r }' "$1"
}

# agree A B N: "max_dp max_z worst_state" between two probability lists.
agree() {
  awk -F'\t' -v n="$3" -f bench/probs.awk "$1" >"$tmp/a"
  awk -F'\t' -v n="$3" -f bench/probs.awk "$2" >"$tmp/b"
  awk -F'\t' 'FNR == NR { p[$1] = $2; e[$1] = $3; s[$1] = 1; next }
    { q[$1] = $2; f[$1] = $3; s[$1] = 1 }
    END {
      dp = 0; z = 0; worst = "-"
      for (k in s) {
        d = p[k] - q[k]; if (d < 0) d = -d
        if (d > dp) dp = d
        if (p[k] < 0.001 && q[k] < 0.001) continue
        se = sqrt(e[k] * e[k] + f[k] * f[k])
        zz = (se > 0) ? d / se : (d > 0 ? 99 : 0)
        if (zz > z) { z = zz; worst = k }
      }
      gsub(/ /, "", worst)
      printf "%.4f %.2f %s\n", dp, z, worst
    }' "$tmp/a" "$tmp/b"
}

# The RSS floor of the ikklab binary: a command that does no work.
for b in "$ikk" "$sim"; do
  /usr/bin/time -f '%M' -o "$tmp/floor" "$b" version >/dev/null
  awk -v b="${b##*/}" '{ printf "# RSS floor of %s (version): %.1f MB\n", b, $1 / 1024 }' "$tmp/floor"
done
printf 'case\tsamples\tikklab_cpu_s\tmaboss_cpu_s\tcpu_ratio\twall_ratio\tikklab_MB\tmaboss_MB\trss_ratio\tsim_MB\tsim_rss_ratio\tmax_dp\tmax_z\tworst_state\n'

# compare NAME SAMPLES MABOSS BND CFG STATEMENTS THREADS FINAL
compare() {
  local name=$1 n=$2 mb=$3 bnd=$4 cfg=$5 stmts=$6 threads=$7 final=$8
  local iflags=() mflags=() mres=run_probtraj.csv
  if [ "$final" = 1 ]; then
    iflags=(-final); mflags=(--final); mres=run_finalprob.csv
  fi
  rm -f "$tmp/ti" "$tmp/tm" "$tmp/ts"
  for _ in $(seq "$reps"); do
    rm -rf "$tmp/mout"; mkdir -p "$tmp/mout"
    # Each writes its probability table: ikklab's probtraj (or final
    # states) on stdout, MaBoSS's files under its prefix.
    timed "$tmp/ti" "$ikk" simulate "$bnd" -cfg "$cfg" -e "$stmts" -samples "$n" -workers "$threads" -q "${iflags[@]}" -format csv
    cp "$tmp/stdout" "$tmp/iout"
    timed "$tmp/tm" "$mb" -c "$cfg" -e "$stmts sample_count = $n; thread_count = $threads;" "${mflags[@]}" -o "$tmp/mout/run" "$bnd"
    timed "$tmp/ts" "$sim" simulate "$bnd" -cfg "$cfg" -e "$stmts" -samples "$n" -workers "$threads" -q "${iflags[@]}" -format csv
    cmp -s "$tmp/stdout" "$tmp/iout" || { echo "$name: the sim build's output differs from the full build's" >&2; exit 3; }
  done
  read -r ic iw ir < <(best "$tmp/ti")
  read -r mc mw mr < <(best "$tmp/tm")
  read -r _ _ sr < <(best "$tmp/ts")
  read -r dp z worst < <(agree "$tmp/iout" "$tmp/mout/$mres" "$n")
  awk -v name="$name" -v n="$n" -v ic="$ic" -v iw="$iw" -v ir="$ir" -v mc="$mc" -v mw="$mw" -v mr="$mr" -v sr="$sr" \
    -v dp="$dp" -v z="$z" -v worst="$worst" 'BEGIN {
    printf "%s\t%d\t%.2f\t%.2f\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.1f\t%.2f\t%s\t%s\t%s\n",
      name, n, ic, mc, mc / ic, mw / iw, ir / 1024, mr / 1024, ir / mr, sr / 1024, sr / mr, dp, z, worst }'
}

cf=$ext/CellFateModel
n=$(samples 200000)
compare "cell fate, full" "$n" "$mb64" "$cf/CellFateModel.bnd" "$cf/CellFateModel_1.cfg" '$XIAP_del = FALSE;' 1 0
compare "cell fate, final only" "$n" "$mb64" "$cf/CellFateModel.bnd" "$cf/CellFateModel_1.cfg" '$XIAP_del = FALSE;' 1 1
compare "cell fate, full, 2 threads" "$n" "$mb64" "$cf/CellFateModel.bnd" "$cf/CellFateModel_1.cfg" '$XIAP_del = FALSE;' 2 0
compare "cell fate, final only, 2 threads" "$n" "$mb64" "$cf/CellFateModel.bnd" "$cf/CellFateModel_1.cfg" '$XIAP_del = FALSE;' 2 1
compare "Sizek 2019 (87 nodes)" "$(samples 10000)" "$mb128" "$ext/large/sizek.bnd" "$ext/large/sizek.cfg" 'use_physrandgen = 0;' 1 0
compare "Montagud 2022 (133 nodes)" "$(samples 20000)" "$mb256" "$ext/large/Montagud2022_Prostate_Cancer.bnd" "$ext/large/Montagud2022_Prostate_Cancer.cfg" 'use_physrandgen = 0;' 1 0
own_nodes=$(grep -c '^ *[Nn]ode ' "$tmp/own.bnd" || true)
compare "ikklab network, TNF ($own_nodes nodes)" "$(samples 100000)" "$mb128" "$tmp/own.bnd" "$tmp/own.cfg" '' 1 0

# ikklab alone: 2 workers against 1, and the 1,000-node model.
printf '\ncase\tsamples\tworkers_1_wall_s\tworkers_2_wall_s\tspeed-up\n'
n=$(samples 1000000)
rm -f "$tmp/w1" "$tmp/w2"
for _ in $(seq "$reps"); do
  timed "$tmp/w1" "$ikk" simulate "$cf/CellFateModel.bnd" -cfg "$cf/CellFateModel_1.cfg" -e '$XIAP_del = FALSE;' -samples "$n" -workers 1 -q
  timed "$tmp/w2" "$ikk" simulate "$cf/CellFateModel.bnd" -cfg "$cf/CellFateModel_1.cfg" -e '$XIAP_del = FALSE;' -samples "$n" -workers 2 -q
done
read -r _ w1 _ < <(best "$tmp/w1")
read -r _ w2 _ < <(best "$tmp/w2")
awk -v n="$n" -v a="$w1" -v b="$w2" 'BEGIN { printf "cell fate, full\t%d\t%.2f\t%.2f\t%.2f\n", n, a, b, a / b }'

# transitions/s: ikklab on Sizek and on the synthetic 1,000-node model.
printf '\nmodel\tnodes\tsamples\ttransitions\tcpu_s\ttransitions_per_s\n'
rate() {
  local name=$1 nodes=$2 n=$3; shift 3
  rm -f "$tmp/tr"; rm -rf "$tmp/rout"
  for _ in $(seq "$reps"); do timed "$tmp/tr" "$ikk" simulate "$@" -samples "$n" -workers 1 -q -format json; done
  local tr; tr=$(grep -o '"transitions": [0-9]*' "$tmp/stdout" | grep -o '[0-9]*$')
  read -r c _ _ < <(best "$tmp/tr")
  awk -v name="$name" -v nodes="$nodes" -v n="$n" -v tr="$tr" -v c="$c" 'BEGIN {
    printf "%s\t%d\t%d\t%d\t%.2f\t%.3g\n", name, nodes, n, tr, c, tr / c }'
}
rate "Sizek 2019" 87 "$(samples 20000)" "$ext/large/sizek.bnd" -cfg "$ext/large/sizek.cfg" -e 'use_physrandgen = 0;'
rate "synthetic" 1000 "$(samples 20000)" logic/stochastic/testdata/synth1000.bnd
