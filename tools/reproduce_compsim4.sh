#!/bin/sh
# tools/reproduce_compsim4.sh: simulation 4 of Legenstein et al. 2008 (Fig 9):
# models/compsim4_patterns.snn (60 + 1000 + 60 trials of 3 s) with seeds 1-6,
# two at a time; prints the readout's spikes per trial in [50 ms, 1.1 s] for the
# rewarded pattern P and the other pattern N, before and after learning.
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
/usr/bin/python3 - "$TMP" <<'PYEOF'
import json, sys
ok = True
print('seed   before: P      N     after: P      N    after P/N   result')
for s in range(1, 7):
    ph = {p['name']: p['spikes_per_trial']['readout'] for p in json.load(open('%s/seed%d/summary.json' % (sys.argv[1], s)))['phases']}
    v = [ph[n]['label %d' % l]['mean'] for n in ('before', 'after') for l in (0, 1)]
    good = v[2] > v[3]
    ok &= good
    print('%4d %12.2f %6.2f %12.2f %6.2f %11.2f   %s' % (s, *v, v[2] / v[3] if v[3] else float('inf'), 'P > N' if good else 'NOT P > N'))
sys.exit(0 if ok else 1)
PYEOF
