#!/bin/sh
# tests/fuzz/cc_check.sh BUILD DIR: every file of DIR that `snnc --emit-c`
# accepts must give C that the C compiler accepts (`cc -fsyntax-only` with the
# warnings snnc's own build uses for generated code).  A rejection is an snnc bug:
# the model is copied to BUILD/fuzz/findings/cc_*.snn.  Exit 1 if any.
set -u
BUILD=$1
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
DIR=$2
case $DIR in /*) ;; *) DIR=$(pwd)/$DIR ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$BUILD/fuzz/findings
T=$(mktemp -d "${TMPDIR:-/tmp}/snnc-cc.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir -p "$OUT"
n=0 acc=0 bad=0
for f in "$DIR"/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    (cd "$T" && timeout 20 "$BUILD/snnc" --emit-c -o "$T/m.c" "$f") >/dev/null 2>&1 || continue
    acc=$((acc + 1))
    if ! cc -std=c11 -fsyntax-only -Wall -Wextra -Wno-unused -D_POSIX_C_SOURCE=200809L -I"$ROOT/runtime" \
        -I/usr/include/hdf5/serial "$T/m.c" 2>"$T/err"; then
        bad=$((bad + 1))
        cp "$f" "$OUT/cc_$(basename "$f").snn"
        head -3 "$T/err" | sed 's/^/    /'
    fi
done
echo "  CCCHECK $n models, $acc accepted by snnc, $bad rejected by cc"
[ $bad = 0 ]
