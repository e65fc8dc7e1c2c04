# Global parameters in a when() condition (regression: the condition was
# accepted by snnc --check and then failed the build with "internal error:
# unbound parameter").  A deterministic condition must make exactly the pairs
# it names, with the defaults and with --set values; a random one about the
# fraction it asks for, changing when --set changes the parameter.
. tests/lib.sh
cat >"$T/wp.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
param stride = 3
param offset = 1
param p_conn = 0.25
population src = 40 poisson(rate = 1 Hz)
population dst = 30 lif_cond()
connect det = src -> dst { rule: when(i == stride * j + offset); synapse: exp_cond(); port: g_e; weight: 1 nS
                           plasticity: stdp_pair(w_max = 2 nS) }
connect rnd = src -> dst { rule: when(rand() < p_conn && i != j); synapse: exp_cond(); port: g_e; weight: 1 nS
                           plasticity: stdp_pair(w_max = 2 nS) }
experiment { time 5 ms }
SNN
build "$T/wp.snn" "$T/wp" || exit 0
"$T/wp" --quiet --format sonata,csv --out "$T/d" || fail when-param-run "exit status $?"
"$T/wp" --quiet --format sonata,csv --out "$T/s" --set stride=2 --set offset=0 --set p_conn=0.5 || fail when-param-run-set "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail when-param-check "python check crashed"
import csv, math, sys
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
def pairs(d, conn):
    return sorted((int(r['pre']), int(r['post'])) for r in csv.DictReader(open('%s/%s/weights_%s.csv' % (T, d, conn))))
for d, stride, offset, p in (('d', 3, 1, 0.25), ('s', 2, 0, 0.5)):
    want = [(stride * j + offset, j) for j in range(30) if stride * j + offset < 40]
    got = pairs(d, 'det')
    report('when-param-pairs-%s' % d, got == want, '%d synapses, expected %d: %s' % (len(got), len(want), got[:5]))
    r = pairs(d, 'rnd')
    n = 40 * 30 - 30                      # pairs with i != j
    mean, sd = p * n, math.sqrt(n * p * (1 - p))
    report('when-param-random-%s' % d, abs(len(r) - mean) < 4 * sd and all(a != b for a, b in r),
           '%d synapses, expected %.0f +- %.0f' % (len(r), mean, 4 * sd))
PYEOF
