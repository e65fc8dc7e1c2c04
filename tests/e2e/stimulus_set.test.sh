# Labelled stimulus sets from a file: trial t shows entry t mod E with its label
# (trials.csv), the spikes of each trial are those of its entry shifted to the
# trial start, and a bad file is a start-up error naming the file and line,
# with no output written.
. tests/lib.sh
cat >"$T/set.csv" <<'CSV'
# entry,label,node_id,time_ms
entry,label,node_id,time_ms
2,1,3,40
0,1,0,10
1,0,1,20
1,0,2,20.5
0,1,0,30
2,1,3,41
2,1,0,99.9
CSV
cat >"$T/ss.snn" <<'SNN'
population inp = 4 stimulus_set("set.csv")
experiment {
  trial 100 ms
  phase a { trials 5 }
  report spikes of inp in [0 ms, 100 ms]
}
SNN
build "$T/ss.snn" "$T/ss" || exit 0
(cd "$T" && ./ss --quiet --out o --format csv) || fail stimset-run "exit status $?"
check stimset-labels-and-counts "trials.csv: $(tr '\n' ' ' <"$T/o/trials.csv")" "$PY" -c "
import csv, sys
rows = [(int(r['trial']), int(r['label']), int(r['inp'])) for r in csv.DictReader(open('$T/o/trials.csv'))]
sys.exit(0 if rows == [(0, 1, 2), (1, 0, 2), (2, 1, 3), (3, 1, 2), (4, 0, 2)] else 1)"
check stimset-spike-times "spikes.csv differs" "$PY" -c "
import csv, sys
got = sorted((int(r['node_id']), round(float(r['time_ms']), 1)) for r in csv.DictReader(open('$T/o/spikes.csv')))
want = sorted([(0, 10.0), (0, 30.0), (1, 120.0), (2, 120.5), (3, 240.0), (3, 241.0), (0, 299.9),
               (0, 310.0), (0, 330.0), (1, 420.0), (2, 420.5)])
sys.exit(0 if got == want else 1)"
# bad files: message, non-zero exit, no output folder
bad() {
    name=$1 want=$2
    printf '%b' "$3" >"$T/bad.csv"
    rm -rf "$T/ob"
    if (cd "$T" && ./ss --quiet --out ob --set inp.file=bad.csv) 2>"$T/err"; then
        fail "stimset-$name" "accepted a bad file"
    elif ! grep -q -- "$want" "$T/err"; then
        fail "stimset-$name" "message: $(cat "$T/err") (wanted: $want)"
    elif [ -e "$T/ob" ]; then
        fail "stimset-$name" "output folder written"
    else
        pass "stimset-$name"
    fi
}
bad label-conflict 'bad.csv:2: entry 0 has label 2 here but 1 on line 1' '0,1,0,5\n0,2,1,6\n'
bad missing-entry 'bad.csv: entry 1 is missing' '0,1,0,5\n2,1,1,6\n'
bad outside-trial 'bad.csv:1: spike time 100 ms is not within the trial' '0,1,0,100\n'
bad node-range 'bad.csv:1: node id 4 is outside the population (0..3)' '0,1,4,5\n'
bad malformed 'bad.csv:2: expected .entry,label,node_id,time_ms.' '0,1,0,5\n0,1,x,5\n'

if (cd "$T" && ./ss --quiet --out ob --set inp.file=nothere.csv) 2>"$T/err"; then
    fail stimset-no-file "accepted a missing file"
else
    check stimset-no-file "message: $(cat "$T/err")" grep -q 'nothere.csv: cannot open stimulus set (parameter inp.file)' "$T/err"
fi
