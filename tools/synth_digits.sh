#!/bin/sh
# tools/synth_digits.sh OUT_DIR: the default spoken digits for the speech
# experiment when no recordings are given -- 10 utterances of "one" and 10 of
# "two", synthesized with Debian's espeak-ng (7 voices, speeds and pitches) and
# flite (3 voices, stretched), resampled to 16 kHz mono 16 bit and trimmed of
# leading and trailing silence with sox.  Utterance k of both digits uses the
# same voice, as a speaker would.  Then build/snn-audio encodes them into
# OUT_DIR/digits.h5 (+ digits.csv), labels 1 and 2, in the order
# one_01, two_01, one_02, ..., with the options for synthesized sets in
# tools/speech_encoding (or $AUDIO_ARGS).  Deterministic (sox -D: no random dither):
# the same tools give the same files.
set -eu
out=${1:?usage: synth_digits.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/digits.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# voice: engine, voice, espeak speed (wpm) and pitch (0-99), or flite stretch;
# $VOICES (ten such lines) replaces them, as tools/reproduce_voices.sh does for
# the voices the encoding was never chosen on
voices=${VOICES:-"espeak en-us 175 50
espeak en-us+m3 140 35
espeak en-us+f2 160 70
espeak en+m7 200 40
espeak en-gb-scotland+f4 150 60
espeak en-us+klatt 130 45
espeak en-gb-x-rp+m2 190 30
flite kal 1.1 0
flite awb 1.3 0
flite slt 1.5 0"}

args=""
k=0
echo "$voices" | while read -r engine voice speed pitch; do
    k=$((k + 1))
    for word in one two; do
        name=$(printf '%s_%02d' "$word" "$k")
        if [ "$engine" = espeak ]; then
            espeak-ng -v "$voice" -s "$speed" -p "$pitch" -w "$tmp/raw.wav" "$word"
        else
            flite -voice "$voice" --setf duration_stretch="$speed" -t "$word" -o "$tmp/raw.wav"
        fi
        sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$out/$name.wav" \
            silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
    done
done
for k in 01 02 03 04 05 06 07 08 09 10; do
    args="$args 1=$out/one_$k.wav 2=$out/two_$k.wav"
done
enc=${AUDIO_ARGS:-$(sed -n 's/^synthesized //p' "$root/tools/speech_encoding")}
# shellcheck disable=SC2086
"$root/build/snn-audio" -o "$out/digits.h5" --csv "$out/digits.csv" --cochleagram $enc $args
