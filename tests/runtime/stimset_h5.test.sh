# HDF5 stimulus sets follow the CSV form's rules, or are refused with the file,
# the dataset and the index: entries numbered from 0 (a negative entry once played
# another entry's spikes), integer entry / node / label columns (float node ids
# were truncated), node ids reported as written (2^64 - 1, not a wrapped number),
# every listed entry with at least one spike (as in CSV).  A good set runs.
. tests/lib.sh
cat >"$T/m.snn" <<'SNN'
population inp = 4 stimulus_set("set.h5")
experiment { trial 50 ms; phase p { trials 2 }; record spikes of inp }
SNN
build "$T/m.snn" "$T/m" || exit 0
# make NAME PYTHON-DICT-OF-DATASETS: writes $T/NAME.h5 with h5py (dtype as given)
mk() {
    "$PY" - "$T/$1.h5" "$2" <<'PYEOF'
import sys, h5py, numpy as np
d = eval(sys.argv[2], {'np': np})
with h5py.File(sys.argv[1], 'w') as f:
    for k, v in d.items():
        f[k] = v
PYEOF
}
good="{'spikes/entry': np.array([0, 1], 'i8'), 'spikes/node_id': np.array([2, 3], 'u8'), 'spikes/time_ms': [1.0, 2.0], 'entries/label': np.array([0, 1], 'i4')}"
refused() { # name datasets expected-text
    mk "$1" "$2"
    (cd "$T" && ./m --quiet --out "o_$1" --set "inp.file=$1.h5") >"$T/$1.out" 2>&1
    refusal "h5-$1" $? "$T/$1.out" "$3"
}
mk good "$good"
(cd "$T" && ./m --quiet --out og --set inp.file=good.h5) >"$T/good.out" 2>&1
# two trials, entries 0 and 1 in some order: node 2 at 1 ms or node 3 at 2 ms, one spike each
check h5-good-runs "$(cat "$T/good.out")" "$PY" -c "
import h5py, numpy as np
g = h5py.File('$T/og/spikes.h5', 'r')['spikes/inp']
t, n = g['timestamps'][:], g['node_ids'][:]
assert len(t) == 2 and sorted(zip(t % 50, n)) == [(1.0, 2), (2.0, 3)], (t, n)"
# the same set 7.5 ms after each trial's start (the parameter inp.onset)
(cd "$T" && ./m --quiet --out oo --set inp.file=good.h5 --set inp.onset=7.5ms) >"$T/onset.out" 2>&1
check h5-onset "$(cat "$T/onset.out")" "$PY" -c "
import h5py, numpy as np
g = h5py.File('$T/oo/spikes.h5', 'r')['spikes/inp']
t, n = g['timestamps'][:], g['node_ids'][:]
assert len(t) == 2 and sorted(zip(np.round(t % 50, 6), n)) == [(8.5, 2), (9.5, 3)], (t, n)"
refused negative-entry "$(echo "$good" | sed 's/\[0, 1\], .i8./[0, -1], "i8"/')" 'negative-entry.h5: /spikes/entry[1] = -1: entries are numbered 0..1'
refused float-node "$(echo "$good" | sed "s/np.array(\[2, 3\], 'u8')/[2.0, 3.7]/")" '/spikes/node_id must hold integers (it holds floating-point numbers)'
refused node-overflow "$(echo "$good" | sed "s/np.array(\[2, 3\], 'u8')/np.array([2, 2**64 - 1], 'u8')/")" '/spikes/node_id[1] = 18446744073709551615 is outside the population (0..3)'
refused node-negative "$(echo "$good" | sed "s/np.array(\[2, 3\], 'u8')/np.array([2, -5], 'i8')/")" '/spikes/node_id[1] = -5 is outside the population (0..3)'
refused label-without-spikes "$(echo "$good" | sed "s/np.array(\[0, 1\], 'i4')/np.array([0, 1, 1], 'i4')/")" '/entries/label[2]: entry 2 has no spike in /spikes/entry'
refused float-label "$(echo "$good" | sed "s/np.array(\[0, 1\], 'i4')/[0.5, 1.0]/")" '/entries/label must hold integers'
refused negative-label "$(echo "$good" | sed "s/np.array(\[0, 1\], 'i4')/np.array([0, -2], 'i4')/")" '/entries/label[1] = -2: labels are whole numbers'
