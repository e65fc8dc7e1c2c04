"""compare.py: snnc's runs of networks.test.sh against Brian2's (reference.json),
network by network and statistic by statistic; prints PASS/FAIL lines.

    compare.py REFERENCE.json ROOT     # ROOT/seedS/o_NET: snnc's run of NET on seed S's files

For each statistic X (excitatory and inhibitory rate; for the plastic
networks the mean and sd of the E->E weights at the end), reference.json
holds m runs of Brian2 per seed: the seed's run, replicas from a perturbed
v(0) and a run in single precision, all on the seed's wiring.  They are
trajectories of one network, and so is snnc's run.  With K seeds:
  D_s    = X(snnc, s) - mean of X over Brian2's m runs of seed s;
  sigma  = the sd of X among the runs of one seed, pooled over the seeds
           (K (m - 1) degrees of freedom): the trajectory spread;
  bias   |mean D| <= k sigma sqrt((1 + 1/m) / K)   (a systematic difference)
  seeds  max |D_s| <= k sigma sqrt(1 + 1/m)        (one seed far out)
with k = 3.5: a Gaussian difference exceeds 3.5 sd with probability 4.7e-4,
so an snnc that differs from Brian2 only by trajectory noise fails one of
the 24 checks with probability about 1 % (when a change of rounding
reshuffles its trajectories).  The seed-to-seed sd of X (other wiring) is
printed beside them; it is larger.  The plastic networks must also have
moved their weights: Brian2's weight sd (0 at the start) at least 10 sigma
in every seed.
"""
import json
import math
import os
import sys

import numpy as np

K_SIGMA = 3.5
STATS = {'rate_exc': ('Hz', 1), 'rate_inh': ('Hz', 1), 'w_mean': ('nS', 1e9), 'w_sd': ('nS', 1e9)}


def brian2_stats(run, ref):
    """The statistics of one of Brian2's runs."""
    x = {'rate_exc': sum(run['exc_per_window']) / 3200 / ref['time_s'],
         'rate_inh': sum(run['inh_per_window']) / 800 / ref['time_s']}
    if 'w_mean' in run:
        x.update(w_mean=run['w_mean'], w_sd=run['w_sd'])
    return x


def snnc_stats(folder, ref):
    """The statistics of snnc's run in folder (run.json, weights_ee.csv)."""
    pops = {p['name']: p for p in json.load(open(os.path.join(folder, 'run.json')))['populations']}
    x = {'rate_exc': pops['net.exc']['spikes'] / 3200 / ref['time_s'],
         'rate_inh': pops['net.inh']['spikes'] / 800 / ref['time_s']}
    wfile = os.path.join(folder, 'weights_ee.csv')
    if os.path.exists(wfile):
        w = np.loadtxt(wfile, delimiter=',', skiprows=1, usecols=2)
        x.update(w_mean=float(w.mean()), w_sd=float(w.std()))
    return x


def report(name, ok, why):
    print('PASS %s' % name if ok else 'FAIL %s: %s' % (name, why))


def compare_net(net, ref, root):
    runs = ref['nets'][net]['runs']
    seeds = sorted({r['seed'] for r in runs})
    brian2 = {s: [brian2_stats(r, ref) for r in runs if r['seed'] == s] for s in seeds}
    got = {s: snnc_stats(os.path.join(root, 'seed%d' % s, 'o_' + net), ref) for s in seeds}
    k, m = len(seeds), min(len(v) for v in brian2.values())
    for stat, (unit, scale) in STATS.items():
        if stat not in brian2[seeds[0]][0]:
            continue
        per_seed = {s: np.array([x[stat] for x in brian2[s]]) for s in seeds}
        sigma = math.sqrt(np.mean([np.var(v, ddof=1) for v in per_seed.values()]))
        d = np.array([got[s][stat] - per_seed[s].mean() for s in seeds])
        seed_sd = np.std([v.mean() for v in per_seed.values()], ddof=1)
        tol_bias, tol_seed = K_SIGMA * sigma * math.sqrt((1 + 1 / m) / k), K_SIGMA * sigma * math.sqrt(1 + 1 / m)
        print('%s %s (%s): Brian2 %.4g, seed-to-seed sd %.3g, trajectory sigma %.3g (%d runs per seed); '
              'snnc - Brian2 %s, mean %+.3g (tolerance %.3g), largest tolerated %.3g'
              % (net, stat, unit, np.mean(list(per_seed.values())) * scale, seed_sd * scale, sigma * scale, m,
                 ' '.join('%+.3g' % (x * scale) for x in d), d.mean() * scale, tol_bias * scale, tol_seed * scale))
        report('brian2-%s-%s-bias' % (net, stat), abs(d.mean()) <= tol_bias, 'mean difference %+.4g %s, more than '
               '%g sigma sqrt((1 + 1/%d) / %d) = %.3g' % (d.mean() * scale, unit, K_SIGMA, m, k, tol_bias * scale))
        report('brian2-%s-%s-seeds' % (net, stat), np.abs(d).max() <= tol_seed, 'largest difference %.4g %s, '
               'more than %g sigma sqrt(1 + 1/%d) = %.3g' % (np.abs(d).max() * scale, unit, K_SIGMA, m, tol_seed * scale))
        if stat == 'w_sd':
            low = min(v.min() for v in per_seed.values())
            report('brian2-%s-weights-moved' % net, low >= 10 * sigma,
                   'weight sd %.3g nS (0 at the start) is less than 10 sigma = %.3g nS' % (low * 1e9, 10 * sigma * 1e9))


def main():
    """compare.py REF DIR [NET...]: the networks named, else every one of REF."""
    ref = json.load(open(sys.argv[1]))
    for net in sys.argv[3:] or ref['nets']:
        compare_net(net, ref, sys.argv[2])


if __name__ == '__main__':
    main()
