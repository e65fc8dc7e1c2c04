#!/usr/bin/python3
"""tests/fuzz/mutate.py SNNC OUTDIR N [SEED]: the token-level half of make fuzz.

libFuzzer mutates bytes, so most of its inputs stop in the scanner or the parser.
This mutates the landed models token by token instead -- a number replaced by an
edge value (0, tiny, huge, negative, a power of two past INT_MAX), a name by
another name of the same file, a token deleted or doubled -- so that most
mutants reach the checker and many pass it.  Each mutant is checked with
`snnc --emit-c`: exit status 0 or 1 only (2 is an internal error, anything else
a crash), within 20 s; when snnc accepts it, the C must pass `cc -fsyntax-only
-Wall -Wextra -Werror`.  Failing mutants are written to OUTDIR.  Prints one
summary line; exits 1 if any mutant failed.
"""
import os, random, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = re.compile(r'//[^\n]*|/\*.*?\*/|"[^"\n]*"|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?'
                   r'|[A-Za-z_][A-Za-z0-9_]*|->|[-+*/=!<>]=|&&|\|\||\s+|.', re.S)
EDGE = ['0', '0.0', '1', '-1', '2', '0.5', '1e-30', '1e30', '1e-29', '9.9e29', '3', '1e9', '1e10',
        '2147483647', '2147483648', '4294967296', '1e15', '1e-9', '1e-3', '100', '0.1', '1e300', '1e-300']


def mutants(text, rng):
    toks = TOKEN.findall(text)
    names = sorted({t for t in toks if re.match(r'[A-Za-z_]', t)})
    idx = [i for i, t in enumerate(toks) if not t.isspace() and not t.startswith(('//', '/*'))]
    nums = [i for i in idx if re.match(r'\d|\.\d', toks[i])] or idx
    while True:
        t = list(toks)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            op = rng.random()
            if op < 0.6:  # most mutants change a number: they pass the parser and often the checker
                t[rng.choice(nums)] = rng.choice(EDGE)
                continue
            i = rng.choice(idx)
            if re.match(r'[A-Za-z_]', t[i]) and op < 0.8:
                t[i] = rng.choice(names)
            elif op < 0.9:
                t[i] = ''
            else:
                t[i] = t[i] + ' ' + t[i]
        yield ''.join(t)


def main():
    snnc, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    os.makedirs(out, exist_ok=True)
    files = subprocess.run(['git', 'ls-files', '*.snn'], cwd=ROOT, capture_output=True, text=True).stdout.split()
    files = [f for f in files if not f.startswith(('tests/diag/', 'tests/syntax/'))]
    gens = {f: mutants(open(os.path.join(ROOT, f), encoding='latin-1').read(), rng) for f in files}
    counts = {'mutants': 0, 'accepted': 0, 'failed': 0}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            f = files[k % len(files)]
            text = next(gens[f])
            src = os.path.join(tmp, 'm.snn')
            open(src, 'w', encoding='latin-1').write(text)
            counts['mutants'] += 1
            why = None
            try:
                r = subprocess.run([snnc, '--emit-c', '-I', os.path.join(ROOT, os.path.dirname(f)), '-o',
                                    os.path.join(tmp, 'm.c'), src], capture_output=True, timeout=20)
                if r.returncode not in (0, 1):
                    why = 'snnc exit status %d: %s' % (r.returncode, r.stderr.decode('latin-1')[-300:])
                elif r.returncode == 0:
                    counts['accepted'] += 1
                    c = subprocess.run(['cc', '-std=c11', '-fsyntax-only', '-Wall', '-Wextra', '-Werror',
                                        '-Wno-unused', '-D_POSIX_C_SOURCE=200809L', '-I' + os.path.join(ROOT, 'runtime'),
                                        '-I/usr/include/hdf5/serial', os.path.join(tmp, 'm.c')],
                                       capture_output=True, timeout=60)
                    if c.returncode:
                        why = 'cc rejected the C: ' + c.stderr.decode('latin-1')[:400]
            except subprocess.TimeoutExpired:
                why = 'timeout'
            if why:
                counts['failed'] += 1
                name = os.path.join(out, 'mutant_%s_%d.snn' % (os.path.basename(f)[:-4], k))
                open(name, 'w', encoding='latin-1').write('// from %s: %s\n' % (f, why.replace('\n', ' ')[:300]) + text)
                print('  MUTANT  %s: %s' % (name, why.splitlines()[0][:200]))
    print('  MUTATE  %(mutants)d mutants, %(accepted)d accepted by snnc, %(failed)d failed' % counts)
    return 1 if counts['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
