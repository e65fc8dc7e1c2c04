# 'reset POP every trial': a recurrent population with dynamic input synapses,
# shown the same spike pattern in every trial, responds identically in every
# trial when it is reset (states, refractoriness, pending inputs, short-term
# dynamics), and differently without the reset (the test can fail).  Random
# initial values are drawn anew per trial, from the seed and the trial only.
. tests/lib.sh
cat >"$T/r.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
population inp = 30 templates(count = 1, window = 150 ms, onset = 10 ms)
population cells = 20 lif_cond(V_init = -60 mV)
connect inp -> cells { rule: probability(0.5); synapse: exp_cond(tau = 5 ms); port: g_e; weight: 4 nS; delay: 1 ms
                       dynamics: tsodyks(U = 0.5, D = 1.1 s, F = 20 ms) }
connect cells -> cells { rule: probability(0.2); synapse: exp_cond(tau = 20 ms); port: g_e; weight: 1 nS; delay: 2 ms }
experiment {
  trial 200 ms
  phase a { trials 5 }
  reset cells every trial
  record spikes of cells
}
SNN
sed 's/  reset cells every trial//' "$T/r.snn" >"$T/noreset.snn"
sed 's/lif_cond(V_init = -60 mV)/lif_cond() state v = uniform(-70 mV, -52 mV)/' "$T/r.snn" >"$T/rand.snn"
for m in r noreset rand; do
    build "$T/$m.snn" "$T/$m" || exit 0
    "$T/$m" --quiet --format csv --out "$T/o_$m" || fail "trial-reset-run-$m" "exit status $?"
done
"$T/rand" --quiet --format csv --out "$T/o_rand2" || fail trial-reset-run-rand2 "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail trial-reset-check "python check crashed"
import csv, sys
T = sys.argv[1]
def trials(d):
    tr = {k: [] for k in range(5)}
    for r in csv.DictReader(open('%s/%s/spikes.csv' % (T, d))):
        t = float(r['time_ms'])
        tr[int(t // 200)].append((round(t % 200, 1), int(r['node_id'])))
    return [tuple(sorted(v)) for _, v in sorted(tr.items())]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
r, n, a, b = trials('o_r'), trials('o_noreset'), trials('o_rand'), trials('o_rand2')
report('trial-reset-identical', len(r[0]) > 20 and len(set(r)) == 1, 'spikes per trial %s' % [len(x) for x in r])
report('trial-reset-needed', len(set(n)) > 1, 'without the reset every trial is the same too')
report('trial-reset-random-draws', len(set(a)) == 5 and a == b,
       '%d different trials of 5; two runs equal: %s' % (len(set(a)), a == b))
PYEOF
