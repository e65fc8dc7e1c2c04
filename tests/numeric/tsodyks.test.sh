# Short-term dynamics (Tsodyks-Markram, CSIM convention): the recorded synaptic
# current equals sum_n w u_n R_n exp(-(t - a_n)/tau) with u_1 = U, R_1 = 1,
# u_(n+1) = U + u_n (1 - U) e^(-isi/F), R_(n+1) = 1 + (R_n - u_n R_n - 1) e^(-isi/D),
# for a depressing (E->E values) and a facilitating (I->E values) synapse;
# relative tolerance 1e-5 (float state).
. tests/lib.sh
printf '0,10.0\n0,30.0\n0,50.0\n0,70.0\n0,90.0\n0,300.0\n0,320.0\n' >"$T/spikes.csv"
cp tests/numeric/tsodyks.snn "$T/" && cd "$T" || exit 1
build tsodyks.snn ./ts || exit 0
./ts --format sonata,csv --out o --quiet || fail tsodyks-run "exit status $?"
check tsodyks-efficacy "recorded currents differ from the recursion" "$PY" - <<'PYEOF'
import math
import numpy as np
d = np.loadtxt('o/state_n_I_syn.csv', delimiter=',', skiprows=1)
t = d[:, 0] * 1e-3
spikes = [0.010, 0.030, 0.050, 0.070, 0.090, 0.300, 0.320]
for col, (U, D, F) in enumerate([(0.5, 1.1, 0.020), (0.05, 0.125, 1.2)]):
    amps, u, R, prev = [], None, None, None
    for s in spikes:
        if prev is None:
            u, R = U, 1.0
        else:
            isi = s - prev
            R = 1 + (R - u * R - 1) * math.exp(-isi / D)
            u = U + u * (1 - U) * math.exp(-isi / F)
        amps.append(100e-12 * u * R)
        prev = s
    want = np.zeros_like(t)
    for s, a in zip(spikes, amps):
        m = t > s + 0.001 + 1e-9
        want[m] += a * np.exp(-(t[m] - s - 0.001) / 0.003)
    err = np.abs(d[:, 1 + col] - want).max() / max(amps)
    assert err < 1e-5, (col, err)
    # the two synapses must really differ: depression vs facilitation
    assert (amps[4] < amps[0]) == (col == 0), amps
PYEOF
