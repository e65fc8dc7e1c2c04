# Reward-modulated STDP with hard bounds against a continuous-time reference
# (rmstdp_continuous.py: closed forms between events, written independently of
# snnc's step loop; rmstdp.test.sh compares snnc with a replay of its own
# per-step scheme instead).  rmstdp_bounds.snn: eight spike-file sources onto a
# neuron forced by a teacher, through rm_stdp (alpha eligibility) and
# rm_stdp_exp (exponential), each with a spike_trace reward whose baseline makes
# it negative between reward bursts.  The trains (Python random, fixed seed, on
# the 0.1 ms grid) make sources 0-2 fire just before the post spikes and 3-5
# just after, so that weights reach w_max and 0 and come back; 6 and 7 do the
# same in the second phase only.  No source and no post spike for 6 s (about
# 7.9-13.9 s) while the reward goes on: longer than two epochs of the lazy
# running integral (runtime/plast.c), so the first touches after it take the
# modulator history path (snn_lazy_sync); synapses 6 and 7 are beyond a bound
# there.
#
# Semantics: w follows dw/dt = eta c d without bounds between the synapse's own
# spikes; at each of them (before the handlers), and at the end, w = clip(w +
# integral, 0, w_max).  snnc sums dt * eta * c * d per step with the state at
# the step's start (a left Riemann sum); the reference integrates exactly.
# Tolerance, per synapse (derived in rmstdp_continuous.simulate): 1.5 x (dt/2)
# x the total variation of f = eta c d over its smooth parts since the last
# bound both must have applied -- a bound on the leading error term of a left
# sum, (dt/2) x (f at the start - f at the end of each smooth part), passed on
# through the bounds (1-Lipschitz), + 1e-9 w_max.  Here at most 1.7e-4 w_max; the weights
# differ by at most 0.67 of it.  A 0.1% error in tau_e or tau_c moves them by up
# to ~9e-4 w_max: the test checks that such runs fail (6.5 to 9 x the tolerance).
# Stricter (rmstdp-bounds-left-sum): snnc - reference minus that leading term,
# signed, is the O(dt^2) rest: below 1% of the bound (measured: 4e-9 w_max).
. tests/lib.sh
cp tests/numeric/rmstdp_bounds.snn "$T/" && cd "$T" || exit 1
"$PY" - <<'PYEOF'
import random
random.seed(7)
def poisson(rate, t0, t1, gap):
    t, out = t0, []
    while rate > 0:
        t += max(gap, random.expovariate(rate))
        if t >= t1: break
        out.append(t)
    return out
# (start s, end s, pairing: 0 none / 1 sources 6, 7 random / 2 source 6 after, 7 before the post spikes,
#  reward spikes Hz)
SEG = [(0.05, 0.6, 1, 20), (0.6, 0.9, 1, 2), (0.9, 1.4, 1, 20), (1.4, 1.7, 1, 2), (1.7, 2.2, 1, 20), (2.2, 2.5, 1, 2),
       (2.5, 3.0, 1, 20), (3.0, 3.5, 1, 2),
       (3.5, 4.5, 0, 0.5), (4.5, 7.9, 2, 0.5),
       (7.9, 8.4, 0, 0.5), (8.4, 9.0, 0, 25), (9.0, 10.5, 0, 0.5), (10.5, 11.0, 0, 20), (11.0, 13.9, 0, 0.5),
       (13.9, 14.7, 1, 2), (14.7, 15.3, 0, 0.5), (15.3, 16.1, 0, 30), (16.1, 17.5, 0, 0.5)]
