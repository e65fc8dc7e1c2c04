# rm_stdp_morrison's eligibility against the closed form: one pre/post pair 10 ms
# apart in either order, no reward (so the weight stays 0.5 pS), and the recorded
# first eligibility stage e at 60 ms must be the Morrison window's value for that
# weight -- lambda w0^(1-mu) w^mu e^(-10/20) for pre before post, -lambda alpha w
# e^(-10/20) for post before pre -- decayed with tau_e from the second spike, to
# float precision.  A window taken with another weight or exponent fails.
. tests/lib.sh
cd "$T" || exit 1
cat >m.snn <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
import "stdlib/modulators.snn"
population pre = 1 spike_file("pre.csv")
population teach = 1 spike_file("teach.csv")
population post = 1 lif_cond()
modulator reward = alpha_kernel(gain = 0) of teach
connect teach -> post { rule: all; synapse: exp_cond(tau = 0.1 ms); port: g_e; weight: 1 mS; delay: 0.1 ms }
connect syn = pre -> post { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 0.5 pS; delay: 0.1 ms
                            plasticity: rm_stdp_morrison(lambda = 0.01, alpha = 0.5, mu = 0.4, w0 = 0.2 pS, w_max = 1 pS,
                                                         tau_e = 0.4 s, reward = reward) }
experiment { time 100 ms; record e of syn every 1 ms }
SNN
build m.snn ./m || exit 0
printf '0,19.9\n' >teach.csv            # post fires at 20.0 ms (teacher + one step)
for order in 10.0:pre-before-post 30.0:post-before-pre; do
    printf '0,%s\n' "${order%%:*}" >pre.csv
    ./m --out "o_${order#*:}" --format csv --quiet || fail "rmstdp-morrison-${order#*:}" "exit status $?"
done
"$PY" - <<'PYEOF' || fail rmstdp-morrison-check "python check crashed"
import csv, math
lam, alpha, mu, w0, w = 0.01, 0.5, 0.4, 0.2e-12, 0.5e-12
cases = {'pre-before-post': (lam * w0 ** (1 - mu) * w ** mu, 0.020), 'post-before-pre': (-lam * alpha * w, 0.030)}
for name, (amp, second) in cases.items():
    rows = {float(r[0]): float(r[1]) for r in list(csv.reader(open('o_%s/synapses_syn_e.csv' % name)))[1:]}
    want = amp * math.exp(-0.010 / 0.020) * math.exp(-(0.060 - second) / 0.4)
    got = rows[60.0]
    wf = float(list(csv.reader(open('o_%s/weights_syn.csv' % name)))[-1][2])
    ok = abs(got - want) < 1e-5 * abs(want) and abs(wf - w) < 1e-6 * w
    print(('PASS' if ok else 'FAIL') + ' rmstdp-morrison-%s' % name +
          ('' if ok else ': e at 60 ms %.6g S, expected %.6g S; final weight %.6g S' % (got, want, wf)))
PYEOF
