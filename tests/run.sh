#!/bin/sh
# tests/run.sh: the one test driver (make test).  Closes with "N passed, N failed".
#
#   tests/unit/test_*.c       runtime unit tests: print "PASS name" / "FAIL name: why"
#   tests/unit/compiler_*.c   the same for the compiler's front end (scanner, parser, ast.h)
#   tests/syntax/*.snn        golden token/AST/C dumps: first line "// RUN: snnc ARGS %s",
#                             expected stdout beside it in NAME.out
#   tests/diag/*.snn          one diagnostic per file: first line "// RUN: snnc ARGS %s",
#                             expected stderr (exact, with the caret line) in NAME.err,
#                             expected exit status 1 (2 for NAME.internal)
#   tests/*/*.test.sh         scripted tests (numeric, end-to-end, runtime errors):
#                             print PASS/FAIL lines; sourced helpers in tests/lib.sh
# SNN_QUICK=1 (make test) skips the slow scripted tests, tests/sanitize and the shortened paper models of
# tests/models (used by the sanitizer pass of make test: the models exercise code the
# numeric and end-to-end tests cover in smaller networks, at ten times the cost when
# instrumented; make asan runs them).  SNN_SANITIZED=1 (the suite is running under
# the sanitizers) skips tests/sanitize, which would nest a sanitizer pass or valgrind.
# SNN_FOLDERS="docs robust" limits the scripted tests to those folders of tests/.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SNNC=$BUILD/snnc
# Scratch in memory (/dev/shm) unless TMPDIR names a place: every run writes its
# outputs and syncs them to disk before renaming them into place, which on this
# VM's disk cost make test 12 s of its 83 (measured 2026-12-05, the whole suite in
# /tmp against /dev/shm).  No test depends on a real disk (a full one is tmpfs).
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then SCRATCH=/dev/shm; else SCRATCH=${TMPDIR:-/tmp}; fi
TMP=$(mktemp -d "$SCRATCH/snnc-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 143' INT TERM
export ROOT BUILD SNNC TMP
cd "$ROOT" || exit 2

pass=0
fail=0
skipped=0
ok() { pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "PASS $1"; return 0; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40 | sed 's/^/    /'; return 0; }

# Count the PASS/FAIL lines a test program printed.
tally() { # name file status
    p=$(grep -c '^PASS ' "$2")
    f=$(grep -c '^FAIL ' "$2")
    pass=$((pass + p))
    fail=$((fail + f))
    k=$(grep -c '^SKIP ' "$2")
    skipped=$((skipped + k))
    grep '^FAIL ' "$2" | sed 's/^/  /'
    grep '^SKIP ' "$2" | sed 's/^/  /'
    if [ "$3" != 0 ] && [ "$f" = 0 ]; then
        bad "$1 (exit status $3)" "$(tail -5 "$2")"
    fi
    if [ "$p" = 0 ] && [ "$f" = 0 ] && [ "$k" = 0 ] && [ "$3" = 0 ]; then
        bad "$1 (ran no checks)" "$(tail -5 "$2")"
    fi
}

CFLAGS_T="-std=c11 -O1 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iruntime -Itests/unit -I/usr/include/hdf5/serial ${SNNC_CFLAGS:-}"
LIBS_T="$BUILD/libsnnrt.a -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lz -lgsl -lgslcblas -lm"

# Build one unit-test program, run it in $TMP and count its lines: unit SRC FLAGS... (libraries last)
unit() {
    src=$1
    shift
    name=$(basename "$src" .c)
    if ! cc "$src" "$@" -o "$TMP/$name" 2>"$TMP/$name.cc"; then
        bad "$name (does not compile)" "$(cat "$TMP/$name.cc")"
        return
    fi
    (cd "$TMP" && "./$name") >"$TMP/$name.log" 2>&1
    tally "$name" "$TMP/$name.log" $?
}

# The unit tests, golden dumps and diagnostics run one at a time, in the background
# beside the scripted tests, in their own scratch folder; their PASS/FAIL lines and
# counts are read when the scripted tests are done.
in_process_checks() {
    TMP=$TMP/in-process
    mkdir -p "$TMP"
    # ---- unit tests of the runtime ---------------------------------------------------
    for src in tests/unit/test_*.c; do
        # shellcheck disable=SC2086
        unit "$src" $CFLAGS_T $LIBS_T
    done

    # ---- unit tests of the compiler's front end, linked with its objects ---------------
    FRONT_T="-Icompiler -I$BUILD/gen $BUILD/compiler/arena.o $BUILD/compiler/ast.o $BUILD/compiler/diag.o
             $BUILD/compiler/source.o $BUILD/compiler/units.o $BUILD/gen/parser.o $BUILD/gen/lexer.o -lm"
    for src in tests/unit/compiler_*.c; do
        # shellcheck disable=SC2086
        unit "$src" $CFLAGS_T $FRONT_T
    done

    # ---- golden dumps and diagnostics --------------------------------------------------
    # the RUN line's arguments, with %s replaced by the file (appended if absent)
    run_line() {
        a=$(sed -n '1s|^// RUN: snnc||p' "$1")
        case $a in *%s*) printf '%s\n' "$a" | sed "s|%s|$1|g" ;; *) printf '%s %s\n' "$a" "$1" ;; esac
    }

    for f in tests/syntax/*.snn; do
        [ -e "$f" ] || continue
        args=$(run_line "$f")
        # SNN_NO_GOLDEN_C=1 (make mutate): a golden C dump fails on any change to the
        # generated code, so it would kill every code-generation mutation without
        # telling whether a result changed
        case " $args " in *" --emit-c "*) [ -n "${SNN_NO_GOLDEN_C:-}" ] && continue ;; esac
        want=${f%.snn}.out
        # shellcheck disable=SC2086
        "$SNNC" $args >"$TMP/out" 2>"$TMP/err"
        if [ ! -f "$want" ]; then
            bad "$f (no $want)"
        elif cmp -s "$TMP/out" "$want"; then
            ok "$f"
        else
            bad "$f" "$(diff "$want" "$TMP/out" | head -20)"
        fi
    done

    for f in tests/diag/*.snn; do
        [ -e "$f" ] || continue
        args=$(run_line "$f")
        want=${f%.snn}.err
        # shellcheck disable=SC2086
        "$SNNC" $args >"$TMP/out" 2>"$TMP/err"
        st=$?
        if [ ! -f "$want" ]; then
            bad "$f (no $want)"
        elif [ $st != 1 ]; then
            bad "$f (exit status $st, expected 1)" "$(cat "$TMP/err")"
        elif cmp -s "$TMP/err" "$want"; then
            ok "$f"
        else
            bad "$f" "$(diff "$want" "$TMP/err" | head -20)"
        fi
    done

    echo "COUNTS $pass $fail $skipped"
}
in_process_checks >"$TMP/in-process.log" 2>&1 &
in_process=$!

# ---- scripted tests ----------------------------------------------------------------
# Independent (each writes only into its own $T), so they run SNN_JOBS at a time
# (default: one per CPU), the slow ones first so that they overlap the rest;
# the results are counted afterwards in a fixed order.
list=$TMP/scripted.list
: >"$list"
# in_scope TEST: its folder is in SNN_FOLDERS (or that is unset)
in_scope() {
    [ -z "${SNN_FOLDERS:-}" ] && return 0
    d=${1#tests/}
    case " $SNN_FOLDERS " in *" ${d%%/*} "*) return 0 ;; esac
    return 1
}
for t in tests/*/*.test.sh; do
    in_scope "$t" || continue
    case $t in
    tests/sanitize/*slow*) [ -z "${SNN_SANITIZED:-}" ] && [ -z "${SNN_QUICK:-}" ] && echo "$t" >>"$list" ;;
    *slow*) [ -z "${SNN_QUICK:-}" ] && echo "$t" >>"$list" ;;
    esac
done
for t in tests/*/*.test.sh; do
    in_scope "$t" || continue
    case $t in
    *slow*) ;;
    tests/sanitize/*) [ -z "${SNN_SANITIZED:-}" ] && [ -z "${SNN_QUICK:-}" ] && echo "$t" >>"$list" ;;
    tests/models/*) [ -z "${SNN_QUICK:-}" ] && echo "$t" >>"$list" ;;
    *) [ -e "$t" ] && echo "$t" >>"$list" ;;
    esac
done
# shellcheck disable=SC2016
xargs -P "${SNN_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}" -I{} sh -c '
    name=${1#tests/}
    mkdir -p "$TMP/$name.d"
    t0=$(date +%s%N)
    (cd "$ROOT" && T="$TMP/$name.d" sh "$1") >"$TMP/$name.log" 2>&1
    rc=$?
    echo $rc >"$TMP/$name.rc"
    # SNN_FAIL_FAST=1 (make mutate): say so at once, so the caller can stop the suite
    if [ -n "${SNN_FAIL_FAST:-}" ] && { [ $rc != 0 ] || grep -q "^FAIL " "$TMP/$name.log"; }; then
        echo "FAIL $1 ($(grep -m1 "^FAIL " "$TMP/$name.log" | cut -c6-80))"
    fi
    echo "$(( ($(date +%s%N) - t0) / 1000000 )) $1" >>"$TMP/times"' run-one {} <"$list"
wait "$in_process"
grep -v '^COUNTS ' "$TMP/in-process.log"
# shellcheck disable=SC2046
set -- $(sed -n 's/^COUNTS //p' "$TMP/in-process.log") 0 1 0   # no COUNTS line (it crashed): one failure
pass=$((pass + $1))
fail=$((fail + $2))
skipped=$((skipped + $3))
# SNN_TIMES=1: the slowest scripted tests, in ms
[ -n "${SNN_TIMES:-}" ] && sort -rn "$TMP/times" | head -15
while read -r t; do
    name=${t#tests/}
    tally "$name" "$TMP/$name.log" "$(cat "$TMP/$name.rc" 2>/dev/null || echo 127)"
done <"$list"

[ "$skipped" != 0 ] && echo "$skipped skipped (listed above with the reason; not counted as passed)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
