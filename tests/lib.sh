# tests/lib.sh: helpers for scripted tests (sourced).  $SNNC, $ROOT, $BUILD and a
# private scratch folder $T are set by tests/run.sh.
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# skip NAME WHY: a check that cannot run here; counted apart, never as passed
skip() { echo "SKIP $1: $2"; }
# check NAME DESCRIPTION-ON-FAILURE COMMAND...: PASS if the command succeeds
check() {
    n=$1
    why=$2
    shift 2
    if "$@"; then pass "$n"; else fail "$n" "$why"; fi
}
# build MODEL EXE: compile a model, failing loudly
build() {
    if ! "$SNNC" "$1" -o "$2" 2>"$T/build.err"; then
        fail "build $1" "$(cat "$T/build.err")"
        return 1
    fi
}
PY=/usr/bin/python3
# json FILE EXPR: evaluate a Python expression on the parsed JSON file (as j)
json() { "$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
# png NAME FILE WHY: PASS if FILE is a PNG 1000-1400 pixels wide, the width of the
# report tools' figures (tools/report_figure.py); WHY is shown on failure
png() {
    check "$1" "$2 is missing, not a PNG or of another width: $3" "$PY" -c "
import struct, sys
b = open(sys.argv[1], 'rb').read(24)
sys.exit(0 if b[:8] == b'\x89PNG\r\n\x1a\n' and 1000 <= struct.unpack('>I', b[16:20])[0] <= 1400 else 1)" "$2"
}
# between X LO HI: LO <= X <= HI (floating point)
between() { "$PY" -c "import sys; x,lo,hi=map(float,sys.argv[1:]); sys.exit(0 if lo<=x<=hi else 1)" "$1" "$2" "$3"; }
# refusal NAME STATUS FILE TEXT: PASS if STATUS is 1 and FILE holds the fixed TEXT
refusal() {
    if [ "$2" != 1 ]; then
        fail "$1" "exit status $2 (124: hung, 139: crashed), expected 1: $(head -c 300 "$3")"
    elif ! grep -qF -- "$4" "$3"; then
        fail "$1" "message: $(head -c 300 "$3") (wanted: $4)"
    else
        pass "$1"
    fi
}
# short_compsim1 MODEL N EVERY OUT: simulation 1 (or its variant 1c) cut to its
# warm-up and N learning trials, without the windows of Fig 5, weights sampled
# every EVERY ("-": not at all); the shortening the identity, thread, resume
# and model checks share.  A FAIL when the model's phases are no longer as expected.
short_compsim1() {
    grep -q 'phase learn { trials 199; learning on }' "$1" ||
        fail short-compsim1 "$1: no 'phase learn { trials 199; learning on }' to shorten"
    if [ "$3" = - ]; then _sw='/record w of .* every 6 s/d'; else _sw="s/every 6 s/every $3/"; fi
    sed -e "s/phase learn { trials 199; learning on }/phase learn { trials $2; learning on }/" \
        -e '/phase w[0-9]* {/d' -e '/phase learn[0-9] {/d' -e "$_sw" "$1" >"$4"
}
# fsdd_digits NAME OUT: the 10 "one" and 10 "two" recordings of
# ../shared/data/fsdd_one_two encoded by build/snn-audio into OUT; a FAIL named
# after NAME and status 1 when the data are missing or the encoding fails
fsdd_digits() {
    _fd=$ROOT/../shared/data/fsdd_one_two
    if [ ! -d "$_fd" ]; then
        fail "$1-data" "$_fd is missing"
        return 1
    fi
    _fa=""
    for _fi in 0 1 2 3 4 5 6 7 8 9; do _fa="$_fa 1=$_fd/1_jackson_$_fi.wav 2=$_fd/2_jackson_$_fi.wav"; done
    # shellcheck disable=SC2086
    "$BUILD/snn-audio" -o "$2" $_fa >/dev/null || { fail "$1-audio" "snn-audio failed"; return 1; }
}
# short_compsim5 MODEL OUT: a speech model (models/compsim5_*.snn) cut to 40
# trials -- V_m probes 4 + 2, tests 4, training 20, tests 4, probes 2 + 4 --
# with its plastic weights sampled at the end of every trial
short_compsim5() {
    sed -e "s/phase probe_nothr { trials 20;/phase probe_nothr { trials 4;/" -e "s/phase probe { trials 20;/phase probe { trials 2;/" \
        -e "s/phase before { trials 200;/phase before { trials 4;/" -e "s/phase train { trials 2000;/phase train { trials 20;/" \
        -e "s/phase after { trials 200;/phase after { trials 4;/" -e "s/phase probe2 { trials 20;/phase probe2 { trials 2;/" \
        -e "s/phase probe2_nothr { trials 20;/phase probe2_nothr { trials 4;/" \
        -e 's/^  report rate of circuit.exc, circuit.inh, readout$/&\n  record w of syn every 2500 ms/' "$1" >"$2"
}
# learning_in_training NAME RUN: PASS if the weights of a run of short_compsim5
# moved in its 20 training trials (10-29) and in no other
learning_in_training() {
    "$PY" - "$2/weights_syn_t.csv" "$1" <<'PYEOF' || fail "$1" "python check crashed"
import csv, sys
# a sample at the end of every trial: moved[k] is the change in trial k + 1
w = [[float(x) for x in r[1:]] for r in list(csv.reader(open(sys.argv[1])))[1:]]
moved = [sum(abs(a - b) for a, b in zip(w[k], w[k + 1])) for k in range(len(w) - 1)]
ok = len(w) == 40 and len(w[0]) == 432 and max(moved[:9] + moved[29:]) == 0 and min(moved[9:29]) > 0
print(('PASS ' if ok else 'FAIL ') + sys.argv[2] + ('' if ok else ': weight changes per trial %s' % ['%.2g' % m for m in moved]))
PYEOF
}
# compsim5_report_runs NAME RUN: PASS if tools/compsim5_report.py runs through on
# RUN (exit 0, or 3 when a finding of the paper fails) and prints the findings
compsim5_report_runs() {
    "$PY" tools/compsim5_report.py "$2" >"$T/report.txt" 2>&1
    _st=$?
    check "$1" "exit status $_st: $(tail -3 "$T/report.txt")" \
        sh -c "{ [ $_st -eq 0 ] || [ $_st -eq 3 ]; } && grep -q 'as in the paper' '$T/report.txt'"
}
