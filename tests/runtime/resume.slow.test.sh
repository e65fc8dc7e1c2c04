# Long runs survive a kill: a run writing checkpoints (--checkpoint-every) is
# killed with SIGKILL at random moments (twice: the run, then its resumption),
# continued with --resume, and its outputs must equal an uninterrupted run's,
# byte for byte (run.json: everything but timings, memory and checkpoint counts).
# On shortened compsim1 (plastic, reward), compsim2 (phases that set
# parameters), compsim5 (stimulus set, the frozen sub-network computed ahead
# in worker processes) and a plastic network run as --seeds replicates.
# Also: a checkpoint of another model, of another snnc, or damaged is refused.
. tests/lib.sh
DATA=$ROOT/../shared/data/fsdd_one_two
cd "$T" || exit 1
short_compsim1 "$ROOT/models/compsim1_biofeedback.snn" 5 "1500 ms" cs1.snn
sed -e 's/trials 599; learning on/trials 40; learning on/' -e 's/trials 600; learning on/trials 40; learning on/' \
    -e 's/trials 18; learning off/trials 2; learning off/' \
    -e 's/phase warmup { trials 1; learning off }/phase warmup { trials 1; learning off; record w of syn every 1 s }/' \
    "$ROOT/models/compsim2_teacher.snn" >cs2.snn
sed -e "s/phase probe_nothr { trials 20;/phase probe_nothr { trials 2;/" -e "s/phase probe { trials 20;/phase probe { trials 1;/" \
    -e "s/phase before { trials 200;/phase before { trials 2;/" -e "s/phase train { trials 2000;/phase train { trials 10;/" \
    -e "s/phase after { trials 200;/phase after { trials 2;/" -e "s/phase probe2 { trials 20;/phase probe2 { trials 1;/" \
    -e "s/phase probe2_nothr { trials 20;/phase probe2_nothr { trials 2;/" "$ROOT/models/compsim5_speech.snn" >cs5.snn
sed 's/time 2 s }/time 3 s }/' "$ROOT/tests/runtime/observe.snn" >net.snn
for m in cs1 cs2 cs5 net; do build $m.snn ./$m || exit 0; done
args=""
for i in 0 1 2 3; do args="$args 1=$DATA/1_jackson_$i.wav 2=$DATA/2_jackson_$i.wav"; done
# shellcheck disable=SC2086
"$BUILD/snn-audio" -o digits.h5 $args >/dev/null || fail resume-audio "snn-audio failed"
"$PY" - <<'PYEOF'
import json, os, random, signal, subprocess, time
random.seed(int(os.environ.get('SNN_RESUME_SEED', '12')))
def same_json(a, b):
    drop = ('timings', 'memory', 'checkpoints', 'resumed_at_s', 'command', 'started')
    ja, jb = [{k: v for k, v in json.load(open(f)).items() if k not in drop} for f in (a, b)]
    return ja == jb
def compare(ref, got):
    bad = []
    for root, _, files in os.walk(ref):
        for f in files:
            a = os.path.join(root, f)
            b = os.path.join(got, os.path.relpath(a, ref))
            if not os.path.exists(b):
                bad.append(b + ' missing')
            elif f == 'run.json':
                bad += [] if same_json(a, b) else [b + ' differs']
            elif open(a, 'rb').read() != open(b, 'rb').read():
                bad.append(b + ' differs')
    return bad
def stamp(out, seeds):
    """the latest write of a checkpoint in out (0: none yet)"""
    paths = [os.path.join(out, d, 'checkpoint.snnck') for d in (os.listdir(out) if os.path.isdir(out) else [])] \
        if seeds else [os.path.join(out, 'checkpoint.snnck')]
    return max([os.stat(p).st_mtime_ns for p in paths if os.path.exists(p)] or [0])
