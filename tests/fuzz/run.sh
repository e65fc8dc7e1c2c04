#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS [MUTANTS]: the body of `make fuzz`.
# Seeds the corpus with every .snn of the repository and every ```snn block of
# docs/, then runs the libFuzzer target for SECONDS (the corpus in
# BUILD/fuzz/corpus grows across runs), then compiles the C of every corpus
# entry that snnc accepts (tests/fuzz/cc_check.sh), then checks MUTANTS
# token-level mutants of the landed models (tests/fuzz/mutate.py), and prints the
# corpus's line coverage of the compiler (tests/fuzz/coverage.sh).  Findings
# (crashes, hangs, leaks, C that cc rejects) are written to BUILD/fuzz/findings/;
# the fuzzer's log to BUILD/fuzz/fuzz.log.
set -u
BUILD=$1
SECONDS_=${2:-600}
MUTANTS=${3:-1000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
F=$BUILD/fuzz
mkdir -p "$F/seeds" "$F/corpus" "$F/findings" "$F/work"
rm -f "$F"/seeds/*
i=0
for s in $(cd "$ROOT" && git ls-files '*.snn' 2>/dev/null || find . -name '*.snn' -not -path './build/*'); do
    i=$((i + 1))
    cp "$ROOT/$s" "$F/seeds/repo_$i.snn"
done
for d in "$ROOT"/docs/*.md; do
    awk -v dir="$F/seeds" -v base="$(basename "$d" .md)" '
        !inb && /^```snn/ { inb = 1; f = dir "/doc_" base "_" NR ".snn"; printf "" >f; next }
        inb && /^```/     { inb = 0; close(f); next }
        inb               { print >>f }' "$d"
done
echo "  FUZZ    $(ls "$F/seeds" | wc -l) seeds, $(ls "$F/corpus" | wc -l) in the corpus, ${SECONDS_} s"
# relative imports of fuzzed models resolve in an empty work folder
cd "$F/work" || exit 2
SNNC_ROOT=$ROOT ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$F/snnc-fuzz" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$ROOT/tests/fuzz/snn.dict" -artifact_prefix="$F/findings/" \
    "$F/corpus" "$F/seeds" >"$F/fuzz.log" 2>&1
st=$?
# the fork mode's last progress line: executions, coverage (edges), corpus
grep -E '^#[0-9]+: cov:' "$F/fuzz.log" | tail -1
found=$(find "$F/findings" -name 'crash-*' -o -name 'timeout-*' -o -name 'leak-*' -o -name 'oom-*' | wc -l)
cd "$ROOT" && sh tests/fuzz/cc_check.sh "$BUILD" "$F/corpus"
cc=$?
/usr/bin/python3 tests/fuzz/mutate.py "$BUILD/snnc" "$F/findings" "$MUTANTS" "$(date +%s)"
mu=$?
sh tests/fuzz/coverage.sh "$BUILD" "$F/corpus" | tail -1
if [ "$st" != 0 ] || [ "$found" != 0 ] || [ "$cc" != 0 ] || [ "$mu" != 0 ]; then
    echo "  FUZZ    findings: $found from the fuzzer (exit $st), C rejected: $([ $cc = 0 ] && echo no || echo yes), mutants failed: $([ $mu = 0 ] && echo no || echo yes); see $F/findings/"
    exit 1
fi
