# A run's outputs appear together or not at all.  Two configurations write
# different sets of files into one folder (A: sonata and csv, B: csv only, other
# spikes): (1) while runs of A and B replace each other (--force), a reader that
# opens the folder and reads it through that handle always finds one run's
# complete set, never a mix; (2) after SIGKILL at a random moment of a run, the
# folder holds the previous complete result or the new one.
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
cd "$T" || exit 1
printf 'node_id,time_ms\n0,1.0\n1,3.0\n' >in.csv
check whole-folder-reader-and-kills "a mixed or incomplete folder was seen" "$PY" - <<'PYEOF'
import json, os, random, subprocess, threading, time
random.seed(5)
cfg = {'A': ['--set', 'cell.I_e=250pA', '--format', 'sonata,csv'],
       'B': ['--set', 'cell.I_e=400pA', '--format', 'csv']}
def run(c, out, wait=True):
    args = ['./rt', '--quiet', '--force', '--set', 'src.file=in.csv', '--out', out] + cfg[c]
    return subprocess.run(args, check=True) if wait else subprocess.Popen(args)
want = {}
for c in cfg:                                  # the complete sets, from clean folders
    run(c, 'ref' + c)
    want[c] = {f: open('ref%s/%s' % (c, f), 'rb').read() for f in os.listdir('ref' + c) if f != 'run.json'}
assert set(want['A']) == set(want['B']) | {'spikes.h5', 'state_cell_v.h5'} and want['A']['spikes.csv'] != want['B']['spikes.csv']
def which(fd):                                 # the configuration the folder holds, or an error
    names = set(os.listdir(fd))
    j = json.loads(open('run.json', opener=lambda p, f: os.open(p, f, dir_fd=fd)).read())
    c = 'A' if j['overrides']['cell.I_e'] == '250pA' else 'B'
    if names != set(want[c]) | {'run.json'}:
        return 'mixed files %s with run.json of %s' % (sorted(names), c)
    for f, data in want[c].items():
        if open(f, 'rb', opener=lambda p, fl: os.open(p, fl, dir_fd=fd)).read() != data:
            return '%s differs from run %s' % (f, c)
    return c
# (1) a reader during 40 replacements
run('A', 'o')
stop, seen, bad = False, {'A': 0, 'B': 0}, []
def reader():
    while not stop:
        try:
            fd = os.open('o', os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            bad.append('the folder was missing')
            continue
        try:
            r = which(fd)
            # a folder that is no longer at the path when the reading ends was
            # replaced meanwhile and is being removed (it never comes back):
            # what was read there does not count
            if os.stat('o').st_ino != os.fstat(fd).st_ino:
                continue
            if r in seen: seen[r] += 1
            else: bad.append(r)
        except (FileNotFoundError, json.JSONDecodeError):
            pass                               # likewise, found removed while reading
        finally:
            os.close(fd)
th = threading.Thread(target=reader); th.start()
for k in range(40):
    run('AB'[k % 2], 'o')
stop = True; th.join()
print('reader: %d snapshots of A, %d of B, %d bad %s' % (seen['A'], seen['B'], len(bad), bad[:3]))
assert not bad and seen['A'] > 5 and seen['B'] > 5
# (2) SIGKILL at random moments of a run (up to 1.5 times its length)
t = []
for k in range(5):
    t0 = time.perf_counter(); run('A', 'k'); t.append(time.perf_counter() - t0)
length = sorted(t)[2]
outcome = {'old': 0, 'new': 0}
for k in range(40):
    before = which(os.open('k', os.O_RDONLY))
    c = 'B' if before == 'A' else 'A'
    p = run(c, 'k', wait=False)
    time.sleep(random.uniform(0, 1.5 * length))
    p.kill(); p.wait()
    fd = os.open('k', os.O_RDONLY)
    after = which(fd); os.close(fd)
    assert after in ('A', 'B'), 'after a kill: ' + after
    outcome['old' if after == before else 'new'] += 1
left = [f for f in os.listdir('.') if 'snn-staging' in f]
print('kills: %d left the previous result, %d the new one; staging folders left: %d' % (outcome['old'], outcome['new'], len(left)))
assert outcome['old'] > 0 and outcome['new'] > 0
PYEOF
