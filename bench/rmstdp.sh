#!/bin/bash
# bench/rmstdp.sh: reward-modulated STDP, snnc against Brian2 C++ standalone,
# side by side in one run (medians of R runs each, alternating):
#   single  one LIF neuron, 200 Poisson inputs at 10 Hz, 200 s   (bench/models/rmstdp_single.snn)
#   coba    COBA network, RM-STDP on all E->E synapses, 10 s     (bench/models/rmstdp_coba.snn)
# Brian2 updates every plastic synapse every step; snnc integrates the weights in
# closed form at spikes.  The coba reward is one fixed spike train, written here
# once and read by both.  A speed ratio is printed only when the two runs agree
# (rates, mean and sd of the weights) within the tolerances of
# bench/rmstdp_agree.py, those that two independent draws of the model meet;
# otherwise the script says which differ and exits 1.
# Usage: bench/rmstdp.sh [-r R] [-m single|coba]
set -eu
cd "$(dirname "$0")/.."
R=3
MODELS="single coba"
while getopts "r:m:" o; do
    case $o in
    r) R=$OPTARG ;;
    m) MODELS=$OPTARG ;;
    *) echo "usage: $0 [-r R] [-m single|coba]" >&2; exit 2 ;;
    esac
done
SNNC=${SNNC:-build/snnc}
[ -x "$SNNC" ] || { echo "error: $SNNC not built (run make)" >&2; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/snnc-rmstdp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3
AGREE=bench/rmstdp_agree.py
median() { "$PY" -c "import statistics,sys; print('%.3f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
since() { "$PY" -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$(date +%s.%N)"; }
b2() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$TMP/b2_$m/brian2_rmstdp.json" "$1"; }
"$PY" "$AGREE" train "$TMP/reward.csv"
status=0
printf '%-7s %10s %10s %10s %10s %8s   %s\n' model snnc_build b2_build snnc_run b2_run ratio "snnc | Brian2"
for m in $MODELS; do
    snnc_args=() b2_args=()
    if [ "$m" = coba ]; then
        snnc_args=(--set "train.file=$TMP/reward.csv") b2_args=(--reward-spikes "$TMP/reward.csv")
    fi
    t0=$(date +%s.%N)
    "$SNNC" --force "bench/models/rmstdp_$m.snn" -o "$TMP/$m"
    sb=$(since "$t0")
    sr=() br=() bb=() agree=yes
    for i in $(seq "$R"); do
        t0=$(date +%s.%N)
        "$TMP/$m" "${snnc_args[@]}" --out "$TMP/out_$m" --force --quiet
        sr+=("$(since "$t0")")
        "$PY" bench/brian2_rmstdp.py --model "$m" --dir "$TMP/b2_$m" --seed 1 --force "${b2_args[@]}" \
            >"$TMP/b2_$m.log" 2>&1 || { cat "$TMP/b2_$m.log" >&2; exit 1; }
        br+=("$(b2 run_s)") bb+=("$(b2 build_s)")
        # every run of a side is the same (fixed seeds): the first pair decides
        if [ "$i" = 1 ]; then
            stats=$("$PY" "$AGREE" check "$m" "$TMP/out_$m" "$TMP/b2_$m/brian2_rmstdp.json") || { agree=no; break; }
        fi
    done
    if [ $agree = no ]; then
        printf '%-7s %10s %10s %10s %10s %8s   %s\n' "$m" "$sb" - - - - "$stats"
        echo "error: $m: snnc and Brian2 disagree more than two draws of one model do; no speed ratio" >&2
        status=1
        continue
    fi
    msr=$(median "${sr[@]}") mbr=$(median "${br[@]}") mbb=$(median "${bb[@]}")
    ratio=$("$PY" -c "import sys; print('%.1fx' % (float(sys.argv[1]) / float(sys.argv[2])))" "$mbr" "$msr")
    printf '%-7s %10s %10s %10s %10s %8s   %s\n' "$m" "$sb" "$mbb" "$msr" "$mbr" "$ratio" "$stats"
done
echo "times in s; run = wall time of the whole simulation binary (connectivity, run, output files) on both sides;"
echo "ratio = Brian2 run / snnc run; statistics: rates in Hz, mean and sd of the final plastic weights in nS"
exit $status
