#!/usr/bin/python3
"""compsim5_search.py KIND N [--seed S] [--jobs J] [--out DIR] [--dry]: a random search
for the spike encoding of the speech experiment.  KIND is synthesized (the
digits of `make digits`, build/digits) or recorded (../shared/data/fsdd_one_two).
Draws N settings of build/snn-audio from the ranges below (random generator seeded
with S, default 1), encodes the set with each and screens it with
tools/compsim5_screen.py (seed 1), J at a time (default 2: each screening keeps
one core busy).  Prints one line per setting, in the order drawn: test accuracy,
the readout's spikes per trial ("one"/"two") before and after training, options.
--dry only encodes (and prints each set's channels and spikes).
The settings of tools/speech_encoding came from such searches (docs/results.md,
simulation 5); a screening is not a result: check a choice with other seeds and
full runs (tools/reproduce_compsim5.sh)."""
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def files(kind):
    if kind == 'synthesized':
        d = os.path.join(ROOT, 'build', 'digits')
        return ['%d=%s/%s_%02d.wav' % (lab, d, word, k) for k in range(1, 11) for lab, word in ((1, 'one'), (2, 'two'))]
    d = os.path.join(ROOT, '..', 'shared', 'data', 'fsdd_one_two')
    return ['%d=%s/%d_jackson_%d.wav' % (lab, d, lab, i) for i in range(10) for lab in (1, 2)]


def draw(rng, kind):
    """One setting: BSA rule and threshold, frame length, (recordings) the band,
    peak, filter length and cut-off."""
    a = ['--no-agc']
    if rng.random() < 0.5:
        a += ['--ratio', '--threshold', '%.2f' % rng.choice([0.97, 0.98, 0.99, 1.0])]
    else:
        a += ['--threshold', '%.2f' % rng.uniform(0.4, 1.0)]  # above about 1 BSA stays silent
    frame_ms = rng.choice([4, 6, 8, 10, 12, 14, 16])
    if kind == 'recorded' and rng.random() < 0.5:
        a += ['--rate', '8000', '--step', '0.187', '--df', str(frame_ms * 8)]  # 86 channels in 0-4 kHz
    else:
        a += ['--df', str(frame_ms * 16)]
    return a + ['--peak', '%.2f' % rng.uniform(0.25, 0.9), '--taps', str(rng.choice([10, 12, 14, 16, 20, 24, 32])),
                '--cutoff', '%.3f' % rng.choice([0.035, 0.05, 0.07, 0.1, 0.15])]


def screen(kind, out, dry, i, opts):
    d = os.path.join(out, str(i))
    os.makedirs(d, exist_ok=True)
    h5 = os.path.join(d, 'set.h5')
    enc = subprocess.run([os.path.join(ROOT, 'build', 'snn-audio'), '-o', h5] + opts + files(kind),
                         capture_output=True, text=True)
    if enc.returncode:
        return 'encoding failed: %s | %s' % (enc.stderr.strip(), ' '.join(opts))
    if dry:
        f = h5py.File(h5, 'r')
        return '%d channels, %d spikes | %s' % (len(f['channels/cf_hz']), len(f['spikes/entry']), ' '.join(opts))
    rep = subprocess.run(['/usr/bin/python3', os.path.join(ROOT, 'tools', 'compsim5_screen.py'), h5, d],
                         capture_output=True, text=True).stdout
    acc = re.search(r'"(\w+)" above .*test accuracy (\S+) %', rep)
    spikes = [re.search(r'^  %s\s+(\S+) .*?\)\s+(\S+)' % p, rep, re.M) for p in ('before', 'after')]
    if not (acc and all(spikes)):
        return 'screening failed (see %s) | %s' % (d, ' '.join(opts))
    return '%5s %% ("%s" above)  before %s/%s  after %s/%s | %s' % (
        acc.group(2), acc.group(1), spikes[0].group(1), spikes[0].group(2), spikes[1].group(1), spikes[1].group(2),
        ' '.join(opts))


def main():
    args = sys.argv[1:]
    dry = '--dry' in args
    if dry:
        args.remove('--dry')
    opts = {'--seed': '1', '--jobs': '2', '--out': os.path.join(ROOT, 'build', 'compsim5-search')}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = args[i + 1]
            del args[i:i + 2]
    if len(args) != 2 or args[0] not in ('synthesized', 'recorded') or not args[1].isdigit():
        sys.exit(__doc__)
    kind, n = args[0], int(args[1])
    missing = [f.split('=', 1)[1] for f in files(kind) if not os.path.exists(f.split('=', 1)[1])]
    if missing:
        sys.exit('compsim5_search: %s is missing%s' % (missing[0], ' (make digits)' if kind == 'synthesized' else ''))
    rng = random.Random(int(opts['--seed']))
    settings = [draw(rng, kind) for _ in range(n)]
    out = os.path.join(opts['--out'], kind)
    with ThreadPoolExecutor(int(opts['--jobs'])) as ex:
        for line in ex.map(lambda a: screen(kind, out, dry, *a), enumerate(settings)):
            print(line, flush=True)


if __name__ == '__main__':
    main()
