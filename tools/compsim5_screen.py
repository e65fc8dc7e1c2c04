#!/usr/bin/python3
"""compsim5_screen.py SET.h5 OUT_DIR [--seed N] [--reps R] [--fixed D] [--check] [-- READOUT-OPTIONS...]:
a quick screening of the speech experiment (models/compsim5_speech.snn) for a
spike set, in about 25 s instead of the full run's 100: the circuit answers each
utterance R times (default 20; the circuit is frozen, so its answers do not depend
on the readout), then the readout alone runs the whole protocol (2480 trials) on
them, each trial getting one of its utterance's recorded answers at random.  Both
models are cut out of models/compsim5_speech.snn, so they follow its changes.
READOUT-OPTIONS go to the readout's executable (e.g. --set readout.noise_scale=0.3).
Prints tools/compsim5_report.py for the readout run (OUT_DIR/readout-out, or
OUT_DIR/fixed-out with --fixed).
The reuse of R answers per utterance makes the trials less varied than in the
full run: use it to compare settings, and the full run for results.
--fixed D asks what the readout neuron could do on these answers with weights
that need no learning: no plasticity, w_max from every excitatory neuron that
fires on average more than D spikes per trial (in the counted window) more for
the rewarded digit than for the other, nothing from the rest.
--check only cuts the models out (the fixed-weight one too) and checks them
with snnc --check."""
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)

MODEL = os.path.join(ROOT, 'models', 'compsim5_speech.snn')


def sections():
    """The model's text cut at its declarations: header (imports, params, the
    stimulus), circuit, readout, the circuit's connections, the rest (reward,
    readout synapses, experiment)."""
    marks = [('circuit', 'population circuit'), ('readout', 'population readout'),
             ('wiring', '// channel 4b + 2 to block b'), ('rest', '// the reward:')]
    part, out = 'header', {'header': []}
    for line in open(MODEL):
        for name, start in marks:
            if line.startswith(start):
                part = name
                out[part] = []
        out[part].append(line)
    if len(out) != 5:
        sys.exit('compsim5_screen: %s no longer has the expected sections' % MODEL)
    return {k: ''.join(v) for k, v in out.items()}


PLASTIC = re.compile(r'(connect syn = circuit\.exc -> readout \{ )rule: all(.*?)weight: [^\n]*\n(.*?)\n\s*plasticity: rm_stdp\(.*?\) \}',
                     re.S)


def fixed_readout(readout, chosen):
    """The readout model with fixed weights: w_max from the neurons in the file chosen."""
    text, n = PLASTIC.subn(lambda m: '%srule: file("%s")%sweight: w_max\n%s }' % (m.group(1), chosen, m.group(2), m.group(3)),
                           readout)
    text, k = re.subn(r'modulator reward = [^{]*\{[^}]*\}\n', '', text)
    if n != 1 or k != 1:
        sys.exit('compsim5_screen: cannot find the plastic readout synapses or the reward in %s' % MODEL)
    return text


def choose_fixed(ids, ts, tr, trial_ms, labels, reps, readout, margin, path):
    """Writes the excitatory neurons (the pool records only them, and they come
    first in the circuit) that fire more than margin spikes per trial more for
    the rewarded label than for the other; pool trial k shows entry k mod nent."""
    win = re.search(r'report spikes of readout in \[(\d+) ms, (\d+) ms\]', readout)
    rewarded = re.search(r'sign: label == (\d+) \?', readout)
    if not (win and rewarded):
        sys.exit('compsim5_screen: cannot find the counted window or the rewarded label in %s' % MODEL)
    t = ts - tr * trial_ms
    m = (t >= float(win.group(1))) & (t < float(win.group(2)))
    nent = len(labels)
    counts = np.zeros((nent * reps, ids.max() + 1 if len(ids) else 1))
    np.add.at(counts, (tr[m], ids[m]), 1)
    rewarded_trials = labels[np.arange(nent * reps) % nent] == int(rewarded.group(1))
    diff = counts[rewarded_trials].mean(0) - counts[~rewarded_trials].mean(0)
    chosen = np.where(diff > margin)[0]
    print('compsim5_screen: %d neurons at w_max' % len(chosen))
    with open(path, 'w') as f:
        f.write('pre,post\n' + ''.join('%d,0\n' % i for i in chosen))


def run(cmd, out=None):
    if out:
        shutil.rmtree(out, ignore_errors=True)
        cmd = cmd + ['--out', out]
    r = subprocess.run(cmd)
    if r.returncode:
        sys.exit('compsim5_screen: failed: %s' % ' '.join(cmd))


