"""plot.py: one figure of a run, its panels chosen by what the run recorded.

Panels, each drawn only when the run has its data: a spike raster (neurons
subsampled so that the plot stays readable and fast), the populations' rates
in bins, a few neurons' traces of each state record, the weights of each
plastic connection at the start and the end, their evolution (mean +- sd and
a few synapses), and the spikes per trial by label.  Long runs show their
last seconds in the raster and the traces, the whole run elsewhere.
"""
import math

import numpy as np

from . import units as _units

WINDOW_MS = 2000.0      # the raster and traces of a longer run show its last 2 s
RASTER_ROWS = 1000      # neurons drawn at most, over all populations
TRACES = 5              # neurons per state record, synapses per weight series
MAX_PANELS = 3          # records, connections or reports drawn at most, each


def time_axis(t_stop_ms):
    """(factor from ms, axis label) of every panel: ms for runs up to 2.5 s,
    seconds beyond."""
    return (1.0, 'time (ms)') if t_stop_ms <= 2500 else (1e-3, 'time (s)')


def window(t_stop_ms, trial_ms=None):
    """[t0, t1) shown by the raster and the traces: all of a short run, the
    last trial of a run in trials (up to 5 s long), else the last 2 s."""
    if t_stop_ms <= 2.5 * WINDOW_MS:
        return 0.0, t_stop_ms
    span = trial_ms if trial_ms and trial_ms <= 2.5 * WINDOW_MS else WINDOW_MS
    return t_stop_ms - span, t_stop_ms


def trial_ms(run):
    """The length of a trial (None for a run without trials)."""
    n = sum(p['trials'] for p in run.phases)
    return run.t_stop_ms / n if n else None


def shown(run):
    """(name, population, first, end) of what the raster and the rates show:
    each population's families where it has them, else the population."""
    out = []
    for p, s in run.spikes.items():
        fams = [(f, q, lo, hi) for f, (q, lo, hi) in run.families.items() if q == p]
        out += fams or [(p, p, 0, s.size)]
    return out


def raster(ax, run):
    segs = shown(run)
    total = sum(hi - lo for _, _, lo, hi in segs)
    t0, t1 = window(run.t_stop_ms, trial_ms(run))
    f, label = time_axis(run.t_stop_ms)
    stride = max(1, math.ceil(total / RASTER_ROWS))
    few = total / stride < 100  # a few neurons: ticks, many: dots
    row, ticks = 0, []
    for k, (name, p, lo, hi) in enumerate(segs):
        s = run.spikes[p]
        keep = (s.node_ids >= lo) & (s.node_ids < hi) & (s.node_ids % stride == 0) & (s.times_ms >= t0) & \
            (s.times_ms < t1)
        rows = math.ceil((hi - lo) / stride)
        ax.scatter(s.times_ms[keep] * f, row + (s.node_ids[keep] - lo) // stride, s=40 if few else 4 if keep.sum() <
                   20000 else 1, marker='|' if few else '.', color='C%d' % k, linewidths=1 if few else 0)
        ticks.append((row + rows / 2, name))
        row += rows
        ax.axhline(row - 0.5, color='0.8', lw=0.5)
    ax.set_yticks([y for y, _ in ticks], [name for _, name in ticks], fontsize=8)
    ax.set_ylim(-0.5, max(row, 1) - 0.5)
    ax.set_xlim(t0 * f, t1 * f)
    ax.set_xlabel(label)
    ax.set_title('spikes' + (', every %d. neuron' % stride if stride > 1 else '') +
                 ('' if t0 == 0 else ', the last %s' % ('trial' if t1 - t0 == trial_ms(run) else '%g s' % (
                     (t1 - t0) / 1e3))))


def _bin_ms(t_stop_ms, dt_ms, trial=None):
    """A bin giving about 100 bins over the run (at least 5 ms), in step with
    the trials where there are (bins that beat against the trials draw waves
    that are not there), else a round number of ms."""
    want = max(t_stop_ms / 100, 5 * dt_ms, 5.0)
    if trial and t_stop_ms / trial >= 20:  # enough trials: a bin of whole trials
        return trial * max(1, round(want / trial))
    if trial:  # a few long trials: a whole fraction of one
        return trial / max(1, round(trial / want))
    mag = 10 ** math.floor(math.log10(want))
    return next(m * mag for m in (1, 2, 5, 10) if m * mag >= want)


