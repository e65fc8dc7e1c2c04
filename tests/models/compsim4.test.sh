# Simulation 4 (Fig 9), shortened to 300 training trials (seed 1): before
# learning the readout fires about as much for P as for N; after training it
# fires more for P (the rewarded pattern) than for N.  The full protocol
# (1000 training trials, 6 seeds): make reproduce-compsim4.
. tests/lib.sh
sed -e 's/phase train { trials 1000; learning on }/phase train { trials 300; learning on }/' \
    -e 's/phase before { trials 50; learning off }/phase before { trials 30; learning off }/' \
    -e 's/phase after { trials 50; learning off }/phase after { trials 30; learning off }/' \
    models/compsim4_patterns.snn >"$T/cs4.snn"
build "$T/cs4.snn" "$T/cs4" || exit 0
"$T/cs4" --format sonata,csv --out "$T/run" --quiet || fail compsim4-run "exit status $?"
read -r bp bn ap an <<EOF2
$("$PY" -c "
import json, sys
ph = {p['name']: p['spikes_per_trial']['readout'] for p in json.load(open(sys.argv[1]))['phases']}
print(*['%.2f' % ph[n]['label %d' % l]['mean'] for n in ('before', 'after') for l in (0, 1)])" "$T/run/summary.json")
EOF2
check compsim4-similar-before "before learning P $bp vs N $bn spikes per trial" "$PY" -c "import sys; sys.exit(0 if abs($bp - $bn) < 0.25 * max($bp, $bn) else 1)"
check compsim4-P-above-N-after "after learning P $ap vs N $an spikes per trial" "$PY" -c "import sys; sys.exit(0 if $ap > 1.15 * $an else 1)"
# V_m is recorded only in the probe phases (trials 0-9 and 370-379: 30000 samples
# of 1 ms each, in those phases' time ranges), and there the P - N difference of
# the peak V_m per trial grows with learning (tools/compsim4_report.py)
check compsim4-vm-phase-windows "V_m samples outside the probe phases or missing" "$PY" -c "
import sys
def span(f):
    t = [float(l.split(',')[0]) for l in open(f).read().split()[1:]]
    return len(t), t[0], t[-1]
a, b = span('$T/run/state_readout_v_probe_before.csv'), span('$T/run/state_readout_v_probe_after.csv')
sys.exit(0 if a == (30000, 1.0, 30000.0) and b == (30000, 1110001.0, 1140000.0) else 1)"
# (our target, beyond the paper's checks; the report's exit status follows the
# paper's spike-count checks alone)
"$PY" tools/compsim4_report.py --plot "$T/fig9.png" "$T/run" >"$T/report.txt" 2>&1
st=$?
png compsim4-report-plot "$T/fig9.png" "$(tail -2 "$T/report.txt")"
check compsim4-vm-probes "exit status $st: $(cat "$T/report.txt")" \
    grep -q '[0-9]  *as in the paper  *our target: met$' "$T/report.txt"
check compsim4-report-exit "exit status $st although the paper's checks hold" test "$st" -eq 0
