# Pair STDP against closed forms: the weight change of one pre/post pair in both
# orders, and for random spike trains the sum over all pairs (all-to-all), over
# nearest pairs, and the weight-dependent Morrison rule, replayed event by event
# in Python with the same conventions (traces seen before this spike's own
# update; a pre and a post spike in one step: the pre side first).  Weights are
# float32: relative tolerance 1e-5.  Also: learning off keeps the weight, and the
# bounds clip it.
. tests/lib.sh
cd "$T" || exit 1
make_model() { # RULE-CALL EXE
    sed "s|RULE|$1|" "$ROOT/tests/numeric/stdp.snn" >"$2.snn"
    build "$2.snn" "./$2"
}
make_model "stdp_pair(A_plus = 0.01 pS, w_max = 1 pS)" pair || exit 0
make_model "stdp_nearest(A_plus = 0.01 pS, w_max = 1 pS)" nearest || exit 0
make_model "stdp_morrison(lambda = 0.01, alpha = 0.5, mu = 0.4, w0 = 0.5 pS, w_max = 1 pS)" morrison || exit 0
make_model "stdp_pair(A_plus = 0.2 pS, ratio = 0.5, w_max = 0.7 pS)" clip || exit 0

one_pair() { # NAME PRE_MS EXPECTED_PS
    printf '0,%s\n' "$2" >pre.csv
    printf '0,19.9\n' >teach.csv
    ./pair --out "o_$1" --format csv --quiet --set sim.time=100ms
    got=$(tail -1 "o_$1/weights_syn.csv" | cut -d, -f3)
    check "stdp-$1" "weight $got S, expected $3 pS" "$PY" -c "import sys; sys.exit(0 if abs(float('$got')/1e-12 - $3) < 1e-5 * $3 else 1)"
}
# post fires at 20.0 ms (teacher 19.9 ms + one step)
one_pair pre-before-post 10.0 "$("$PY" -c 'import math; print(0.5 + 0.01 * math.exp(-10 / 20))')"
one_pair post-before-pre 30.0 "$("$PY" -c 'import math; print(0.5 - 1.05 * 0.01 * math.exp(-10 / 20))')"
# a minimum pairing gap of 0.5 ms: a pair 0.3 ms apart is ignored, 0.6 ms apart counts
make_model "stdp_pair(A_plus = 0.01 pS, w_max = 1 pS, gap = 0.5 ms)" gap || exit 0
for d in 0.3 0.6 -0.3 -0.6; do
    printf '0,%s\n' "$("$PY" -c "print('%.1f' % (20.0 - $d))")" >pre.csv
    printf '0,19.9\n' >teach.csv
    ./gap --out "o_gap$d" --format csv --quiet --set sim.time=100ms
    got=$(tail -1 "o_gap$d/weights_syn.csv" | cut -d, -f3)
    want=$("$PY" -c "import math; d = $d; print(0.5 if abs(d) < 0.5 else 0.5 + (0.01 * math.exp(-d / 20) if d > 0 else -1.05 * 0.01 * math.exp(d / 20)))")
    check "stdp-gap$d" "weight $got S, expected $want pS" "$PY" -c "import sys; sys.exit(0 if abs(float('$got')/1e-12 - $want) < 1e-9 else 1)"
done
# rm_stdp's gap (0.5 ms) on both traces, at its edge: a pair 0.4 ms apart leaves the
# eligibility trace c at 0, one 0.5 ms apart moves it (up for pre before post)
sed -e 's|^import "stdlib/plasticity.snn"|&\nimport "stdlib/modulators.snn"\nmodulator reward = spike_trace() of teach|' \
    -e 's|RULE|rm_stdp(A_plus = 0.01 pS, w_max = 1 pS, gap = 0.5 ms, reward = reward)|' \
    -e 's|^experiment .*|experiment { time 40 ms; record c of syn every 1 ms }|' "$ROOT/tests/numeric/stdp.snn" >rmgap.snn
