#!/bin/sh
# bench/outputs.sh [-r RUNS]: what writing the outputs costs against simulating,
# on issue 16's example: COBA (models/coba.snn, 1 s) recording v of 400 neurons
# every step, written as HDF5 (--format sonata, the default) and as CSV, runs
# interleaved; prints each run's run_s and write_s (run.json's timings), the
# medians, their ratio and the size of the v file.  COBA without the record
# shows the cost of spikes.h5 and run.json alone.
set -eu
runs=5
[ "${1:-}" = -r ] && runs=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$(mktemp -d "${TMPDIR:-/tmp}/snnc-outputs.XXXXXX")
trap 'rm -rf "$B"' EXIT
sed 's/^  record spikes of net$/  record spikes of net\n  record v of net[0:400]/' "$ROOT/models/coba.snn" >"$B/coba_v.snn"
grep -q 'record v of net' "$B/coba_v.snn"
cp "$ROOT/models/coba.snn" "$B/coba.snn"
"$ROOT/build/snnc" "$B/coba_v.snn" -o "$B/coba_v"
"$ROOT/build/snnc" "$B/coba.snn" -o "$B/coba"
: >"$B/t.txt"
i=0
while [ $i -lt "$runs" ]; do
    for c in "coba sonata" "coba_v sonata" "coba_v csv"; do
        set -- $c
        rm -rf "$B/o"
        "$B/$1" --quiet --format "$2" --out "$B/o"
        /usr/bin/python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings']; print(sys.argv[2], t['run_s'], t['write_s'])" \
            "$B/o/run.json" "$1/$2" >>"$B/t.txt"
        [ "$1" = coba_v ] && ls -l "$B/o" | awk -v f="$1/$2" '/state_net_v/ {print f, "size", $5}' >>"$B/sizes.txt"
    done
    i=$((i + 1))
done
/usr/bin/python3 - "$B/t.txt" "$B/sizes.txt" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
sizes = dict((l.split()[0], int(l.split()[2])) for l in open(sys.argv[2]))
for c in ('coba/sonata', 'coba_v/sonata', 'coba_v/csv'):
    r = [(float(a), float(b)) for k, a, b in rows if k == c]
    run, write = statistics.median(x for x, _ in r), statistics.median(y for _, y in r)
    print('%-14s runs %d  run_s %s  write_s %s  median run_s %.4f write_s %.4f  write/run %.2f%s' % (
        c, len(r), ' '.join('%.3f' % x for x, _ in r), ' '.join('%.3f' % y for _, y in r), run, write, write / run,
        '  v file %.1f MB' % (sizes[c] / 1e6) if c in sizes else ''))
EOF