def main():
    args = sys.argv[1:]
    extra = args[args.index('--') + 1:] if '--' in args else []
    args = args[:args.index('--')] if '--' in args else args
    seed, reps, fixed = 1, 20, None
    check_only = '--check' in args
    if check_only:
        args.remove('--check')
    for opt, kind in (('--fixed', float), ('--seed', int), ('--reps', int)):
        if opt in args:
            k = args.index(opt)
            try:
                val = kind(args[k + 1])
            except (IndexError, ValueError):
                sys.exit('compsim5_screen: %s needs a number\n\n%s' % (opt, __doc__))
            del args[k:k + 2]
            if opt == '--fixed':
                fixed = val
            elif opt == '--seed':
                seed = val
            else:
                reps = val
    if len(args) != 2:
        sys.exit(__doc__)
    stim, out = os.path.abspath(args[0]), args[1]
    os.makedirs(out, exist_ok=True)
    labels = h5py.File(stim, 'r')['entries/label'][:]
    nent = len(labels)
    s = sections()
    # what the two models share with the full one: the trial, the circuit's size and families
    trial = re.search(r'^\s*trial (\d+(?:\.\d+)?) s$', s['rest'], re.M)
    size = re.match(r'population circuit = (\d+)', s['circuit'])
    split = re.search(r'split [^\n]*', s['circuit'])
    if not (trial and size and split):
        sys.exit('compsim5_screen: cannot find the trial length or the circuit\'s size and split in %s' % MODEL)
    trial_ms = 1e3 * float(trial.group(1))
    compiler = os.path.join(ROOT, 'build', 'snnc')
    pool = s['header'] + s['circuit'] + s['wiring'] + (
        'experiment {\n  trial %s s\n  reset circuit every trial\n'
        '  phase pool { trials %d; order sequential }\n  record spikes of circuit.exc\n}\n' % (trial.group(1), nent * reps))
    rest = ''.join(l for l in s['rest'].splitlines(True) if 'reset circuit every trial' not in l)
    readout = (s['header'] + 'population circuit = %s spike_file("circuit.csv") %s\n' % (size.group(1), split.group(0))
               + s['readout'] + rest)
    # the readout that runs: the learning one, or with --fixed the fixed-weight one
    models = [('pool', pool)]
    if fixed is None or check_only:
        models.append(('readout', readout))
    if fixed is not None or check_only:
        models.append(('fixed', fixed_readout(readout, os.path.abspath(os.path.join(out, 'fixed.csv')))))
    ro_name = 'readout' if fixed is None else 'fixed'
    for name, text in models:
        with open(os.path.join(out, name + '.snn'), 'w') as f:
            f.write(text)
        if check_only:
            run([compiler, '-I', ROOT, '--check', os.path.join(out, name + '.snn')])
        else:
            run([compiler, '-I', ROOT, os.path.join(out, name + '.snn'), '-o', os.path.join(out, name)])
    if check_only:
        return
    # the circuit's answers: pool trial k shows entry k mod nent
    run([os.path.join(out, 'pool'), '--quiet', '--seed', str(seed), '--set', 'speech.file=' + stim],
        os.path.join(out, 'pool-out'))
    pool = snnc.load(os.path.join(out, 'pool-out')).spikes['circuit']
    ids, ts = pool.node_ids, pool.times_ms
    tr = (ts // trial_ms).astype(np.int64)
    order = np.argsort(tr, kind='stable')
    starts = np.searchsorted(tr[order], np.arange(nent * reps + 1))
    if fixed is not None:
        choose_fixed(ids, ts, tr, trial_ms, labels, reps, readout, fixed, os.path.join(out, 'fixed.csv'))
    # the readout's trial order (its entries) from a run without circuit spikes
    empty = os.path.join(out, 'circuit.csv')
    with open(empty, 'w') as g:
        g.write('node_id,time_ms\n')
    ro = [os.path.join(out, ro_name), '--quiet', '--seed', str(seed), '--set', 'speech.file=' + stim,
          '--set', 'circuit.file=' + empty]
    run(ro, os.path.join(out, 'order'))
    rng = np.random.RandomState(seed)
    with open(empty, 'w') as g:
        g.write('node_id,time_ms\n')
        tr = snnc.load(os.path.join(out, 'order')).trials
        for t, e in zip(tr['trial'].tolist(), tr['entry'].tolist()):
            k = e + nent * rng.randint(reps)
            sel = order[starts[k]:starts[k + 1]]
            for i, x in zip(ids[sel], ts[sel] - k * trial_ms + t * trial_ms):
                g.write('%d,%.1f\n' % (i, x))
    result = os.path.join(out, ro_name + '-out')
    run(ro + extra, result)
    r = subprocess.run(['/usr/bin/python3', os.path.join(ROOT, 'tools', 'compsim5_report.py'), result])
    sys.exit(0 if r.returncode in (0, 3) else r.returncode)


if __name__ == '__main__':
    main()