def rates(ax, run):
    bin_ms = _bin_ms(run.t_stop_ms, run.dt_ms, trial_ms(run))
    f, label = time_axis(run.t_stop_ms)
    segs = shown(run)
    for k, (name, _, _, _) in enumerate(segs):
        t, hz = run.spikes_of(name).rate(bin_ms)
        ax.step(t * f, hz, where='post', label=name, lw=1, color='C%d' % k)
    ax.set_xlabel(label)
    ax.set_ylabel('rate (Hz)')
    ax.set_title('population rates, %.3g ms bins' % bin_ms if bin_ms != trial_ms(run) else
                 'population rates per trial (%g ms)' % bin_ms)
    if len(segs) <= 10:
        ax.legend(fontsize=8, loc='upper right')


def state(ax, rec, t_stop_ms):
    t0, t1 = window(rec.times_ms[-1] - rec.times_ms[0])
    t0, t1 = t0 + rec.times_ms[0], t1 + rec.times_ms[0]
    sel = (rec.times_ms >= t0) & (rec.times_ms <= t1)
    f, label = time_axis(t_stop_ms)
    cols = np.unique(np.linspace(0, rec.data.shape[1] - 1, min(TRACES, rec.data.shape[1])).astype(int))
    for c in cols:
        ax.plot(rec.times_ms[sel] * f, rec.data[sel, c], lw=0.8, label='%s[%d]' % (rec.population, rec.node_ids[c]))
    ax.set_xlabel(label)
    ax.set_ylabel('%s (%s)' % (rec.variable, _units.text(rec.units)))
    ax.set_title('%s of %s%s' % (rec.variable, rec.population, ' in phase ' + rec.phase if rec.phase else ''))
    ax.legend(fontsize=7, loc='upper right')


def weights_before_after(run):
    """{connection: (label, weights, label, weights, units)} of what the run
    says about weights at two times: edges snapshots, weight series, final weights."""
    out = {}
    series = {s.connection: s for s in run.weights}
    start, end = run.edges.get('start', {}), run.edges.get('end', {})
    for conn in list(dict.fromkeys(list(series) + list(run.final_weights) + list(start))):
        s = series.get(conn)
        if conn in start:
            first = ('as built', start[conn].weight, start[conn].units)
        elif s is not None and len(s.times_ms):
            first = ('at %g ms' % s.times_ms[0], s.data[0], s.units)
        else:
            first = None
        if conn in end:
            last = ('at the end', end[conn].weight, end[conn].units)
        elif conn in run.final_weights:
            last = ('at the end', run.final_weights[conn].weight, run.final_weights[conn].units)
        elif s is not None and len(s.times_ms):
            last = ('at %g ms' % s.times_ms[-1], s.data[-1], s.units)
        else:
            last = None
        if first or last:
            out[conn] = (first, last)
    return out


def histogram(ax, conn, first, last):
    got = [x for x in (first, last) if x]
    unit = next((u for _, _, u in got if u is not None), None)  # the files' unit, where one names it
    got = [(label, _units.to_si(w, u) / _units.scale(unit), u) for label, w, u in got]
    got = [(label, np.asarray(w, dtype=np.float64)) for label, w, _ in got]
    full = [w for _, w in got if len(w)]
    lo, hi = (min(w.min() for w in full), max(w.max() for w in full)) if full else (0.0, 1.0)
    bins = np.linspace(lo, hi if hi > lo else lo + 1e-12 + abs(lo) * 1e-6, 41)
    for (label, w), color in zip(got, ('0.5', 'C3')):
        ax.hist(w, bins=bins, histtype='stepfilled' if color == '0.5' else 'step', color=color, alpha=0.6 if
                color == '0.5' else 1, lw=1.5, label='%s (mean %.3g)' % (label, np.mean(w) if len(w) else 0))
    ax.set_xlabel('weight (%s)' % _units.text(unit))
    ax.set_ylabel('synapses')
    ax.set_title('weights of %s' % conn)
    ax.legend(fontsize=8)


