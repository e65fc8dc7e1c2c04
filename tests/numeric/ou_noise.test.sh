# Exact Ornstein-Uhlenbeck noise of lif_cond_ou (ou_noise.snn: 1000 neurons,
# noise_scale s = 2, 300 ms, g_ne and g_ni sampled every 1 ms).
#   dg/dt = (s g0 - g)/tau + s sigma sqrt(2/tau) xi  has the stationary mean
#   s g0 and standard deviation s sigma, and autocorrelation exp(-lag/tau);
#   snnc integrates it with the exact OU step, so these hold for any dt: the
#   test runs at dt = 0.1 ms and at dt = 1 ms (= 0.37 tau_ne, where an
#   Euler-Maruyama step would inflate the std of g_ne by 11 %).
#   g starts at its mean with zero spread, so samples before 20 tau_ne = 54 ms
#   (g_ne) and 10 tau_ni = 105 ms (g_ni) are dropped (spread then within 1e-9
#   of the stationary one).
# Tolerances, from the sampling error of N = 1000 independent processes with
# n samples each at correlation rho = exp(-1 ms/tau) between neighbours:
#   mean:  5 * s sigma sqrt((1 + rho)/(1 - rho) / (N n))   (0.6 % g_ne, 0.6 % g_ni)
#   std:   5 * s sigma sqrt((1 + rho^2)/(1 - rho^2) / (2 N n))  (1.2 %, 2.6 %)
#   lag-1 ms autocorrelation vs exp(-1 ms/tau): 5 sqrt((1 - rho^2)/(N n))  (0.007, 0.005)
#   independence: the correlation coefficient of neighbours (0,1), (2,3), ...
#   averaged over the 500 disjoint pairs must be 0 within
#   5 sqrt((1 + rho^2)/(1 - rho^2) / n / 500)  (0.024 g_ne, 0.052 g_ni);
#   neurons sharing a noise stream would give 1.
. tests/lib.sh
build tests/numeric/ou_noise.snn "$T/ou" || exit 0
for dt in 0.1 1; do
if ! "$T/ou" --quiet --format csv --out "$T/o$dt" --set sim.dt=${dt}ms 2>"$T/run.err"; then
    fail "ou-run-dt$dt" "$(cat "$T/run.err")"
    continue
fi
"$PY" - "$T/o$dt" "dt$dt" <<'PYEOF' || fail "ou-noise-dt$dt" "python check crashed"
import sys, numpy as np
def res(name, ok, why):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
out, tag, s = sys.argv[1], sys.argv[2], 2.0
for var, g0, sig, tau, burn in (("g_ne", 12e-9, 3e-9, 2.7, 54.0), ("g_ni", 57e-9, 6.6e-9, 10.5, 105.0)):
    d = np.loadtxt(f"{out}/state_cell_{var}.csv", delimiter=',', skiprows=1)
    t, g = d[:, 0], d[:, 1:]
    g = g[t >= burn]
    n, N = g.shape
    mu, sd = s * g0, s * sig
    rho = np.exp(-1.0 / tau)                      # samples every 1 ms
    m, st = g.mean(), g.std()
    tm = 5 * sd * np.sqrt((1 + rho) / (1 - rho) / (N * n))
    ts = 5 * sd * np.sqrt((1 + rho**2) / (1 - rho**2) / (2 * N * n))
    x = g - m
    ac = (x[1:] * x[:-1]).mean() / (x * x).mean()
    ta = 5 * np.sqrt((1 - rho**2) / (N * n))       # Bartlett: var r1 = (1 - rho^2)/n
    xa, xb = x[:, 0::2] - x[:, 0::2].mean(0), x[:, 1::2] - x[:, 1::2].mean(0)
    pc = ((xa * xb).mean(0) / (xa.std(0) * xb.std(0))).mean()
    tc = 5 * np.sqrt((1 + rho**2) / (1 - rho**2) / n / (N // 2))
    print(f"{tag} {var}: {N} x {n} samples; mean {m * 1e9:.4f} nS (expected {mu * 1e9:.4f} +- {tm * 1e9:.4f}), "
          f"std {st * 1e9:.4f} nS (expected {sd * 1e9:.4f} +- {ts * 1e9:.4f}), "
          f"lag-1ms autocorrelation {ac:.4f} (expected {rho:.4f} +- {ta:.4f}), "
          f"mean neighbour correlation {pc:+.4f} (expected 0 +- {tc:.4f})")
    res(f"ou-{tag}-{var}-mean", abs(m - mu) <= tm, f"mean {m * 1e9:.4f} nS, expected {mu * 1e9:.4f} +- {tm * 1e9:.4f} nS")
    res(f"ou-{tag}-{var}-std", abs(st - sd) <= ts, f"std {st * 1e9:.4f} nS, expected {sd * 1e9:.4f} +- {ts * 1e9:.4f} nS")
    res(f"ou-{tag}-{var}-autocorrelation", abs(ac - rho) <= ta, f"lag-1 ms autocorrelation {ac:.4f}, expected {rho:.4f} +- {ta:.4f}")
    res(f"ou-{tag}-{var}-independent", abs(pc) <= tc, f"mean correlation of neighbouring neurons {pc:+.4f}, expected 0 +- {tc:.4f}")
PYEOF
done
