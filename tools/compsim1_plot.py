"""compsim1_plot.py: the figure of simulation 1 (the paper's Figs 3B, 4A-E, 5A-D
and Suppl. Figs 1, 2 in one sheet) and of its two-neuron variant, drawn by
tools/compsim1_report.py --plot from the measures it took
(tools/compsim1_measures.py), saved by tools/report_figure.py."""
import numpy as np
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

import compsim1_measures as M  # noqa: E402
import report_figure  # noqa: E402

COLORS = ('tab:blue', 'tab:orange', 'tab:green', 'tab:red')


def moving(x, n=40):
    """The mean of the last n values at every point (the paper's 40-trial window)."""
    x = np.asarray(x, dtype=float)
    c = np.cumsum(np.insert(x, 0, 0.0))
    k = np.arange(1, len(x) + 1)
    lo = np.maximum(k - n, 0)
    return (c[k] - c[lo]) / (k - lo)


def raster(ax, trains, shown, target, t0, t1, title):
    for y, k in enumerate(shown):
        t = M.in_window(trains.get(k, np.array([])), t0, t1)
        ax.plot(t, np.full(len(t), y), '|', ms=2, color='tab:red' if k == target else 'k')
    ax.set(xlim=(t0, t1), ylim=(-1, len(shown)), xlabel='time (s)', ylabel='neuron', title=title)


def reward_panel(ax, run, trains, target):
    try:
        d = run.state('output', 'reward')
    except KeyError:
        ax.set_title('Fig 3B: d(t) not recorded')
        return
    t = np.asarray(d.times_ms, dtype=float) / 1000
    keep = (t >= 20) & (t < 40)
    ax.plot(t[keep], np.asarray(d.si()).ravel()[keep], color='tab:purple', lw=0.8, label='d(t)')
    spikes = M.in_window(trains.get(target, np.array([])), 20, 40)
    ax.plot(spikes, np.zeros(len(spikes)), '|', color='tab:red', ms=8, label='el[%d] spikes' % target)
    ax.set(xlabel='time (s)', ylabel='reward d(t)', title='Fig 3B: reward and the reinforced neuron')
    ax.legend(fontsize=7, loc='upper right')


def histograms(ax, values, bins, wins, xlabel, title):
    for (t0, t1), v, c in zip(wins, values, COLORS):
        h, e = np.histogram(v, bins)
        ax.step(e[:-1], h / max(len(v), 1), where='post', color=c, label='%d-%d s' % (t0, t1))
    ax.set(xlabel=xlabel, ylabel='fraction', title=title)
    if wins:
        ax.legend(fontsize=7)


