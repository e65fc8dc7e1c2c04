# The paper's models on 1, 2 and 3 threads (make test-full): simulation 1
# shortened (noise, short-term dynamics, lazy reward-modulated rules),
# simulation 4 shortened (a template source kept whole by thread 0) and
# simulation 5 shortened with its frozen sub-network computed ahead give the
# same outputs, digest by digest, on every number of threads.
. tests/lib.sh
. tests/threads/same.sh
DATA=$ROOT/../shared/data/fsdd_one_two
short_compsim1 models/compsim1_biofeedback.snn 1 "1500 ms" "$T/cs1.snn"
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
