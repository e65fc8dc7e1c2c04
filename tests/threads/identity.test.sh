# One network on several threads (runtime/team.c): the same spikes, weights,
# states, trials and summaries for 1, 2 and 3 threads (3 is more threads than
# this machine has cores, and an odd split of every population), on COBA, a
# COBA network with reward-modulated STDP on every E->E synapse and a
# modulator, simulation 1 shortened (noise, short-term plasticity, lazy
# rules), simulation 4 shortened (a template source kept whole by thread 0),
# and simulation 5 shortened with its frozen sub-network computed ahead.
. tests/lib.sh
DIG=$ROOT/tests/identity/digest.py
DATA=$ROOT/../shared/data/fsdd_one_two
# NAME SNN-FILE ARGS...: run with 1, 2, 3 threads, compare digests with 1's
same() {
    name=$1 src=$2
    shift 2
    build "$src" "$T/$name" || return 0
    for n in 1 2 3; do
        if ! (cd "$T" && "./$name" --out "${name}_$n" --quiet --format sonata,csv --threads "$n" "$@" >"$name.$n.log" 2>&1); then
            fail "threads-$name-$n-run" "exit status: $(tail -3 "$T/$name.$n.log")"
            return 0
        fi
        "$PY" "$DIG" "$T/${name}_$n" >"$T/$name.$n.dig"
    done
    for n in 2 3; do
        if cmp -s "$T/$name.1.dig" "$T/$name.$n.dig"; then
            pass "threads-$name-1-vs-$n"
        else
            fail "threads-$name-1-vs-$n" "$(diff "$T/$name.1.dig" "$T/$name.$n.dig" | head -4 | tr '\n' ' ')"
        fi
    done
}
same coba models/coba.snn --set sim.time=0.5s
same rmstdp_coba bench/models/rmstdp_coba.snn --set sim.time=0.5s
sed -e 's/trials 799; learning on/trials 1; learning on/' -e 's/every 120 s/every 1500 ms/' \
    models/compsim1_biofeedback.snn >"$T/cs1.snn"
same compsim1 "$T/cs1.snn"
sed -e 's/trials 10;/trials 1;/' -e 's/trials 50;/trials 2;/' -e 's/trials 1000;/trials 3;/' \
    models/compsim4_patterns.snn >"$T/cs4.snn"
same compsim4 "$T/cs4.snn"
if [ -d "$DATA" ]; then
    "$BUILD/snn-audio" -o "$T/digits.h5" "1=$DATA/1_jackson_0.wav" "2=$DATA/2_jackson_0.wav" >/dev/null ||
        fail threads-audio "snn-audio failed"
    sed -e 's/trials 20;/trials 1;/' -e 's/trials 200;/trials 1;/' -e 's/trials 2000;/trials 2;/' \
        models/compsim5_speech.snn >"$T/cs5.snn"
    same compsim5 "$T/cs5.snn" --set speech.file=digits.h5
else
    skip threads-compsim5 "$DATA is missing"
fi
# the option's errors
build models/coba.snn "$T/c" || exit 0
for bad in 0 -1 x 5000 ""; do
    out=$(cd "$T" && ./c --threads "$bad" --out never 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q -- "--threads needs a whole number" && [ ! -e "$T/never" ]; then
        pass "threads-refuses-'$bad'"
    else
        fail "threads-refuses-'$bad'" "status $rc: $out"
    fi
done
