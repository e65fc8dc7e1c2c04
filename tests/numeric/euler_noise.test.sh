# White noise in the Euler and exponential Euler schemes (euler_noise.snn: an
# Ornstein-Uhlenbeck process dv/dt = -v/tau + sigma sqrt(2/tau) xi, tau = 10 ms,
# sigma = 2 mV, 1000 neurons per scheme, dt = 1 ms = 0.1 tau, 600 ms).  Each
# step adds sigma sqrt(2/tau) sqrt(dt) z, so the stationary variance of the
# discrete process is 2 sigma^2 (dt/tau) / (1 - a^2), with a the step's decay
# factor: 1 - dt/tau (Euler) or exp(-dt/tau) (exponential Euler).  That gives
# standard deviations 2.6 % and 5.0 % above sigma here, told apart by the test;
# noise scaled by dt instead of sqrt(dt) would give 3 % of sigma.
# Tolerances (5 standard errors, samples after 100 ms = 10 tau, correlated with
# rho = a between neighbours): std 5 sd sqrt((1 + a^2)/(1 - a^2)/(2 N n)) (2.1 %),
# lag-1 autocorrelation a within 5 sqrt((1 - a^2)/(N n)).
. tests/lib.sh
build tests/numeric/euler_noise.snn "$T/en" || exit 0
"$T/en" --quiet --format csv --out "$T/o" 2>"$T/run.err" || fail euler-noise-run "$(cat "$T/run.err")"
"$PY" - "$T/o" <<'PYEOF' || fail euler-noise "python check crashed"
import sys, numpy as np
out, tau, sigma, dt = sys.argv[1], 10.0, 2e-3, 1.0
for pop, a in (('eu', 1 - dt / tau), ('ee', np.exp(-dt / tau))):
    d = np.loadtxt(f'{out}/state_{pop}_v.csv', delimiter=',', skiprows=1)
    v = d[d[:, 0] >= 100, 1:]
    n, N = v.shape
    sd = sigma * np.sqrt(2 * dt / tau / (1 - a * a))
    st = v.std()
    ts = 5 * sd * np.sqrt((1 + a * a) / (1 - a * a) / (2 * N * n))
    x = v - v.mean()
    ac = (x[1:] * x[:-1]).mean() / (x * x).mean()
    ta = 5 * np.sqrt((1 - a * a) / (N * n))
    for name, ok, why in ((f'euler-noise-{pop}-std', abs(st - sd) <= ts,
                           f'std {st * 1e3:.4f} mV, expected {sd * 1e3:.4f} +- {ts * 1e3:.4f} mV'),
                          (f'euler-noise-{pop}-autocorrelation', abs(ac - a) <= ta,
                           f'lag-1 autocorrelation {ac:.4f}, expected {a:.4f} +- {ta:.4f}')):
        print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
PYEOF
