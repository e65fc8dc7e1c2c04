#!/usr/bin/python3
"""gap.py: the measurements behind docs/results.md's "snnc and Brian2 on the
same COBA network": where the two first differ, and what the refractory
convention does to the rates.  Not part of make test (it needs minutes).

    /usr/bin/python3 tests/brian2/reference.py --dir D --spikes --nets coba
    /usr/bin/python3 tests/brian2/gap.py spikes D      # spike for spike, per seed
    /usr/bin/python3 tests/brian2/gap.py tref 20 10    # 20 seeds x 10 s, t_ref 4.9 vs 5 ms

spikes: snnc runs tests/brian2/coba.snn (t_ref 4.9 ms) and the same with
t_ref = 5 ms on each seed's files in D and compares their spikes with those
of Brian2's run (refractory 5 ms), as Brian2's single-precision run does: the
first spike that differs, and the share of Brian2's spikes (neuron, step)
found in each 100 ms.  tref: models/coba.snn and models/cuba.snn (snnc draws
the wiring) with t_ref 5 ms and 4.9 ms, paired by seed: the mean relative
rate difference and its standard error.
"""
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SNNC = os.environ.get('SNNC', os.path.join(ROOT, 'build', 'snnc'))


def variant(model, tref, extra, scratch):
    """Builds model with t_ref = tref ms (and extra experiment items); the executable."""
    text = open(model).read()
    for old in ('t_ref = 4.9 ms', 't_ref = 5 ms'):
        text = text.replace(old, 't_ref = %g ms' % tref)
    if extra:
        text = text.replace('report rate of net.exc, net.inh }', 'report rate of net.exc, net.inh; %s }' % extra)
    name = os.path.join(scratch, '%s_%g' % (os.path.basename(model)[:-4], tref))
    open(name + '.snn', 'w').write(text)
    subprocess.run([SNNC, name + '.snn', '-o', name], check=True)
    return name


def spike_set(node, step):
    return set(zip(step.tolist(), node.tolist()))


def versus(b2, other, until):
    """First differing (step, node) and the share of b2's spikes in other per 100 ms."""
    diff = sorted(b2 ^ other)
    shares = []
    for lo in range(0, until, 1000):
        mine = {x for x in b2 if lo <= x[0] < lo + 1000}
        shares.append(len(mine & other) / max(1, len(mine)))
    return (diff[0] if diff else None), shares


def spikes(refdir):
    scratch = tempfile.mkdtemp(prefix='snnc-gap-')
    exes = {t: variant(os.path.join(ROOT, 'tests', 'brian2', 'coba.snn'), t, 'record spikes of net', scratch)
            for t in (4.9, 5)}
    for folder in sorted(glob.glob(os.path.join(refdir, 'seed*'))):
        seed = int(folder.rsplit('seed', 1)[1])
        z = np.load(os.path.join(refdir, 'spikes', 'coba_%d_0.npz' % seed))
        b2 = spike_set(z['node'], z['step'])
        until = int(z['step'].max()) + 1
        runs = {}
        single = os.path.join(refdir, 'spikes', 'coba_%d_single.npz' % seed)
        if os.path.exists(single):
            z = np.load(single)
            runs['Brian2 single precision'] = spike_set(z['node'], z['step'])
        for t, exe in exes.items():
            out = os.path.join(scratch, 'o_%d_%g' % (seed, t))
            subprocess.run([exe, '--quiet', '--format', 'csv', '--out', out], cwd=folder, check=True)
            rows = [r for r in csv.reader(open(os.path.join(out, 'spikes.csv')))][1:]
            runs['snnc t_ref %g ms' % t] = set((round(float(r[2]) / 0.1), int(r[1])) for r in rows)
        print('seed %d: Brian2 %d spikes' % (seed, len(b2)))
        for name, other in runs.items():
            first, shares = versus(b2, other, until)
            print('  %-24s %6d spikes, first difference %s, same spikes per 100 ms: %s' % (
                name, len(other), 'none' if first is None else 'step %d (neuron %d)' % first,
                ' '.join('%.3f' % x for x in shares)))


def tref(nseeds, seconds):
    scratch = tempfile.mkdtemp(prefix='snnc-gap-')
    for model in ('coba', 'cuba'):
        exes = {t: variant(os.path.join(ROOT, 'models', model + '.snn'), t, '', scratch) for t in (4.9, 5)}
        rates = {t: [] for t in exes}
        for seed in range(1, nseeds + 1):
            for t, exe in exes.items():
                out = os.path.join(scratch, 'o_%s_%d_%g' % (model, seed, t))
                subprocess.run([exe, '--quiet', '--seed', str(seed), '--set', 'sim.time=%gs' % seconds,
                                '--format', 'csv', '--out', out], check=True)
                pops = {p['name']: p['rate_hz'] for p in json.load(open(os.path.join(out, 'run.json')))['populations']}
                rates[t].append([pops['net.exc'], pops['net.inh']])
        a, b = np.array(rates[4.9]), np.array(rates[5])
        rel = (b - a) / a
        for k, pop in enumerate(('exc', 'inh')):
            print('%s %s, %d seeds x %g s: t_ref 4.9 ms %.3f Hz (seed sd %.1f %%), 5 ms %.3f Hz; '
                  '5 ms - 4.9 ms: %+.2f %% +- %.2f %% (standard error)' % (
                      model, pop, nseeds, seconds, a[:, k].mean(), 100 * a[:, k].std(ddof=1) / a[:, k].mean(),
                      b[:, k].mean(), 100 * rel[:, k].mean(), 100 * rel[:, k].std(ddof=1) / np.sqrt(nseeds)))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'spikes':
        spikes(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'tref':
        tref(int(sys.argv[2]), float(sys.argv[3]))
    else:
        sys.exit(__doc__.split('\n\n')[1])
