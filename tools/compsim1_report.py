#!/usr/bin/python3
"""compsim1_report.py OUT_DIR...: the numbers of the paper's Fig 4 for a run of
models/compsim1_biofeedback.snn -- the rate of the reinforced neuron el[193]
and the mean rate of el[0:20] in the first and last windows of trials (Fig 4B),
the mean weight of the reinforced neuron's E->E afferents and of all other E->E
synapses at every weight sample (Fig 4C), and the spread of the other weights
at the end (Fig 5A) -- and whether the run shows what the paper claims: the
reinforced neuron's rate and afferent weights rise while the rest stays put.

--window N   trials per rate window (default 40 = 1 min of 1.5 s trials)
--w-max W    the model's w_max in siemens (default 21.59e-9, as in the model)"""
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


def rates(run, window):
    tr = run.trials
    learn = tr['phase'] != 'warmup'
    tgt = [n / TRIAL_S for n in tr['el[193:194]'][learn].tolist()]
    ref = [n / 20 / TRIAL_S for n in tr['el[0:20]'][learn].tolist()]
    w = min(window, len(tgt) // 2)
    mean = lambda x: sum(x) / len(x)
    return len(tgt), w, mean(tgt[:w]), mean(tgt[-w:]), mean(ref[:w]), mean(ref[-w:])


def weight_series(s):
    """Mean weight (in w_max) of synapses onto el[TARGET] and of the rest, per sample
    of the weight series s (sums in column order, in siemens)."""
    onto = [k for k, post in enumerate(s.target.tolist()) if post == TARGET]
    out = []
    for t, row in zip(s.times_ms.tolist(), s.si().tolist()):
        total = sum(row)
        tgt = sum(row[k] for k in onto)
        out.append((t / 1000, tgt, len(onto), total - tgt, len(row) - len(onto)))
    return out


def main():
    args = sys.argv[1:]
    window, w_max = 40, W_MAX
    while len(args) >= 2 and args[0] in ('--window', '--w-max'):
        if args[0] == '--window':
            window = int(args[1])
        else:
            w_max = float(args[1])
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    ok = True
    for d in args:
        if len(args) > 1:
            print('== ' + d)
        ok &= report(d, window, w_max)
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
    print('  reinforced neuron el[193]   %6.2f Hz -> %6.2f Hz' % (t0, t1))
    print('  mean of el[0:20]            %6.2f Hz -> %6.2f Hz' % (r0, r1))

    print('mean E->E weight / w_max      time   afferents of el[193]   other E->E onto el')
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
        ('mean rate of el[0:20] stays within 25%', abs(r1 - r0) < 0.25 * r0),
        ('afferent weights of el[193] rise', curve[-1][0] > curve[0][0] + 0.02),
        ('other E->E weights stay near 0.5 w_max', abs(curve[-1][1] - 0.5) < 0.05),
        ('other weights stay unimodal (< 10% at either bound)', at0 < 0.1 and at1 < 0.1),
    ]
    for name, ok in checks:
        print('%-55s %s' % (name, 'as in the paper' if ok else 'NOT as in the paper'))
    return all(ok for _, ok in checks)


main()