def evolution(ax, s, t_stop_ms):
    f, label = time_axis(t_stop_ms)
    t = s.times_ms * f
    mean, sd = s.data.mean(axis=1), s.data.std(axis=1)
    ax.fill_between(t, mean - sd, mean + sd, color='C0', alpha=0.25, lw=0, label='mean +- sd')
    ax.plot(t, mean, color='C0', lw=2)
    rng = np.random.default_rng(0)  # the same synapses in every plot of a run
    for c in rng.choice(s.data.shape[1], min(TRACES, s.data.shape[1]), replace=False):
        ax.plot(t, s.data[:, c], lw=0.7, color='0.4', alpha=0.8)
    ax.set_xlabel(label)
    ax.set_ylabel('%s (%s)' % (s.variable, _units.text(s.units)))
    ax.set_title('%s of %s over time (%d synapses, %d shown)' % (s.variable, s.connection, s.data.shape[1],
                                                                   min(TRACES, s.data.shape[1])))
    ax.legend(fontsize=8, loc='upper left')


def trials(ax, run, column):
    tr = run.trials
    labels = sorted(set(tr['label'].tolist()))
    for k, lab in enumerate(labels):
        sel = tr['label'] == lab
        ax.plot(tr['trial'][sel], tr[column][sel], '.', ms=4, color='C%d' % k,
                label='label %d' % lab if lab >= 0 else 'no label')
    for p in run.phases:
        first = np.flatnonzero(tr['phase'] == p['name'])
        if len(first):
            ax.axvline(first[0] - 0.5, color='0.7', lw=0.8)
            ax.text(first[0] - 0.5, 0.98, ' ' + p['name'], transform=ax.get_xaxis_transform(), fontsize=7, va='top',
                    color='0.4')
    ax.set_xlabel('trial')
    ax.set_ylabel('spikes')
    ax.set_title('spikes of %s per trial, by label' % column)
    ax.legend(fontsize=8)


def panels(run):
    """The panels the run has data for: (title-less drawing functions of ax)."""
    out = []
    if any(len(s) for s in run.spikes.values()):
        out += [lambda ax: raster(ax, run), lambda ax: rates(ax, run)]
    out += [(lambda r: lambda ax: state(ax, r, run.t_stop_ms))(r) for r in run.states[:MAX_PANELS] if r.data.size]
    ba = list(weights_before_after(run).items())[:MAX_PANELS]
    out += [(lambda c, f, l: lambda ax: histogram(ax, c, f, l))(c, f, l) for c, (f, l) in ba]
    out += [(lambda s: lambda ax: evolution(ax, s, run.t_stop_ms))(s) for s in run.weights[:MAX_PANELS] if s.data.size]
    if run.trials is not None and len(run.trials['trial']):
        counts = [c for c in run.trials if c not in ('trial', 'phase', 'label', 'entry')]
        out += [(lambda c: lambda ax: trials(ax, run, c))(c) for c in counts[:MAX_PANELS]]
    return out


def figure(run):
    """The run's figure (matplotlib, Agg)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    draw = panels(run)
    cols = 2 if len(draw) > 1 else 1
    rows = max(1, math.ceil(len(draw) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(7 * cols, 3.4 * rows), squeeze=False)
    for ax, f in zip(axes.flat, draw):
        f(ax)
    for ax in axes.flat[len(draw):]:
        ax.axis('off')
    if not draw:
        axes.flat[0].text(0.5, 0.5, 'nothing recorded', ha='center', va='center', transform=axes.flat[0].transAxes)
    m = run.meta
    fig.suptitle('%s, seed %s, %g s%s' % (m.get('model', '?'), m.get('seed', '?'), run.t_stop_ms / 1e3,
                                         '' if m.get('complete', True) else ' (incomplete: %s)' % m.get('stopped_by')))
    fig.tight_layout()
    return fig
