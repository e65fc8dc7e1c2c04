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
it the peaks, can differ.)  Exit status 1 if a check of the paper's fails."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import snnc  # noqa: E402  (the run's reader, python/snnc)

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


def main(dirs):
    paper = ours = 0
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
        ours += ok_vm
        print('%-8s %14.2f %5.2f %10.2f %5.2f %20.2f %5.2f %10.2f %5.2f   %-28s %s' %
              (d.rstrip('/').split('/')[-1][-8:], *sp, *vm, 'as in the paper' if ok_sp else 'NOT as in the paper',
               'our target: met' if ok_vm else 'our target: not met'))
    print('%d of %d runs as in the paper; our V_m target met in %d of %d' % (paper, len(dirs), ours, len(dirs)))
    return paper == len(dirs)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(0 if main(sys.argv[1:]) else 1)
