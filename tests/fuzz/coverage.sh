#!/bin/sh
# tests/fuzz/coverage.sh BUILD DIR...: line coverage of the compiler's sources by
# the files of DIR (the fuzz corpus): snnc built with gcc --coverage into
# BUILD/cov, each file run through `snnc --emit-c`, then gcov's count per file and
# in total.  Prints one line per source file and a total line.
set -u
BUILD=$1
shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
C=$BUILD/cov
make -C "$ROOT" -s BUILD="$C" OPT="-O0 -g --coverage" "$C/snnc" >/dev/null || exit 2
find "$C" -name '*.gcda' -delete
T=$(mktemp -d "${TMPDIR:-/tmp}/snnc-cov.XXXXXX")
trap 'rm -rf "$T"' EXIT
n=0
for d in "$@"; do
    case $d in /*) ;; *) d=$ROOT/$d ;; esac
    for f in "$d"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        (cd "$T" && timeout 20 "$C/snnc" --emit-c -o "$T/m.c" "$f") >/dev/null 2>&1
    done
done
echo "  COVER   $n inputs"
total=0 hit=0
for o in "$C"/compiler/*.o "$C"/gen/*.o; do
    src=$(basename "$o" .o)
    dir=$(dirname "$o")
    line=$(cd "$dir" && gcov -n -o . "$src.c" 2>/dev/null | grep -A1 "^File '.*$src.c'" | sed -n 's/^Lines executed:\([0-9.]*\)% of \([0-9]*\)/\1 \2/p' | head -1)
    [ -n "$line" ] || continue
    set -- $line
    h=$(awk -v p="$1" -v t="$2" 'BEGIN { printf "%d", p * t / 100 + 0.5 }')
    printf '  %-20s %6.2f %% of %5d lines\n' "$src.c" "$1" "$2"
    total=$((total + $2))
    hit=$((hit + h))
done
awk -v h="$hit" -v t="$total" 'BEGIN { printf "  COVER   %d of %d lines of compiler/ and the generated scanner and parser: %.1f %%\n", h, t, 100 * h / t }'
