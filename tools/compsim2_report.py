#!/usr/bin/python3
"""compsim2_report.py OUT_DIR...: the numbers of the paper's Fig 7 for runs of
models/compsim2_teacher.snn -- the mean weight of the 50 synapses with
w* = w_max and of the 50 with w* = 0 (in units of w_max), and the angle between
w and w* = (w_max x 50, 0 x 50), at the first sample and at the end -- and
whether the run shows what the paper claims: strong group up, weak group down,
angular error falling."""
import csv
import math
import sys

W_MAX = 11.87e-9


def series(path):
    rows = list(csv.reader(open(path)))
    t = [float(r[0]) / 1000 for r in rows[1:]]
    w = [[float(x) / W_MAX for x in r[1:]] for r in rows[1:]]
    return t, w


def angle(w):
    dot = sum(w[:50])
    norm = math.sqrt(sum(x * x for x in w)) * math.sqrt(50)
    return math.acos(min(1.0, dot / norm)) if norm > 0 else float('nan')


ok_all = True
print('run                      strong: start   end    weak: start   end    angle: start   end   min/max step   result')
for d in sys.argv[1:]:
    t, w = series(d + '/weights_syn_t.csv')
    strong = [sum(x[:50]) / 50 for x in w]
    weak = [sum(x[50:]) / 50 for x in w]
    ang = [angle(x) for x in w]
    rises = max(b - a for a, b in zip(ang, ang[1:]))
    ok = strong[-1] > strong[0] and weak[-1] < weak[0] and ang[-1] < ang[0]
    ok_all &= ok
    print('%-24s %12.3f %6.3f %11.3f %6.3f %12.3f %6.3f %+10.3f   %s' %
          (d[-24:], strong[0], strong[-1], weak[0], weak[-1], ang[0], ang[-1], rises, 'as in the paper' if ok else 'NOT as in the paper'))
sys.exit(0 if ok_all else 1)
