# 'on grid(15, 6, 6) shuffled': the neurons take the grid's positions in a random
# order drawn from the seed.  The speech experiment's input mapping (channel
# 4b + 2 to the 27 positions of block b) still gives every neuron exactly one
# channel and every used channel 27 neurons, but a channel's neurons are no
# longer a 3x3x3 block of indices, and the inhibitory family (the last 20 % of
# the indices) is spread over the blocks instead of filling the top planes: in
# index order only the 10 blocks of the upper z half hold inhibitory neurons.
# Same seed, same placement; another seed, another; run.json says shuffled.
# (Plastic projections, so that their weights_*.csv lists the pairs.)
. tests/lib.sh
cat >"$T/g.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
population inp = 86 poisson(rate = 1 Hz)
population circ = 540 lif_cond() on grid(15, 6, 6) shuffled
                  split exc 80 %, inh 20 %
population plain = 540 lif_cond() on grid(15, 6, 6)
                   split exc 80 %, inh 20 %
connect map = inp -> circ { rule: when(i == 4 * (4 * floor(x_post / 3) + 2 * floor(z_post / 3) + floor(y_post / 3)) + 2)
                            synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS
                            plasticity: stdp_pair(w_max = 2 nS) }
connect ref = inp -> plain { rule: when(i == 4 * (4 * floor(x_post / 3) + 2 * floor(z_post / 3) + floor(y_post / 3)) + 2)
                             synapse: exp_cond(tau = 5 ms); port: g_e; weight: 1 nS
                             plasticity: stdp_pair(w_max = 2 nS) }
experiment { time 1 ms }
SNN
build "$T/g.snn" "$T/g" || exit 0
for run in 1:a 1:b 2:c; do
    "$T/g" --quiet --seed "${run%%:*}" --format sonata,csv --out "$T/o${run##*:}" || fail grid-shuffled-run "exit status $?"
done
"$PY" - "$T" <<'PYEOF' || fail grid-shuffled-check "python check crashed"
import collections, csv, json, sys
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
def pairs(d, conn):
    return sorted((int(r['pre']), int(r['post'])) for r in csv.DictReader(open('%s/%s/weights_%s.csv' % (T, d, conn))))
def inh_channels(m):
    return len({a for a, b in m if b >= 432})
a, b, c, ref = pairs('oa', 'map'), pairs('ob', 'map'), pairs('oc', 'map'), pairs('oa', 'ref')
per_post = collections.Counter(p for _, p in a)
per_pre = collections.Counter(q for q, _ in a)
report('grid-shuffled-one-channel-each', len(per_post) == 540 and set(per_post.values()) == {1}
       and sorted(per_pre) == [4 * k + 2 for k in range(20)] and set(per_pre.values()) == {27},
       '%d neurons reached, in-degrees %s, channels %s' % (len(per_post), set(per_post.values()), sorted(per_pre)))
report('grid-shuffled-not-blocks', a != ref, 'the shuffled mapping equals the one in index order')
report('grid-shuffled-inh-spread', inh_channels(ref) == 10 and inh_channels(a) >= 18,
       'channels reaching inhibitory neurons: %d in index order (10 expected), %d shuffled (>= 18 expected)'
       % (inh_channels(ref), inh_channels(a)))
report('grid-shuffled-seeded', a == b and a != c, 'same seed same placement %s, other seed other %s' % (a == b, a != c))
pops = {p['name']: p for p in json.load(open(T + '/oa/run.json'))['populations']}
report('grid-shuffled-run-json', pops['circ'].get('grid_shuffled') is True and pops['plain'].get('grid_shuffled') is False,
       'grid_shuffled: circ %s, plain %s' % (pops['circ'].get('grid_shuffled'), pops['plain'].get('grid_shuffled')))
PYEOF
