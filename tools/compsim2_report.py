#!/usr/bin/python3
"""compsim2_report.py OUT_DIR...: the numbers of the paper's Fig 7 for runs of
models/compsim2_teacher.snn -- the mean weight of the 50 synapses with
w* = w_max and of the 50 with w* = 0 (in units of w_max), and the angle between
w and w* = (w_max x 50, 0 x 50), at the first sample and at the end, and the
spike correlation of the learner with the realizable target in each test phase
(frozen weights, no noise; Fig 7C: cosine of the two spike trains, each convolved
with a +-10 ms box on a 1 ms grid, over 5-35 s of the phase) -- and whether the
run shows what the paper claims: strong group up, weak group down, angular error
falling, correlation higher after training than before it.
--no-correlation leaves the correlation out of the verdict (for short runs).
--w-max W gives w_max in SI units for other variants (models/compsim2_current.snn:
--w-max 32.9e-12, in A).
--plot FILE (.png or .svg) draws the panels of Fig 7 from all the runs given:
the mean weight of both groups against time (A), the learner's and the realizable
target's spikes in the first and the last test phase (B, first run), the spike
correlation per test phase (C), the angular error against time (D), initial and
final weights (E, first run) and every weight against time (F, first run)."""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_figure  # noqa: E402  (--plot and saving, tools/report_figure.py)

W_MAX = 11.87e-9


def option_w_max(args):
    """Takes --w-max W out of args; sets W_MAX (SI units)."""
    global W_MAX
    if '--w-max' in args:
        i = args.index('--w-max')
        W_MAX = float(args[i + 1])
        del args[i:i + 2]
    return args


def series(run):
    """Times (s) and weights (in w_max) of the weight series of syn."""
    s = run.weight_series('syn')
    t = [x / 1000 for x in s.times_ms.tolist()]
    w = [[x / W_MAX for x in r] for r in s.si().tolist()]
    return t, w


def angle(w):
    dot = sum(w[:50])
    norm = math.sqrt(sum(x * x for x in w)) * math.sqrt(50)
    return math.acos(min(1.0, dot / norm)) if norm > 0 else float('nan')


def spike_times(run):
    """Spike times (s) of the learner and of the realizable target."""
    return [run.spikes[p].times_ms / 1000 for p in ('learner', 'realizable')]


def correlation(x, t0, t1):
    """Cosine of the two spike trains x in [t0, t1) s."""
    box = np.ones(21)
    v = []
    for ts in x:
        ts = ts[(ts >= t0) & (ts < t1)]
        b = np.bincount(((ts - t0) * 1000).astype(int), minlength=int(round((t1 - t0) * 1000)))
        v.append(np.convolve(b, box, mode='same'))
    n = np.linalg.norm(v[0]) * np.linalg.norm(v[1])
    return float(v[0] @ v[1] / n) if n > 0 else float('nan')


def test_phases(run):
    """(name, start s) of the test phases, from the schedule in run.json."""
    return [(p['name'], p['start_s']) for p in run.phases if p['name'].startswith('test')]


