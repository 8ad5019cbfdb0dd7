#!/usr/bin/env bash
# ikklab's stiff ODE solver (package ode, Rodas5P) against SUNDIALS CVODE 6.4
# (BDF, dense Newton, analytic Jacobians) on ROBER (to 1e5 and 4e10), HIRES
# and POLLU of the Test Set for IVP Solvers, at CVODE tolerances 1e-4, 1e-6
# and 1e-8 (atol = rtol·1e-6 on both sides), at equal or better accuracy
# against the reference solutions; CPU per complete solve, alternating runs,
# best of 3 (issue 13). Not run by go test. About two minutes.
#
#   bash bench/ode.sh [REPS]
#
# Needs Debian's libsundials-dev (installed with apt-get when missing) and gcc.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-200}
if [ ! -e /usr/include/cvode/cvode.h ]; then
  echo "# installing libsundials-dev" >&2
  apt-get install -y -q libsundials-dev >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -std=c99 -D_POSIX_C_SOURCE=199309L -Wall -Wextra -o "$tmp/cvode_bench" bench/cvode/cvode_bench.c \
  -lsundials_cvode -lsundials_nvecserial -lsundials_sunmatrixdense -lsundials_sunlinsoldense -lm
"$tmp/cvode_bench" --check >&2
go build -o "$tmp/odebench" ./bench/odebench
echo "# $(dpkg-query -W -f='libsundials-dev ${Version}' libsundials-dev 2>/dev/null), $(gcc --version | head -1), $(go version)"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $reps solves per timing"
"$tmp/odebench" -cvode "$tmp/cvode_bench" -reps "$reps" -rounds 3
