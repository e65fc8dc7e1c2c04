"""rmstdp_replay.py: the brute-force per-step replay of rm_stdp (tests/numeric/
rmstdp.snn and rmstdp_kappa.snn: 5 synapses, A+ 0.01 pS, ratio 1.05, tau+- 30 ms,
alpha eligibility 0.4 s, eta 2 Hz) that rmstdp.test.sh compares the lazy scheme
with.  Conventions of a step: modulator arrivals, pre handlers, post handlers,
then the increment dt * eta * c * reward, then the exact propagation of e, c."""
import csv
import math

import numpy as np

DT, N = 1e-4, 200000
A, RATIO, ETA, TAU_PM = 0.01e-12, 1.05, 2.0, 0.03


def alpha_P(tau):
    a = math.exp(-DT / tau)
    return np.array([[a, 0], [DT / tau * a, a]])


def spikes(out):
    """Per population, (step, node) of every spike in OUT/spikes.csv; the pre and post steps."""
    steps = {}
    for pop, node, t in list(csv.reader(open(out + '/spikes.csv')))[1:]:
        steps.setdefault(pop, []).append((round(float(t) * 1e-3 / DT), int(node)))
    pre_at, post_at = {}, set()
    for n, i in steps['pre']:
        pre_at.setdefault(n, []).append(i)
    for n, _ in steps['post']:
        post_at.add(n)
    return steps, pre_at, post_at


def replay(pre_at, post_at, reward, before=None):
    """The weights after N steps; reward(n) is the modulator's output during step n,
    before(n, x) runs at the start of step n (x: the synapses' e, c)."""
    Ps = alpha_P(0.4)
    x = np.zeros((5, 2))
    w = np.full(5, 0.5e-12)
    xpre, tpre, xpost, tpost = np.zeros(5), np.zeros(5), 0.0, 0
    for n in range(N):
        if before:
            before(n, x)
        for i in pre_at.get(n, []):
            x[i, 0] += -RATIO * A * xpost * math.exp(-(n - tpost) * DT / TAU_PM)
            xpre[i] = xpre[i] * math.exp(-(n - tpre[i]) * DT / TAU_PM) + 1
            tpre[i] = n
        if n in post_at:
            x[:, 0] += A * xpre * np.exp(-(n - tpre) * DT / TAU_PM)
            xpost = xpost * math.exp(-(n - tpost) * DT / TAU_PM) + 1
            tpost = n
        w += DT * ETA * x[:, 1] * reward(n)
        assert w.min() > 0, 'the test must not reach the bounds'
        x = x @ Ps.T
    if before:
        before(N, x)
    return w


def check_weights(out, w, what):
    """The lazy scheme's final weights (OUT/weights_syn.csv) against the replay's, to 1e-9."""
    w0 = np.full(5, 0.5e-12)
    got = np.array([float(r[2]) for r in list(csv.reader(open(out + '/weights_syn.csv')))[1:]])
    dw_ref, dw_got = w - w0, got - w0
    scale = np.abs(dw_ref).max()
    print('%smax |dw| %.3g S, worst relative difference %.3g' % (what, scale, np.abs(dw_got - dw_ref).max() / scale))
    assert scale > 1e-16
    assert np.abs(dw_got - dw_ref).max() < 1e-9 * scale
