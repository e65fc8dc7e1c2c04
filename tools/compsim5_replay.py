#!/usr/bin/python3
"""compsim5_replay.py RUN SET.h5 OUT_DIR [--model M.snn] [--fixed D] [-- READOUT-OPTIONS...]:
the readout of the speech experiment run again, on the circuit answers a full
run recorded, with another readout, rule or reward -- the controlled experiment
for a finding of a full run, in about 10 s instead of 150.

RUN is a full run's folder (models/compsim5_speech.snn or a variant, its
spikes.h5 holding every circuit spike of all 2480 trials, as the model records
them); SET.h5 the stimulus set it ran on.  The model (--model, default
models/compsim5_speech.snn) is cut as tools/compsim5_screen.py cuts it: the
circuit becomes a spike_file population replaying RUN's excitatory spikes
(OUT_DIR/circuit.csv, every spike at its recorded time) and its connections
go; the readout, the reward, the plastic synapses and the protocol stay.  The
circuit is frozen, so its answers do not depend on the readout, and every
trial of the replay shows the same utterance with the same circuit answer as
in RUN (the same seed, so the same trial order and initial weights).
READOUT-OPTIONS go to the readout's executable (--set syn.ratio=1, ...).

One difference from the full run: a spike-file population has no state to
reset, so the replay resets the readout at every trial instead of the circuit.
That also returns the short-term dynamics of the readout's synapses to rest at
every trial, as the full run's circuit reset does, but it resets the readout's
V_m and noise too, which the full run leaves running; the replay is therefore
not identical to RUN, only alike (docs/results.md compares them on ten voices).

The replay records the plastic weights at the end of every trial, and after
tools/compsim5_report.py prints how the training trials of each digit changed
the drive of each digit: sum_i dw_i n_i(d), with n_i(d) the mean spikes per
trial of excitatory neuron i for digit d in the test phase before training
(in nS x spikes), over training trials 1-200, 201-1000 and 1001-2000.

--fixed D asks, as tools/compsim5_screen.py --fixed does, what a readout with
weights that need no learning does on these same circuit answers: w_max from
every excitatory neuron that fired on average more than D spikes per trial (in
the counted window) more for "two" than for "one" in RUN's test phase before
training, nothing from the rest, no plasticity."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
from compsim5_screen import fixed_readout  # noqa: E402


def cut(text):
    """The model with the circuit as a spike file: its population replaced,
    its connections (from the input mapping to the reward) dropped, the reset
    moved to the readout, and the weights recorded after every trial."""
    marks = ['population circuit =', 'population readout =', '// channel 4b + 2 to block b', '// the reward:']
    at = [text.find('\n' + m) for m in marks]
    trial = re.search(r'^\s*trial (\d+(?:\.\d+)?) s$', text, re.M)
    size = re.search(r'^population circuit = (\d+)', text, re.M)
    split = re.search(r'split [^\n]*', text[at[0]:at[1]] if min(at) >= 0 else '')
    if min(at) < 0 or at != sorted(at) or not (trial and size and split) or '  reset circuit every trial\n' not in text:
        sys.exit('compsim5_replay: the model lacks the sections of models/compsim5_speech.snn')
    circuit = '\npopulation circuit = %s spike_file("circuit.csv")\n                     %s\n' % (size.group(1), split.group(0))
    text = text[:at[0]] + circuit + text[at[1] + 1:at[2] + 1] + text[at[3] + 1:]
    text = text.replace('  reset circuit every trial\n', '  reset readout every trial\n')
    if not re.search(r'^\s*record w of syn every ', text, re.M):
        text = re.sub(r'(\n\s*report spikes of readout[^\n]*\n)', r'\1  record w of syn every %s s\n' % trial.group(1), text, count=1)
    return text, 1e3 * float(trial.group(1))


def circuit_csv(run, path, nexc):
    """RUN's spikes of the first nexc circuit neurons (the excitatory family)."""
    f = h5py.File(os.path.join(run, 'spikes.h5'), 'r')
    t = f['spikes/circuit/timestamps'][:]
    n = f['spikes/circuit/node_ids'][:].astype(np.int64)
    m = n < nexc
    with open(path, 'w') as g:
        g.write('node_id,time_ms\n')
        np.savetxt(g, np.c_[n[m], t[m]], fmt=['%d', '%.1f'], delimiter=',')
    return n[m], t[m]


