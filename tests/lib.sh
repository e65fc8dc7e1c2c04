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
