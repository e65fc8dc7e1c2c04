#!/usr/bin/python3
"""compsim4_report.py OUT_DIR...: the numbers of the paper's Fig 9 for runs of
models/compsim4_patterns.snn -- the readout's spikes per trial in [50 ms, 1.1 s]
for the rewarded pattern P (label 0) and the other pattern N (label 1) before and
after training, and in the V_m probe phases (threshold removed) the peak of the
membrane potential in the same window, per trial, above its resting value -70 mV
-- and whether each run shows what the paper claims (Fig 9G/H), printed "as in
the paper": P and N alike before (within 25 %), P above N after (by at least
15 %).  A target of our own, beyond what the paper reports, is printed as such
and does not decide the exit status: in the V_m probes the P - N difference of
the peaks grows by at least 1 mV.  (The mean V_m in the window cannot tell the
patterns apart: both have every input spike once, so only the timing, and with
it the peaks, can differ.)  Exit status 1 if a check of the paper's fails.
--plot FILE (.png or .svg) draws the panels of Fig 9 from all the runs given: the
first run's readout spikes in every trial before and after training, its V_m in
the probes (threshold removed) for a P and an N trial before and after, and the
spikes per trial for P and for N before and after in every run (Fig 9G/H)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_figure  # noqa: E402  (--plot and saving, tools/report_figure.py)

TRIAL_MS, W0, W1, E_L = 3000.0, 50.0, 1100.0, -70e-3


def vm_response(run, phase, labels):
    """Peak V_m - E_L (mV) in the window, averaged per label over the phase's trials."""
    peak = {}
    rec = run.state('v', 'readout', phase=phase)
    for t, v in zip(rec.times_ms.tolist(), rec.si()[:, 0].tolist()):
        t = t - 0.05          # a sample labelled t_(n+1) belongs to step n
        trial, off = int(t // TRIAL_MS), t % TRIAL_MS
        if W0 <= off < W1:
            peak[trial] = max(peak.get(trial, -1.0), (v - E_L) * 1e3)
    return [sum(p for k, p in peak.items() if labels[k] == l) / sum(labels[k] == l for k in peak) for l in (0, 1)]


def raster(ax, run, phase, title):
    """The readout's spikes in each trial of the phase against the time in the
    trial, P trials above N trials."""
    t = run.spikes['readout'].times_ms
    tr = run.trials
    rows = [(lab, k) for k, p, lab in zip(tr['trial'].tolist(), tr['phase'].tolist(), tr['label'].tolist())
            if p == phase]
    rows.sort(key=lambda r: (-r[0], r[1]))
    for y, (lab, k) in enumerate(rows):
        s = t[(t >= k * TRIAL_MS) & (t < (k + 1) * TRIAL_MS)] - k * TRIAL_MS
        ax.plot(s, [y] * len(s), '|', ms=4, color='tab:red' if lab == 0 else 'tab:blue')
    ax.set(title=title, xlabel='time in the trial (ms)', ylabel='trial (N below, P above)', xlim=(0, W1 + 100))


def trace(ax, run, label, title):
    """V_m - E_L of the first trial with the label in each probe phase."""
    labels = dict(zip(run.trials['trial'].tolist(), run.trials['label'].tolist()))
    for phase, col in (('probe_before', 'tab:gray'), ('probe_after', 'k')):
        rec = run.state('v', 'readout', phase=phase)
        t = rec.times_ms - 0.05
        k = min(int(x // TRIAL_MS) for x in t if labels[int(x // TRIAL_MS)] == label)
        sel = (t >= k * TRIAL_MS) & (t < k * TRIAL_MS + W1 + 100)
        ax.plot(t[sel] - k * TRIAL_MS, (rec.si()[sel, 0] - E_L) * 1e3, '-', lw=0.8, color=col,
                label='%s (trial %d)' % (phase.split('_')[1], k))
    ax.set(title=title, xlabel='time in the trial (ms)', ylabel='V_m - E_L (mV), no threshold', xlim=(0, W1 + 100))
    ax.legend(fontsize=8)


def draw(path, runs):
    """Fig 9's panels from runs: (name, run, [P, N before, P, N after], ...)."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(2, 3, figsize=(14, 8))
    name, run = runs[0][:2]
    raster(ax[0, 0], run, 'before', 'readout spikes before training, %s (P red, N blue)' % name)
    raster(ax[0, 1], run, 'after', 'readout spikes after training, %s' % name)
    trace(ax[1, 0], run, 0, 'V_m for P, %s' % name)
    trace(ax[1, 1], run, 1, 'V_m for N, %s' % name)
    x = range(len(runs))
    for a, off, what in ((ax[0, 2], 0, 'G: P (rewarded)'), (ax[1, 2], 1, 'H: N')):
        a.bar([i - 0.2 for i in x], [r[2][off] for r in runs], 0.4, color='tab:gray', label='before')
        a.bar([i + 0.2 for i in x], [r[2][2 + off] for r in runs], 0.4, color='k', label='after')
        a.set_xticks(list(x))
        a.set_xticklabels([r[0] for r in runs], fontsize=8)
        a.set(title='%s: spikes per trial in [50, 1100] ms' % what, xlabel='run', ylabel='spikes per trial')
        a.legend(fontsize=8)
    top = max(max(r[2]) for r in runs) * 1.1
    ax[0, 2].set_ylim(0, top)
    ax[1, 2].set_ylim(0, top)
    report_figure.save(fig, path, '%s of Legenstein et al. 2008: classifying purely temporal patterns (%d runs)' %
                       (report_figure.paper_figure(run, 'Fig 9'), len(runs)))


def main(dirs, plot=None):
    paper = ours = 0
    runs = []
    print('run      spikes  before: P     N   after: P     N   peak V_m (mV) before: P     N   after: P     N'
          '   spikes (the paper\'s check)  V_m (our target)')
    for d in dirs:
        try:
            run = snnc.load(d)
            ph = {p['name']: p['spikes_per_trial']['readout'] for p in run.summary['phases']}
            sp = [ph[n]['label %d' % l]['mean'] for n in ('before', 'after') for l in (0, 1)]
            labels = dict(zip(run.trials['trial'].tolist(), run.trials['label'].tolist()))
            vm = vm_response(run, 'probe_before', labels) + vm_response(run, 'probe_after', labels)
        except (snnc.RunError, KeyError) as e:
            sys.exit('compsim4_report.py: %s' % e)
        ok_sp = sp[2] > 1.15 * sp[3] and abs(sp[0] - sp[1]) < 0.25 * max(sp[0], sp[1])
        ok_vm = vm[2] - vm[3] > vm[0] - vm[1] + 1.0
        paper += ok_sp
        runs.append((d.rstrip('/').split('/')[-1], run, sp))
        ours += ok_vm
        print('%-8s %14.2f %5.2f %10.2f %5.2f %20.2f %5.2f %10.2f %5.2f   %-28s %s' %
              (d.rstrip('/').split('/')[-1][-8:], *sp, *vm, 'as in the paper' if ok_sp else 'NOT as in the paper',
               'our target: met' if ok_vm else 'our target: not met'))
    print('%d of %d runs as in the paper; our V_m target met in %d of %d' % (paper, len(dirs), ours, len(dirs)))
    if plot and runs:
        draw(plot, runs)
    return paper == len(dirs)


if __name__ == '__main__':
    args = sys.argv[1:]
    plot = report_figure.option(args)
    if not args:
        sys.exit(__doc__)
    sys.exit(0 if main(args, plot) else 1)
