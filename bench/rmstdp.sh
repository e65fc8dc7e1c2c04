#!/bin/bash
# bench/rmstdp.sh: reward-modulated STDP, snnc against Brian2 C++ standalone,
# side by side in one run (medians of R runs each, alternating):
#   single  one LIF neuron, 200 Poisson inputs at 10 Hz, 200 s   (bench/models/rmstdp_single.snn)
#   coba    COBA network, RM-STDP on all E->E synapses, 10 s     (bench/models/rmstdp_coba.snn)
# Brian2 updates every plastic synapse every step; snnc integrates the weights in
# closed form at spikes.  Usage: bench/rmstdp.sh [-r R] [-m single|coba]
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
median() { "$PY" -c "import statistics,sys; print('%.3f' % statistics.median(map(float, sys.argv[1:])))" "$@"; }
printf '%-7s %10s %10s %10s %10s %8s   %s\n' model snnc_build b2_build snnc_run b2_run ratio "rates / mean weight (snnc | Brian2)"
for m in $MODELS; do
    t0=$(date +%s.%N)
    "$SNNC" --force "bench/models/rmstdp_$m.snn" -o "$TMP/$m"
    sb=$("$PY" -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)")
    sr=() br=() bb=()
    for _ in $(seq "$R"); do
        t0=$(date +%s.%N)
        "$TMP/$m" --out "$TMP/out_$m" --force --quiet
        sr+=("$("$PY" -c "import sys; print('%.3f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)")")
        "$PY" bench/brian2_rmstdp.py --model "$m" --dir "$TMP/b2_$m" --seed 1 --force >"$TMP/b2_$m.log" 2>&1
        js=$(tail -1 "$TMP/b2_$m.log")
        br+=("$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['run_s'])" "$js")")
        bb+=("$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['build_s'])" "$js")")
    done
    msr=$(median "${sr[@]}") mbr=$(median "${br[@]}") mbb=$(median "${bb[@]}")
    ratio=$("$PY" -c "import sys; print('%.1fx' % (float(sys.argv[1]) / float(sys.argv[2])))" "$mbr" "$msr")
    ours=$("$PY" - "$TMP/out_$m" <<'PYEOF'
import csv, glob, json, sys
d = sys.argv[1]
j = json.load(open(d + '/run.json'))
w = [float(r[2]) for f in glob.glob(d + '/weights_*.csv') for r in list(csv.reader(open(f)))[1:]]
print(' '.join('%s %.2f Hz' % (p['name'], p['rate_hz']) for p in j['populations'] if '.' in p['name'] or p['name'] == 'out'),
      '| w %.4g nS' % (sum(w) / len(w) * 1e9))
PYEOF
)
    theirs=$("$PY" -c "
import json,sys; j=json.loads(sys.argv[1])
print(' '.join('%s %.2f Hz' % (k[5:-3], v) for k, v in j.items() if k.startswith('rate_') and k.endswith('_hz')), '| w', j.get('w_mean_ns', j.get('w_mean')))" "$js")
    printf '%-7s %10s %10s %10s %10s %8s   %s || %s\n' "$m" "$sb" "$mbb" "$msr" "$mbr" "$ratio" "$ours" "$theirs"
done
echo "times in s; run = wall time of the whole simulation binary (connectivity, run, output files) on both sides;"
echo "ratio = Brian2 run / snnc run; weights: snnc in nS, Brian2 in its own units (nS for single, g_L = 10 nS for coba)"
