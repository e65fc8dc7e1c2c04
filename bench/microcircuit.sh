#!/usr/bin/env bash
# The cortical microcircuit (Potjans & Diesmann 2014), snnc and Brian2's C++
# standalone mode on the same model and scale, side by side in one run.
#
#   bench/microcircuit.sh [-s SCALE] [-t SECONDS] [--threads "1 2"]
#                         [--brian2-threads N] [--seed N] [--json FILE] [--keep] [--no-brian2]
#
# snnc runs models/microcircuit.snn (--set scale=SCALE, once per thread count);
# Brian2 runs bench/brian2_microcircuit.py, the same model, with 2 OpenMP
# threads. Both simulate 0.5 s of transient and then SECONDS; rates and CVs of
# ISIs are over the SECONDS after the transient. The real-time factor is the
# simulation's wall time over all simulated time, transient included, for
# both (Brian2's measured part alone is printed beside it); network
# construction and compiling are reported apart. Peak memory by GNU time.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

PY=/usr/bin/python3
GNU_TIME=/usr/bin/time
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SNNC=${SNNC:-$ROOT/build/snnc}

SCALE=0.1
SIM_T=1
THREADS="1 2"
B2_THREADS=2
SEED=55
JSON_OUT=""
KEEP=0
NO_BRIAN2=0

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
die() { echo "bench/microcircuit.sh: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        -s) SCALE=${2:?-s needs a scale}; shift 2 ;;
        -t) SIM_T=${2:?-t needs seconds}; shift 2 ;;
        --threads) THREADS=${2:?--threads needs thread counts}; shift 2 ;;
        --brian2-threads) B2_THREADS=${2:?--brian2-threads needs a number}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
        --json) JSON_OUT=${2:?--json needs a file name}; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --no-brian2) NO_BRIAN2=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done
[[ "$SCALE" =~ ^[0-9]*[.]?[0-9]+$ ]] || die "-s expects a scale such as 0.1, got '$SCALE'"
[[ "$SIM_T" =~ ^[0-9]*[.]?[0-9]+$ ]] || die "-t expects seconds, got '$SIM_T'"
[ -x "$SNNC" ] || die "$SNNC is missing: run make first"
[ -x "$GNU_TIME" ] || die "GNU time is missing (apt-get install -y time)"

W=$(mktemp -d /tmp/snnc-microcircuit.XXXXXX)
cleanup() { if [ "$KEEP" = 1 ]; then echo "kept $W"; else rm -rf "$W"; fi; }
trap cleanup EXIT
TOTAL=$("$PY" -c "print(0.5 + float('$SIM_T'))")

echo "microcircuit at scale $SCALE, 0.5 s transient + $SIM_T s, seed $SEED ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
t0=$(date +%s.%N)
"$SNNC" --force "$ROOT/models/microcircuit.snn" -o "$W/mc" >/dev/null
t1=$(date +%s.%N)
SNNC_BUILD=$("$PY" -c "print($t1 - $t0)")
for n in $THREADS; do
    "$GNU_TIME" -f %M -o "$W/snnc_t$n.mem" "$W/mc" --quiet --out "$W/snnc_t$n" --threads "$n" --seed "$SEED" \
        --set scale="$SCALE" --set sim.time="${TOTAL}s"
    "$PY" "$ROOT/tools/microcircuit_report.py" "$W/snnc_t$n" --json "$W/snnc_t$n.report.json" >/dev/null || true
done
if [ "$NO_BRIAN2" = 0 ]; then
    "$PY" "$ROOT/bench/brian2_microcircuit.py" --scale "$SCALE" --time "$SIM_T" --threads "$B2_THREADS" --seed "$SEED" \
        --out "$W/brian2.json" >"$W/brian2.log" 2>&1 || die "Brian2 failed: $(tail -5 "$W/brian2.log")"
fi

ROOT=$ROOT "$PY" - "$W" "$SNNC_BUILD" "$TOTAL" "$THREADS" "$NO_BRIAN2" "$JSON_OUT" <<'PYEOF'
import json, os, sys
sys.path.insert(0, os.path.join(os.environ["ROOT"], "tools"))
from microcircuit_data import NEST_2022 as nest, POPS as pops
w, build, total, threads, no_b2, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4].split(), sys.argv[5] == "1", sys.argv[6]
res = {"total_s": total, "snnc": {}, "brian2": None}
for n in threads:
    run = json.load(open(f"{w}/snnc_t{n}/run.json"))
    rep = json.load(open(f"{w}/snnc_t{n}.report.json"))
    t = run["timings"]
    res["snnc"][n] = {"build_s": build, "init_s": t["init_s"], "run_s": t["run_s"], "rtf": t["run_s"] / total,
                      "peak_mb": int(open(f"{w}/snnc_t{n}.mem").read().split()[-1]) / 1024,
                      "synapses": run["memory"]["synapses"], "bytes_per_synapse": run["memory"]["bytes_per_synapse"],
                      "rates": {p: rep["populations"][p]["rate_hz"] for p in pops},
                      "cv": {p: rep["populations"][p]["cv_isi"] for p in pops},
                      "n": sum(p["size"] for p in run["populations"])}
if not no_b2:
    res["brian2"] = json.load(open(f"{w}/brian2.json"))
b2 = res["brian2"]
first = res["snnc"][threads[0]]
print(f"\n{'pop':6} {'NEST':>6} {'snnc':>7}" + ("" if b2 is None else f" {'Brian2':>7}") + f" {'CV snnc':>8}"
      + ("" if b2 is None else f" {'CV Brian2':>9}"))
for i, p in enumerate(pops):
    line = f"{p:6} {nest[i]:6.3f} {first['rates'][p]:7.3f}"
    if b2 is not None:
        line += f" {b2['rates'][p.upper()]:7.3f}"
    cv = first["cv"][p]
    line += f" {cv if cv is not None else float('nan'):8.3f}"
    if b2 is not None:
        bc = b2["cv"][p.upper()]
        line += f" {bc if bc is not None else float('nan'):9.3f}"
    print(line)
print(f"\n{'':22} {'neurons':>8} {'synapses':>11} {'build s':>8} {'init s':>7} {'run s':>7} {'RTF':>6} {'peak MB':>8}")
for n, s in res["snnc"].items():
    print(f"{'snnc, ' + n + ' thread' + ('s' if n != '1' else ''):22} {s['n']:8d} {s['synapses']:11d} {s['build_s']:8.2f} "
          f"{s['init_s']:7.2f} {s['run_s']:7.2f} {s['rtf']:6.2f} {s['peak_mb']:8.0f}")
if b2 is not None:
    rtf_all = b2.get("rtf_with_presim", float("nan"))
    setup = b2.get("setup_s", float("nan"))
    run_all = rtf_all * total
    print(f"{'Brian2, ' + str(b2['threads']) + ' threads':22} {b2['n_total']:8d} {b2['synapses']:11d} "
          f"{b2['build_s']:8.2f} {setup:7.2f} {run_all:7.2f} {rtf_all:6.2f} {b2['peak_mb']:8.0f}"
          f"   (measured part alone: RTF {b2['rtf']:.2f})")
    best = min(s["rtf"] for s in res["snnc"].values())
    print(f"\nBrian2's RTF / snnc's best: {rtf_all / best:.1f}x")
print("RTF: simulation wall time / simulated time, the 0.5 s transient included; build: code generation and"
      " compiling; init: network construction")
if out:
    json.dump(res, open(out, "w"), indent=2)
PYEOF
