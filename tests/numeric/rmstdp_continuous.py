"""rmstdp_continuous.py: a continuous-time reference for reward-modulated STDP
with hard weight bounds (tests/numeric/rmstdp_bounds.test.sh).

Written independently of snnc's step loop (and of rmstdp_replay.py, which
replays snnc's own per-step scheme): every synapse is followed from event to
event in continuous time; between two events the eligibility, the reward trace
and the weight integral are taken in closed form (the equations are linear
with constant coefficients, the integrand eta * c(t) * (r(t) - baseline) a sum
of exponentials times polynomials).  Only the event times lie on snnc's grid.

The model (stdlib/plasticity.snn rm_stdp and rm_stdp_exp, stdlib/modulators.snn
spike_trace):
  x_pre, x_post   dx/dt = -x / tau_plus (tau_minus); +1 at each spike of the neuron
  rm_stdp         de/dt = -e / tau_e, dc/dt = (e - c) / tau_e; the handlers add to e
  rm_stdp_exp     dc/dt = -c / tau_c; the handlers add to c
  on pre          += -ratio * A_plus * x_post   (x_post before a post spike at the same instant)
  on post         += A_plus * x_pre             (x_pre after a pre spike at the same instant)
  reward          dr/dt = -r / tau_r, r += 1 at each arrival (spike time + delay);
                  d = r - baseline
  weight          dw/dt = eta * c * d, integrated without bounds between the
                  synapse's own events ("touches": a spike of its pre or its post
                  neuron); at a touch, before the handlers, w = clip(w + the
                  integral since the previous touch, 0, w_max); once more at the
                  end time.
All states are right-continuous: a jump at time t counts from t on.
"""
import csv
import math

import numpy as np


def _E(k, h):
    """integral_0^h exp(-k s) ds"""
    return -math.expm1(-k * h) / k


def _S(k, h):
    """integral_0^h s exp(-k s) ds"""
    x = k * h
    if x < 1e-3:  # the series, free of cancellation
        return h * h * (0.5 - x / 3 + x * x / 8 - x ** 3 / 30)
    return (-math.expm1(-x) - x * math.exp(-x)) / (k * k)


def interval(rule, p, e, c, r, h):
    """(e, c, r) after h seconds without events, and the integral of
    eta * c * (r - baseline) over them, in closed form."""
    eta, b, tr = p['eta'], p['baseline'], p['tau_r']
    if rule == 'rm_stdp':
        te = p['tau_e']
        k0, k1 = 1 / te, 1 / te + 1 / tr
        # c(s) = (c + e s / te) exp(-s / te), r(s) = r exp(-s / tr)
        I = c * (r * _E(k1, h) - b * _E(k0, h)) + e / te * (r * _S(k1, h) - b * _S(k0, h))
        a = math.exp(-h / te)
        e, c = e * a, (c + e * h / te) * a
    else:
        tc = p['tau_c']
        k0, k1 = 1 / tc, 1 / tc + 1 / tr
        I = c * (r * _E(k1, h) - b * _E(k0, h))
        c = c * math.exp(-h / tc)
    return e, c, r * math.exp(-h / tr), eta * I


def interval_rk4(rule, p, e, c, r, h, n=4000):
    """The same by classical RK4 with n substeps (a check of the closed forms)."""
    eta, b, tr = p['eta'], p['baseline'], p['tau_r']
    tau = p['tau_e'] if rule == 'rm_stdp' else p['tau_c']

    def f(z):
        e, c, r, _ = z
        de, dc = (-e / tau, (e - c) / tau) if rule == 'rm_stdp' else (0.0, -c / tau)
        return np.array([de, dc, -r / tr, eta * c * (r - b)])

    z, k = np.array([e, c, r, 0.0]), h / n
    for _ in range(n):
        k1 = f(z)
        k2 = f(z + k / 2 * k1)
        k3 = f(z + k / 2 * k2)
        k4 = f(z + k * k3)
        z = z + k / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return tuple(z)


def _f(rule, p, e, c, r, s):
    """eta * c * (r - baseline) at the times s (an array) after the state (e, c, r), without events"""
    if rule == 'rm_stdp':
        cs = (c + e * s / p['tau_e']) * np.exp(-s / p['tau_e'])
    else:
        cs = c * np.exp(-s / p['tau_c'])
    return p['eta'] * cs * (r * np.exp(-s / p['tau_r']) - p['baseline'])


