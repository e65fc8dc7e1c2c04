# Simulation 5 with the weight-dependent rule (models/compsim5_weightdep.snn, a
# variant of the project's, not the paper's) beside the paper's model, both
# shortened to 40 trials as compsim5.test.sh shortens them, on the recordings of
# ../shared/data/fsdd_one_two: the variant's rule is rm_stdp_morrison with the
# parameters its header gives; everything else is the paper's model, so with
# the same seed the two runs are the same trial for trial until learning starts
# (same circuit answers, same initial weights, same readout spikes); the weights
# move in training only; tools/compsim5_report.py runs through.  Then
# tools/compsim5_replay.py replays the paper model's run: the same trials in the
# same order, and the table of drive changes.  Whether learning holds needs the
# full protocol: make reproduce-voices-weightdep (docs/results.md).
. tests/lib.sh
fsdd_digits compsim5-weightdep "$T/digits.h5" || exit 0
short_compsim5 models/compsim5_speech.snn "$T/paper.snn"
short_compsim5 models/compsim5_weightdep.snn "$T/wd.snn"
build "$T/paper.snn" "$T/paper" || exit 0
build "$T/wd.snn" "$T/wd" || exit 0
"$T/wd" --list-params >"$T/params.txt" 2>&1
check compsim5-weightdep-rule "the variant's rule parameters: $(grep '^syn\.' "$T/params.txt" | tr -s ' ' | tr '\n' ';')" \
    sh -c "grep -q '^syn.lambda  *0.01455$' '$T/params.txt' && grep -q '^syn.alpha  *0.11$' '$T/params.txt' &&
           grep -q '^syn.mu  *0.4$' '$T/params.txt' && ! grep -q '^syn.ratio' '$T/params.txt'"
for m in paper wd; do
    "$T/$m" --quiet --format sonata,csv --set "speech.file=$T/digits.h5" --out "$T/$m-run" || fail "compsim5-weightdep-run-$m" "exit status $?"
done
"$PY" - "$T/paper-run" "$T/wd-run" <<'PYEOF' || fail compsim5-weightdep-check "python check crashed"
import csv, sys
paper, wd = sys.argv[1:]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
rows = {d: list(csv.DictReader(open(d + '/trials.csv'))) for d in (paper, wd)}
first = [r['phase'] for r in rows[wd]].index('train')
report('compsim5-weightdep-same-until-training', first == 10 and rows[paper][:first] == rows[wd][:first],
       'the runs differ before training: %s / %s' % (rows[paper][:first], rows[wd][:first]))
PYEOF
learning_in_training compsim5-weightdep-learning-only-in-training "$T/wd-run"
compsim5_report_runs compsim5-weightdep-report "$T/wd-run"
"$PY" tools/compsim5_replay.py "$T/paper-run" "$T/digits.h5" "$T/replay" --model "$T/paper.snn" >"$T/replay.txt" 2>&1
st=$?
cut -d, -f1-4 "$T/paper-run/trials.csv" >"$T/paper.order"
cut -d, -f1-4 "$T/replay/run/trials.csv" >"$T/replay.order" 2>/dev/null
check compsim5-replay "exit status $st, other trials than the run's, or no drive table: $(tail -3 "$T/replay.txt")" \
    sh -c "{ [ $st -eq 0 ] || [ $st -eq 3 ]; } && grep -q '^ *1-200 ' '$T/replay.txt' && cmp -s '$T/paper.order' '$T/replay.order'"
