#!/bin/sh
# tools/reproduce_compsim5.sh [SEED ...]: simulation 5 of Legenstein et al. 2008
# (Fig 10), the full protocol (2480 trials of 2.5 s) of models/compsim5_speech.snn
# on both sets of digits -- the synthesized ones (make digits) and the real
# recordings of ../shared/data/fsdd_one_two -- for each seed (default 1 2 3),
# one run after another (each run uses every core for the circuit), then
# tools/compsim5_report.py with a plot per run.  Prints the time of each stage.
# The sets are encoded with the options in tools/speech_encoding (or $AUDIO_ARGS).
# $MODEL runs a variant instead (tools/reproduce_compsim5_current.sh).
# FIGURE=FILE: the report also draws the first run's figure into FILE.
set -eu
cd "$(dirname "$0")/.."
SEEDS=${*:-1 2 3}
ENC_REAL=${AUDIO_ARGS:-$(sed -n 's/^recorded //p' tools/speech_encoding)}
MODEL=${MODEL:-models/compsim5_speech.snn}
OUT=${OUT:-build/compsim5}
PY=/usr/bin/python3
mkdir -p "$OUT"
t0=$(date +%s.%N)
# synthesizes and encodes the digits (its own AUDIO_ARGS / speech_encoding line)
sh tools/synth_digits.sh "$OUT/synth" >/dev/null
DATA=../shared/data/fsdd_one_two
sets="synth:$OUT/synth/digits.h5"
if [ -d "$DATA" ]; then
    real=""
    for i in 0 1 2 3 4 5 6 7 8 9; do real="$real 1=$DATA/1_jackson_$i.wav 2=$DATA/2_jackson_$i.wav"; done
    # shellcheck disable=SC2086
    build/snn-audio -o "$OUT/fsdd.h5" $ENC_REAL --cochleagram $real
    sets="$sets fsdd:$OUT/fsdd.h5"
fi
t1=$(date +%s.%N)
build/snnc "$MODEL" -o "$OUT/compsim5"
t2=$(date +%s.%N)
echo "audio (synthesis + encoding): $(awk "BEGIN { print $t1 - $t0 }") s; compiling the model: $(awk "BEGIN { print $t2 - $t1 }") s"
status=0
for entry in $sets; do
    set=${entry%%:*}
    file=${entry#*:}
    for seed in $SEEDS; do
        run="$OUT/${set}_seed$seed"
        rm -rf "$run"
        "$OUT/compsim5" --quiet --seed "$seed" --set "speech.file=$file" --out "$run"
        echo "== $set, seed $seed: circuit ahead $($PY -c "import json; t = json.load(open('$run/run.json'))['timings']; print('%.1f s on %d processes, readout %.1f s' % (t['ahead_s'], t['ahead_jobs'], t['run_s']))")"
        $PY tools/compsim5_report.py "$run" --plot "$run/fig10.png" || status=1
        if [ -n "${FIGURE:-}" ]; then
            cp "$run/fig10.png" "$FIGURE" || status=1
            FIGURE=
        fi
    done
done
exit $status
