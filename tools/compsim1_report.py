#!/usr/bin/python3
"""compsim1_report.py [options] OUT_DIR...: the numbers of the paper's Figs 3B, 4
and 5 for a run of models/compsim1_biofeedback.snn, and whether the run shows
what the paper claims: the reinforced neuron's rate and afferent weights rise
while the rest of the circuit stays as it was.

Fig 4B: the rate of the reinforced neuron el[193] and the mean rate of the 20
reported neurons (the paper's "first 20 excitatory neurons", 10 of each noise
group) in the first and last windows of trials.  Fig 4C: the mean weight of
the reinforced neuron's E->E afferents and of the E->E afferents of 50 random
excitatory neurons, at every weight sample (the paper's: every 6 s).  Fig 5,
in the paper's windows 300-360, 600-660, 900-960 and 1140-1200 s: the
distribution of those 50 neurons' weights, of the excitatory rates (both noise
groups, Suppl. Figs 1, 2) and the mean cross-covariance of 200 random
excitatory pairs.  Fig 3B: the recorded reward d(t) against the paper's
definition.  Parts the run did not record are left out and said so.

--window N   trials per rate window (default 40 = 1 min of 1.5 s trials)
--w-max W    the model's w_max in siemens (default 21.59e-9, as in the model)
--target N   the reinforced neuron el[N] (default 193; 806 for
             models/compsim1c_weightdep.snn)
--plot FILE  draw the figure (tools/compsim1_plot.py; PNG, SVG or PDF); of
             several runs each gets its own, FILE's name + _ + the run folder's
--punished N --flip S   differential reinforcement (models/compsim1b_two_neurons.snn):
             el[target] is rewarded and el[N] punished until S seconds, then the
             reverse; the checks are then the paper's for that run: the rewarded
             neuron's rate and afferent weights rise and the punished one's fall,
             in each half

Exit status 0 when every check of the paper's holds in every run."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)
import compsim1_measures as M  # noqa: E402

TRIAL_S = M.TRIAL_S
W_MAX = 21.59e-9
TARGET = 193                 # index of the reinforced neuron in population el


def column(tr, lo, n):
    """The trials column counting el[lo:lo+n] (a KeyError names it if the run has none)."""
    return tr['el[%d:%d]' % (lo, lo + n)]


def reference(tr):
    """The summed counts of the 20 other neurons (the paper's "first 20 excitatory
    neurons", both noise groups): every report of more than one neuron, 20 in all."""
    def size(c):
        lo, hi = c[3:-1].split(':')
        return int(hi) - int(lo)
    cols = [c for c in tr if c[:3] in ('el[', 'eh[') and size(c) > 1]
    if sum(size(c) for c in cols) != 20:
        raise KeyError('reports of 20 neurons of el and eh in all, not %s' % cols)
    return sum(tr[c] for c in cols), ' + '.join(cols)


def per_trial(run, *neurons):
    """Per learning trial: its end in s, the rate of each el[k] of neurons, and the
    mean rate of the 20 reported neurons (Hz)."""
    tr = run.trials
    learn = tr['phase'] != 'warmup'
    t = (np.asarray(tr['trial'])[learn] + 1) * TRIAL_S
    own = [np.asarray(column(tr, k, 1)[learn], dtype=float) / TRIAL_S for k in neurons]
    return t, own, np.asarray(reference(tr)[0][learn], dtype=float) / 20 / TRIAL_S


def main():
    global TARGET
    args = sys.argv[1:]
    window, w_max, punished, flip, plot = 40, W_MAX, None, None, None
    opts = ('--window', '--w-max', '--target', '--punished', '--flip', '--plot')
    try:
        while len(args) >= 2 and args[0] in opts:
            if args[0] == '--window':
                window = int(args[1])
            elif args[0] == '--w-max':
                w_max = float(args[1])
            elif args[0] == '--target':
                TARGET = int(args[1])
            elif args[0] == '--punished':
                punished = int(args[1])
            elif args[0] == '--flip':
                flip = float(args[1])
            else:
                plot = args[1]
            args = args[2:]
    except ValueError as e:
        sys.exit('compsim1_report.py: %s: %s' % (args[0], e))
    if not args or (punished is None) != (flip is None):
        sys.exit(__doc__)
    ok = True
    for d in args:
        if len(args) > 1:
            print('== ' + d)
        fig = plot
        if plot and len(args) > 1:
            stem, ext = os.path.splitext(plot)
            fig = '%s_%s%s' % (stem, os.path.basename(os.path.normpath(d)), ext)
        try:
            run = snnc.load(d)
            weights = M.Weights(run, w_max)
            if punished is None:
                ok &= report(run, weights, window, fig)
            else:
                ok &= report_two(run, weights, window, punished, flip, fig)
        except (snnc.RunError, KeyError) as e:
            sys.exit('compsim1_report.py: %s' % e)
    sys.exit(0 if ok else 1)


def windows_recorded(trains):
    """The Fig 5 windows in which the excitatory neurons' spikes were kept (phases
    that record el and eh: over 1000 neurons fire there), as (t0, t1) in s."""
    return [(t0, t1) for t0, t1 in M.WINDOWS
            if sum(np.any((t >= t0) & (t < t1)) for t in trains.values()) > 1000]


def fig5(run, weights, sample, trains, wins):
    """Fig 5A-D in the recorded windows: weights of the sample, rates (all, low- and
    high-noise) and the mean cross-covariance of 200 random pairs.  Returns the
    numbers the checks use and the figure draws."""
    print('Fig 5, window     weights of the 50: mean   sd   at 0  at w_max | rate: all   el    eh  | cross-cov. |tau|<10 ms')
    out = []
    pairs = M.random_pairs(200)
    bins = np.linspace(0, 18, 21)
    for t0, t1 in wins:
        w = weights.in_window(sample, t0, t1)
        r = M.window_rates(trains, t0, t1)
        edges, cov = M.mean_crosscov(trains, pairs, t0, t1)
        c = M.central(edges, cov)
        hist = np.histogram(np.clip(r, 0, 17.999), bins)[0] / len(r)
        out.append(dict(w=w, r=r, hist=hist, c=c, edges=edges, cov=cov))
        print('  %4.0f-%4.0f s  %24.3f %5.3f %5.1f%% %5.1f%%  | %9.2f %5.2f %5.2f Hz | %8.3g Hz^2' %
              (t0, t1, w.mean(), w.std(), 100 * np.mean(w < 0.01), 100 * np.mean(w > 0.99),
               r.mean(), r[:M.N_LOW].mean(), r[M.N_LOW:].mean(), c))
    return out


def afferents_by_group(weights, aff, trains, wins):
    """The reinforced neuron's afferents by the noise group of the presynaptic
    neuron: the weight change over the run, and the STDP-weighted covariance of
    each with the reinforced neuron in the Fig 5 windows; and over all afferents,
    how the weight change follows that covariance."""
    src, dw = weights.source[aff], weights.w[-1, aff] - weights.w[0, aff]
    post = trains.get(TARGET, np.array([]))
    cov = np.array([M.stdp_covariance(trains.get(int(s), np.array([])), post, wins) for s in src])
    print('afferents of el[%d]  n  weight change   covariance weighted by the rm_stdp window (30 ms, 1.05; Hz^2 s): pre before post, post before pre'
          % TARGET)
    for name, m in (('from el', src < M.N_LOW), ('from eh', src >= M.N_LOW)):
        if m.any():
            print('  %-15s %3d %+10.3f w_max %18.3f %18.3f' % (name, m.sum(), dw[m].mean(), cov[m, 0].mean(), cov[m, 1].mean()))
    if len(src) > 2:
        print('  correlation over the afferents of the weight change with (pre before post - post before pre): %.2f'
              % np.corrcoef(dw, cov[:, 0] - cov[:, 1])[0, 1])


def reward_check(run, trains):
    """Fig 3B: the recorded d(t) against the paper's sum of kernels over the reinforced
    neuron's spikes, in the first 60 s; None when d(t) or the spikes were not recorded."""
    try:
        d = run.state('output', 'reward')
    except (KeyError, snnc.RunError):
        return None
    t_ms = np.asarray(d.times_ms, dtype=float)
    keep = t_ms <= 60e3
    spikes = trains.get(TARGET)
    if spikes is None or not keep.any():
        return None
    want = M.reward_from_spikes(t_ms[keep], spikes[spikes < 60])
    got = np.asarray(d.si(), dtype=float).ravel()[keep]
    return float(np.corrcoef(got, want)[0, 1]) if want.std() > 0 else None


def report(run, weights, window, plot):
    times, (tgt,), ref = per_trial(run, TARGET)
    n, w = len(tgt), min(window, len(tgt) // 2)
    t0, t1, r0, r1 = tgt[:w].mean(), tgt[-w:].mean(), ref[:w].mean(), ref[-w:].mean()
    ref_name = reference(run.trials)[1]
    aff = weights.onto([TARGET])
    sample = weights.onto(M.random_neurons(50, TARGET, np.unique(weights.target)))
    print('%d learning trials (%.0f s); rates over the first and last %d trials (%.0f s):' % (n, n * TRIAL_S, w, w * TRIAL_S))
    print('  reinforced neuron %-10s%6.2f Hz -> %6.2f Hz' % ('el[%d]' % TARGET, t0, t1))
    print('  mean of %-20s%6.2f Hz -> %6.2f Hz' % (ref_name, r0, r1))

    a_curve, s_curve = weights.mean(aff), weights.mean(sample)
    print('mean E->E weight / w_max    time   %d afferents of el[%d]   afferents of 50 random exc. neurons (%d)' %
          (aff.sum(), TARGET, sample.sum()))
    step = max(1, int(round(120 / max(weights.times_s[1] - weights.times_s[0], 1e-9)))) if len(weights.times_s) > 1 else 1
    for k in list(range(0, len(weights.times_s), step)) + ([len(weights.times_s) - 1] if (len(weights.times_s) - 1) % step else []):
        print('                       %7.0f s %20.3f %26.3f' % (weights.times_s[k], a_curve[k], s_curve[k]))
    auto = weights.source == weights.target
    print('autapses: %d of %d E->E synapses; el[%d] has %s' % (auto.sum(), len(auto), TARGET,
                                                            'one' if (auto & aff).any() else 'none'))

    trains = M.spike_trains(run)
    wins = windows_recorded(trains)
    last = weights.w[-1, sample]
    f5 = []
    checks = [
        ('reinforced rate rises (by > 20 %)', t1 > 1.2 * t0),
        ('mean rate of the 20 stays within 25 %', abs(r1 - r0) < 0.25 * r0),
        ('afferent weights of el[%d] rise (by > 0.02 w_max)' % TARGET, a_curve[-1] > a_curve[0] + 0.02),
        ('weights of the 50 stay near 0.5 w_max (within 0.05)', abs(s_curve[-1] - 0.5) < 0.05),
        ('weights of the 50 stay unimodal (< 10 % at either bound)', np.mean(last < 0.01) < 0.1 and np.mean(last > 0.99) < 0.1),
    ]
    if len(wins) >= 2:
        f5 = fig5(run, weights, sample, trains, wins)
        a, b = f5[0], f5[-1]
        tv = 0.5 * np.abs(a['hist'] - b['hist']).sum()
        print('rate histograms (20 bins, 0-18 Hz), first and last window: total variation %.3f' % tv)
        afferents_by_group(weights, aff, trains, wins)
        checks += [
            ('excitatory rates stay (mean within 25 %, histograms < 0.2 apart)',
             abs(b['r'].mean() - a['r'].mean()) < 0.25 * a['r'].mean() and tv < 0.2),
            ('cross-covariances stay (|tau| < 10 ms: within 50 %)', abs(b['c'] - a['c']) <= 0.5 * abs(a['c'])),
        ]
    else:
        print('Fig 5B-D: not measured (the run kept every excitatory spike in fewer than two of its windows)')
    corr = reward_check(run, trains)
    if corr is None:
        print('Fig 3B: not measured (d(t) or the reinforced neuron\'s spikes not recorded)')
    else:
        print('Fig 3B: recorded d(t) against sum of eps_r(t - d_r - t_f) over el[%d]\'s spikes, first 60 s: '
              'correlation %.6f (our check: > 0.99)' % (TARGET, corr))
    for name, ok in checks:
        print('%-68s %s' % (name, 'as in the paper' if ok else 'NOT as in the paper'))
    if plot:
        import compsim1_plot
        compsim1_plot.draw(run, weights, TARGET, aff, sample, trains, wins, f5, (times, tgt, ref), plot)
    return all(ok for _, ok in checks)


def report_two(run, weights, window, punished, flip, plot):
    """Differential reinforcement: el[TARGET] rewarded and el[punished] punished
    until flip seconds, then the reverse.  Rates in the first and last window of
    each half, mean afferent weights at the start, the flip and the end."""
    _, (a, b), ref = per_trial(run, TARGET, punished)
    counts = {TARGET: a, punished: b, 'ref': ref}
    ref_name = reference(run.trials)[1]
    if len(weights.times_s) < 2:
        raise KeyError('fewer than two weight samples: record w of el_el and eh_el every T')
    wa, wb = weights.mean(weights.onto([TARGET])), weights.mean(weights.onto([punished]))
    first = int(round(flip / TRIAL_S)) - 1         # learning trials before the flip (after the warm-up)
    n = len(counts['ref'])
    w = min(window, first // 2, (n - first) // 2)
    r = {k: (v[:w].mean(), v[first - w:first].mean(), v[-w:].mean()) for k, v in counts.items()}
    print('%d learning trials, sign flipped after %.0f s; rates over %d trials (%.0f s) at the start, '
          'before the flip and at the end:' % (n, flip, w, w * TRIAL_S))
    for k, name in ((TARGET, 'A el[%d] (rewarded first)' % TARGET), (punished, 'B el[%d] (punished first)' % punished),
                    ('ref', 'mean of the 20')):
        print('  %-30s %6.2f Hz -> %6.2f Hz -> %6.2f Hz' % (name, *r[k]))
    at_flip = int(np.argmin(np.abs(weights.times_s - flip)))
    print('mean weight of the E->E afferents / w_max   time     A      B')
    for t, a, b in zip(weights.times_s, wa, wb):
        print('                                        %7.0f s %6.3f %6.3f' % (t, a, b))
    a0, a1, a2 = wa[0], wa[at_flip], wa[-1]
    b0, b1, b2 = wb[0], wb[at_flip], wb[-1]
    (A0, A1, A2), (B0, B1, B2), (R0, _, R2) = r[TARGET], r[punished], r['ref']
    checks = [
        ('A\'s rate rises before the flip', A1 > A0),
        ('B\'s rate falls before the flip', B1 < B0),
        ('A\'s rate falls after the flip', A2 < A1),
        ('B\'s rate rises after the flip', B2 > B1),
        ('A\'s afferent weights rise, then fall', a1 > a0 and a2 < a1),
        ('B\'s afferent weights fall, then rise', b1 < b0 and b2 > b1),
        ('mean rate of %s stays within 25%%' % ref_name, abs(R2 - R0) < 0.25 * R0),
    ]
    for name, ok in checks:
        print('%-55s %s' % (name, 'as in the paper' if ok else 'NOT as in the paper'))
    if plot:
        import compsim1_plot
        compsim1_plot.draw_two(run, TARGET, punished, flip, counts, weights.times_s, wa, wb, plot)
    return all(ok for _, ok in checks)


main()
