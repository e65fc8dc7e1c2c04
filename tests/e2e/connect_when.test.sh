# Connection rule when(CONDITION): the input mapping of the paper's speech
# experiment -- channel 4b + 2 of 86 drives the 27 neurons of block b of a
# 15 x 6 x 6 grid (x in [3 floor(b/4), +3), (y, z) quadrant b mod 4) -- gives
# every circuit neuron exactly one channel, each used channel a whole 3x3x3
# block; and when(rand() < 0.1) makes about 10 % of all pairs (no autapses),
# the same ones in two runs with the same seed and different ones with another seed.
. tests/lib.sh
cat >"$T/w.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
population inp = 86 poisson(rate = 1 Hz)
population circ = 540 lif_cond() on grid(15, 6, 6)
connect map = inp -> circ { rule: when(i == 4 * (4 * floor(x_post / 3) + 2 * floor(z_post / 3) + floor(y_post / 3)) + 2)
                            synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS
                            plasticity: stdp_pair(w_max = 2 nS) }
connect rnd = circ -> circ { rule: when(rand() < 0.1); synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS; autapses: false
                             plasticity: stdp_pair(w_max = 2 nS) }
experiment { time 10 ms }
SNN
build "$T/w.snn" "$T/w" || exit 0
"$T/w" --quiet --seed 1 --format sonata,csv --out "$T/o1" || fail connect-when-run "exit status $?"
"$T/w" --quiet --seed 1 --format sonata,csv --out "$T/o1b" || fail connect-when-run "exit status $?"
"$T/w" --quiet --seed 2 --format sonata,csv --out "$T/o2" || fail connect-when-run "exit status $?"
"$PY" - "$T" <<'PYEOF' || fail connect-when-check "python check crashed"
import csv, collections, sys
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
def pairs(d, conn):
    return [(int(r['pre']), int(r['post'])) for r in csv.DictReader(open('%s/%s/weights_%s.csv' % (T, d, conn)))]
m = pairs('o1', 'map')
per_post = collections.Counter(p for _, p in m)
by_pre = collections.defaultdict(list)
for a, b in m:
    by_pre[a].append(b)
blocks = True
for a, posts in by_pre.items():
    xs = {p % 15 for p in posts}; ys = {p // 15 % 6 for p in posts}; zs = {p // 90 for p in posts}
    blocks &= len(posts) == 27 and len(xs) == len(ys) == len(zs) == 3 and max(xs) - min(xs) == 2 and max(ys) - min(ys) == 2
report('connect-when-one-channel-each', len(per_post) == 540 and set(per_post.values()) == {1},
       '%d neurons reached, in-degrees %s' % (len(per_post), set(per_post.values())))
report('connect-when-blocks', sorted(by_pre) == [4 * b + 2 for b in range(20)] and blocks,
       'channels %s' % sorted(by_pre))
r1, r1b, r2 = pairs('o1', 'rnd'), pairs('o1b', 'rnd'), pairs('o2', 'rnd')
frac = len(r1) / (540 * 539)
report('connect-when-random', 0.095 < frac < 0.105 and r1 == r1b and r1 != r2 and all(a != b for a, b in r1),
       'fraction %.4f, same seed same pairs %s, other seed other pairs %s' % (frac, r1 == r1b, r1 != r2))
PYEOF
