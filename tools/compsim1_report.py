#!/usr/bin/python3
"""compsim1_report.py OUT_DIR...: the numbers of the paper's Fig 4 for a run of
models/compsim1_biofeedback.snn -- the rate of the reinforced neuron el[193]
and the mean rate of el[0:20] in the first and last windows of trials (Fig 4B),
the mean weight of the reinforced neuron's E->E afferents and of all other E->E
synapses at every weight sample (Fig 4C), and the spread of the other weights
at the end (Fig 5A) -- and whether the run shows what the paper claims: the
reinforced neuron's rate and afferent weights rise while the rest stays put.

--window N   trials per rate window (default 40 = 1 min of 1.5 s trials)
--w-max W    the model's w_max in siemens (default 21.59e-9, as in the model)
--target N   the reinforced neuron el[N] (default 193; 806 for
             models/compsim1c_weightdep.snn)
--punished N --flip S   differential reinforcement (models/compsim1b_two_neurons.snn):
             el[target] is rewarded and el[N] punished until S seconds, then the
             reverse; the checks are then the paper's for that run: the rewarded
             neuron's rate and afferent weights rise and the punished one's fall,
             in each half"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)

TRIAL_S = 1.5
W_MAX = 21.59e-9
TARGET = 193                 # index of the reinforced neuron in population el
AFFERENTS = ('el_el', 'eh_el')   # projections onto el; the others never end on el[193]
OTHERS = ('el_eh', 'eh_eh')


def column(tr, lo, n):
    """The trials column counting el[lo:lo+n] (a KeyError names it if the run has none)."""
    return tr['el[%d:%d]' % (lo, lo + n)]


def reference(tr):
    """The counts of the 20 other neurons: the run's one report of 20 neurons."""
    def size(c):
        lo, hi = c[3:-1].split(':')
        return int(hi) - int(lo)
    cols = [c for c in tr if c.startswith('el[') and size(c) == 20]
    if len(cols) != 1:
        raise KeyError('one report of 20 neurons of el, not %s' % cols)
    return tr[cols[0]], cols[0]


