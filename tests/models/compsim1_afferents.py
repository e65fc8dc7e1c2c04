"""compsim1_afferents.py RUN POST...: the mean weight (in w_max) of the E->E
afferents of el[POST] at every weight sample of a run of simulation 1 or one
of its variants, then of all other E->E synapses at the end, as lines
  time_s mean(POST...)
  end mean(POST...) others
for the shortened tests of the variants (tests/models/compsim1[bc].test.sh)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, '..', '..', 'python'), os.path.join(HERE, '..', '..', 'tools')]
import snnc  # noqa: E402
import compsim1_measures as M  # noqa: E402  (the report's reading of the weight series)

W_MAX = 21.59e-9
ONTO_EL, OTHERS = M.AFFERENTS, ('el_eh', 'eh_eh')


def main():
    run, posts = snnc.load(sys.argv[1]), [int(a) for a in sys.argv[2:]]
    w = M.Weights(run, W_MAX)
    curves = [w.mean(w.onto([p])) for p in posts]
    for k, t in enumerate(w.times_s):
        print('%g %s' % (t, ' '.join('%.5f' % c[k] for c in curves)))
    end = {p: [] for p in posts}
    rest = []
    for name in ONTO_EL + OTHERS:
        e = run.final_weights[name]
        for post, w in zip(e.target.tolist(), e.weight_si().tolist()):
            (end[post] if name in ONTO_EL and post in end else rest).append(w / W_MAX)
    print('end %s %.5f' % (' '.join('%.5f' % (sum(v) / len(v)) for v in end.values()), sum(rest) / len(rest)))


main()
