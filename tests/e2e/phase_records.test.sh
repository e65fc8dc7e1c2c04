# Records scoped to phases: spikes kept only during one phase, a modulator's
# output and a rule's eligibility trace sampled only during another, each into
# its own file (NAME_PHASE.csv) with samples inside that phase only; the
# experiment-wide spike record of another population covers the whole run.  The
# weights stand still while phase b has learning off, and move in a and c.
. tests/lib.sh
cat >"$T/pr.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
import "stdlib/modulators.snn"
population src = 20 poisson(rate = 40 Hz)
population dst = 5 lif_cond()
modulator reward = spike_trace(tau = 0.2 s, baseline = 1) of dst
connect syn = src -> dst { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 3 nS; delay: 1 ms
                           plasticity: rm_stdp_exp(A_plus = 0.04 nS, w_max = 6 nS, reward = reward) }
experiment {
  trial 100 ms
  phase a { trials 3; record spikes of dst }
  phase b { trials 4; learning off; record output of reward every 1 ms; record c of syn every 10 ms; record w of syn every 100 ms }
  phase c { trials 2; learning on; record spikes of dst[0:2] }
  record spikes of src
}
SNN
build "$T/pr.snn" "$T/pr" || exit 0
"$T/pr" --quiet --format csv --out "$T/o" || fail phase-records-run "exit status $?"
"$PY" - "$T/o" <<'PYEOF' || fail phase-records-check "python check crashed"
import csv, json, sys
d = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
rows = list(csv.DictReader(open(d + '/spikes.csv')))
dst = [(int(r['node_id']), float(r['time_ms'])) for r in rows if r['population'] == 'dst']
src = [float(r['time_ms']) for r in rows if r['population'] == 'src']
in_a = [t for _, t in dst if t < 300]
in_c = [(i, t) for i, t in dst if t >= 700]
stray = [t for _, t in dst if 300 <= t < 700]
report('phase-spikes-only-in-their-phases', in_a and in_c and not stray,
       '%d spikes of dst in a, %d in c, %d outside both' % (len(in_a), len(in_c), len(stray)))
report('phase-spikes-slice', all(i < 2 for i, _ in in_c), 'phase c records dst[0:2] only')
report('phase-spikes-experiment-wide', min(src) < 100 and max(src) > 800, 'src spans %g..%g ms' % (min(src), max(src)))
files = json.load(open(d + '/run.json'))['files']
for f, every, n in (('modulator_reward_output_b.csv', 1, 400), ('synapses_syn_c_b.csv', 10, 40)):
    if f not in files:
        report('phase-record-' + f, False, 'not written (files: %s)' % files)
        continue
    r = list(csv.reader(open(d + '/' + f)))
    t = [float(x[0]) for x in r[1:]]
    ok = len(t) == n and abs(t[0] - (300 + every)) < 1e-6 and abs(t[-1] - 700) < 1e-6
    vals = {v for x in r[1:] for v in x[1:]}
    report('phase-record-' + f, ok and len(vals) > 3,
           '%d samples from %s to %s ms (want %d from %d to 700), %d distinct values' % (len(t), t[0], t[-1], n, 300 + every, len(vals)))
r = list(csv.reader(open(d + '/weights_syn_t_b.csv')))[1:]
final = [float(x['weight']) for x in csv.DictReader(open(d + '/weights_syn.csv'))]
report('phase-learning-off-holds', len(r) == 4 and all(x[1:] == r[0][1:] for x in r) and
       any(abs(float(w) - 3e-9) > 1e-15 for w in r[0][1:]) and final != [float(w) for w in r[-1][1:]],
       '%d samples in phase b, the same in all: %s; moved in a: %s; in c: %s' % (
           len(r), all(x[1:] == r[0][1:] for x in r), any(abs(float(w) - 3e-9) > 1e-15 for w in r[0][1:]),
           final != [float(w) for w in r[-1][1:]]))
PYEOF