def draw(path, runs):
    """Fig 7's panels from runs: (name, t, w, strong, weak, angle, corr, test
    phases, spikes, run) per run."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(2, 3, figsize=(14, 8))
    a, b, c = ax[0]
    d, e, f = ax[1]
    for k, r in enumerate(runs):
        name, t, w, strong, weak, ang, corr, phases = r[:8]
        col = 'C%d' % k
        tm = [x / 60 for x in t]
        a.plot(tm, strong, '-', color=col, label=name)
        a.plot(tm, weak, '--', color=col)
        d.plot(tm, ang, '-', color=col, label=name)
        if corr:
            c.plot([(t0 + 20) / 60 for _, t0 in phases], corr, 'o-', color=col, label=name)
    a.set(title='A: mean weights (solid w* = w_max, dashed w* = 0)', xlabel='time (min)', ylabel='w / w_max',
          ylim=(0, 1))
    a.legend(fontsize=7, loc='center right')
    c.set(title='C: spike correlation with the realizable target', xlabel='time of the test phase (min)',
          ylabel='correlation (cosine, +-10 ms box)')
    d.set(title='D: angle between w and w*', xlabel='time (min)', ylabel='angular error (rad)', ylim=(0, None))
    name, t, w, strong, weak, ang, corr, phases, spikes = runs[0][:9]
    # B: 1 s of the first and the last test phase (frozen weights, no noise)
    rows = []
    for label, (_, t0) in (('before', phases[0]), ('after', phases[-1])):
        for who, ts in zip(('learner', 'target'), spikes):
            sel = ts[(ts >= t0 + 5) & (ts < t0 + 6)] - t0 - 5
            rows.append(('%s %s' % (who, label), sel * 1000))
    for y, (label, ts) in enumerate(rows):
        b.plot(ts, [y] * len(ts), '|', ms=12, color='k' if label.startswith('learner') else 'tab:red')
    b.set_yticks(range(len(rows)))
    b.set_yticklabels([r[0] for r in rows])
    b.set(title='B: learner and realizable target, %s' % name, xlabel='time in the test phase - 5 s (ms)',
          ylim=(-0.7, len(rows) - 0.3))
    n = len(w[0])
    e.plot(range(n), w[0], 'x', color='k', label='initial')
    e.plot(range(n), w[-1], '.', color='tab:red', label='final')
    e.set(title='E: weights, %s' % name, xlabel='synapse (w* = w_max below 50)', ylabel='w / w_max',
          ylim=(-0.03, 1.03))
    e.legend(fontsize=8)
    tm = [x / 60 for x in t]
    for i in range(n):
        f.plot(tm, [x[i] for x in w], '-', lw=0.5, color='tab:blue' if i < 50 else 'tab:orange')
    f.set(title='F: every weight, %s (blue w* = w_max)' % name, xlabel='time (min)', ylabel='w / w_max',
          ylim=(-0.03, 1.03))
    report_figure.save(fig, path, '%s of Legenstein et al. 2008: learning a teacher\'s spike times (%d runs)' %
                       (report_figure.paper_figure(runs[0][-1], 'Fig 7'), len(runs)))


args = option_w_max(sys.argv[1:])
plot = report_figure.option(args)
use_corr = '--no-correlation' not in args
dirs = [a for a in args if a != '--no-correlation']
runs = []
ok_all = True
print('run                      strong: start   end    weak: start   end    angle: start   end   max rise'
      '   corr. in the test phases (no noise, frozen w)          result')
for d in dirs:
    try:
        run = snnc.load(d)
        t, w = series(run)
        x = spike_times(run)
    except (snnc.RunError, KeyError) as e:
        sys.exit('compsim2_report.py: %s' % e)
    strong = [sum(x[:50]) / 50 for x in w]
    weak = [sum(x[50:]) / 50 for x in w]
    ang = [angle(x) for x in w]
    rises = max(b - a for a, b in zip(ang, ang[1:]))
    corr = [correlation(x, t0 + 5, t0 + 35) for _, t0 in test_phases(run)]
    ok = strong[-1] > strong[0] and weak[-1] < weak[0] and ang[-1] < ang[0] and \
        (not use_corr or (len(corr) >= 2 and corr[-1] > corr[0]))
    ok_all &= ok
    runs.append((d.rstrip('/').split('/')[-1], t, w, strong, weak, ang, corr, test_phases(run), x, run))
    print('%-24s %12.3f %6.3f %11.3f %6.3f %12.3f %6.3f %+10.3f   %-52s %s' %
          (d[-24:], strong[0], strong[-1], weak[0], weak[-1], ang[0], ang[-1], rises,
           ' '.join('%.3f' % c for c in corr), 'as in the paper' if ok else 'NOT as in the paper'))
if plot and runs:
    draw(plot, runs)
sys.exit(0 if ok_all else 1)
