#!/bin/sh
# tools/reproduce_compsim2.sh: simulation 2 of Legenstein et al. 2008 (Fig 7):
# models/compsim2_teacher.snn for 2 simulated hours with seeds 1-5, two runs at
# a time, then the paper's checks per run (tools/compsim2_report.py).
set -eu
cd "$(dirname "$0")/.."
SNNC=${SNNC:-build/snnc}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/compsim2.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$SNNC" models/compsim2_teacher.snn -o "$TMP/cs2"
t0=$(date +%s)
for pair in "1 2" "3 4" "5"; do
    for s in $pair; do
        "$TMP/cs2" --out "$TMP/seed$s" --quiet --seed "$s" &
    done
    wait
done
echo "5 runs of 2 simulated hours in $(($(date +%s) - t0)) s of wall time (2 at a time)"
/usr/bin/python3 tools/compsim2_report.py "$TMP"/seed1 "$TMP"/seed2 "$TMP"/seed3 "$TMP"/seed4 "$TMP"/seed5
