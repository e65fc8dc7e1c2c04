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
bad huge-entry 'bad.csv:1: entry 4294967295: at most 2^24 entries' '4294967295,1,0,5\n'
bad malformed 'bad.csv:2: expected .entry,label,node_id,time_ms.' '0,1,0,5\n0,1,x,5\n'

if (cd "$T" && ./ss --quiet --out ob --set inp.file=nothere.csv) 2>"$T/err"; then
    fail stimset-no-file "accepted a missing file"
else
    check stimset-no-file "message: $(cat "$T/err")" grep -q 'nothere.csv: cannot open stimulus set (parameter inp.file)' "$T/err"
fi
# stimulus order per phase: sequential (entries in turn, counted over the whole
# run), alternating (labels 0, 1, 0, ...; each label's entries in turn), random
# (uniform entries, the same for the same seed), alternating_random (labels in
# turn, a random entry of each), by_label (all of label 0, then label 1);
# alternating a set with a single label is a start-up error naming the phase
cat >"$T/ord.snn" <<'SNN'
population inp = 4 stimulus_set("set.csv")
experiment {
  trial 100 ms
  phase s { trials 2 }
  phase alt { trials 6; order alternating }
  phase rnd { trials 40; order random }
  phase ar { trials 20; order alternating_random }
  phase bl { trials 3; order by_label }
  report spikes of inp in [0 ms, 100 ms]
}
SNN
build "$T/ord.snn" "$T/ord" || exit 0
(cd "$T" && ./ord --quiet --out oo --format csv && ./ord --quiet --out oo2 --format csv) || fail stimset-order-run "exit status $?"
check stimset-order "labels per trial: $(cut -d, -f3 "$T/oo/trials.csv" | tr '\n' ' ')" "$PY" -c "
import csv, sys
lab = [int(r['label']) for r in csv.DictReader(open('$T/oo/trials.csv'))]
again = [int(r['label']) for r in csv.DictReader(open('$T/oo2/trials.csv'))]
rnd = lab[8:48]
ok = lab[48:68] == [0, 1] * 10 and lab[68:71] == [0, 1, 1] and lab[:2] == [1, 0] and lab[2:8] == [0, 1, 0, 1, 0, 1] and lab == again
ok = ok and 5 <= rnd.count(0) <= 23 and set(rnd) == {0, 1}   # label 0 is 1 of 3 entries: 13.3 expected
sys.exit(0 if ok else 1)"
check stimset-alternating-entries "spikes of the alternating phase differ" "$PY" -c "
import csv, sys
# alternating trials 2..7 show entries 1, 0, 1, 2, 1, 0 (label 0 has entry 1 only; label 1 has 0 and 2)
sp = [(int(r['node_id']), float(r['time_ms'])) for r in csv.DictReader(open('$T/oo/spikes.csv'))]
first = {}
for n, t in sp:
    tr = int(t // 100)
    if 2 <= tr < 8:
        first.setdefault(tr, set()).add(n)
want = {2: {1, 2}, 3: {0}, 4: {1, 2}, 5: {3, 0}, 6: {1, 2}, 7: {0}}
sys.exit(0 if first == want else 1)"
check stimset-alternating-random-and-by-label "entries of the alternating_random or by_label phases differ" "$PY" -c "
import csv, sys
sp = [(int(r['node_id']), float(r['time_ms'])) for r in csv.DictReader(open('$T/oo/spikes.csv'))]
seen = {}
for n, t in sp:
    seen.setdefault(int(t // 100), set()).add(n)
# label 1 trials of alternating_random draw entry 0 ({0}) or 2 ({0, 3}): both must occur
one = [frozenset(seen[k]) for k in range(49, 68, 2)]
ok = set(one) == {frozenset({0}), frozenset({0, 3})} and all(seen[k] == {1, 2} for k in range(48, 68, 2))
# by_label: entry 1 (label 0), then entries 0 and 2 (label 1)
ok = ok and [seen[68], seen[69], seen[70]] == [{1, 2}, {0}, {0, 3}]
sys.exit(0 if ok else 1)"
printf '0,1,0,5\n1,1,1,6\n' >"$T/one.csv"
rm -rf "$T/ob"
if (cd "$T" && ./ord --quiet --out ob --set inp.file=one.csv) 2>"$T/err"; then
    fail stimset-alternating-one-label "accepted"
else
    check stimset-alternating-one-label "message: $(cat "$T/err")" \
        grep -q "phase 'alt' alternates stimulus labels, but the stimulus set has only label 1" "$T/err"
fi

# trials.csv names the entry each trial showed (alternating: 1, 0, 1, 2, 1, 0)
check stimset-entry-column "entries: $(cut -d, -f4 "$T/oo/trials.csv" | tr '\n' ' ')" "$PY" -c "
import csv, sys
e = [int(r['entry']) for r in csv.DictReader(open('$T/oo/trials.csv'))]
sys.exit(0 if e[:8] == [0, 1, 1, 0, 1, 2, 1, 0] and e[68:71] == [1, 0, 2] else 1)"
# a model that asks for a label (sign: label == 2 ...) the set lacks: start-up
# error naming the set, the label and where the model asks; nothing written
cat >"$T/lab.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/modulators.snn"
population inp = 4 stimulus_set("set.csv")
population out = 1 lif_cond
modulator rew = alpha_kernel(tau = 100 ms) of out { sign: label == 2 ? 1 : -1; reset: trial }
connect inp -> out { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS }
experiment {
  trial 100 ms
  phase a { trials 2 }
}
SNN
if build "$T/lab.snn" "$T/lab"; then
    rm -rf "$T/ob"
    if (cd "$T" && ./lab --quiet --out ob) 2>"$T/err"; then
        fail stimset-missing-label "accepted a set without label 2"
    elif [ -e "$T/ob" ]; then
        fail stimset-missing-label "output folder written"
    else
        check stimset-missing-label "message: $(cat "$T/err")" \
            grep -q "set.csv (parameter inp.file): the model asks for label 2 (.*lab.snn:6:68), but the set's labels are 0, 1" "$T/err"
    fi
    printf '0,1,0,5\n1,2,1,6\n' >"$T/twolab.csv"
    (cd "$T" && ./lab --quiet --out ok2 --set inp.file=twolab.csv) 2>"$T/err" && pass stimset-label-present ||
        fail stimset-label-present "$(cat "$T/err")"
fi

# the HDF5 form, as build/snn-audio writes it from recordings, with an onset:
# the spikes of trial t are those of entry t mod E, 100 ms after the trial start
DATA=$ROOT/../shared/data/fsdd_one_two
[ -d "$DATA" ] || fail stimset-h5-data "$DATA is missing (the HDF5 cases need its recordings)"
if [ -d "$DATA" ]; then
    "$BUILD/snn-audio" -o "$T/digits.h5" 1="$DATA/1_jackson_0.wav" 2="$DATA/2_jackson_0.wav" 1="$DATA/1_jackson_1.wav" \
        >/dev/null || fail stimset-h5-audio "snn-audio failed"
    cat >"$T/h5.snn" <<'SNN'
population inp = 86 stimulus_set("digits.h5", onset = 100 ms)
experiment {
  trial 1 s
  phase a { trials 4 }
  report spikes of inp in [0 ms, 1000 ms]
}
SNN
    build "$T/h5.snn" "$T/h5" || exit 0
    (cd "$T" && ./h5 --quiet --out oh --format csv) || fail stimset-h5-run "exit status $?"
    check stimset-h5-trials "spikes differ from the HDF5 entries" "$PY" - "$T" <<'PYEOF'
import csv, sys
import h5py
import numpy as np
T = sys.argv[1]
f = h5py.File(T + '/digits.h5', 'r')
e, n, t = f['spikes/entry'][:], f['spikes/node_id'][:], f['spikes/time_ms'][:]
want = sorted((int(k * 1000 + 100 + round(tt, 1) * 1), int(nn)) for k in range(4)
              for ee, nn, tt in zip(e, n, t) if ee == k % 3)
rows = list(csv.DictReader(open(T + '/oh/spikes.csv')))
got = sorted((int(round(float(r['time_ms']))), int(r['node_id'])) for r in rows)
labels = [int(r['label']) for r in csv.DictReader(open(T + '/oh/trials.csv'))]
sys.exit(0 if got == want and labels == [1, 2, 1, 1] and len(got) > 100 else 1)
PYEOF
fi

# a set with fewer channels than the population maps (8 kHz: 64 channels, not 86):
# a start-up error naming the file and both counts, nothing written
if [ -d "$DATA" ]; then
    "$BUILD/snn-audio" -o "$T/d64.h5" --rate 8000 1="$DATA/1_jackson_0.wav" 2="$DATA/2_jackson_0.wav" >/dev/null ||
        fail stimset-h5-channels-audio "snn-audio failed"
    (cd "$T" && ./h5 --quiet --set inp.file=d64.h5 --out o64 2>err64)
    st=$?
    check stimset-h5-channels "exit $st, message: $(cat "$T/err64")" sh -c \
        "[ $st = 1 ] && grep -q 'd64.h5: the stimulus set has 64 channels, but population inp has 86' '$T/err64' && [ ! -e '$T/o64' ]"
fi
