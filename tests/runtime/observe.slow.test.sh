# Observing a run never changes it: the same plastic network (rm_stdp and
# rm_stdp_exp, weights at both bounds) with and without sampling its weights and
# eligibility traces gives the same spikes and final weights, byte for byte.
# (Sampling used to bring every synapse up to date and clip it there, which
# changed the weights of a recorded run.)
. tests/lib.sh
cd "$T" || exit 1
sed 's|^experiment .*|experiment { seed 3; time 2 s; record w of ee every 50 ms; record c of ee every 70 ms; record w of ei every 30 ms }|' \
    "$ROOT/tests/runtime/observe.snn" >rec.snn
cp "$ROOT/tests/runtime/observe.snn" plain.snn
build plain.snn ./plain && build rec.snn ./rec || exit 0
./plain --out a --format csv --quiet || fail observe-run "exit status $?"
./rec --out b --format csv --quiet || fail observe-run-recorded "exit status $?"
# 2 s every 50 ms and every 70 ms: 40 and 28 rows after the header
check observe-recorded "the weight series has $(($(wc -l <b/weights_ee_t.csv) - 1)) rows, the c series $(($(wc -l <b/synapses_ee_c.csv) - 1)) (want 40 and 28)" \
    test "$(($(wc -l <b/weights_ee_t.csv) - 1)) $(($(wc -l <b/synapses_ee_c.csv) - 1))" = "40 28"
for f in spikes.csv weights_ee.csv weights_ei.csv; do
    check "observe-same-$f" "$f differs between the runs with and without records" cmp -s a/$f b/$f
done
# the weights reach both bounds (else clipping is not exercised) and the series
# ends at the final weights
check observe-bounds-reached "weights do not reach both bounds" "$PY" - <<'PYEOF'
import csv
for n in ('ee', 'ei'):
    w = [float(r[2]) for r in list(csv.reader(open('a/weights_%s.csv' % n)))[1:]]
    lo, hi = sum(x == 0 for x in w), sum(abs(x - 12e-9) < 1e-20 for x in w)
    print('%s: %d synapses, %d at 0, %d at w_max' % (n, len(w), lo, hi))
    assert lo > 20 and hi > 20 and len(w) - lo - hi > 20
rows = list(csv.reader(open('b/weights_ee_t.csv')))
final = [float(r[2]) for r in list(csv.reader(open('a/weights_ee.csv')))[1:]]
assert abs(float(rows[-1][0]) - 2000) < 1e-6 and [float(v) for v in rows[-1][1:]] == final
PYEOF