def choose_fixed(run, ids, ts, trial_ms, nexc, text, margin, path):
    """The excitatory neurons that fired more than margin spikes per trial more
    for "two" than for "one" in RUN's test phase before training."""
    win = re.search(r'report spikes of readout in \[(\d+) ms, (\d+) ms\]', text)
    rows = list(csv.DictReader(open(os.path.join(run, 'trials.csv'))))
    lab = np.array([int(r['label']) for r in rows])
    before = np.array([r['phase'] == 'before' for r in rows])
    tr = (ts // trial_ms).astype(np.int64)
    m = (ts - tr * trial_ms >= float(win.group(1))) & (ts - tr * trial_ms < float(win.group(2)))
    counts = np.zeros((len(rows), nexc))
    np.add.at(counts, (tr[m], ids[m]), 1)
    diff = counts[before & (lab == 2)].mean(0) - counts[before & (lab == 1)].mean(0)
    chosen = np.where(diff > margin)[0]
    with open(path, 'w') as f:
        f.write('pre,post\n' + ''.join('%d,0\n' % i for i in chosen))
    print('compsim5_replay: %d neurons at w_max' % len(chosen))


def drive(out, ids, ts, trial_ms, nexc):
    """Per training stretch, the change of each digit's drive made by the trials of each digit."""
    rows = list(csv.DictReader(open(os.path.join(out, 'trials.csv'))))
    lab = np.array([int(r['label']) for r in rows])
    ph = np.array([r['phase'] for r in rows])
    rep = h5py.File(os.path.join(out, 'weights_syn_t.h5'), 'r')['report/syn']
    w = rep['data'][:]
    # samples at the end of every trial: the weights at the start of trial k are
    # row k - 1 (trial 0 does not learn)
    w = np.vstack([w[:1], w])
    pre = rep['mapping/source_node_ids'][:].astype(np.int64)
    counts = np.zeros((len(rows), nexc))
    np.add.at(counts, ((ts // trial_ms).astype(np.int64), ids), 1)
    before = ph == 'before'
    n = {d: counts[before & (lab == d)].mean(0)[pre] for d in (1, 2)}
    train = np.where(ph == 'train')[0]
    dw = w[1:] - w[:-1]
    print('drive sum_i w_i n_i(d) (nS x spikes) changed by the training trials of each digit:')
    print('  %-11s %-25s %-25s %s' % ('trials', '"one" trials: one, two', '"two" trials: one, two', 'drive one, two: start -> end'))
    for a, b in ((0, 200), (200, 1000), (1000, 2000)):
        s = train[a:b]
        if not len(s):
            continue
        d1, d2 = dw[s[lab[s] == 1]].sum(0), dw[s[lab[s] == 2]].sum(0)
        print('  %4d-%-6d %+8.1f %+8.1f %7s %+8.1f %+8.1f %7s %5.0f, %-5.0f -> %5.0f, %.0f' %
              (a + 1, b, d1 @ n[1], d1 @ n[2], '', d2 @ n[1], d2 @ n[2], '',
               w[s[0]] @ n[1], w[s[0]] @ n[2], w[s[-1] + 1] @ n[1], w[s[-1] + 1] @ n[2]))


def main():
    args = sys.argv[1:]
    extra = args[args.index('--') + 1:] if '--' in args else []
    args = args[:args.index('--')] if '--' in args else args
    model = os.path.join(ROOT, 'models', 'compsim5_speech.snn')
    if '--model' in args:
        k = args.index('--model')
        if k + 1 >= len(args):
            sys.exit(__doc__)
        model = args[k + 1]
        del args[k:k + 2]
    fixed = None
    if '--fixed' in args:
        k = args.index('--fixed')
        try:
            fixed = float(args[k + 1])
        except (IndexError, ValueError):
            sys.exit('compsim5_replay: --fixed needs a number\n\n' + __doc__)
        del args[k:k + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    run, stim, out = args
    meta = json.load(open(os.path.join(run, 'run.json')))
    text, trial_ms = cut(open(model).read())
    if fixed is not None:
        text = fixed_readout(text, os.path.abspath(os.path.join(out, 'fixed.csv')))
        text = re.sub(r'\n\s*record w of syn every [^\n]*', '', text)
    os.makedirs(out, exist_ok=True)
    src = os.path.join(out, 'replay.snn')
    with open(src, 'w') as f:
        f.write(text)
    exe = os.path.join(out, 'replay')
    if subprocess.run([os.path.join(ROOT, 'build', 'snnc'), '-I', ROOT, src, '-o', exe]).returncode:
        sys.exit('compsim5_replay: the cut model does not compile')
    size = int(re.search(r'^population circuit = (\d+)', text, re.M).group(1))
    nexc = int(round(size * float(re.search(r'split exc (\d+(?:\.\d+)?) %', text).group(1)) / 100))
    ids, ts = circuit_csv(run, os.path.join(out, 'circuit.csv'), nexc)
    if fixed is not None:
        choose_fixed(run, ids, ts, trial_ms, nexc, text, fixed, os.path.join(out, 'fixed.csv'))
    result = os.path.join(out, 'run')
    shutil.rmtree(result, ignore_errors=True)
    cmd = [exe, '--quiet', '--seed', str(meta['seed']), '--set', 'speech.file=' + os.path.abspath(stim),
           '--set', 'circuit.file=' + os.path.join(out, 'circuit.csv'), '--out', result] + extra
    if subprocess.run(cmd).returncode:
        sys.exit('compsim5_replay: failed: %s' % ' '.join(cmd))
    r = subprocess.run(['/usr/bin/python3', os.path.join(ROOT, 'tools', 'compsim5_report.py'), result])
    if fixed is None:
        drive(result, ids, ts, trial_ms, nexc)
    sys.exit(0 if r.returncode in (0, 3) else r.returncode)


if __name__ == '__main__':
    main()
