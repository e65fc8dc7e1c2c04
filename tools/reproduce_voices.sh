#!/bin/sh
# tools/reproduce_voices.sh [SEED]: the speech experiment (models/compsim5_speech.snn,
# the whole protocol) on voices the encoding was never chosen on.
#
# The encoding (tools/speech_encoding, "synthesized") was chosen by a search on
# the ten voices of tools/synth_digits.sh and on one speaker's recordings.  Each
# voice here is one synthetic speaker that set never had: ten utterances of
# "one" and ten of "two", said at ten speeds and pitches around the speaker's
# own (utterance k of both digits alike), synthesized and encoded exactly as
# the default set is (tools/synth_digits.sh with $VOICES).  Every speaker's
# set gets a run of its own (seed SEED, default 1) and tools/compsim5_report.py;
# the table at the end gives each one's test accuracy, the ratio of "two"'s to
# "one"'s spikes after training, and the paper's three findings.  Exits 0 when
# every run finished, whatever the findings (they are what is measured here).
# MODEL=models/compsim5_weightdep.snn (or another variant of the speech model
# with the same protocol and report) runs the voices on that model instead of
# the paper's models/compsim5_speech.snn; OUT names the output folder.
# SET=heldout takes ten other speakers instead, chosen after the variant was
# (on the first ten): a test that no choice of the encoding or of the variant saw.
set -eu
cd "$(dirname "$0")/.."
SEED=${1:-1}
OUT=${OUT:-build/voices}
MODEL=${MODEL:-models/compsim5_speech.snn}
PY=/usr/bin/python3
mkdir -p "$OUT"
# speaker: engine, voice, speed (espeak: words per minute; flite: stretch) and
# pitch (espeak, 0-99) around which its ten utterances vary.  None of these
# voices or variants is in tools/synth_digits.sh.
first="espeak en-029 165 45
espeak en-us-nyc+f3 170 65
espeak en-gb-x-gbclan+m1 155 40
espeak en-gb-x-gbcwmd+f1 160 60
espeak en+m4 175 35
espeak en-us+f5 150 70
espeak en-us+Andy 165 50
espeak en-gb+grandma 145 55
flite rms 1.2 0
flite kal16 1.3 0"
heldout="espeak en-gb+m6 160 45
espeak en-us+f4 155 65
espeak en+klatt3 150 50
espeak en-us+linda 165 60
espeak en-gb+aunty 150 55
espeak en-us+david 170 45
espeak en-gb+edward 160 40
espeak en+belinda 150 65
espeak en-gb-scotland+m5 170 40
flite awb_time 1.2 0"
case ${SET:-first} in
first) speakers=$first ;;
heldout) speakers=$heldout ;;
*) echo "$0: SET is first or heldout, not $SET" >&2; exit 2 ;;
esac
build/snnc "$MODEL" -o "$OUT/compsim5"
echo "$speakers" | while read -r engine voice speed pitch; do
    name=$(echo "$engine-$voice" | tr '+' '_')
    # ten utterances: speed from -20 % to +16 %, pitch from -12 to +15 (espeak);
    # stretch from 0.84 to 1.2 times (flite)
    lines=$(for k in 0 1 2 3 4 5 6 7 8 9; do
        if [ "$engine" = espeak ]; then
            echo "$engine $voice $((speed * (80 + 4 * k) / 100)) $((pitch - 12 + (k * 7) % 28))"
        else
            echo "$engine $voice $(awk "BEGIN { print $speed * (0.84 + 0.04 * $k) }") 0"
        fi
    done)
    VOICES=$lines sh tools/synth_digits.sh "$OUT/$name/audio" >"$OUT/$name.synth.log" 2>&1
    run=$OUT/$name/run
    rm -rf "$run"
    "$OUT/compsim5" --quiet --seed "$SEED" --set "speech.file=$OUT/$name/audio/digits.h5" --out "$run"
    "$PY" tools/compsim5_report.py "$run" --plot "$OUT/$name/fig10.png" >"$OUT/$name/report.txt" || true
    echo "== $name: $(grep -v 'NOT as in the paper$' "$OUT/$name/report.txt" | grep -c 'as in the paper$') of 3 findings as in the paper"
done
# the table: one line per speaker
"$PY" - "$OUT" "$speakers" <<'EOF'
import re, sys
out, speakers = sys.argv[1], sys.argv[2].splitlines()
print('| voice | test accuracy | "two" / "one" after | "two" rises, "one" falls | V_m var. "two" up | V_m var. "one" down |')
print('|---|---|---|---|---|---|')
for line in speakers:
    engine, voice = line.split()[:2]
    name = ('%s-%s' % (engine, voice)).replace('+', '_')
    text = open('%s/%s/report.txt' % (out, name)).read()
    acc = re.search(r'test accuracy ([0-9.]+) %', text).group(1)
    ratio = re.search(r'\(([0-9.]+) x\)', text).group(1)
    found = [('yes' if l.rstrip().endswith('as in the paper') and 'NOT' not in l else 'no')
             for l in text.splitlines() if l.rstrip().endswith('as in the paper')]
    print('| %s %s | %s %% | %s | %s |' % (engine, voice, acc, ratio, ' | '.join(found)))
EOF