def killed(cmd, out, seeds):
    """run cmd, SIGKILL it a random time after its 1st, 2nd or 3rd new checkpoint (less than the
    interval between two); the moment, or None if it finished first"""
    p = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    t0, last, seen, gap = time.time(), stamp(out, seeds), [], 0.05
    want = random.randint(1, 3)
    while p.poll() is None and len(seen) < want:
        s = stamp(out, seeds)
        if s != last:
            seen.append(time.time())
            last = s
        time.sleep(0.005)
    if len(seen) > 1:
        gap = seen[-1] - seen[-2]
    time.sleep(random.uniform(0, 0.9 * gap))
    if p.poll() is not None:
        return None
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    return '%.2f s (after its checkpoint %d)' % (time.time() - t0, want)
def trial(name, base, every, out, seeds=False):
    """base: the command without --out; the run is killed at random moments after a checkpoint,
    resumed and killed again, then resumed to the end; its outputs are compared with a reference
    (a run that ended before its kill is started again, up to 5 times)"""
    t0 = time.time()
    subprocess.run(base + ['--out', 'ref_' + name], check=True)
    length = time.time() - t0
    first = base + ['--out', out, '--checkpoint-every', every, '--force']
    again = (base + ['--out', out, '--checkpoint-every', every, '--resume', out]) if seeds \
        else [base[0], '--quiet', '--checkpoint-every', every, '--resume', out]
    for attempt in range(5):
        moments = [killed(first, out, seeds)]
        if moments[0]:
            moments.append(killed(again, out, seeds))
        if all(moments):
            break
    else:
        print('FAIL resume-%s: the run ended before its kill in 5 attempts' % name)
        return
    r = subprocess.run(again, stderr=subprocess.PIPE, text=True)
    bad = compare('ref_' + name, out) if r.returncode == 0 else ['resume: exit %d: %s' % (r.returncode, r.stderr[-300:])]
    print('%s: uninterrupted %.2f s; SIGKILL at %s, then %s of the resumed run; %s'
          % (name, length, moments[0], moments[1], 'all outputs identical' if not bad else '; '.join(bad[:3])))
    print(('PASS ' if not bad else 'FAIL ') + 'resume-' + name)
trial('compsim1', ['./cs1', '--quiet'], '1500ms', 'k_cs1')
trial('compsim2', ['./cs2', '--quiet'], '20s', 'k_cs2')
trial('compsim5', ['./cs5', '--quiet', '--set', 'speech.file=digits.h5'], '5s', 'k_cs5')
trial('seeds', ['./net', '--quiet', '--seeds', '1-3', '--format', 'csv'], '0.3s', 'k_seeds', seeds=True)
PYEOF
# ---- checkpoints that are not this run's
mkdir -p other && cp k_cs1/checkpoint.snnck other/ 2>/dev/null || ./cs1 --quiet --out other --checkpoint-every 1500ms --set sim.seed=2 2>/dev/null
./cs1 --quiet --out c1 --force --checkpoint-every 1500ms & pid=$!
while [ ! -e c1/checkpoint.snnck ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
kill -9 $pid; wait $pid 2>/dev/null
cp -r c1 c1b && cp -r c1 c1c
./cs2 --quiet --resume c1 2>err1
refusal resume-other-model $? err1 "error: --resume c1/checkpoint.snnck: a checkpoint of another model (cs1.snn, hash"
"$PY" -c "
import sys; p = 'c1b/checkpoint.snnck'; b = bytearray(open(p, 'rb').read()); b[len(b) // 2] ^= 1; open(p, 'wb').write(b)"
./cs1 --quiet --resume c1b 2>err2
refusal resume-damaged $? err2 "error: --resume c1b/checkpoint.snnck: the checkpoint is damaged (its checksum does not match its contents)"
"$PY" -c "
p = 'c1c/checkpoint.snnck'; b = open(p, 'rb').read(); v = b'snnc ' + open('$ROOT/VERSION', 'rb').read().strip()
i = b.index(v); b = b[:i] + bytes(c if c in b'snc .' else 57 for c in v) + b[i + len(v):]  # digits to 9s: same length
import struct; h = 0xcbf29ce484222325
for x in b[:-8]: h = ((h ^ x) * 0x100000001b3) & (2**64 - 1)
open(p, 'wb').write(b[:-8] + struct.pack('<Q', h))"
v=$(cat "$ROOT/VERSION")
./cs1 --quiet --resume c1c 2>err3
refusal resume-other-snnc $? err3 "error: --resume c1c/checkpoint.snnck: written by an executable built by snnc $(echo "$v" | tr 0-8 9); this one was built by snnc $v"
./cs1 --quiet --resume c1 --set sim.seed=3 2>err4
refusal resume-no-settings $? err4 "error: --resume continues a run with the settings stored in its checkpoint"
./cs1 --quiet --resume nowhere 2>err5
refusal resume-no-checkpoint $? err5 "error: --resume nowhere: no checkpoint there"
./cs1 --quiet --out c1 2>err6
refusal resume-folder-refused $? err6 "the folder holds the checkpoint of a run that was stopped: continue it with --resume c1, or start again with --force"