def draw(run, weights, target, aff, sample, trains, wins, f5, per_trial, path):
    """f5: the report's measures in each window of wins (weights w, rates r, mean
    cross-covariance edges and cov); per_trial: (end of each learning trial in s,
    the reinforced neuron's rate, the 20 neurons' mean rate)."""
    fig, axes = plt.subplots(4, 3, figsize=(14, 15))
    shown = [k for k in range(50)] + [M.N_LOW + k for k in range(50)] + [target]
    end = run.t_stop_ms / 1000
    raster(axes[0, 0], trains, shown, target, 20, 23, 'Fig 4A: el[0:50], eh[0:50], el[%d] (red), 20-23 s' % target)
    raster(axes[0, 1], trains, shown, target, end - 3, end, 'Fig 4A: the last 3 s')
    reward_panel(axes[0, 2], run, trains, target)

    t, tgt, ref = per_trial
    ax = axes[1, 0]
    ax.plot(t / 60, moving(tgt), color='tab:red', label='reinforced el[%d]' % target)
    ax.plot(t / 60, moving(ref), color='k', label='mean of 20 (10 el, 10 eh)')
    ax.set(xlabel='time (min)', ylabel='rate (Hz, 40-trial mean)', title='Fig 4B: rates')
    ax.legend(fontsize=7)
    ax = axes[1, 1]
    ax.plot(weights.times_s / 60, weights.mean(aff), color='tab:red', label='afferents of el[%d]' % target)
    ax.plot(weights.times_s / 60, weights.mean(sample), color='k', label='afferents of 50 random neurons')
    ax.set(xlabel='time (min)', ylabel='mean weight / w_max', title='Fig 4C: E->E weights, every %g s' %
           (weights.times_s[1] - weights.times_s[0] if len(weights.times_s) > 1 else 0))
    ax.legend(fontsize=7)
    ax = axes[1, 2]
    spikes = trains.get(target, np.array([]))
    for y, (t0, t1) in enumerate(((3, 11), (end - 16, end - 8))):
        s = M.in_window(spikes, t0, t1) - t0
        ax.plot(s, np.full(len(s), y), '|', ms=14, color='tab:red')
        ax.text(0, y + 0.3, '%g-%g s' % (t0, t1), fontsize=8)
    ax.set(ylim=(-0.5, 1.8), yticks=[], xlabel='time in the window (s)', title='Fig 4D: spikes of el[%d]' % target)

    pre = np.unique(weights.source[aff & (weights.source != weights.target)])
    ax = axes[2, 0]
    for (t0, t1), c in zip((wins[0], wins[-1]) if wins else (), (COLORS[0], COLORS[3])):
        curves = [M.crosscov(trains.get(int(j), np.array([])), spikes, t0, t1, 0.5e-3, 0.03) for j in pre]
        e = curves[0][0]
        ax.plot((e[:-1] + e[1:]) / 2 * 1e3, np.mean([cv for _, cv in curves], axis=0), color=c,
                label='%d-%d s' % (t0, t1))
    ax.set(xlabel='lag t_post - t_pre (ms)', ylabel='cross-covariance (Hz^2)',
           title='Fig 4E: el[%d] and its %d exc. presynaptic neurons' % (target, len(pre)))
    if wins:
        ax.legend(fontsize=7)

    histograms(axes[2, 1], [m['w'] for m in f5], np.linspace(0, 1, 31), wins,
               'weight / w_max', 'Fig 5A: weights of the 50 neurons\' afferents')
    rates = [m['r'] for m in f5]
    histograms(axes[2, 2], rates, np.linspace(0, 18, 21), wins, 'rate (Hz)', 'Fig 5B: excitatory rates')
    for ax, (t0, t1), m in zip((axes[3, 0], axes[3, 1]), (wins[0], wins[-1]) if wins else (), (f5[0], f5[-1]) if f5 else ()):
        e, cov = m['edges'], m['cov']
        ax.plot((e[:-1] + e[1:]) / 2 * 1e3, cov, color='k', lw=0.5)
        ax.set(xlabel='lag (ms)', ylabel='cross-covariance (Hz^2)',
               title='Fig 5%s: 200 random exc. pairs, %d-%d s' % ('C' if t0 == wins[0][0] else 'D', t0, t1))
    ax = axes[3, 2]
    for (lo, hi, name, ls) in ((0, M.N_LOW, 'low noise (el)', '-'), (M.N_LOW, M.N_EXC, 'high noise (eh)', '--')):
        for (t0, t1), r, c in ((wins[0], rates[0], COLORS[0]), (wins[-1], rates[-1], COLORS[3])) if wins else ():
            h, e = np.histogram(r[lo:hi], np.linspace(0, 18, 21))
            ax.step(e[:-1], h / (hi - lo), where='post', ls=ls, color=c, label='%s, %d-%d s' % (name, t0, t1))
    ax.set(xlabel='rate (Hz)', ylabel='fraction', title='Suppl. Figs 1, 2: rates by noise group')
    if wins:
        ax.legend(fontsize=7)
    report_figure.save(fig, path, '%s of Legenstein et al. 2008: biofeedback, %s, seed %s' % (
        report_figure.paper_figure(run, 'Figs 3B, 4, 5'), run.meta.get('model', ''), run.meta.get('seed', '')))


def draw_two(run, a, b, flip, counts, times_s, wa, wb, path):
    """Variant 1b: the rates of A, B and the 20, and A's and B's afferent weights."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    t = (np.arange(len(counts['ref'])) + 2) * M.TRIAL_S / 60
    for k, name, c in ((a, 'A el[%d]' % a, 'tab:red'), (b, 'B el[%d]' % b, 'tab:blue'), ('ref', 'mean of 20', 'k')):
        axes[0].plot(t, moving(counts[k]), color=c, label=name)
    axes[1].plot(times_s / 60, wa, color='tab:red', label='afferents of A')
    axes[1].plot(times_s / 60, wb, color='tab:blue', label='afferents of B')
    axes[0].set(xlabel='time (min)', ylabel='rate (Hz, 40-trial mean)', title='rates')
    axes[1].set(xlabel='time (min)', ylabel='mean weight / w_max', title='E->E afferent weights')
    for ax in axes:
        ax.axvline(flip / 60, color='gray', ls=':')
        ax.legend(fontsize=8)
    report_figure.save(fig, path, '%s of Legenstein et al. 2008: differential reinforcement, the sign reversed '
                       'at %g s, seed %s' % (report_figure.paper_figure(run, 'Simulation 1b (a supplementary figure)'), flip, run.meta.get('seed', '')))
