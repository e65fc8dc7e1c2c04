# Simulation 1 (Figs 4, 5), shortened to 1 + 3 trials of 1.5 s (seed 1).  Learning
# over 20 minutes is make reproduce-compsim1; here: the 4000-neuron network runs
# at the paper's rates (Fig 4B axis 4-13 Hz; excitatory mean 3-10 Hz accepted),
# plasticity is off during the first trial (every E->E weight still exactly
# 0.5 w_max at 1.5 s), then on (weights move, but their mean stays 0.5 w_max
# within 0.01 after 4.5 s), and trials.csv holds one row per trial.
. tests/lib.sh
TRIAL=1500
short_compsim1 models/compsim1_biofeedback.snn 3 "$TRIAL ms" "$T/cs1.snn"
build "$T/cs1.snn" "$T/cs1" || exit 0
"$T/cs1" --format sonata,csv --out "$T/run" --quiet || fail compsim1-run "exit status $?"
"$PY" - "$T/run" "$TRIAL" <<'PYEOF' || fail compsim1-check "python check crashed"
import csv, json, sys
d, trial_ms = sys.argv[1], float(sys.argv[2])
w_max = 21.59e-9
def res(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
pops = {p['name']: p for p in json.load(open(d + '/run.json'))['populations']}
exc = (pops['el']['spikes'] + pops['eh']['spikes']) / 3200 / (4 * trial_ms / 1000)
res('compsim1-exc-rate', 3 <= exc <= 10, 'excitatory mean rate %.2f Hz' % exc)
trials = list(csv.DictReader(open(d + '/trials.csv')))
res('compsim1-trials', [t['phase'] for t in trials] == ['warmup'] + ['learn'] * 3, 'phases %s' % [t['phase'] for t in trials])
for name in ('el_el', 'eh_el'):
    rows = list(csv.reader(open('%s/weights_%s_t.csv' % (d, name))))
    t = [float(r[0]) for r in rows[1:]]
    w0 = [float(x) for x in rows[1][1:]]
    wl = [float(x) for x in rows[-1][1:]]
    res('compsim1-%s-off-in-warmup' % name, t[0] == trial_ms and all(x == w0[0] for x in w0) and abs(w0[0] - 0.5 * w_max) < 1e-6 * w_max,
        'first sample at %g ms: weights %g..%g' % (t[0], min(w0), max(w0)))
    moved = sum(x != w0[0] for x in wl) / len(wl)
    mean = sum(wl) / len(wl) / w_max
    res('compsim1-%s-learning' % name, moved > 0.5 and abs(mean - 0.5) < 0.01,
        '%.0f%% of the weights moved, mean %.4f w_max at %g ms' % (100 * moved, mean, t[-1]))
PYEOF
# Learning, shortened to 2 simulated minutes (80 trials, seed 1): the reinforced
# neuron's E->E afferents grow ahead of every other E->E synapse.  Measured
# (2026-12-04, seeds 1-4): afferents minus others at 120 s +0.018, +0.005,
# +0.031, +0.028 w_max, the others' mean within 0.004 of 0.5 w_max.  The test
# takes seed 1 and asks for at least half its +0.018 and the others within 0.01.
short_compsim1 models/compsim1_biofeedback.snn 80 - "$T/cs1l.snn"
build "$T/cs1l.snn" "$T/cs1l" || exit 0
"$T/cs1l" --format sonata,csv --out "$T/learn" --quiet || fail compsim1-learn-run "exit status $?"
"$PY" - "$T/learn" <<'PYEOF' || fail compsim1-learn-check "python check crashed"
import csv, sys
d, w_max, target = sys.argv[1], 21.59e-9, 193
aff, other = [], []
for name in ('el_el', 'eh_el', 'el_eh', 'eh_eh'):
    for r in csv.DictReader(open('%s/weights_%s.csv' % (d, name))):
        (aff if name.endswith('_el') and int(r['post']) == target else other).append(float(r['weight']) / w_max)
a, o = sum(aff) / len(aff), sum(other) / len(other)
ok = a - o >= 0.009 and abs(o - 0.5) < 0.01
print(('PASS' if ok else 'FAIL') + ' compsim1-afferents-grow%safferents of el[193] %.4f w_max, other E->E %.4f w_max after 120 s'
      % (' (' if ok else ': ', a, o) + (')' if ok else ' (want the afferents ahead by >= 0.009, the others within 0.01 of 0.5)'))
PYEOF
