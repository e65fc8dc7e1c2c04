#!/bin/sh
# tools/reproduce_compsim1.sh: simulation 1 of Legenstein et al. 2008 (Figs 4, 5):
# models/compsim1_biofeedback.snn (20 simulated minutes of the 4000-neuron
# biofeedback circuit) with seeds 1 and 2 side by side, then
# tools/compsim1_report.py on each: rates of the reinforced neuron and of
# el[0:20] in the first and last minute, mean E->E weights every 2 minutes,
# the final weight spread, and the paper's claims checked.
# SEEDS="1" runs one seed only.
set -eu
cd "$(dirname "$0")/.."
SNNC=${SNNC:-build/snnc}
SEEDS=${SEEDS:-1 2}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/compsim1.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$SNNC" models/compsim1_biofeedback.snn -o "$TMP/cs1"
t0=$(date +%s)
for s in $SEEDS; do
    "$TMP/cs1" --out "$TMP/seed$s" --quiet --seed "$s" &
done
wait
echo "seeds $SEEDS: 1200 simulated seconds each in $(($(date +%s) - t0)) s of wall time (side by side)"
ok=0
for s in $SEEDS; do
    echo "== seed $s"
    /usr/bin/python3 tools/compsim1_report.py "$TMP/seed$s" || ok=1
done
exit $ok
