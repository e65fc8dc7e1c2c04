# A modulator's 'sign: EXPRESSION of label' scales its arrivals by the
# current trial's label: the reward kernel of a trial showing label 2 is
# positive, of one showing label 1 negative (make mutate's modulator-sign
# break, the sign ignored, survived the quick suite before this test).
. tests/lib.sh
cd "$T" || exit 1
cat >sign.snn <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/modulators.snn"
population inp = 4 stimulus_set("set.csv")
population out = 1 lif_cond
modulator rew = alpha_kernel(tau = 10 ms) of out { sign: label == 2 ? 1 : -1; reset: trial }
connect inp -> out { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 200 nS }
experiment {
  trial 100 ms
  phase a { trials 4; order sequential }
  record output of rew every 1 ms
  record spikes of out
}
SNN
printf 'entry,label,node_id,time_ms\n0,1,0,5\n1,2,1,6\n' >set.csv
build sign.snn ./sign || exit 0
./sign --quiet --out o --format csv || fail modulator-sign-run "exit status $?"
check modulator-sign-by-label "$(head -c 400 o/modulator_rew_output.csv)" "$PY" - <<'PYEOF'
import csv
rows = [(float(r['time_ms']), float(r['output'])) for r in csv.DictReader(open('o/modulator_rew_output.csv'))]
spikes = [float(r['time_ms']) for r in csv.DictReader(open('o/spikes.csv')) if r['population'] == 'out']
assert len(spikes) >= 4, spikes        # the output neuron fires in every trial
for trial, label in enumerate([1, 2, 1, 2]):
    vals = [v for t, v in rows if 100 * trial + 20 <= t < 100 * trial + 80]
    peak = max(vals, key=abs)
    print('trial %d (label %d): peak output %.4g' % (trial, label, peak))
    assert abs(peak) > 0.1 and (peak > 0) == (label == 2)
PYEOF
