# Simulation 5 with a static current-based circuit (Suppl. Fig 9):
# models/compsim5_current.snn shortened to 40 trials on the recordings of
# ../shared/data/fsdd_one_two, as compsim5.test.sh shortens the paper's model.
# Every synapse of the circuit is a static current: the circuit's and the
# readout's equations hold no conductance input and no short-term dynamics
# (snnc --explain); the phases run in order; the readout's weights move in
# training only; tools/compsim5_report.py runs through.  The learning needs the full protocol: make reproduce-compsim5-current.
. tests/lib.sh
fsdd_digits compsim5-current "$T/digits.h5" || exit 0
short_compsim5 models/compsim5_current.snn "$T/cs5c.snn"
build "$T/cs5c.snn" "$T/cs5c" || exit 0
"$SNNC" --explain "$T/cs5c.snn" >"$T/explain.txt" 2>&1
check compsim5-current-static-currents "a conductance kernel or short-term dynamics in: $(grep -E 'exp_cond|tsodyks' "$T/explain.txt" | head -3)" \
    sh -c "! grep -qE 'exp_cond|tsodyks' '$T/explain.txt' && grep -q 'exp_curr' '$T/explain.txt'"
"$T/cs5c" --quiet --format sonata,csv --set "speech.file=$T/digits.h5" --out "$T/run" || fail compsim5-current-run "exit status $?"
"$PY" - "$T/run" <<'PYEOF' || fail compsim5-current-check "python check crashed"
import csv, sys
d = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
rows = list(csv.DictReader(open(d + '/trials.csv')))
ph = [r['phase'] for r in rows]
report('compsim5-current-protocol', ph == ['probe_nothr'] * 4 + ['probe'] * 2 + ['before'] * 4 + ['train'] * 20 +
       ['after'] * 4 + ['probe2'] * 2 + ['probe2_nothr'] * 4, 'phases %s' % ph)
PYEOF
learning_in_training compsim5-current-learning-only-in-training "$T/run"
compsim5_report_runs compsim5-current-report "$T/run"