teach, pre, rew = [], {i: [] for i in range(8)}, []
for a, b, pair, rate in SEG:
    rew += poisson(rate, a, b, 0.002)
    if not pair: continue
    tt = poisson(11, a, b, 0.015)
    teach += tt
    for tp in tt:
        for i in range(3):           # 2-10 ms before the teacher (the post spike is one step after it)
            if random.random() < 0.8: pre[i].append(tp - random.uniform(0.002, 0.010))
        for i in range(3, 6):        # 2-10 ms after
            if random.random() < 0.8: pre[i].append(tp + random.uniform(0.002, 0.010))
        if pair == 2:
            if random.random() < 0.8: pre[6].append(tp + random.uniform(0.002, 0.010))
            if random.random() < 0.8: pre[7].append(tp - random.uniform(0.002, 0.010))
    if pair == 1:
        for i in (6, 7): pre[i] += poisson(6, a, b, 0.005)
def ms(ts):                          # on the 0.1 ms grid, at most one spike per step
    return sorted(set(round(t * 1e3, 1) for t in ts))
rows = sorted((t, i) for i in pre for t in ms(pre[i]))
assert 0 < rows[0][0] and rows[-1][0] < 14800
open('pre.csv', 'w').write('node_id,time_ms\n' + ''.join('%d,%.1f\n' % (i, t) for t, i in rows))
open('teach.csv', 'w').write('node_id,time_ms\n' + ''.join('0,%.1f\n' % t for t in ms(teach)))
open('rew.csv', 'w').write('node_id,time_ms\n' + ''.join('0,%.1f\n' % t for t in ms(rew)))
PYEOF
build rmstdp_bounds.snn ./rb || exit 0
./rb --out o --format csv --quiet || fail rmstdp-bounds-run "exit status $?"

# the comparison, shared by the checks: cmp.py MODE OUT
cat >cmp.py <<'PYEOF'
import csv, math, os, sys
import numpy as np
sys.path.insert(0, os.environ['ROOT'] + '/tests/numeric')
from rmstdp_continuous import simulate, interval, interval_rk4, spike_steps, weights
DT, N, WMAX = 1e-4, 175000, 1e-9
# as in rmstdp_bounds.snn (SI units); reward delays 2 ms and 5 ms
P = {'sa': ('rm_stdp', dict(A_plus=0.02e-9, ratio=1.05, tau_plus=0.03, tau_minus=0.02, tau_e=0.8, eta=0.7,
                            w_max=WMAX, w0=0.5e-9, baseline=6.0, tau_r=1.0), 20),
     'sb': ('rm_stdp_exp', dict(A_plus=0.02e-9, ratio=1.1, tau_plus=0.02, tau_minus=0.03, tau_c=0.8, eta=0.6,
                                w_max=WMAX, w0=0.6e-9, baseline=5.0, tau_r=0.8), 50)}
mode, out = sys.argv[1], sys.argv[2]
S = spike_steps(out, DT)
pre, post, rew = [S['pre'].get(i, []) for i in range(8)], S['post'][0], S['rew'][0]
S = spike_steps('o', DT)   # the reference follows the spikes of the nominal run
pre_ref, post_ref, rew_ref = [S['pre'].get(i, []) for i in range(8)], S['post'][0], S['rew'][0]

def run(conn, clip=True):
    """the reference's results, computed once per scratch folder"""
    import pickle
    f = 'ref_%s_%d.pickle' % (conn, clip)
    if os.path.exists(f):
        return pickle.load(open(f, 'rb'))
    rule, p, D = P[conn]
    R = simulate(rule, p, pre_ref, post_ref, [n + D for n in rew_ref], DT, N, clip=clip)
    pickle.dump(R, open(f, 'wb'))
    return R

def silence():
    """the longest stretch without pre or post spikes: (its length, its start) in steps"""
    ev = sorted(set(post).union(*pre))
    return max((b - a, a) for a, b in zip(ev, ev[1:]))

def steps(f):
    by = {}
    for r in list(csv.reader(open(f)))[1:]:
        by.setdefault(int(r[0]), []).append(round(float(r[1]) * 1e-3 / DT))
    return {k: sorted(v) for k, v in by.items()}

