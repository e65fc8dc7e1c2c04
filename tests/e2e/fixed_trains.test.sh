# fixed_trains: every source has exactly rate * time spikes (15 Hz x 2 s = 30),
# no two closer than the dead time (0.5 ms), spread over the whole run; the same
# seed gives the same trains and another seed other trains.
. tests/lib.sh
build tests/e2e/fixed_trains.snn "$T/ft" || exit 0
"$T/ft" --out "$T/a" --format csv --quiet
"$T/ft" --out "$T/b" --format csv --quiet
"$T/ft" --out "$T/c" --format csv --quiet --seed 2
check fixed-trains-counts-and-dead-time "counts or intervals wrong" "$PY" - "$T/a/spikes.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
for n in range(5):
    ts = sorted(float(r[2]) for r in rows if r[1] == str(n))
    assert len(ts) == 30, (n, len(ts))
    assert min(b - a for a, b in zip(ts, ts[1:])) >= 0.5 - 1e-9
    assert ts[0] < 400 and ts[-1] > 1600, (ts[0], ts[-1])
PYEOF
check fixed-trains-same-seed "the same seed gave other trains" cmp -s "$T/a/spikes.csv" "$T/b/spikes.csv"
check fixed-trains-other-seed "another seed gave the same trains" sh -c "! cmp -s '$T/a/spikes.csv' '$T/c/spikes.csv'"
