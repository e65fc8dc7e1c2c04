#!/usr/bin/env bash
# snnc's COBA against the same network written by hand in C (bench/coba_hand.c):
# both built here, run alternately, medians printed side by side.
# See bench/README.md.
#
#   bench/hand.sh [-r N] [-t SECONDS] [--hand-seed N] [--keep]
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SNNC=${SNNC:-$ROOT/build/snnc}
CC=${CC:-gcc}
REPS=7
SIM_T=10
# snnc's COBA with its seed 1 fires 804701 spikes in 10 s; the hand loop's
# seed 5 fires 815227 (seed 1: 892363), so both deliver about as many events.
HAND_SEED=5
KEEP=0

usage() {
    cat <<EOF
usage: bench/hand.sh [options]
  -r N            repetitions per side (default $REPS), interleaved; medians reported
  -t SECONDS      simulated time (default $SIM_T)
  --hand-seed N   seed of the hand loop (default $HAND_SEED, see the script)
  --keep          keep the scratch directory (printed at the end)
environment: SNNC (default build/snnc), CC (default gcc)
EOF
}

die() { echo "bench/hand.sh: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        -r) REPS=${2:?-r needs a number}; shift 2 ;;
        -t) SIM_T=${2:?-t needs a number of seconds}; shift 2 ;;
        --hand-seed) HAND_SEED=${2:?--hand-seed needs a number}; shift 2 ;;
        --keep) KEEP=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "-r expects a positive integer, got '$REPS'"
[[ "$SIM_T" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "-t expects seconds, got '$SIM_T'"
[[ "$HAND_SEED" =~ ^[0-9]+$ ]] || die "--hand-seed expects a number, got '$HAND_SEED'"
[ -x "$SNNC" ] || die "snnc not found at '$SNNC': build it first (make), or set SNNC=/path/to/snnc"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/snnc-hand.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "scratch directory kept: $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# The flags snnc gives the C compiler (snnc -v): -fno-math-errno lets GCC call
# libmvec's vector expm1f, -fno-trapping-math lets it if-convert the selects.
"$CC" -std=c11 -O3 -march=native -fno-math-errno -fno-trapping-math -o "$TMP/coba_hand" \
    "$ROOT/bench/coba_hand.c" -lm || die "cannot build bench/coba_hand.c"
"$SNNC" "$ROOT/models/coba.snn" -o "$TMP/coba" || die "snnc cannot build models/coba.snn"

now() { date +%s.%N; }
json_num() { grep -o "\"$1\": [0-9.e+-]*" "$2" | head -1 | cut -d' ' -f2; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

h_wall=() h_build=() h_run=() s_wall=() s_init=() s_run=() s_write=()
echo "load before: $(uptime | sed 's/.*load average: //')"
for ((k = 1; k <= REPS; k++)); do
    order="hand snnc"; [ $((k % 2)) = 0 ] && order="snnc hand"   # each goes first half the time
    for side in $order; do
        if [ "$side" = hand ]; then
            t0=$(now); "$TMP/coba_hand" "$SIM_T" "$HAND_SEED" > "$TMP/hand.txt"; t1=$(now)
            h_wall+=("$(echo "$t1 - $t0" | bc)")
            h_build+=("$(grep -o 'build_s [0-9.]*' "$TMP/hand.txt" | cut -d' ' -f2)")
            h_run+=("$(grep -o 'run_s [0-9.]*' "$TMP/hand.txt" | cut -d' ' -f2)")
        else
            t0=$(now); "$TMP/coba" --quiet --force --out "$TMP/out" --set "sim.time=${SIM_T}s"; t1=$(now)
            s_wall+=("$(echo "$t1 - $t0" | bc)")
            s_init+=("$(json_num init_s "$TMP/out/run.json")")
            s_run+=("$(json_num run_s "$TMP/out/run.json")")
            s_write+=("$(json_num write_s "$TMP/out/run.json")")
        fi
    done
done
echo "load after:  $(uptime | sed 's/.*load average: //')"

hw=$(median "${h_wall[@]}") hb=$(median "${h_build[@]}") hr=$(median "${h_run[@]}")
sw=$(median "${s_wall[@]}") si=$(median "${s_init[@]}") sr=$(median "${s_run[@]}") sx=$(median "${s_write[@]}")
hspk=$(grep -o '[0-9]* spikes' "$TMP/hand.txt" | cut -d' ' -f1)
sspk=$(json_num spikes "$TMP/out/run.json")
echo
echo "COBA, ${SIM_T} s simulated, one thread, medians of $REPS runs (seconds)"
echo "  other = wall - (init + run + write): process start, run.json, exit"
printf '  %-10s %8s %8s %8s %8s %8s %9s\n' "" wall init run write other spikes
printf '  %-10s %8.3f %8.4f %8.3f %8s %8.4f %9s\n' hand "$hw" "$hb" "$hr" - \
    "$(echo "$hw - $hb - $hr" | bc -l)" "$hspk"
printf '  %-10s %8.3f %8.4f %8.3f %8.4f %8.4f %9s\n' snnc "$sw" "$si" "$sr" "$sx" \
    "$(echo "$sw - $si - $sr - $sx" | bc -l)" "$sspk"
printf '  snnc/hand: wall %.2f, simulation alone (run) %.2f\n' \
    "$(echo "$sw / $hw" | bc -l)" "$(echo "$sr / $hr" | bc -l)"
rate() { grep -A3 "\"net.$1\"" "$TMP/out/run.json" | json_num rate_hz /dev/stdin; }
printf '  rates (Hz): hand exc %.2f inh %.2f; snnc exc %.2f inh %.2f\n' \
    "$(grep -o 'exc [0-9.]*' "$TMP/hand.txt" | cut -d' ' -f2)" "$(grep -o 'inh [0-9.]*' "$TMP/hand.txt" | cut -d' ' -f2)" \
    "$(rate exc)" "$(rate inh)"
