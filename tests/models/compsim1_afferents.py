"""compsim1_afferents.py RUN POST...: the mean weight (in w_max) of the E->E
afferents of el[POST] at every weight sample of a run of simulation 1 or one
of its variants, then of all other E->E synapses at the end, as lines
  time_s mean(POST...)
  end mean(POST...) others
for the shortened tests of the variants (tests/models/compsim1[bc].test.sh)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python'))
import snnc  # noqa: E402

W_MAX = 21.59e-9
ONTO_EL, OTHERS = ('el_el', 'eh_el'), ('el_eh', 'eh_eh')


def main():
    run, posts = snnc.load(sys.argv[1]), [int(a) for a in sys.argv[2:]]
    sums = {}
    for name in ONTO_EL:
        s = run.weight_series(name)
        targets = s.target.tolist()
        for t, row in zip(s.times_ms.tolist(), s.si().tolist()):
            acc = sums.setdefault(t / 1000, {p: [0.0, 0] for p in posts})
            for k, post in enumerate(targets):
                if post in acc:
                    acc[post][0] += row[k]
                    acc[post][1] += 1
    for t in sorted(sums):
        print('%g %s' % (t, ' '.join('%.5f' % (sums[t][p][0] / sums[t][p][1] / W_MAX) for p in posts)))
    end = {p: [] for p in posts}
    rest = []
    for name in ONTO_EL + OTHERS:
        e = run.final_weights[name]
        for post, w in zip(e.target.tolist(), e.weight_si().tolist()):
            (end[post] if name in ONTO_EL and post in end else rest).append(w / W_MAX)
    print('end %s %.5f' % (' '.join('%.5f' % (sum(v) / len(v)) for v in end.values()), sum(rest) / len(rest)))


main()