if mode == 'closed-form':
    # the reference's closed forms against RK4 from random states over intervals up to 2 s
    import random
    random.seed(5)
    worst = 0
    for conn in P:
        rule, p, _ = P[conn]
        for h in (1e-4, 0.013, 0.4, 2.0):
            z0 = (random.uniform(-1, 1) * 1e-10, random.uniform(-1, 1) * 1e-10, random.uniform(0, 10))
            a, b = interval(rule, p, *z0, h), interval_rk4(rule, p, *z0, h)
            scale = [1e-10, 1e-10, 10, p['eta'] * 1e-10 * 10 * h]
            worst = max(worst, max(abs(x - y) / s for x, y, s in zip(a, b, scale)))
    print('closed forms vs RK4: worst relative difference %.3g' % worst)
    sys.exit(0 if worst < 1e-9 else 1)

if mode == 'inputs':
    ok = True
    # the spike trains as written; the post neuron one step after the teacher, every time
    want = steps('pre.csv')
    ok &= all(pre[i] == want.get(i, []) for i in range(8)) and rew == steps('rew.csv')[0]
    ok &= post == [n + 1 for n in steps('teach.csv')[0]]
    # the silence: no pre or post spike for longer than two epochs of the lazy running
    # integral of either rule (runtime/plast.c snn_lzg_init: until Ps^-n has an entry
    # beyond 20; Ps^-n = exp(n dt / tau) [[1, 0], [-n dt / tau, 1]] for the alpha
    # eligibility, exp(n dt / tau) for the exponential one)
    gap, at = silence()
    ep_a = next(n for n in range(1, 10 ** 6) if math.exp(n * DT / 0.8) * max(1, n * DT / 0.8) > 20)
    ep_b = next(n for n in range(1, 10 ** 6) if math.exp(n * DT / 0.8) > 20)
    print('silence %.4f-%.4f s (%.2f s); two epochs: %.2f s (rm_stdp), %.2f s (rm_stdp_exp)'
          % (at * DT, (at + gap) * DT, gap * DT, 2 * ep_a * DT, 2 * ep_b * DT))
    ok &= gap > 2 * max(ep_a, ep_b) + 2000
    # ... while each reward changes sign in it
    for conn in P:
        _, p, D = P[conn]
        arr = [n + D for n in rew]
        d = [sum(math.exp(-(n - m) * DT / p['tau_r']) for m in arr if m <= n) - p['baseline']
             for n in range(at, at + gap, 100)]
        arrivals = sum(1 for m in arr if at < m < at + gap)
        print('%s: %d reward arrivals in the silence, d from %.2f to %.2f' % (conn, arrivals, min(d), max(d)))
        ok &= arrivals > 20 and min(d) < -1 and max(d) > 1
    sys.exit(0 if ok else 1)

def table(conn):
    got, R = weights(out, conn), run(conn)
    return got, R, np.abs(got - R['w']), R['tol'] + 1e-9 * WMAX   # + rounding

if mode == 'compare':   # compare CONN: the final weights within the tolerance
    conn = sys.argv[3]
    got, R, diff, tol = table(conn)
    print('%s (%s)   snnc / w_max   reference / w_max   |difference| / w_max   tolerance / w_max' % (conn, P[conn][0]))
    for i in range(8):
        print('  synapse %d   %.9f    %.9f         %.3g%s   %.3g' % (i, got[i] / WMAX, R['w'][i] / WMAX, diff[i] / WMAX,
                                                                ' (beyond)' if diff[i] > tol[i] else '', tol[i] / WMAX))
    k = int(np.argmax(diff / tol))
    print('worst difference %.3g w_max, tolerance up to %.3g w_max; worst difference / tolerance %.3g (synapse %d)'
          % (diff.max() / WMAX, tol.max() / WMAX, diff[k] / tol[k], k))
    sys.exit(0 if (diff <= tol).all() else 1)

