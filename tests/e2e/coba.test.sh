# End-to-end: models/coba.snn builds, runs 1 s with a fixed seed, fires in the
# band Brian2 standalone gives for the same network (19.5-22.3 Hz over seeds,
# bench/README.md), writes valid SONATA, and is bit-identical when repeated.
. tests/lib.sh
build models/coba.snn "$T/coba" || exit 0
"$T/coba" --seed 7 --out "$T/a" --format sonata,csv --quiet || fail coba-run "exit status $?"
"$T/coba" --seed 7 --out "$T/b" --format sonata,csv --quiet
"$T/coba" --seed 8 --out "$T/c" --format csv --quiet
for fam in exc inh; do
    rate=$(json "$T/a/run.json" "[p['rate_hz'] for p in j['populations'] if p['name']=='net.$fam'][0]")
    check "coba-rate-$fam" "rate $rate Hz outside 17-25 Hz" between "$rate" 17 25
done
check coba-same-seed-identical "spikes.csv differs between two runs with seed 7" cmp -s "$T/a/spikes.csv" "$T/b/spikes.csv"
check coba-same-seed-identical-h5 "spikes.h5 differs between two runs with seed 7" cmp -s "$T/a/spikes.h5" "$T/b/spikes.h5"
check coba-other-seed-differs "seeds 7 and 8 gave the same spikes" sh -c "! cmp -s '$T/a/spikes.csv' '$T/c/spikes.csv'"
check coba-sonata-layout "spikes.h5 does not have the SONATA layout" "$PY" - "$T/a/spikes.h5" "$T/a/spikes.csv" <<'PYEOF'
import sys, h5py, numpy as np, csv
f = h5py.File(sys.argv[1], 'r')
assert f.attrs['magic'] == 0x0A7A
g = f['spikes/net']
assert g.attrs['sorting'] == 2
ts, ids = g['timestamps'][:], g['node_ids'][:]
assert ts.dtype == np.float64 and ids.dtype == np.uint64
u = g['timestamps'].attrs['units']
assert (u.decode() if isinstance(u, bytes) else u) == 'ms'
assert np.all(np.diff(ts) >= 0) and ids.max() < 4000
rows = list(csv.reader(open(sys.argv[2])))[1:]
assert len(rows) == len(ts), (len(rows), len(ts))
PYEOF
