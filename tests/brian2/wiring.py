"""wiring.py: the wiring, initial membrane potentials and fixed spike train
that snnc and Brian2 both read, for the networks compared in tests/brian2.

Drawn with numpy from a seed, so that the test remakes them in a second
instead of keeping megabytes in the repository; the files' SHA-256 ties the
cached Brian2 results (reference.json) to them.  One seed gives one folder,
shared by the four networks (coba, cuba, stdp, rmstdp: 4000 neurons, 3200
excitatory), with the statistics Brian2's connect(p=0.02) gives
(bench/README.md): each pair independently with probability 0.02, autapses
allowed.  The excitatory projection is split at the family boundary, since
the plastic networks learn on E->E only:

  ee.csv   exc -> exc   pre,post within the excitatory family
  ei.csv   exc -> inh   post within the inhibitory family
  inh.csv  inh -> all   pre within the inhibitory family
  v0.csv       v(0) normal(-55 mV, 5 mV) in volts (COBA, STDP, RM-STDP)
  v0_cuba.csv  v(0) uniform(-60 mV, -50 mV) (CUBA)
  reward.csv   one source, Poisson 4 Hz with a 5 ms dead time (RM-STDP)

v(0) is rounded to single precision (snnc's state precision) and written as
the exact double, so both simulators start from the same numbers.

    /usr/bin/python3 tests/brian2/wiring.py DIR SEED...   # writes DIR/seedSEED/*.csv, prints the hashes
"""
import hashlib
import os
import sys

import numpy as np

N, N_EXC, P_CONN = 4000, 3200, 0.02
N_INH = N - N_EXC
# projection -> (first pre, pre count, first post, post count), as neuron indices
PROJECTIONS = {'ee': (0, N_EXC, 0, N_EXC), 'ei': (0, N_EXC, N_EXC, N_INH), 'inh': (N_EXC, N_INH, 0, N)}
REWARD_HZ, REWARD_DEAD_MS, REWARD_UNTIL_MS = 4.0, 5.0, 10e3


def bernoulli_pairs(rng, n_pre, n_post):
    """(pre, post) of an n_pre x n_post matrix of Bernoulli(P_CONN) trials, in
    row order: the successes' positions by geometric gaps."""
    total = n_pre * n_post
    pos = np.empty(0, np.int64)
    while not pos.size or pos[-1] < total:
        gaps = rng.geometric(P_CONN, int(total * P_CONN * 1.1) + 100)
        pos = np.concatenate([pos, (pos[-1] if pos.size else -1) + np.cumsum(gaps)])
    pos = pos[pos < total]
    return pos // n_post, pos % n_post


def draw(seed):
    """{file name: value} for one seed."""
    rng = np.random.default_rng([seed, 1])
    pre, post = bernoulli_pairs(rng, N_EXC, N)
    out = {'ee.csv': (pre[post < N_EXC], post[post < N_EXC]),
           'ei.csv': (pre[post >= N_EXC], post[post >= N_EXC] - N_EXC),
           'inh.csv': bernoulli_pairs(rng, N_INH, N)}
    single = lambda v: v.astype(np.float32).astype(np.float64)  # noqa: E731
    out['v0.csv'] = single(rng.normal(-55e-3, 5e-3, N))
    out['v0_cuba.csv'] = single(rng.uniform(-60e-3, -50e-3, N))
    isi = rng.exponential(1e3 / REWARD_HZ, int(3 * REWARD_HZ * REWARD_UNTIL_MS / 1e3)) + REWARD_DEAD_MS
    t = np.round(np.cumsum(isi), 1)
    out['reward.csv'] = t[t < REWARD_UNTIL_MS]
    return out


def text(name, value):
    if name.startswith('v0'):
        return 'v\n' + ''.join('%.17g\n' % x for x in value)
    if name == 'reward.csv':
        return 'node_id,time_ms\n' + ''.join('0,%.1f\n' % t for t in value)
    pre, post = value
    return 'pre,post\n' + '\n'.join(map('%d,%d'.__mod__, zip(pre.tolist(), post.tolist()))) + '\n'


def write(seed, folder):
    """Writes the files into folder; returns (the hash of their contents, the values)."""
    os.makedirs(folder, exist_ok=True)
    h = hashlib.sha256()
    values = draw(seed)
    for name in sorted(values):
        t = text(name, values[name]).encode()
        h.update(name.encode() + b'\0' + t)
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(t)
    return h.hexdigest(), values


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: wiring.py DIR SEED...')
    for seed in sys.argv[2:]:
        print(write(int(seed), os.path.join(sys.argv[1], 'seed' + seed))[0])
