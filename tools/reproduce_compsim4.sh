#!/bin/sh
# tools/reproduce_compsim4.sh: simulation 4 of Legenstein et al. 2008 (Fig 9):
# models/compsim4_patterns.snn (60 + 1000 + 60 trials of 3 s) with seeds 1-6,
# two at a time; prints (tools/compsim4_report.py) the readout's spikes per trial
# in [50 ms, 1.1 s] for the rewarded pattern P and the other pattern N before and
# after learning, and the peak V_m per trial in the probe phases.
set -eu
cd "$(dirname "$0")/.."
SNNC=${SNNC:-build/snnc}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/compsim4.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$SNNC" models/compsim4_patterns.snn -o "$TMP/cs4"
t0=$(date +%s)
for pair in "1 2" "3 4" "5 6"; do
    for s in $pair; do
        "$TMP/cs4" --out "$TMP/seed$s" --quiet --seed "$s" &
    done
    wait
done
echo "6 runs of 1120 trials (56 simulated minutes each) in $(($(date +%s) - t0)) s of wall time (2 at a time)"
/usr/bin/python3 tools/compsim4_report.py "$TMP"/seed1 "$TMP"/seed2 "$TMP"/seed3 "$TMP"/seed4 "$TMP"/seed5 "$TMP"/seed6
