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
import json, math, sys
j = json.load(open(sys.argv[1]))
N = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
C = [[0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
     [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
     [0.0077, 0.0059, 0.0497, 0.1350, 0.0067, 0.0003, 0.0453, 0.0],
     [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
     [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
     [0.0548, 0.0269, 0.0257, 0.0022, 0.0600, 0.3158, 0.0086, 0.0],
     [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
     [0.0364, 0.0010, 0.0034, 0.0005, 0.0277, 0.0080, 0.0658, 0.1443]]
sizes = [p["size"] for p in j["populations"]]
assert sizes == [round(n * 0.02) for n in N], sizes          # Python rounds halves to even, as NumPy
want = sum(round(math.log(1 - C[y][x]) / math.log(1 - 1 / (N[x] * N[y])) * 0.02)
           for y in range(8) for x in range(8) if C[y][x])
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
