# The stdlib modulator kernels against their closed forms: the recorded output
# of spike_trace, alpha_kernel, alpha_difference and double_exp driven by three
# spikes (arriving one step later, the default delay; the last two spikes
# overlap) must equal the sum of the kernels to float precision, and
# double_exp must peak at its gain.
. tests/lib.sh
cd "$T" || exit 1
printf '0,100.0\n0,400.0\n0,430.0\n' >s.csv
cat >mods.snn <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/modulators.snn"
population src = 1 spike_file("s.csv")
modulator tr = spike_trace(tau = 50 ms, baseline = 0.5) of src
modulator ak = alpha_kernel(tau = 50 ms, gain = 3) of src
modulator ad = alpha_difference(tau_plus = 20 ms, tau_minus = 80 ms, A_plus = 1, A_minus = 0.25) of src
modulator de = double_exp(tau_rise = 10 ms, tau_decay = 100 ms, gain = 2) of src
experiment { time 1 s; record output of tr, ak, ad, de every 1 ms }
SNN
build mods.snn ./mods || exit 0
./mods --quiet --format sonata,csv --out o || fail modulators-run "exit status $?"
"$PY" - <<'PYEOF' || fail modulators-check "python check crashed"
import csv, math
spikes = [0.1001, 0.4001, 0.4301]          # the spike times plus the one-step delay
alpha = lambda s, tau: s / tau * math.exp(1 - s / tau)
tr_, td = 0.01, 0.1
ts = math.log(td / tr_) * tr_ * td / (td - tr_)
peak = math.exp(-ts / td) - math.exp(-ts / tr_)
kernels = {
    'tr': (lambda s: math.exp(-s / 0.05), -0.5),
    'ak': (lambda s: 3 * alpha(s, 0.05), 0),
    'ad': (lambda s: alpha(s, 0.02) - 0.25 * alpha(s, 0.08), 0),
    'de': (lambda s: 2 * (math.exp(-s / td) - math.exp(-s / tr_)) / peak, 0),
}
for name, (k, base) in kernels.items():
    rows = [(float(r[0]) * 1e-3, float(r[1])) for r in list(csv.reader(open('o/modulator_%s_output.csv' % name)))[1:]]
    ref = [base + sum(k(t - s) for s in spikes if t >= s) for t, _ in rows]
    scale = max(abs(x) for x in ref)
    err = max(abs(v - x) for (_, v), x in zip(rows, ref))
    ok = len(rows) == 1000 and err < 1e-6 * scale
    print(('PASS ' if ok else 'FAIL ') + 'modulator-kernel-' + name +
          ('' if ok else ': %d samples, worst difference %.3g of %.3g' % (len(rows), err, scale)))
de = [float(r[1]) for r in list(csv.reader(open('o/modulator_de_output.csv')))[1:300]]
ok = abs(max(de) - 2) < 1e-3
print(('PASS ' if ok else 'FAIL ') + 'modulator-double-exp-peak' + ('' if ok else ': peak %g, gain 2' % max(de)))
PYEOF
