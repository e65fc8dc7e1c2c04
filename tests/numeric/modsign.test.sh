# A modulator's sign of the spiking neuron ('source') and of the trial's number
# ('trial'), against its closed form: two neurons spike at known times, and the
# recorded output of spike_trace must equal the sum of exp(-s / tau) over the
# arrivals, each times the sign of its neuron (+1 for src[0], -1 for src[1]) and,
# for 'trial', of the trial it arrives in (+1 in trials 0-1, -1 from trial 2 on),
# to float precision.  A sign ignored, or applied to the wrong spikes, fails.
. tests/lib.sh
cd "$T" || exit 1
printf '0,100.0\n1,150.0\n0,250.0\n1,320.0\n0,350.0\n1,420.0\n0,540.0\n1,610.0\n' >s.csv
cat >sign.snn <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/modulators.snn"
population src = 2 spike_file("s.csv")
modulator bysrc = spike_trace(tau = 50 ms) of src { sign: source == 0 ? 1 : -1 }
modulator both = spike_trace(tau = 50 ms) of src { delay: 30 ms; sign: (trial < 2 ? 1 : -1) * (source == 0 ? 1 : -1) }
modulator bytrial = spike_trace(tau = 50 ms) of src { delay: 30 ms; sign: trial < 2 ? 1 : -1 }
experiment { trial 200 ms; phase a { trials 2 } phase b { trials 2 }; record output of bysrc, both, bytrial every 1 ms }
SNN
build sign.snn ./sign || exit 0
./sign --quiet --format csv --out o 2>err || fail modsign-run "exit status $?: $(head -c 300 err)"
"$PY" - <<'PYEOF' || fail modsign-check "python check crashed"
import csv, math
spikes = [(0, 0.100), (1, 0.150), (0, 0.250), (1, 0.320), (0, 0.350), (1, 0.420), (0, 0.540), (1, 0.610)]
def expect(t, delay, by_source, by_trial):
    # a sign of the source is taken at the spike, one of the trial alone at the arrival
    total = 0
    for k, ts in spikes:
        ta = ts + (delay or 1e-4)     # the default delay is one step
        if ta > t - 1e-9:          # a sample holds the value before its step's arrivals
            continue
        s = (1 if k == 0 else -1) if by_source else 1
        if by_trial:
            s *= 1 if int(((ts if by_source else ta) + 1e-9) // 0.2) < 2 else -1
        total += s * math.exp(-(t - ta) / 0.05)
    return total
for name, delay, src, tri in (('bysrc', 0, True, False), ('both', 0.03, True, True), ('bytrial', 0.03, False, True)):
    rows = list(csv.DictReader(open('o/modulator_%s_output.csv' % name)))
    err = max(abs(float(r['output']) - expect(float(r['time_ms']) / 1000, delay, src, tri)) for r in rows)
    ok = err < 1e-5 and len(rows) == 800
    print(('PASS' if ok else 'FAIL') + ' modsign-%s%s' % (name, '' if ok else ': largest error %g over %d samples' % (err, len(rows))))
PYEOF
