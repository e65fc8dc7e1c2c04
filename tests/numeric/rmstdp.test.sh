# Reward-modulated STDP: the closed-form weight integral between events (what
# snnc generates) against a brute-force per-step replay in Python of the same
# spike trains with the same conventions (events of a step first: modulator
# arrivals, pre handlers, post handlers; then the step's increment
# dt * eta * c * reward; then the exact propagation of e, c and the modulator).
# Both in double precision: the weight changes must agree to 1e-9 relative.
. tests/lib.sh
cp tests/numeric/rmstdp.snn "$T/" && cd "$T" || exit 1
"$PY" - <<'PYEOF'
import random
random.seed(11)
def train(rate, t_end, gap):
    t, out = 0.0, []
    while True:
        t += max(gap, random.expovariate(rate))
        if t > t_end: return out
        out.append(round(t * 1e3, 1))
pre = [(i, t) for i in range(5) for t in train(8, 19.5, 0.002)]
open('pre.csv', 'w').write(''.join('%d,%.1f\n' % p for p in sorted(pre, key=lambda p: p[1])))
open('teach.csv', 'w').write(''.join('0,%.1f\n' % t for t in train(6, 19.5, 0.008)))
open('rew.csv', 'w').write(''.join('0,%.1f\n' % t for t in train(3, 19.5, 0.001)))
PYEOF
build rmstdp.snn ./rm || exit 0
./rm --out o --format csv --quiet || fail rmstdp-run "exit status $?"
check rmstdp-lazy-equals-per-step "weights differ from the per-step replay" "$PY" - <<'PYEOF'
import csv, math, os, sys
import numpy as np
sys.path.insert(0, os.environ['ROOT'] + '/tests/numeric')
from rmstdp_replay import DT as dt, alpha_P, spikes, replay, check_weights
steps, pre_at, post_at = spikes('o')
rew_at = {}
for n, _ in steps['rew']: rew_at[n + 10] = rew_at.get(n + 10, 0) + 1      # delay 1 ms
assert len(post_at) > 50 and len(rew_at) > 30
Pm = np.zeros((5, 5)); Pm[0:2, 0:2] = alpha_P(0.2); Pm[2:4, 2:4] = alpha_P(1.0); Pm[4, 4] = 1
y = np.array([0, 0, 0, 0, 1.0])
mod_ref, c_ref = {}, {}      # recorded at t_n: the state after step n - 1, before step n's arrivals
def before(n, x):            # the modulator: propagated, then this step's arrivals; the samples first
    global y
    if n > 0 and n % 100 == 0: ye = Pm @ y; mod_ref[n] = 1.3795 * ye[1] - 0.2759 * ye[3]
    if n > 0 and n % 500 == 0: c_ref[n] = x[:, 1].copy()
    if n > 0: y = Pm @ y
    if n in rew_at: y[0] += math.e * rew_at[n]; y[2] += math.e * rew_at[n]
check_weights('o', replay(pre_at, post_at, lambda n: 1.3795 * y[1] - 0.2759 * y[3], before), '')
# the recorded modulator output (float) and eligibility c (every synapse) at the same times
def series(f):
    rows = list(csv.reader(open(f)))
    return rows[0], {round(float(r[0]) * 1e-3 / dt): np.array([float(v) for v in r[1:]]) for r in rows[1:]}
head, mod = series('o/modulator_reward_output.csv')
assert head == ['time_ms', 'output'] and sorted(mod) == sorted(mod_ref), (head, len(mod), len(mod_ref))
ms = max(abs(v) for v in mod_ref.values())
bad = max(abs(mod[n][0] - mod_ref[n]) for n in mod_ref)
print('modulator output: %d samples, max |d| %.3g, worst difference %.3g' % (len(mod), ms, bad))
assert ms > 0.1 and bad < 1e-6 * ms
head, cs = series('o/synapses_syn_c.csv')
assert head == ['time_ms'] + ['%d->0' % i for i in range(5)] and sorted(cs) == sorted(c_ref)
cm = max(np.abs(v).max() for v in c_ref.values())
bad = max(np.abs(cs[n] - c_ref[n]).max() for n in c_ref)
print('eligibility c: %d samples, max |c| %.3g S, worst difference %.3g' % (len(cs), cm, bad))
assert cm > 1e-16 and bad < 1e-9 * cm
PYEOF

# the same with reward pulses from spike pairs (kappa_pairs): each pair (post,
# target) within 150 ms gives kappa(t_post - t_target) at the later spike + 0.4 s
cp "$ROOT/tests/numeric/rmstdp_kappa.snn" . && build rmstdp_kappa.snn ./rk || exit 0
./rk --out ok --format csv --quiet || fail rmstdp-kappa-run "exit status $?"
check rmstdp-kappa-lazy-equals-per-step "weights differ from the per-step replay" "$PY" - <<'PYEOF'
import math, os, sys
sys.path.insert(0, os.environ['ROOT'] + '/tests/numeric')
from rmstdp_replay import DT as dt, spikes, replay, check_weights
steps, pre_at, post_at = spikes('ok')
tgt = [n for n, _ in steps['rew']]
def kappa(d, Ap=3.344, Am=-3.125, t1p=0.02, t1m=0.02, t2=0.004, Te=0.0066):
    if d > -Te: return Ap * (math.exp(-(d + Te) / t1p) - math.exp(-(d + Te) / t2))
    if d < -Te: return Am * (math.exp((d + Te) / t1m) - math.exp((d + Te) / t2))
    return 0.0
imp = {}
W = 1500
for nl in sorted(post_at):
    for nt in tgt:
        if abs(nl - nt) <= W:
            at = max(nl, nt) + 4000
            imp[at] = imp.get(at, 0.0) + kappa((nl - nt) * dt)
assert len(imp) > 20
# an impulse I over one step: the modulator's output is I / dt during that step
check_weights('ok', replay(pre_at, post_at, lambda n: imp.get(n, 0.0) / dt), 'kappa: ')
PYEOF
