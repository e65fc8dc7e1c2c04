# Connection rule total(n) (NEST's fixed_total_number) in a built model: n
# from an expression of global parameters (the microcircuit's form, K =
# log(1 - C) / log(1 - 1/(N_pre N_post)) scaled), exactly round(n) synapses,
# --set of a parameter changing it without recompiling, repeated pairs when n
# is large against pre x post, none onto itself with autapses: false, the same
# network on two threads, and a value that is not a number of synapses (NaN
# from log of a negative, a negative count) refused before anything runs.
# The statistics of the draws are checked in tests/unit/test_csr.c.
. tests/lib.sh
cat >"$T/tot.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
param scale = 1
param conn = 0.1
param n_aa = 3000
population a = 60 lif_cond()
population b = 40 lif_cond()
connect ab = a -> b { rule: total(scale * log(1 - conn) / log(1 - 1 / (60.0 * 40)))
                      synapse: exp_cond(); port: g_e; weight: 1 nS; plasticity: stdp_pair(w_max = 2 nS) }
connect aa = a -> a { rule: total(n_aa); autapses: false
                      synapse: exp_cond(); port: g_e; weight: 1 nS; plasticity: stdp_pair(w_max = 2 nS) }
experiment { time 1 ms }
SNN
build "$T/tot.snn" "$T/tot" || exit 0
"$T/tot" --quiet --format sonata,csv --out "$T/d" || fail total-run "exit status $?"
"$T/tot" --quiet --format sonata,csv --out "$T/t2" --threads 2 || fail total-run-threads "exit status $?"
"$T/tot" --quiet --format sonata,csv --out "$T/s" --set scale=2.5 --set n_aa=40 || fail total-run-set "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail total-check "python check crashed"
import csv, math, sys
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
def pairs(d, conn):
    return [(int(r['pre']), int(r['post'])) for r in csv.DictReader(open('%s/%s/weights_%s.csv' % (T, d, conn)))]
k = math.log(1 - 0.1) / math.log(1 - 1 / (60.0 * 40))   # 252.8
for d, scale, n_aa in (('d', 1, 3000), ('s', 2.5, 40)):
    ab, aa = pairs(d, 'ab'), pairs(d, 'aa')
    report('total-count-%s' % d, len(ab) == round(scale * k) and len(aa) == n_aa,
           'ab %d synapses (want %d), aa %d (want %d)' % (len(ab), round(scale * k), len(aa), n_aa))
aa = pairs('d', 'aa')
# 3000 draws on 3540 pairs: about 980 of them repeat a pair drawn before
report('total-multapses', len(set(aa)) < len(aa) - 500, '%d distinct pairs of %d' % (len(set(aa)), len(aa)))
report('total-no-autapses', all(i != j for i, j in aa), 'a neuron connects to itself')
report('total-threads', sorted(aa) == sorted(pairs('t2', 'aa')) and sorted(pairs('d', 'ab')) == sorted(pairs('t2', 'ab')),
       'another network on two threads')
PYEOF
"$T/tot" --quiet --format sonata,csv --out "$T/nan" --set conn=1.5 >"$T/nan.err" 2>&1
refusal total-nan $? "$T/nan.err" "projection ab: total(scale * log(1 - conn) / log(1 - 1 / (60.0 * 40))) is NaN"
"$T/tot" --quiet --format sonata,csv --out "$T/neg" --set n_aa=-5 >"$T/neg.err" 2>&1
refusal total-negative $? "$T/neg.err" "projection aa: total(n_aa) is -5, which is not a number of synapses"
check total-refused-writes-nothing "an output folder was made" test ! -e "$T/nan" -a ! -e "$T/neg"
