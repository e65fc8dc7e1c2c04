# The whole suite once more, with the compiler, the runtime, the unit tests and
# every generated executable built with AddressSanitizer + UndefinedBehaviorSanitizer,
# and LeakSanitizer on: no leak, also on the error exits of the compiler and the runs.
# Here only the unit, golden and diagnostic tests and the scripted tests of
# tests/docs and tests/robust (the compiler on hostile input), so that make test
# stays a few minutes long; make asan runs the whole suite so, the shortened
# paper models included.
. tests/lib.sh
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
# what the suite uses, not the MPI runtime (the MPI test does not run under the sanitizers)
if ! make -s -j2 BUILD=build/asan OPT="-O1 -g" SAN="$SAN" build/asan/snnc build/asan/libsnnrt.a build/asan/eq22 \
    build/asan/snn-audio >"$T/make.log" 2>&1; then
    fail asan-build "$(tail -5 "$T/make.log")"
    exit 0
fi
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 SNN_SANITIZED=1 \
    BUILD=build/asan SNNC_CFLAGS="-O1 -g $SAN" SNN_QUICK=1 SNN_FOLDERS="docs robust" sh tests/run.sh >"$T/suite.log" 2>&1
summary=$(tail -1 "$T/suite.log")
grep -E '^ *FAIL ' "$T/suite.log" | sed 's/^ *FAIL /FAIL asan: /'
case $summary in
*" 0 failed") pass "asan-ubsan-suite ($summary)" ;;
*) fail asan-ubsan-suite "$summary" ;;
esac