def simulate(rule, p, pre, post, arrivals, dt, n_end, clip=True, margin=1.5):
    """Every synapse i -> post from step 0 to step n_end (the end time n_end * dt).

    rule: 'rm_stdp' or 'rm_stdp_exp'; p: the parameters (A_plus, ratio,
    tau_plus, tau_minus, tau_e or tau_c, eta, w_max, w0, baseline, tau_r).
    pre: per synapse, the steps of its source's spikes; post: the steps of the
    post neuron's spikes; arrivals: the steps at which reward spikes arrive (one
    entry per spike).  Event times are step * dt.  clip=False ignores the bounds.

    Returns a dict with, per synapse:
      w       the final weights
      hist    (step, w + integral, w after the bounds) at every touch and at the end
      lo, hi  whether some touch (or the end) found w + integral <= 0 (>= w_max)
      tol     what a left-Riemann sum over steps of dt (snnc) may differ by:
              the sum over one step misses the integral by (dt^2 / 2) f'
              + O(dt^3) (f = eta c d is smooth within a step; its jumps fall on
              step boundaries), so over a stretch by at most (dt / 2) x the
              total variation of f over its smooth parts, + O(dt^2); the bounds
              are 1-Lipschitz, so differences only add up, and a bound that
              both must have applied (the reference beyond it by more than the
              difference so far) erases them.  tol is margin x that bound.
      lead    that leading term itself, signed: (dt / 2) x the sum over the
              smooth parts of f at their start - f at their end, since the same
              touch (what snnc's result should exceed the reference's by, up to
              O(dt^2))
    """
    A, ratio, wmax = p['A_plus'], p['ratio'], p['w_max']
    arr = {}
    for n in arrivals:
        if n < n_end:
            arr[n] = arr.get(n, 0) + 1
    post_s = set(x for x in post if x < n_end)
    out = {k: [] for k in ('w', 'lo', 'hi', 'hist', 'tol', 'lead')}
    for pre_steps in pre:
        pre_i = set(x for x in pre_steps if x < n_end)
        e = c = r = 0.0
        w, I = p['w0'], 0.0
        xpre, tpre, xpost, tpost = 0.0, 0, 0.0, 0   # the traces at their last spikes
        hit_lo = hit_hi = False
        hist, tv, lead, tlast = [], 0.0, 0.0, 0
        for n in sorted(pre_i | post_s | set(arr) | {n_end}):
            h = (n - tlast) * dt
            if h > 0:
                f = _f(rule, p, e, c, r, np.linspace(0.0, h, 65))
                tv += float(np.abs(np.diff(f)).sum())
                lead += f[0] - f[-1]
            e, c, r, dI = interval(rule, p, e, c, r, h)
            I += dI
            tlast = n
            if n in pre_i or n in post_s or n == n_end:   # a touch: w brought up to date, bounded
                u = w + I
                if clip and (u <= 0 or u >= wmax):
                    hit_lo |= u <= 0
                    hit_hi |= u >= wmax
                    if max(-u, u - wmax) > margin * dt / 2 * tv:
                        tv = lead = 0.0
                    u = min(max(u, 0.0), wmax)
                hist.append((n, w + I, u))
                w, I = u, 0.0
            if n == n_end:
                break
            r += arr.get(n, 0)
            if n in pre_i:
                xp = xpost * math.exp(-(n - tpost) * dt / p['tau_minus'])
                if rule == 'rm_stdp':
                    e += -ratio * A * xp
                else:
                    c += -ratio * A * xp
                xpre = xpre * math.exp(-(n - tpre) * dt / p['tau_plus']) + 1
                tpre = n
            if n in post_s:
                xq = xpre * math.exp(-(n - tpre) * dt / p['tau_plus'])
                if rule == 'rm_stdp':
                    e += A * xq
                else:
                    c += A * xq
                xpost = xpost * math.exp(-(n - tpost) * dt / p['tau_minus']) + 1
                tpost = n
        for k, v in (('w', w), ('lo', hit_lo), ('hi', hit_hi), ('hist', hist), ('tol', margin * dt / 2 * tv),
                     ('lead', dt / 2 * lead)):
            out[k].append(v)
    for k in ('w', 'tol', 'lead'):
        out[k] = np.array(out[k])
    return out


def spike_steps(out, dt):
    """Per population of OUT/spikes.csv, per node, the sorted steps of its spikes."""
    steps = {}
    for pop, node, t in list(csv.reader(open(out + '/spikes.csv')))[1:]:
        steps.setdefault(pop, {}).setdefault(int(node), []).append(round(float(t) * 1e-3 / dt))
    return {pop: {k: sorted(v) for k, v in nodes.items()} for pop, nodes in steps.items()}


def weights(out, conn):
    """The final weights of OUT/weights_CONN.csv, by presynaptic index."""
    rows = list(csv.reader(open('%s/weights_%s.csv' % (out, conn))))
    assert rows[0] == ['pre', 'post', 'weight'], rows[0]
    return np.array([float(r[2]) for r in sorted(rows[1:], key=lambda r: int(r[0]))])
