# LIF under constant current (lif_const.snn) against the closed form.
#   dv/dt = (E_L - v)/tau + R I_e/tau is linear with constant coefficients, so
#   snnc integrates it with the exact propagator: the only errors are float32
#   rounding of the state and the dt grid on which threshold crossings are seen.
#   V(t) = E_L + R I (1 - exp(-t/tau)) from V_init = E_L;
#   T_isi = t_ref + tau ln(R I / (R I - (V_th - V_reset))) = 5 + 20 ln 1.5 = 13.109 ms.
# Runs: with V_th = 0 mV (no spikes, the whole relaxation to -30 mV), and
# spiking at dt = 0.1 ms and 0.025 ms, where the trajectory is compared
# piecewise: after a spike labelled t_s, v = V_reset until t_s + dt + t_ref
# (reset at the end of the spike's step, then held for t_ref), then relaxes
# from V_reset as above.
# Tolerances:
#   trajectory: |v - V| <= 2e-5 |V| everywhere (about 1 uV).  The propagator
#     coefficients are float32 (relative rounding up to 6e-8), and the fixed
#     point of v <- E v + q amplifies that by up to tau/dt (200 at dt = 0.1 ms,
#     800 at 0.025 ms): a float32 replica in numpy reproduces the measured
#     errors (1.3e-6 relative at dt = 0.1 ms, 6.5e-6 at 0.025 ms).  A non-exact
#     scheme (Euler) would be off by ~1e-3 relative;
#   spike times: the crossing lies within the step a spike is labelled with
#     (a spike detected in step n is labelled t_n, the state at t_n+1 is above
#     threshold), so the first spike satisfies t_s < T_1 <= t_s + dt and every
#     ISI is within one time step of T_isi.
. tests/lib.sh
M=tests/numeric/lif_const.snn
build "$M" "$T/lif" || exit 0
run() { # NAME ARGS...: run the model, FAIL loudly if it does not run
    n=$1
    shift
    if ! "$T/lif" --quiet --format csv "$@" 2>"$T/run.err"; then
        fail "$n" "run failed: $(cat "$T/run.err")"
        return 1
    fi
}
if run lif-free --out "$T/free" --set cell.V_th=0mV; then
"$PY" - "$T/free" <<'PYEOF' || fail lif-free "python check crashed"
import sys, numpy as np
d = np.loadtxt(sys.argv[1] + '/state_cell_v.csv', delimiter=',', skiprows=1)
t, v = d[:, 0] * 1e-3, d[:, 1]
E_L, RI, tau = -60e-3, 30e-3, 20e-3
V = E_L + RI * (1 - np.exp(-t / tau))
err = np.abs(v - V).max()
rel = (np.abs(v - V) / np.abs(V)).max()
print(f"free trajectory: {len(t)} samples, max |v - V| = {err:.3g} V, max relative {rel:.3g}")
ok = len(t) == 2000 and abs(t[0] - 1e-4) < 1e-12 and abs(t[-1] - 0.2) < 1e-12
print(("PASS" if ok else "FAIL") + " lif-free-samples" + ("" if ok else f": {len(t)} samples from {t[0]} to {t[-1]} s, expected 2000 from 0.1 ms to 200 ms"))
print(("PASS" if rel <= 2e-5 else "FAIL") + " lif-free-trajectory" + ("" if rel <= 2e-5 else f": max |v - V(t)| / |V| = {rel:.3g} > 2e-5"))
PYEOF
fi

for dt in 0.1 0.025; do
    run "lif-spiking-dt$dt" --out "$T/spk$dt" --set sim.dt=${dt}ms || continue
    "$PY" - "$T/spk$dt" "$dt" <<'PYEOF' || fail "lif-spiking-dt$dt" "python check crashed"
import sys, numpy as np
out, dt = sys.argv[1], float(sys.argv[2])
tag = f"dt{sys.argv[2]}"
E_L, RI, tau, Vth, Vreset, tref = -60.0, 30.0, 20.0, -50.0, -60.0, 5.0   # mV, ms
T1 = tau * np.log(RI / (RI - (Vth - E_L)))           # first crossing from V_init = E_L
Tisi = tref + tau * np.log(RI / (RI - (Vth - Vreset)))
s = np.atleast_1d(np.loadtxt(out + '/spikes.csv', delimiter=',', skiprows=1, usecols=2))
def res(name, ok, why):
    print(("PASS " if ok else "FAIL ") + f"lif-{name}-{tag}" + ("" if ok else ": " + why))
n_expect = int((200.0 - T1) // Tisi) + 1
res("count", abs(len(s) - n_expect) <= 1, f"{len(s)} spikes, expected {n_expect} +- 1")
if len(s) < 2:
    sys.exit(0)
eps = 1e-9
res("first-spike", s[0] < T1 + eps and T1 <= s[0] + dt + eps,
    f"first spike labelled {s[0]} ms, crossing at {T1:.4f} ms is not in (t_s, t_s + dt]")
isi = np.diff(s)
e = np.abs(isi - Tisi).max()
print(f"{tag}: {len(s)} spikes, first at {s[0]} ms (T1 = {T1:.4f}), ISI {isi.min()}..{isi.max()} ms, "
      f"T_isi = {Tisi:.4f} ms, max |ISI - T| = {e:.4f} ms")
res("isi", e <= dt + eps, f"max |ISI - T_isi| = {e:.4f} ms > dt = {dt} ms (ISIs {np.unique(np.round(isi, 6))}, T_isi = {Tisi:.4f})")
# whole trajectory, piecewise: held at V_reset from the end of the spike's step
# (t_s + dt) for t_ref, then free relaxation towards E_L + R I from V_reset.
d = np.loadtxt(out + '/state_cell_v.csv', delimiter=',', skiprows=1)
t, v = d[:, 0], d[:, 1] * 1e3
pred = np.empty_like(v)
for i, ti in enumerate(t):
    prev = s[s < ti - eps]
    t0, v0 = (0.0, E_L) if len(prev) == 0 else (prev[-1] + dt + tref, Vreset)
    pred[i] = v0 if ti < t0 else E_L + RI + (v0 - E_L - RI) * np.exp(-(ti - t0) / tau)
err = np.abs(v - pred).max() * 1e-3
rel = np.abs((v - pred) / pred)
print(f"{tag}: spiking trajectory max |v - V| = {err:.3g} V, max relative {rel.max():.3g}")
res("trajectory", rel.max() <= 2e-5, f"max |v - V(t)| / |V| = {rel.max():.3g} > 2e-5 (worst at t = {t[rel.argmax()]} ms)")
PYEOF
done
