# ThreadSanitizer on the threaded step loop (make test-full): the runtime and
# the generated code built with -fsanitize=thread, COBA on 3 threads, COBA with
# RM-STDP and simulation 1 shortened (modulators, lazy rules, short-term
# dynamics) on 2: no data race reported.  The barrier is C11 atomics, which
# ThreadSanitizer follows.
. tests/lib.sh
if ! make -s -j2 BUILD=build/tsan OPT="-O1 -g" SAN="-fsanitize=thread" build/tsan/libsnnrt.a >"$T/make.log" 2>&1; then
    fail tsan-build "$(tail -5 "$T/make.log")"
    exit 0
fi
short_compsim1 models/compsim1_biofeedback.snn 1 "1500 ms" "$T/cs1.snn"
# NAME SNN-FILE THREADS ARGS...
race_free() {
    name=$1 src=$2 n=$3
    shift 3
    if ! SNNC_LIBDIR=$ROOT/build/tsan SNNC_CFLAGS="-O1 -g -fsanitize=thread" "$SNNC" "$src" -o "$T/$name" 2>"$T/$name.err"; then
        fail "tsan-$name-build" "$(cat "$T/$name.err")"
        return 0
    fi
    if (cd "$T" && TSAN_OPTIONS=exitcode=66 "./$name" --out "run_$name" --quiet --threads "$n" "$@" >"$name.log" 2>&1); then
        pass "tsan-$name-$n-threads"
    else
        fail "tsan-$name-$n-threads" "$(grep -m1 -A6 WARNING "$T/$name.log" | tr '\n' ' ' | head -c 600)"
    fi
}
race_free coba models/coba.snn 3 --set sim.time=0.2s
"$PY" bench/rmstdp_agree.py train "$T/rmstdp_reward.csv"   # the model's reward train, read from the run's folder
race_free rmstdp_coba bench/models/rmstdp_coba.snn 2 --set sim.time=0.1s
race_free compsim1 "$T/cs1.snn" 2
