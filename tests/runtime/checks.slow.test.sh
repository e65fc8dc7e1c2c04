# A run is never silently wrong: a state, weight, trace or modulator value that
# becomes NaN or Inf, or crosses a declared guard, stops the run with a message
# naming it, the recorded outputs are written and marked incomplete, exit 3.
. tests/lib.sh
cd "$T" || exit 1
# ---- non-finite states: v grows to +Inf near 10 ms (found by the scan every 64 steps)
cp "$ROOT/tests/runtime/blowup.snn" .
build blowup.snn ./blowup || exit 0
./blowup --out o --format csv --quiet 2>err
refusal_status=$?
check checks-inf-status "exit status $refusal_status, wanted 3: $(cat err)" test "$refusal_status" = 3
check checks-inf-message "message: $(cat err)" \
    grep -q "^blowup: error: v of neuron 0 of population net became +Inf between t = 0.0065 s and 0.0128 s$" err
check checks-inf-written "run.json: $(cat o/run.json 2>/dev/null | head -c 300)" "$PY" - <<'PYEOF'
import csv, json
j = json.load(open('o/run.json'))
assert j['complete'] is False and j['stopped_by'] == 'check' and 'became +Inf' in j['stop_reason'], j
assert abs(j['time_s'] - 0.0128) < 1e-9 and j['planned_time_s'] == 0.1
rows = list(csv.reader(open('o/state_net_v.csv')))
assert [r[0] for r in rows[1:]] == ['%.4f' % t for t in range(1, 13)], rows   # every 1 ms until the stop
PYEOF
# ---- a modulator whose state overflows (e^(t / 1 ms)): reported after the step it happens in
cat >grow.snn <<'EOF2'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
modulator growing() {
  state r = 1
  dr/dt = r / 1 ms
  on spike r += 1
  output r
}
population src = 2 poisson(rate = 20 Hz)
population out = 1 lif_cond()
modulator boom = growing() of src
connect syn = src -> out { rule: all; synapse: exp_cond; port: g_e; weight: 1 nS
                           plasticity: rm_stdp_exp(reward = boom) }
experiment { time 2 s }
EOF2
build grow.snn ./grow || exit 0
./grow --out o2 --quiet 2>err2
st=$?
check checks-modulator "exit $st: $(cat err2)" test "$st" = 3
check checks-modulator-message "message: $(cat err2)" grep -q "^grow: error: state r of modulator boom became +Inf at t = 0.7099 s$" err2
# ---- guards on the plastic network of observe.snn: each one is crossed ...
guarded() { sed "s|^experiment .*|experiment { seed 3; time 2 s; $1 }|" "$ROOT/tests/runtime/observe.snn" >g.snn &&
            build g.snn ./g && ./g --out "$2" --format csv --quiet 2>"$2.err"; }
guarded 'guard w of ee in [0 nS, 10 nS]' ow
check checks-guard-weight "exit $?: $(cat ow.err)" grep -q \
    "^g: error: w of synapse .* of connection ee is 1.[0-9]*e-08 (SI units), outside \[0, 1e-08\] of guard w of ee in \[0 nS, 10 nS\] (g.snn:[0-9]*:[0-9]*) between t = 0.0001 s and 0.4096 s$" ow.err
guarded 'guard v of net in [-61 mV, -52 mV]' ov
check checks-guard-state "exit $?: $(cat ov.err)" grep -q \
    "^g: error: v of neuron [0-9]* of population net is -0.0500[0-9]* (SI units), outside \[-0.061, -0.052\] of guard v of net" ov.err
guarded 'guard rate of net.exc in [1 Hz, 15 Hz] every 500 ms' or
st=$?
check checks-guard-rate "exit $st: $(cat or.err)" grep -q \
    "^g: error: the rate of net.exc over the last 0.5 s is [1-9][0-9]\.[0-9]* (SI units), outside \[1, 15\] of guard rate of net.exc" or.err
check checks-guard-rate-status "exit status $st" test "$st" = 3
check checks-guard-rate-json "run.json: $(head -c 300 or/run.json)" "$PY" -c "
import json; j = json.load(open('or/run.json'))
assert j['complete'] is False and j['time_s'] == 0.5 and 'guard rate of net.exc' in j['stop_reason']"
# ... and guards that hold change nothing
guarded 'guard rate of net.exc in [1 Hz, 50 Hz] every 500 ms; guard v of net in [-100 mV, 0 mV]; guard w of ei in [0 nS, 12 nS]' ok
st=$?
cp "$ROOT/tests/runtime/observe.snn" plain.snn
build plain.snn ./plain && ./plain --out op --format csv --quiet
check checks-guards-hold "exit $st: $(cat ok.err)" test "$st" = 0
for f in spikes.csv weights_ee.csv weights_ei.csv; do
    check "checks-guards-change-nothing-$f" "$f differs with guards that hold" cmp -s ok/$f op/$f
done
# ---- the example of docs/language.md 11.3, as printed there
"$PY" - "$ROOT/docs/language.md" >doc.snn <<'PYEOF'
import sys
blocks = open(sys.argv[1]).read().split('```snn\n')[1:]
print([b.split('```')[0] for b in blocks if 'docs example: guards' in b][0], end='')
PYEOF
build doc.snn ./doc || exit 0
./doc --out od --quiet 2>od.err
st=$?
check checks-docs-example "exit $st: $(cat od.err)" grep -q \
    "^doc: error: the rate of net.exc over the last 0.5 s is 1[0-9][0-9]\.[0-9]* (SI units), outside \[1, 15\] of guard rate of net.exc in \[1 Hz, 15 Hz\] every 500 ms (doc.snn:" od.err
