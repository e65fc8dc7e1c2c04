# Delay ring buffers: arrivals at exactly t_spike + delay for delays of 1, 25 and
# 73 steps through one shared 74-slot ring that wraps ~13 times, and for a delay
# drawn from [0.86 ms, 0.87 ms), rounded to 9 steps (truncated it would be 8); the
# recorded current must equal sum_s w exp(-(t - t_s - d)/tau) (relative 1e-5:
# float state).
. tests/lib.sh
"$PY" -c "
for k in range(31): print('0,%.1f' % (3.0 * k + 0.4 * (k % 3)))" > "$T/spikes.csv"
cp tests/e2e/delay_ring.snn "$T/" && cd "$T" || exit 1
build delay_ring.snn ./ring || exit 0
./ring --format sonata,csv --out out --quiet || fail ring-run "exit status $?"
check delay-ring-arrivals "recorded current differs from the closed form" "$PY" - <<'PYEOF'
import numpy as np
d = np.loadtxt('out/state_n_I_syn.csv', delimiter=',', skiprows=1)
t = d[:, 0] * 1e-3
spikes = np.loadtxt('spikes.csv', delimiter=',')[:, 1] * 1e-3
for j, delay in enumerate([0.1e-3, 2.5e-3, 7.3e-3, 0.9e-3]):
    want = np.zeros_like(t)
    for s in spikes:
        a = s + delay
        m = t > a + 1e-9
        want[m] += 100e-12 * np.exp(-(t[m] - a) / 5e-3)
    err = np.max(np.abs(d[:, 1 + j] - want)) / 100e-12
    assert err < 1e-5, (j, err)
PYEOF