build rmgap.snn ./rmgap || exit 0
for d in 0.4 0.5 -0.4 -0.5; do
    printf '0,%s\n' "$("$PY" -c "print('%.1f' % (20.0 - $d))")" >pre.csv
    printf '0,19.9\n' >teach.csv
    ./rmgap --out "o_rmgap$d" --format csv --quiet
    got=$("$PY" -c "import numpy as np; c = np.loadtxt('o_rmgap$d/synapses_syn_c.csv', delimiter=',', skiprows=1)[:, 1]; print(c[np.argmax(abs(c))])")
    check "rmstdp-gap$d" "largest eligibility c = $got S, expected $(case $d in *0.4) echo 0 ;; -*) echo "< 0" ;; *) echo "> 0" ;; esac)" \
        "$PY" -c "import sys; c, d = float('$got'), $d; sys.exit(0 if (c == 0 if abs(d) < 0.45 else c * d > 0) else 1)"
done

# random trains: 40 pre spikes, 30 teacher spikes at least 8 ms apart (refractory 5 ms)
"$PY" - <<'PYEOF'
import random
random.seed(3)
pre = sorted(round(random.uniform(5, 1900), 1) for _ in range(40))
t, teach = 3.0, []
while len(teach) < 30:
    t = round(t + random.uniform(8, 120), 1)
    teach.append(t)
open('pre.csv', 'w').write(''.join('0,%.1f\n' % x for x in pre))
open('teach.csv', 'w').write(''.join('0,%.1f\n' % x for x in teach))
PYEOF
for rule in pair nearest morrison clip; do
    ./$rule --out "o_$rule" --format csv --quiet || fail "stdp-run-$rule" "exit status $?"
done
./pair --out o_off --format csv --quiet --set syn.learning=0
check stdp-learning-off "weight changed with learning off" "$PY" -c "
import sys; w = float(open('o_off/weights_syn.csv').read().split()[-1].split(',')[2]); sys.exit(0 if w == float('5e-13') or abs(w - 5e-13) < 1e-19 else 1)"
check stdp-replay "weights differ from the event-by-event replay" "$PY" - <<'PYEOF'
import math, csv
def spikes(d, pop):
    return [float(r[2]) for r in csv.reader(open(d + '/spikes.csv')) if r[0] == pop]
def replay(d, rule):
    pre, post = spikes(d, 'pre'), spikes(d, 'post')
    ev = sorted([(t, 0) for t in pre] + [(t, 1) for t in post])   # pre first within a step
    w, xp, xq, tp, tq = 0.5, 0.0, 0.0, 0.0, 0.0                  # pS; traces and their times
    for t, side in ev:
        dp, dq = xp * math.exp(-(t - tp) / 20), xq * math.exp(-(t - tq) / 20)
        if side == 0:
            if rule == 'morrison': w += -0.01 * 0.5 * w * dq
            elif rule == 'clip': w += -0.5 * 0.2 * dq
            else: w += -1.05 * 0.01 * dq
            xp, tp = (1.0 if rule == 'nearest' else dp + 1), t
        else:
            if rule == 'morrison': w += 0.01 * 0.5 * (w / 0.5) ** 0.4 * dp
            elif rule == 'clip': w += 0.2 * dp
            else: w += 0.01 * dp
            xq, tq = (1.0 if rule == 'nearest' else dq + 1), t
        w = min(max(w, 0.0), 0.7 if rule == 'clip' else 1.0)
    return w, len(pre), len(post)
for rule in ['pair', 'nearest', 'morrison', 'clip']:
    want, npre, npost = replay('o_' + rule, rule)
    got = float(open('o_%s/weights_syn.csv' % rule).read().split()[-1].split(',')[2]) / 1e-12
    assert npre == 40 and npost == 30, (rule, npre, npost)
    assert abs(got - want) < 1e-5 * max(abs(want), 0.1), (rule, got, want)
PYEOF