if mode == 'bounds':    # the bounds matter, both are reached, left again, and met after the silence
    bad = False
    for conn in P:
        got, R, diff, tol = table(conn)
        far = np.abs(got - run(conn, clip=False)['w']).max()
        lo, hi = sum(R['lo']), sum(R['hi'])
        back = [i for i in range(8) if (R['lo'][i] or R['hi'][i]) and 0.05 * WMAX < R['w'][i] < 0.95 * WMAX]
        gap, at = silence()
        first = [next(u for n, u, _ in R['hist'][i] if n >= at + gap) for i in range(8)]
        after = [i for i in range(8) if not 0 < first[i] < WMAX]
        print('%s: without bounds the reference is %.3g w_max off (%.3g x the largest tolerance); '
              'synapses that reached 0: %d, w_max: %d; back inside by the end: %s; beyond a bound at the first '
              'touch after the silence: %s' % (conn, far / WMAX, far / tol.max(), lo, hi, back, after))
        bad |= not (far > 100 * tol.max() and far > 0.05 * WMAX) or lo < 2 or hi < 2 or len(back) < 2 or not after
    sys.exit(1 if bad else 0)

if mode == 'leading':   # what remains once the left sum's leading error term is taken off
    bad = False
    for conn in P:
        got, R, diff, tol = table(conn)
        res = np.abs(got - R['w'] - R['lead'])
        lim = 0.01 * R['tol'] / 1.5 + 1e-9 * WMAX
        k = int(np.argmax(res / lim))
        print('%s: |snnc - reference - leading term| up to %.3g w_max (the leading term up to %.3g w_max); '
              'worst ratio to the limit %.3g (synapse %d: limit %.3g w_max)'
              % (conn, res.max() / WMAX, np.abs(R['lead']).max() / WMAX, res[k] / lim[k], k, lim[k] / WMAX))
        bad |= not (res <= lim).all()
    sys.exit(1 if bad else 0)

if mode == 'perturbed':  # perturbed OUT: some synapse of each connection beyond its tolerance
    bad = False
    for conn in P:
        got, R, diff, tol = table(conn)
        k = int(np.argmax(diff / tol))
        print('%s (%s), %s: worst difference / tolerance %.3g (synapse %d: %.3g w_max, tolerance %.3g w_max)'
              % (conn, P[conn][0], out, diff[k] / tol[k], k, diff[k] / WMAX, tol[k] / WMAX))
        bad |= bool((diff <= tol).all())
    sys.exit(1 if bad else 0)
sys.exit(2)
PYEOF
rm -f ref_*.pickle
check rmstdp-bounds-closed-form "the reference's closed forms differ from RK4" "$PY" cmp.py closed-form o
check rmstdp-bounds-inputs "spike trains, teacher or silence not as designed" "$PY" cmp.py inputs o
check rmstdp-bounds-rm_stdp "final weights differ from the continuous-time reference" "$PY" cmp.py compare o sa
check rmstdp-bounds-rm_stdp_exp "final weights differ from the continuous-time reference" "$PY" cmp.py compare o sb
check rmstdp-bounds-both-bounds "the scenario does not exercise the bounds as designed" "$PY" cmp.py bounds o
check rmstdp-bounds-left-sum "the difference is not the leading error term of a left Riemann sum" "$PY" cmp.py leading o

# the comparison must notice an eligibility time constant 0.1% off, either way
for tau in 0.8008 0.7992; do
    ./rb --out "o$tau" --format csv --quiet --set sa.tau_e=${tau}s --set sb.tau_c=${tau}s ||
        fail "rmstdp-bounds-run-tau-$tau" "exit status $?"
done
detects() { "$PY" cmp.py perturbed o0.8008 && "$PY" cmp.py perturbed o0.7992; }
check rmstdp-bounds-detects-tau-0.1% "a run with tau_e and tau_c 0.1% off passes the comparison" detects
