# Linear Poisson neurons (stdlib linear_poisson) driven through exp_rate kernels
# (linear_poisson.snn: 4000 neurons, R_base 5 Hz, t_ref 0.2 ms; one source spiking
# about every 10 ms through w = 200 Hz, tau = 10 ms, delay 1 ms; 2 s).
#   rate_in against its closed form: a spike arriving in step a (its time rounded
#   to the step, plus the delay) adds w, and the sample at t = k dt (after step
#   k - 1) holds sum over a <= k - 1 of w exp(-(k - a) dt / tau); float32 state,
#   so within 1e-5 of the largest value.
#   The spike count against the one the rule implies: in step n a neuron fires
#   with probability p_n = (R_base + r_n) dt, r_n the kernel's value after the
#   step's decay (the sample at (n + 1) dt), unless it fired in one of the
#   nref = 2 steps before, so the expected count per neuron is sum f_n with
#   f_n = p_n (1 - f_{n-1} - f_{n-2}).  Tolerance: 5 sqrt(N sum f_n) spikes in
#   all (0.4 %); a 1 % larger jump or a 5 % larger input gain lies outside.
. tests/lib.sh
cp tests/numeric/linear_poisson.snn "$T/" && cd "$T" || exit 1
"$PY" -c "open('src.csv', 'w').write('node_id,time_ms\n' + ''.join('0,%.1f\n' % (5 + 10 * k + (k % 3) * 0.3) for k in range(199)))"
build linear_poisson.snn ./lp || exit 0
./lp --out o --format csv --quiet || fail linear-poisson-run "exit status $?"
"$PY" - <<'PYEOF' || fail linear-poisson-check "python check crashed"
import csv, math
import numpy as np
dt, tau, w, D, N, nref, R_base = 1e-4, 0.01, 200.0, 10, 4000, 2, 5.0
def res(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
arrive = [round(float(r['time_ms']) * 1e-3 / dt) + D for r in csv.DictReader(open('src.csv'))]
d = np.loadtxt('o/state_cells_rate_in.csv', delimiter=',', skiprows=1)
k = np.rint(d[:, 0] * 1e-3 / dt).astype(int)
want = np.zeros(len(k))
for a in arrive:
    want += np.where(k - 1 >= a, w * np.exp(-(k - a) * dt / tau), 0.0)
err = np.abs(d[:, 1:] - want[:, None]).max()
res('linear-poisson-rate-kernel', len(k) == 20000 and err <= 1e-5 * want.max(),
    '%d samples, worst difference %.3g Hz (max %.1f Hz)' % (len(k), err, want.max()))
p = (R_base + d[:, 1].astype(np.float32)) * np.float32(dt)
f = np.zeros(len(p) + nref)
for n in range(len(p)):
    f[n + nref] = p[n] * (1 - f[n + nref - 1] - f[n + nref - 2])
expect = N * f.sum()
got = sum(1 for r in csv.DictReader(open('o/spikes.csv')) if r['population'] == 'cells')
tol = 5 * math.sqrt(expect)
res('linear-poisson-count', abs(got - expect) <= tol,
    '%d spikes, expected %.0f +- %.0f' % (got, expect, tol))
PYEOF
