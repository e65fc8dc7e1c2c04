# Results unchanged by work on the compiler and runtime: coba, cuba and the five
# paper simulations, shortened, give outputs whose digests (digest.py: spikes,
# weights, states, trials, summaries, run.json without timings) equal those in
# expected.txt, written by the commit before the compiler's middle was rebuilt
# (24b39ca).  An intended change of results rewrites it with
#   SNN_IDENTITY_WRITE=1 sh tests/run.sh   (SNN_FOLDERS=identity)
# and its commit says which outputs changed and why.
. tests/lib.sh
D=$ROOT/tests/identity
DATA=$ROOT/../shared/data/fsdd_one_two
: >"$T/got.txt"
# one model: NAME SNN-FILE ARGS...
one() {
    name=$1 src=$2
    shift 2
    build "$src" "$T/$name" || return 0
    if ! (cd "$T" && "./$name" --out "run_$name" --quiet --format sonata,csv "$@" >"$name.log" 2>&1); then
        fail "identity-$name-run" "exit status: $(tail -3 "$T/$name.log")"
        return 0
    fi
    "$PY" "$D/digest.py" "$T/run_$name" | sed "s/^/$name /" >>"$T/got.txt"
}
one coba models/coba.snn
one cuba models/cuba.snn
sed -e 's/trials 799; learning on/trials 1; learning on/' -e 's/every 120 s/every 1500 ms/' \
    models/compsim1_biofeedback.snn >"$T/cs1.snn"
one compsim1 "$T/cs1.snn"
sed -e 's/trials 18;/trials 1;/' -e 's/trials 59[9]; learning on/trials 2; learning on/' -e 's/trials 600; learning on/trials 1; learning on/' \
    -e 's/every 36 s/every 2 s/' models/compsim2_teacher.snn >"$T/cs2.snn"
one compsim2 "$T/cs2.snn"
one compsim3 models/compsim3_table1.snn --set sim.time=60s
sed -e 's/trials 10;/trials 1;/' -e 's/trials 50;/trials 2;/' -e 's/trials 1000;/trials 6;/' \
    models/compsim4_patterns.snn >"$T/cs4.snn"
one compsim4 "$T/cs4.snn"
if [ -d "$DATA" ]; then
    "$BUILD/snn-audio" -o "$T/digits.h5" "1=$DATA/1_jackson_0.wav" "2=$DATA/2_jackson_0.wav" \
        "1=$DATA/1_jackson_1.wav" "2=$DATA/2_jackson_1.wav" >/dev/null || fail identity-audio "snn-audio failed"
    sed -e 's/trials 20;/trials 2;/' -e 's/trials 200;/trials 2;/' -e 's/trials 2000;/trials 4;/' \
        models/compsim5_speech.snn >"$T/cs5.snn"
    one compsim5 "$T/cs5.snn" --set speech.file=digits.h5
else
    skip identity-compsim5 "$DATA is missing"
fi
if [ -n "${SNN_IDENTITY_WRITE:-}" ]; then
    cp "$T/got.txt" "$D/expected.txt"
    echo "PASS identity-written ($(wc -l <"$D/expected.txt") digests)"
    exit 0
fi
# every expected digest, one check per model
for name in $(cut -d' ' -f1 "$D/expected.txt" | uniq); do
    want=$(grep "^$name " "$D/expected.txt")
    got=$(grep "^$name " "$T/got.txt")
    if [ "$want" = "$got" ]; then
        pass "identity-$name"
    else
        fail "identity-$name" "outputs differ: $(printf '%s\n' "$want" | diff - "$T/got.txt" | grep "$name" | head -6 | tr '\n' ' ')"
    fi
done
