# Results unchanged (see identity.test.sh), for simulations 1, 2, 3 and 5
# shortened (make test-full).
. tests/lib.sh
. tests/identity/lib.sh
DATA=$ROOT/../shared/data/fsdd_one_two
short_compsim1 models/compsim1_biofeedback.snn 1 "1500 ms" "$T/cs1.snn"
one compsim1 "$T/cs1.snn"
sed -e 's/trials 18;/trials 1;/' -e 's/trials 59[9]; learning on/trials 2; learning on/' -e 's/trials 600; learning on/trials 1; learning on/' \
    -e 's/every 36 s/every 2 s/' models/compsim2_teacher.snn >"$T/cs2.snn"
one compsim2 "$T/cs2.snn"
one compsim3 models/compsim3_table1.snn --set sim.time=60s
if [ -d "$DATA" ]; then
    "$BUILD/snn-audio" -o "$T/digits.h5" "1=$DATA/1_jackson_0.wav" "2=$DATA/2_jackson_0.wav" \
        "1=$DATA/1_jackson_1.wav" "2=$DATA/2_jackson_1.wav" >/dev/null || fail identity-audio "snn-audio failed"
    sed -e 's/trials 20;/trials 2;/' -e 's/trials 200;/trials 2;/' -e 's/trials 2000;/trials 4;/' \
        models/compsim5_speech.snn >"$T/cs5.snn"
    one compsim5 "$T/cs5.snn" --set speech.file=digits.h5
else
    skip identity-compsim5 "$DATA is missing"
fi
compare
