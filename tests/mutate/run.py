#!/usr/bin/python3
"""make mutate: each break of tests/mutate/mutations.txt applied alone to a
scratch copy of the repository, rebuilt, and run against the fast suite
(SNN_QUICK=1 tests/run.sh, stopped at its first
failure, without the golden C dumps); a mutation the suite does not notice survives.
Prints one line per mutation (killed or SURVIVED, by how many failures, and
the time), then the score; exits 1 if any survives or no longer applies.

  tests/mutate/run.py [ID ...]      only these mutations
"""
import os, re, shutil, signal, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse(path):
    muts, cur, key = [], None, None
    for line in open(path).read().split('\n'):
        if line.startswith('== '):
            m = re.match(r'== ([\w-]+): (.*)', line)
            cur = {'id': m.group(1), 'what': m.group(2), 'file': None, 'find': [], 'replace': []}
            muts.append(cur)
            key = None
        elif cur is None or line.startswith('#'):  # a comment, also between blocks
            key = None
            continue
        elif line.startswith('file: '):
            cur['file'] = line[6:].strip()
        elif line in ('find:', 'replace:'):
            key = line[:-1]
        elif key:
            cur[key].append(line)
    for m in muts:
        for k in ('find', 'replace'):
            while m[k] and not m[k][-1].strip():
                m[k].pop()
            m[k] = '\n'.join(m[k])
    return muts


def suite(work, env):
    """The fast suite, stopped at its first failure: (FAIL lines, output, status)."""
    p = subprocess.Popen(['sh', 'tests/run.sh'], cwd=work, env=env, stdout=subprocess.PIPE, text=True,
                         start_new_session=True)
    out, fails = [], []
    for line in p.stdout:
        out.append(line)
        if line.startswith('FAIL') or line.startswith('  FAIL'):
            os.killpg(p.pid, signal.SIGTERM)
            # with the first lines of its explanation (indented), if they were printed
            more = []
            for rest in p.stdout:
                if not rest.startswith('    ') or len(more) == 2:
                    break
                more.append(rest.strip())
            fails.append(' | '.join([line.strip()] + more))
            break
    p.stdout.close()
    rc = p.wait()
    return fails, ''.join(out), 0 if not fails and rc == 0 else (rc or 1)


def main():
    muts = parse(os.path.join(ROOT, 'tests', 'mutate', 'mutations.txt'))
    if sys.argv[1:]:
        muts = [m for m in muts if m['id'] in sys.argv[1:]]
    scratch = tempfile.mkdtemp(prefix='snnc-mutate.')
    work = os.path.join(scratch, 'main')
    # a copy beside ../shared, where the tests look for the data
    subprocess.run(['git', 'clone', '-q', ROOT, work], check=True)
    shared = os.path.join(os.path.dirname(ROOT), 'shared')
    if os.path.isdir(shared):
        os.symlink(shared, os.path.join(scratch, 'shared'))
    env = dict(os.environ, SNN_QUICK='1', SNN_FAIL_FAST='1', SNN_NO_GOLDEN_C='1')
    for k in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'):  # the builds below are not part of the calling make
        env.pop(k, None)
        os.environ.pop(k, None)
    subprocess.run(['make', '-s'], cwd=work, check=True, stdout=subprocess.DEVNULL)
    t_all, survived, stale = time.time(), [], []
    for m in muts:
        path = os.path.join(work, m['file'])
        text = open(path).read()
        if text.count(m['find']) != 1:
            stale.append(m['id'])
            print('%-24s STALE: the text to change is found %d times in %s' % (m['id'], text.count(m['find']), m['file']))
            continue
        t0 = time.time()
        open(path, 'w').write(text.replace(m['find'], m['replace']))
        try:
            b = subprocess.run(['make', '-s'], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if b.returncode:  # once more, one job at a time: a build is killed by its own error only
                b = subprocess.run(['make', '-s', '-j1'], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
            if b.returncode:
                err = [l for l in b.stderr.split('\n') if 'error' in l] or b.stderr.strip().split('\n')
                print('%-24s killed by the build (%s)' % (m['id'], err[0][:100]))
                continue
            fails, out, rc = suite(work, env)
            res = re.search(r'(\d+) passed, (\d+) failed', out)
            if fails or rc:
                print('%-24s killed by %s  (%.0f s)' % (m['id'], fails[0][5:150] if fails else 'exit status %d' % rc,
                                                      time.time() - t0))
            else:
                survived.append(m['id'])
                print('%-24s SURVIVED (%s)  (%.0f s)  -- %s' % (m['id'], res.group(0) if res else '?',
                                                                time.time() - t0, m['what']))
        finally:
            open(path, 'w').write(text)
    subprocess.run(['make', '-s'], cwd=work, stdout=subprocess.DEVNULL)
    n = len(muts) - len(stale)
    print('%d mutations: %d killed, %d survived%s; %.0f s' % (n, n - len(survived), len(survived),
          ', %d stale' % len(stale) if stale else '', time.time() - t_all))
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if survived or stale else 0


if __name__ == '__main__':
    sys.exit(main())
