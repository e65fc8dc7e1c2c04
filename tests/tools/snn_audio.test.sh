# build/snn-audio (tools/snn_audio.c) on the real recordings of
# ../shared/data/fsdd_one_two (8 kHz, resampled to 16 kHz: 86 channels): one
# entry per recording with its label, the HDF5 and CSV forms equal, spikes in
# time order inside each utterance, the cochleagram stored; then bad input --
# stereo, float samples, no samples, silence, no label, a missing file -- each
# stops with the file and the problem and leaves no output file behind.
. tests/lib.sh
AUDIO=$BUILD/snn-audio
DATA=$ROOT/../shared/data/fsdd_one_two
if [ ! -d "$DATA" ]; then
    fail snn-audio-data "$DATA is missing"
    exit 0
fi
args=""
for i in 0 1 2 3 4 5 6 7 8 9; do args="$args 1=$DATA/1_jackson_$i.wav 2=$DATA/2_jackson_$i.wav"; done
# shellcheck disable=SC2086
"$AUDIO" -o "$T/set.h5" --csv "$T/set.csv" --cochleagram $args >"$T/out.txt" 2>&1 || fail snn-audio-run "$(cat "$T/out.txt")"
"$PY" - "$T" <<'PYEOF' || fail snn-audio-check "python check crashed"
import csv, sys
import h5py
import numpy as np
T = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
f = h5py.File(T + '/set.h5', 'r')
lab = f['entries/label'][:]
e, n, t = f['spikes/entry'][:], f['spikes/node_id'][:], f['spikes/time_ms'][:]
dur = f['entries/duration_ms'][:]
cf = f['channels/cf_hz'][:]
report('snn-audio-entries', list(lab) == [1, 2] * 10 and len(cf) == 86 and f.attrs['channels'] == 86,
       'labels %s, %d channels' % (list(lab), len(cf)))
per = np.bincount(e, minlength=20)
report('snn-audio-spikes', per.min() > 100 and n.max() < 86, 'spikes per entry %s' % per)
order = all(np.all(np.diff(t[e == k]) >= 0) for k in range(20))
inside = all(t[e == k].max() < dur[k] for k in range(20))
report('snn-audio-order', order and inside and np.all(np.diff(e) >= 0), 'spikes out of order or beyond the recording')
rows = list(csv.DictReader(open(T + '/set.csv')))
same = len(rows) == len(e) and all(int(r['entry']) == a and int(r['label']) == lab[a] and int(r['node_id']) == b and
                                   abs(float(r['time_ms']) - c) < 1e-3 for r, a, b, c in zip(rows, e, n, t))
report('snn-audio-csv-equals-h5', same, '%d CSV rows, %d HDF5 spikes' % (len(rows), len(e)))
cg = f['cochleagram/e0'][:]
report('snn-audio-cochleagram', cg.shape[1] == 86 and abs(cg.max() - f.attrs['peak']) < 1e-6 and cg.min() >= 0,
       'shape %s, max %g' % (cg.shape, cg.max()))
# "one" and "two" differ: the mean spectral profile of the two digits is not the same
prof = [np.bincount(n[np.isin(e, np.where(lab == d)[0])], minlength=86) for d in (1, 2)]
prof = [p / p.sum() for p in prof]
report('snn-audio-digits-differ', np.abs(prof[0] - prof[1]).sum() > 0.1, 'profiles differ by %.3f' % np.abs(prof[0] - prof[1]).sum())
PYEOF

# bad input: made here with Python's wave module (and a hand-written float header)
"$PY" - "$T" <<'PYEOF'
import struct, sys, wave
T = sys.argv[1]
def pcm(name, channels, samples):
    w = wave.open('%s/%s' % (T, name), 'wb')
    w.setnchannels(channels); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b''.join(struct.pack('<h', s) for s in samples))
    w.close()
pcm('stereo.wav', 2, [100, -100] * 800)
pcm('empty.wav', 1, [])
pcm('silent.wav', 1, [0] * 1600)
pcm('ok.wav', 1, [int(3000 * ((i * 37) % 200 - 100) / 100) for i in range(1600)])
data = struct.pack('<800f', *([0.1, -0.1] * 400))
hdr = b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVEfmt ' + struct.pack('<IHHIIHH', 16, 3, 1, 8000, 32000, 4, 32)
open(T + '/float.wav', 'wb').write(hdr + b'data' + struct.pack('<I', len(data)) + data)
PYEOF
bad() { # bad NAME EXPECTED-TEXT ARGS...: exit 1, the message names the problem, no output
    name=$1
    want=$2
    shift 2
    rm -f "$T/bad.h5"
    "$AUDIO" -o "$T/bad.h5" "$@" >"$T/bad.out" 2>&1
    st=$?
    if [ $st = 1 ] && grep -q -- "$want" "$T/bad.out" && [ ! -e "$T/bad.h5" ] && ! ls "$T"/.bad.h5* >/dev/null 2>&1; then
        pass "snn-audio-bad-$name"
    else
        fail "snn-audio-bad-$name" "exit $st, output: $(cat "$T/bad.out")"
    fi
}
bad stereo "stereo.wav: stereo" 1="$T/ok.wav" 2="$T/stereo.wav"
bad float "float.wav: not PCM" 1="$T/float.wav"
bad empty "empty.wav: empty" 1="$T/empty.wav"
bad silent "silent.wav: silent" 1="$T/silent.wav"
bad no-label "give each recording a label" "$T/ok.wav"
bad missing-file "nothing.wav: cannot read" 1="$T/nothing.wav"
