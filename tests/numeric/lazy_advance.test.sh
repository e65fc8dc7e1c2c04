# The doubling tables of the lazy integration (lz_advance), against the closed
# form of the same discrete dynamics: c jumps by A at each presynaptic spike
# and decays by q = exp(-dt/tau) per step; each step adds dt * eta * c (the
# state at the step's start, the spike's jump included), so a spike at step s
# adds eta A dt (1 - q^(N - s)) / (1 - q) by the end, step N.  Gaps of 10 steps
# to 73,000 steps use from one to seventeen levels of the tables.  Tolerance
# 1e-9 of the weight change (double precision; a 0.1 % error is 1e-3).
. tests/lib.sh
cp tests/numeric/lazy_advance.snn "$T/" && cd "$T" || exit 1
printf 'node_id,time_ms\n0,1.0\n0,2.0\n0,12.3\n0,512.7\n0,3512.7\n0,3513.9\n0,10813.2\n' >pre.csv
build lazy_advance.snn ./la || exit 0
./la --out o --format csv --quiet || fail lazy-advance-run "exit status $?"
check lazy-advance-closed-form "the weight change differs from the closed form" "$PY" - <<'PYEOF'
import csv, math
dt, N = 1e-4, 120000
A, tau, eta, w0 = 0.01e-9, 0.05, 2.0, 0.5e-9
q = math.exp(-dt / tau)
steps = [round(t * 10) for t in (1.0, 2.0, 12.3, 512.7, 3512.7, 3513.9, 10813.2)]
want = sum(eta * A * dt * (1 - q ** (N - s)) / (1 - q) for s in steps)
got = float(list(csv.reader(open('o/weights_syn.csv')))[1][2]) - w0
print('weight change: snnc %.17g, closed form %.17g, relative difference %.3g' % (got, want, abs(got - want) / want))
assert abs(got - want) <= 1e-9 * want
PYEOF
