"""calls.py DIR...: which object file calls which (nm), for the layout rules of
STYLE.md: no two files call each other, directly or around a longer circle,
and (compiler) no pass calls into a later one.  Prints PASS/FAIL lines."""
import os
import subprocess
import sys

# the compiler's passes in order; a file may call its own pass and earlier ones
PASSES = [
    ('base', ['arena', 'source', 'diag', 'units', 'ast', 'linear', 'lexer', 'parser', 'version']),
    ('check', ['sema']),
    ('plan', ['ode', 'linsys']),
    ('lower', ['lower', 'split']),
    ('print', ['explain', 'cgen']),
    ('build', ['cc', 'paths']),
    ('driver', ['main']),
]


def pass_of(name):
    for rank, (label, stems) in enumerate(PASSES):
        if any(name == s or name.startswith(s + '_') for s in stems):
            return rank, label
    return None


def graph(dirs):
    defs, refs = {}, {}
    files = [os.path.join(d, f) for d in dirs for f in sorted(os.listdir(d)) if f.endswith('.o')]
    # one nm for all of them: it heads each file's symbols with "PATH:"
    out = subprocess.run(['nm'] + files, capture_output=True, text=True, check=True).stdout if files else ''
    n = os.path.basename(files[0])[:-2] if len(files) == 1 else None  # one file: no heading
    if n:
        defs[n], refs[n] = set(), set()
    for line in out.splitlines():
        if line.endswith(':') and line[:-1] in files:
            n = os.path.basename(line[:-1])[:-2]
            defs[n], refs[n] = set(), set()
            continue
        p = line.split()
        if n is None:
            continue
        if len(p) == 3 and p[1] in 'TDBR':
            defs[n].add(p[2])
        elif len(p) == 2 and p[0] == 'U':
            refs[n].add(p[1])
    owner = {s: n for n in defs for s in defs[n]}
    return {n: {owner[s]: s for s in refs[n] if owner.get(s, n) != n} for n in defs}


def circles(edges):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def report(name, bad):
    print('PASS ' + name if not bad else 'FAIL %s: %s' % (name, '; '.join(bad[:5])))


kind, dirs = sys.argv[1], sys.argv[2:]
edges = graph(dirs)
report('%s-no-circles' % kind, [' <-> '.join(c) for c in circles(edges)])
if kind == 'compiler':
    bad = []
    for a, calls in sorted(edges.items()):
        pa = pass_of(a)
        if pa is None:
            bad.append('%s.c belongs to no pass (tests/layout/calls.py PASSES)' % a)
            continue
        for b, sym in sorted(calls.items()):
            pb = pass_of(b)
            if pb and pb[0] > pa[0]:
                bad.append('%s (%s) calls %s of %s (%s)' % (a, pa[1], sym, b, pb[1]))
    report('compiler-passes-forward', bad)
