# Weights over time: two plastic connections, one of them recorded at two
# periods.  Each record gets its own file (weights_a_t.csv, weights_a_t_2.csv,
# weights_b_t.csv), listed in run.json, and the last sample of every series is
# the final weight in weights_NAME.csv.
. tests/lib.sh
cat >"$T/ws.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
population src = 20 poisson(rate = 40 Hz)
population dst = 5 lif_cond()
connect a = src -> dst { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 2 nS; delay: 1 ms
                         plasticity: stdp_nearest(A_plus = 0.01 * 4 nS, tau_plus = 20 ms, tau_minus = 20 ms, w_max = 4 nS) }
connect b = src -> dst { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS; delay: 1 ms
                         plasticity: stdp_nearest(A_plus = 0.01 * 4 nS, tau_plus = 20 ms, tau_minus = 20 ms, w_max = 4 nS) }
experiment { time 1 s; record w of a every 100 ms; record w of b every 250 ms; record w of a every 500 ms }
SNN
build "$T/ws.snn" "$T/ws" || exit 0
"$T/ws" --quiet --format sonata,csv --out "$T/o" || fail weight-series-run "exit status $?"
for f in weights_a_t.csv weights_b_t.csv weights_a_t_2.csv; do
    check "weight-series-file-$f" "$f missing or not in run.json" \
        "$PY" -c "import json, os, sys; sys.exit(0 if os.path.exists('$T/o/$f') and '$f' in json.load(open('$T/o/run.json'))['files'] else 1)"
done
"$PY" - "$T/o" <<'PYEOF' || fail weight-series-check "python check crashed"
import csv, sys
d = sys.argv[1]
for series, conn, rows in (('a_t', 'a', 10), ('b_t', 'b', 4), ('a_t_2', 'a', 2)):
    r = list(csv.reader(open('%s/weights_%s.csv' % (d, series))))
    final = {'%s->%s' % (x['pre'], x['post']): float(x['weight']) for x in csv.DictReader(open('%s/weights_%s.csv' % (d, conn)))}
    last = dict(zip(r[0][1:], map(float, r[-1][1:])))
    moved = any(abs(float(v) - float(w)) > 0 for v, w in zip(r[1][1:], r[-1][1:]))
    ok = len(r) - 1 == rows and last == final and moved and len(final) == 100
    print(('PASS ' if ok else 'FAIL ') + 'weight-series-' + series +
          ('' if ok else ': %d samples (want %d), last == final %s, weights moved %s' % (len(r) - 1, rows, last == final, moved)))
PYEOF
# a connection whose final-weights file has the name another's series would get
# (b_t vs the series of b): both are written, the series under weights_b_t_2.csv
sed -e 's/^connect a = /connect b_t = /' -e 's/record w of a every 100 ms; //' -e 's/; record w of a every 500 ms//' \
    "$T/ws.snn" >"$T/clash.snn"
build "$T/clash.snn" "$T/clash" || exit 0
"$T/clash" --quiet --format sonata,csv --out "$T/oc" || fail weight-series-clash-run "exit status $?"
check weight-series-clash "final weights of b_t and the series of b share a file" "$PY" -c "
import json, sys
files = json.load(open('$T/oc/run.json'))['files']
head = lambda f: open('$T/oc/' + f).readline().strip()
sys.exit(0 if head('weights_b_t.csv') == 'pre,post,weight' and head('weights_b_t_2.csv').startswith('time_ms,')
         and 'weights_b_t_2.csv' in files else 1)"
