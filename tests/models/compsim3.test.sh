# Simulation 3 (Table 1), experiment 1, shortened to 1 simulated hour (seed 1):
# the synapses with w* = w_max must grow and those with w* = 0 shrink, as the
# paper's Eq. 22 predicts (tools/eq22 --rbase 5: +0.291 and -0.071 over 5 h,
# i.e. +0.058 and -0.014 per hour).  The full 5-hour run and the other five
# experiments: make reproduce-compsim3.
. tests/lib.sh
build models/compsim3_table1.snn "$T/cs3" || exit 0
"$T/cs3" --out "$T/run" --quiet --set sim.time=1h || fail compsim3-run "exit status $?"
"$T/cs3" --out "$T/init" --quiet --set sim.time=1s --set syn.learning=0
read -r strong weak <<EOF2
$("$PY" - "$T" <<'PYEOF'
import csv, sys
d = sys.argv[1]
def load(p): return [float(r[2]) * 0.010 for r in list(csv.reader(open(p + '/weights_syn.csv')))[1:]]
w0, w1 = load(d + '/init'), load(d + '/run')
print(*['%.5f' % ((sum(w1[s]) - sum(w0[s])) / 50 / 0.006) for s in (slice(0, 50), slice(50, 100))])
PYEOF
)
EOF2
check compsim3-strong-group-grows "w* = w_max group changed by $strong (predicted +0.058 per hour)" between "$strong" 0.02 0.17
check compsim3-weak-group-shrinks "w* = 0 group changed by $weak (predicted -0.014 per hour)" between "$weak" -0.1 -0.0001
