# Bounded draws whose mean and bounds are parameters (a neuron parameter in an
# initial value, a global parameter in a weight) build and keep every value
# within its bounds, following --set; docs/language.md once listed them as
# passing --check but failing to build.
. tests/lib.sh
cat >"$T/bd.snn" <<'SNN'
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
param w0 = 1 nS
neuron still(V0 = -60 mV) {
  input g_e : conductance
  state v = normal(V0, 2 mV) in [V0 - 1 mV, V0 + 1 mV]
}
population p = 50 still
connect syn = p -> p { rule: all; synapse: exp_cond; port: g_e; weight: normal(w0, 0.5 nS) in [0.8 * w0, 1.2 * w0]
                       plasticity: stdp_pair(w_max = 10 nS) }
experiment { time 1 ms; record v of p every 1 ms }
SNN
build "$T/bd.snn" "$T/bd" || exit 0
"$T/bd" --quiet --format csv --out "$T/a" --set syn.learning=0 || fail bounded-params-run "exit status $?"
"$T/bd" --quiet --format csv --out "$T/b" --set syn.learning=0 --set p.V0=-70mV --set w0=2nS ||
    fail bounded-params-run-set "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail bounded-params-check "python check crashed"
import csv, sys
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
for d, v0, w0 in (('a', -60e-3, 1e-9), ('b', -70e-3, 2e-9)):
    v = [float(x) for x in list(csv.reader(open('%s/%s/state_p_v.csv' % (T, d))))[1][1:]]
    w = [float(r['weight']) for r in csv.DictReader(open('%s/%s/weights_syn.csv' % (T, d)))]
    report('bounded-params-initial-%s' % d, len(v) == 50 and len(set(v)) > 40 and
           all(v0 - 1.0001e-3 <= x <= v0 + 1.0001e-3 for x in v), 'v in %g .. %g' % (min(v), max(v)))
    report('bounded-params-weight-%s' % d, len(w) == 2500 and len(set(w)) > 2000 and
           all(0.8 * w0 * (1 - 1e-6) <= x <= 1.2 * w0 * (1 + 1e-6) for x in w), 'w in %g .. %g' % (min(w), max(w)))
PYEOF
