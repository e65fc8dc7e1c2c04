# The cortical microcircuit (models/microcircuit.snn), scaled down to 2 % of
# its neurons with the full in-degrees (--set scale=0.02, no recompiling):
# population sizes round(N * 0.02) and synapse counts round(K * 0.02), K from
# NEST's formula, as NEST computes them; every population fires; one byte of
# delay per synapse (9 bytes a synapse in all); 1 and 2 threads give the same
# spikes; tools/microcircuit_report.py reads the run. The full-scale rates
# against NEST's are in docs/results.md (bench/microcircuit.sh).
. tests/lib.sh
build models/microcircuit.snn "$T/mc" || exit 0
"$T/mc" --set scale=0.02 --set sim.time=0.3s --out "$T/a" --quiet || fail microcircuit-run "exit status $?"
"$T/mc" --set scale=0.02 --set sim.time=0.3s --out "$T/b" --quiet --threads 2 || fail microcircuit-run-2 "exit status $?"
check microcircuit-scaled "sizes or synapse counts are not NEST's at scale 0.02" "$PY" - "$T/a/run.json" <<'PYEOF'
import json, sys
sys.path.insert(0, "tools")
from microcircuit_data import CONN_PROBS, N_FULL, k_total
j = json.load(open(sys.argv[1]))
sizes = [p["size"] for p in j["populations"]]
assert sizes == [round(n * 0.02) for n in N_FULL], sizes   # Python rounds halves to even, as NumPy
want = sum(round(k_total(y, x) * 0.02) for y in range(8) for x in range(8) if CONN_PROBS[y][x])
m = j["memory"]
assert m["synapses"] == want, (m["synapses"], want)
assert len(m["connections"]) == 55, len(m["connections"])
assert m["bytes_per_synapse"] == 9, m["bytes_per_synapse"]
assert all(p["rate_hz"] > 0 for p in j["populations"]), j["populations"]
PYEOF
check microcircuit-threads "1 and 2 threads give other spikes" \
    test "$("$PY" tests/identity/digest.py "$T/a" | grep spikes)" = "$("$PY" tests/identity/digest.py "$T/b" | grep spikes)"
"$PY" tools/microcircuit_report.py "$T/a" --transient 0.1 --json "$T/report.json" >"$T/report.txt"
check microcircuit-report "the report does not read the run" "$PY" -c "
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j['populations']) == 8 and all(p['rate_hz'] > 0 and p['n'] > 0 for p in j['populations'].values())
" "$T/report.json"
