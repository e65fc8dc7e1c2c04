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
import csv, math
import numpy as np
dt, N = 1e-4, 200000
rows = list(csv.reader(open('o/spikes.csv')))[1:]
steps = {}
for pop, node, t in rows:
    steps.setdefault(pop, []).append((round(float(t) * 1e-3 / dt), int(node)))
pre_at, post_at, rew_at = {}, set(), {}
for n, i in steps['pre']: pre_at.setdefault(n, []).append(i)
for n, _ in steps['post']: post_at.add(n)
for n, _ in steps['rew']: rew_at[n + 10] = rew_at.get(n + 10, 0) + 1      # delay 1 ms
assert len(post_at) > 50 and len(rew_at) > 30
def alpha_P(tau):
    a = math.exp(-dt / tau)
    return np.array([[a, 0], [dt / tau * a, a]])
Pm = np.zeros((5, 5)); Pm[0:2, 0:2] = alpha_P(0.2); Pm[2:4, 2:4] = alpha_P(1.0); Pm[4, 4] = 1
y = np.array([0, 0, 0, 0, 1.0])
Ps = alpha_P(0.4)
A, ratio, eta, tau_pm = 0.01e-12, 1.05, 2.0, 0.03
x = np.zeros((5, 2)); w = np.full(5, 0.5e-12); w0 = w.copy()
xpre, tpre, xpost, tpost = np.zeros(5), np.zeros(5), 0.0, 0
mod_ref, c_ref = {}, {}      # recorded at t_n: the state after step n - 1, before step n's arrivals
def sample(n):
    if n % 100 == 0: ye = Pm @ y; mod_ref[n] = 1.3795 * ye[1] - 0.2759 * ye[3]
    if n % 500 == 0: c_ref[n] = x[:, 1].copy()
for n in range(N):
    if n > 0: sample(n)
    if n > 0: y = Pm @ y
    if n in rew_at: y[0] += math.e * rew_at[n]; y[2] += math.e * rew_at[n]
    for i in pre_at.get(n, []):
        x[i, 0] += -ratio * A * xpost * math.exp(-(n - tpost) * dt / tau_pm)
        xpre[i] = xpre[i] * math.exp(-(n - tpre[i]) * dt / tau_pm) + 1; tpre[i] = n
    if n in post_at:
        x[:, 0] += A * xpre * np.exp(-(n - tpre) * dt / tau_pm)
        xpost = xpost * math.exp(-(n - tpost) * dt / tau_pm) + 1; tpost = n
    d = 1.3795 * y[1] - 0.2759 * y[3]
    w += dt * eta * x[:, 1] * d
    assert w.min() > 0, 'the test must not reach the bounds'
    x = x @ Ps.T
sample(N)
got = np.array([float(r[2]) for r in list(csv.reader(open('o/weights_syn.csv')))[1:]])
dw_ref, dw_got = w - w0, got - w0
scale = np.abs(dw_ref).max()
print('max |dw| %.3g S, worst relative difference %.3g' % (scale, np.abs(dw_got - dw_ref).max() / scale))
assert scale > 1e-16
assert np.abs(dw_got - dw_ref).max() < 1e-9 * scale
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
import csv, math
import numpy as np
dt, N = 1e-4, 200000
rows = list(csv.reader(open('ok/spikes.csv')))[1:]
steps = {}
for pop, node, t in rows:
    steps.setdefault(pop, []).append((round(float(t) * 1e-3 / dt), int(node)))
pre_at, post_at = {}, set()
for n, i in steps['pre']: pre_at.setdefault(n, []).append(i)
for n, _ in steps['post']: post_at.add(n)
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
def alpha_P(tau):
    a = math.exp(-dt / tau)
    return np.array([[a, 0], [dt / tau * a, a]])
Ps = alpha_P(0.4)
A, ratio, eta, tau_pm = 0.01e-12, 1.05, 2.0, 0.03
x = np.zeros((5, 2)); w = np.full(5, 0.5e-12); w0 = w.copy()
xpre, tpre, xpost, tpost = np.zeros(5), np.zeros(5), 0.0, 0
for n in range(N):
    for i in pre_at.get(n, []):
        x[i, 0] += -ratio * A * xpost * math.exp(-(n - tpost) * dt / tau_pm)
        xpre[i] = xpre[i] * math.exp(-(n - tpre[i]) * dt / tau_pm) + 1; tpre[i] = n
    if n in post_at:
        x[:, 0] += A * xpre * np.exp(-(n - tpre) * dt / tau_pm)
        xpost = xpost * math.exp(-(n - tpost) * dt / tau_pm) + 1; tpost = n
    if n in imp:
        w += dt * eta * x[:, 1] * (imp[n] / dt * 1.0)
    assert w.min() > 0, 'the test must not reach the bounds'
    x = x @ Ps.T
got = np.array([float(r[2]) for r in list(csv.reader(open('ok/weights_syn.csv')))[1:]])
dw_ref, dw_got = w - w0, got - w0
scale = np.abs(dw_ref).max()
print('kappa: max |dw| %.3g S, worst relative difference %.3g' % (scale, np.abs(dw_got - dw_ref).max() / scale))
assert scale > 1e-16
assert np.abs(dw_got - dw_ref).max() < 1e-9 * scale
PYEOF