def rates(run, window):
    tr = run.trials
    learn = tr['phase'] != 'warmup'
    tgt = [n / TRIAL_S for n in column(tr, TARGET, 1)[learn].tolist()]
    ref = [n / 20 / TRIAL_S for n in reference(tr)[0][learn].tolist()]
    w = min(window, len(tgt) // 2)
    mean = lambda x: sum(x) / len(x)
    return len(tgt), w, mean(tgt[:w]), mean(tgt[-w:]), mean(ref[:w]), mean(ref[-w:])


def weight_series(s, target=None):
    """Mean weight (in w_max) of synapses onto el[target] (default TARGET) and of the
    rest, per sample of the weight series s (sums in column order, in siemens)."""
    target = TARGET if target is None else target
    onto = [k for k, post in enumerate(s.target.tolist()) if post == target]
    out = []
    for t, row in zip(s.times_ms.tolist(), s.si().tolist()):
        total = sum(row)
        tgt = sum(row[k] for k in onto)
        out.append((t / 1000, tgt, len(onto), total - tgt, len(row) - len(onto)))
    return out


def main():
    global TARGET
    args = sys.argv[1:]
    window, w_max, punished, flip = 40, W_MAX, None, None
    opts = ('--window', '--w-max', '--target', '--punished', '--flip')
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
            else:
                flip = float(args[1])
            args = args[2:]
    except ValueError as e:
        sys.exit('compsim1_report.py: %s: %s' % (args[0], e))
    if not args or (punished is None) != (flip is None):
        sys.exit(__doc__)
    ok = True
    for d in args:
        if len(args) > 1:
            print('== ' + d)
        if punished is None:
            ok &= report(d, window, w_max)
        else:
            ok &= report_two(d, window, w_max, punished, flip)
    sys.exit(0 if ok else 1)


def report(d, window, w_max):
    try:
        run = snnc.load(d)
        n, w, t0, t1, r0, r1 = rates(run, window)
        series = [weight_series(run.weight_series(name)) for name in AFFERENTS]
        final_weights = [run.final_weights[name] for name in AFFERENTS + OTHERS]
    except (snnc.RunError, KeyError) as e:
        sys.exit('compsim1_report.py: %s' % e)
    print('%d learning trials (%.0f s); rates over the first and last %d trials (%.0f s):' % (n, n * TRIAL_S, w, w * TRIAL_S))
    print('  reinforced neuron %-10s%6.2f Hz -> %6.2f Hz' % ('el[%d]' % TARGET, t0, t1))
    print('  mean of %-20s%6.2f Hz -> %6.2f Hz' % (reference(run.trials)[1], r0, r1))

    print('mean E->E weight / w_max      time   afferents of el[%d]   other E->E onto el' % TARGET)
    curve = []
    for samples in zip(*series):
        t = samples[0][0]
        tgt = sum(s[1] for s in samples) / sum(s[2] for s in samples) / w_max
        rest = sum(s[3] for s in samples) / sum(s[4] for s in samples) / w_max
        curve.append((tgt, rest))
        print('                          %7.0f s %14.3f %20.3f' % (t, tgt, rest))

    final = []
    for e in final_weights:
        for post, weight in zip(e.target.tolist(), e.weight_si().tolist()):
            if not (e.connection in AFFERENTS and post == TARGET):
                final.append(weight / w_max)
    m = sum(final) / len(final)
    sd = math.sqrt(sum((x - m) ** 2 for x in final) / len(final))
    at0 = sum(x < 0.01 for x in final) / len(final)
    at1 = sum(x > 0.99 for x in final) / len(final)
    print('other E->E weights at the end: mean %.3f, sd %.3f w_max; %.1f%% at 0, %.1f%% at w_max' % (m, sd, 100 * at0, 100 * at1))

    checks = [
        ('reinforced rate rises', t1 > 1.2 * t0),
        ('mean rate of %s stays within 25%%' % reference(run.trials)[1], abs(r1 - r0) < 0.25 * r0),
        ('afferent weights of el[%d] rise' % TARGET, curve[-1][0] > curve[0][0] + 0.02),
        ('other E->E weights stay near 0.5 w_max', abs(curve[-1][1] - 0.5) < 0.05),
        ('other weights stay unimodal (< 10% at either bound)', at0 < 0.1 and at1 < 0.1),
    ]
    for name, ok in checks:
        print('%-55s %s' % (name, 'as in the paper' if ok else 'NOT as in the paper'))
    return all(ok for _, ok in checks)


def afferents(run, post):
    """Per weight sample: (time s, mean weight of el[post]'s E->E afferents in siemens)."""
    series = [weight_series(run.weight_series(name), post) for name in AFFERENTS]
    return [(s[0][0], sum(x[1] for x in s) / sum(x[2] for x in s)) for s in zip(*series)]


def report_two(d, window, w_max, punished, flip):
    """Differential reinforcement: el[TARGET] rewarded and el[punished] punished
    until flip seconds, then the reverse.  Rates in the first and last window of
    each half, mean afferent weights at the start, the flip and the end."""
    try:
        run = snnc.load(d)
        tr = run.trials
        learn = tr['phase'] != 'warmup'
        counts = {k: [n / TRIAL_S for n in column(tr, k, 1)[learn].tolist()] for k in (TARGET, punished)}
        ref, ref_name = reference(tr)
        counts['ref'] = [n / 20 / TRIAL_S for n in ref[learn].tolist()]
        wa, wb = afferents(run, TARGET), afferents(run, punished)
        if len(wa) < 2:
            raise KeyError('fewer than two weight samples: record w of el_el and eh_el every T')
    except (snnc.RunError, KeyError) as e:
        sys.exit('compsim1_report.py: %s' % e)
    first = int(round(flip / TRIAL_S)) - 1         # learning trials before the flip (after the warm-up)
    n = len(counts['ref'])
    w = min(window, first // 2, (n - first) // 2)
    mean = lambda x: sum(x) / len(x)
    r = {k: (mean(v[:w]), mean(v[first - w:first]), mean(v[-w:])) for k, v in counts.items()}
    print('%d learning trials, sign flipped after %.0f s; rates over %d trials (%.0f s) at the start, '
          'before the flip and at the end:' % (n, flip, w, w * TRIAL_S))
    for k, name in ((TARGET, 'A el[%d] (rewarded first)' % TARGET), (punished, 'B el[%d] (punished first)' % punished),
                    ('ref', 'mean of ' + ref_name)):
        print('  %-30s %6.2f Hz -> %6.2f Hz -> %6.2f Hz' % (name, *r[k]))
    at = lambda series, t: min(series, key=lambda s: abs(s[0] - t))[1] / w_max
    print('mean weight of the E->E afferents / w_max   time     A      B')
    for (t, a), (_, b) in zip(wa, wb):
        print('                                        %7.0f s %6.3f %6.3f' % (t, a / w_max, b / w_max))
    a0, a1, a2 = wa[0][1] / w_max, at(wa, flip), wa[-1][1] / w_max
    b0, b1, b2 = wb[0][1] / w_max, at(wb, flip), wb[-1][1] / w_max
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
    return all(ok for _, ok in checks)


main()
