# The frozen sub-network: a noisy recurrent circuit reset every trial and fed
# only by a stimulus is computed ahead, trial by trial, in worker processes,
# and the plastic readout then runs on its spikes.  The results -- every spike,
# the learned weights, the per-trial counts -- must be identical to the plain
# schedule (--sequential) with 1, 2 and 3 workers.  snnc --explain names the
# split, and names the reason when there is none.
. tests/lib.sh
cat >"$T/fz.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
import "stdlib/modulators.snn"
population stim = 20 templates(count = 2, window = 100 ms, onset = 20 ms)
population circ = 60 lif_cond_ou(noise_scale = 0.6) state v = uniform(-70 mV, -60 mV) split exc 80 %, inh 20 %
population out = 1 lif_cond_ou(noise_scale = 0.3)
connect stim -> circ { rule: probability(0.3); synapse: exp_curr(tau = 3 ms); port: I_syn; weight: 1 nA; delay: 1 ms }
connect circ.exc -> circ { rule: probability(0.2); synapse: exp_cond(tau = 5 ms); port: g_e; weight: 2 nS; delay: 1 ms
                           dynamics: tsodyks(U = normal(0.5, 0.2) in [0.05, 0.95], D = 1.1 s, F = 20 ms) }
connect circ.inh -> circ { rule: probability(0.2); synapse: exp_cond(tau = 5 ms); port: g_i; weight: 8 nS; delay: 1 ms }
modulator reward = alpha_kernel(tau = 50 ms) of out { delay: 50 ms; sign: label == 0 ? 1 : -1; reset: trial }
connect syn = circ.exc -> out { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1.5 nS; delay: 1 ms
                                plasticity: rm_stdp(A_plus = 0.05 nS, w_max = 3 nS, eta = 50 Hz, reward = reward) }
experiment {
  seed 3
  trial 300 ms
  reset circ every trial
  phase a { trials 10; learning off }
  phase b { trials 30; learning on; order random }
  report spikes of out in [0 ms, 300 ms]
}
SNN
build "$T/fz.snn" "$T/fz" || exit 0
check frozen-explain "--explain does not name the split: $("$SNNC" --explain "$T/fz.snn" 2>&1 | tail -3)" \
    sh -c "'$SNNC' --explain '$T/fz.snn' | grep -q 'frozen sub-network (reset every trial.*: circ$'"
(cd "$T" && ./fz --quiet --sequential --format sonata,csv --out seq) || fail frozen-run-sequential "exit status $?"
for j in 1 2 3; do
    (cd "$T" && ./fz --quiet --jobs $j --format sonata,csv --out par$j) || fail "frozen-run-jobs-$j" "exit status $?"
    same=true
    for f in spikes.h5 weights_syn.csv trials.csv summary.json; do
        cmp -s "$T/seq/$f" "$T/par$j/$f" || same=false
    done
    check "frozen-identical-jobs-$j" "outputs differ from --sequential" $same
    check "frozen-ahead-used-jobs-$j" "run.json does not show the work done ahead" "$PY" -c "
import json, sys
t = json.load(open('$T/par$j/run.json'))['timings']
sys.exit(0 if t.get('ahead_jobs') == $j and t['ahead_s'] > 0 else 1)"
done
check frozen-readout-learns-something "the weights did not change" "$PY" -c "
import csv, sys
w = [float(r['weight']) for r in csv.DictReader(open('$T/seq/weights_syn.csv'))]
sys.exit(0 if len(w) == 48 and max(w) - min(w) > 1e-11 else 1)"
# without the reset the circuit carries its state from trial to trial: no split, and the reason
sed 's/  reset circ every trial//' "$T/fz.snn" >"$T/noreset.snn"
check frozen-explain-none "--explain: $("$SNNC" --explain "$T/noreset.snn" 2>&1 | tail -1)" \
    sh -c "'$SNNC' --explain '$T/noreset.snn' | grep -q 'frozen sub-network: none -- circ: it is not reset every trial'"
