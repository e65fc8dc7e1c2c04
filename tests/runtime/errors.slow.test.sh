# Bad input at run time.  Every case must exit with status 1, print exactly one
# line on stderr that names the offending file (with file:line for malformed
# spike files) or parameter / option, and leave the output folder without
# spikes.h5, spikes.csv, state_*.csv, run.json or temporary files (the folder
# may be absent).  Models: rt.snn (spike-file sources -> lif_cond through
# exp_cond, delay 0.2 ms), delay_short.snn (constant delay 0.05 ms < dt) and
# delay_random.snn (delays drawn from uniform(0.02 ms, 0.08 ms), all < dt).
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
build tests/runtime/delay_random.snn "$T/dr" || exit 0
printf 'node_id,time_ms\n0,1.0\n1,2.5\n' >"$T/good.csv"

# clean DIR: no outputs and no temporary files in DIR
clean() {
    [ ! -e "$1" ] && return 0
    left=$(ls -A "$1")
    [ -z "$left" ] && return 0
    echo "left in $1: $left"
    return 1
}
# has_all 'A|B|...' FILE: FILE contains each fixed string; prints the missing ones
has_all() {
    miss=
    set -f
    old=$IFS
    IFS='|'
    for x in $1; do
        grep -qF -- "$x" "$2" || miss="$miss '$x'"
    done
    IFS=$old
    set +f
    echo "$miss"
    [ -z "$miss" ]
}
# expect_fail NAME TEXT EXE ARGS...: run EXE --out $T/NAME ARGS; exit status 1,
# one line on stderr containing TEXT (fixed strings; 'A|B' means A and B, in any
# order), nothing left in the folder
expect_fail() {
    n=$1 text=$2 exe=$3
    shift 3
    out="$T/out.$n"
    "$exe" --out "$out" "$@" >"$T/$n.stdout" 2>"$T/$n.stderr"
    st=$?
    lines=$(wc -l <"$T/$n.stderr")
    if [ $st != 1 ]; then
        fail "$n" "exit status $st, expected 1; stderr: $(cat "$T/$n.stderr")"
    elif [ "$lines" != 1 ]; then
        fail "$n" "expected one line on stderr, got $lines: $(cat "$T/$n.stderr")"
    elif ! missing=$(has_all "$text" "$T/$n.stderr"); then
        fail "$n" "message does not name$missing: $(cat "$T/$n.stderr")"
    elif ! why=$(clean "$out"); then
        fail "$n" "$why"
    else
        pass "$n"
    fi
}

# the model runs with a good spike file (so the failures below are the inputs' fault)
if "$T/rt" --quiet --out "$T/ok" --set "src.file=$T/good.csv" --format sonata,csv 2>"$T/ok.err" &&
   [ -f "$T/ok/spikes.h5" ] && [ -f "$T/ok/run.json" ]; then
    pass rt-good-input
else
    fail rt-good-input "$(cat "$T/ok.err")"
fi

# ---- spike files ----------------------------------------------------------------
expect_fail spike-file-missing "$T/nope.csv" "$T/rt" --set "src.file=$T/nope.csv"
printf 'node_id,time_ms\n0,1.0\nzero,2.0\n' >"$T/text.csv"
expect_fail spike-file-text "$T/text.csv:3:" "$T/rt" --set "src.file=$T/text.csv"
printf 'node_id,time_ms\n0,1.0\n1,two\n' >"$T/text2.csv"
expect_fail spike-file-text-time "$T/text2.csv:3:" "$T/rt" --set "src.file=$T/text2.csv"
printf 'node_id,time_ms\n0,1.0\n1,-0.5\n' >"$T/neg.csv"
expect_fail spike-file-negative-time "$T/neg.csv:3:" "$T/rt" --set "src.file=$T/neg.csv"
printf 'node_id,time_ms\n0,1.0\n1,nan\n' >"$T/nan.csv"
expect_fail spike-file-nan-time "$T/nan.csv:3:" "$T/rt" --set "src.file=$T/nan.csv"
printf 'node_id,time_ms\n0,1.0\n# two sources: ids 0 and 1\n2,1.5\n' >"$T/range.csv"
expect_fail spike-file-id-out-of-range "$T/range.csv:4:" "$T/rt" --set "src.file=$T/range.csv"
printf 'node_id,time_ms\n-1,1.0\n' >"$T/negid.csv"
expect_fail spike-file-negative-id "$T/negid.csv:2:" "$T/rt" --set "src.file=$T/negid.csv"
printf 'node_id,time_ms\n0 1.0\n' >"$T/nocomma.csv"
expect_fail spike-file-no-comma "$T/nocomma.csv:2:" "$T/rt" --set "src.file=$T/nocomma.csv"
printf 'node_id,time_ms\n0,1.0,7\n' >"$T/extra.csv"
expect_fail spike-file-extra-column "$T/extra.csv:2:" "$T/rt" --set "src.file=$T/extra.csv"
# comment lines before the header line are allowed ('#' comments and one
# header line); the header must not be rejected for following a comment
printf '# recorded 2024\nnode_id,time_ms\n0,1.0\n' >"$T/comment.csv"
if "$T/rt" --quiet --out "$T/comment" --set "src.file=$T/comment.csv" 2>"$T/comment.err"; then
    pass spike-file-comment-then-header
else
    fail spike-file-comment-then-header "header after a comment rejected: $(cat "$T/comment.err")"
fi
# a valid but tiny time (strtod underflows to 0 and sets ERANGE) is a time
# >= 0 like any other: it must be accepted, not blamed on the node id
printf 'node_id,time_ms\n0,1e-400\n' >"$T/tiny.csv"
if "$T/rt" --quiet --out "$T/tiny" --set "src.file=$T/tiny.csv" 2>"$T/tiny.err"; then
    pass spike-file-tiny-time
else
    fail spike-file-tiny-time "time 1e-400 ms rejected: $(cat "$T/tiny.err")"
fi

# ---- parameters -----------------------------------------------------------------
G="src.file=$T/good.csv"
expect_fail set-unknown-name "cell.tau_m" "$T/rt" --set "$G" --set cell.tau_m=10ms
expect_fail set-wrong-dimension "cell.C_m" "$T/rt" --set "$G" --set cell.C_m=5mV
expect_fail set-no-unit "cell.g_L" "$T/rt" --set "$G" --set cell.g_L=10
expect_fail set-unknown-unit "cell.g_L" "$T/rt" --set "$G" --set cell.g_L=10furlongs
expect_fail set-nan "cell.I_e" "$T/rt" --set "$G" --set cell.I_e=NaNpA
expect_fail set-inf "cell.E_L" "$T/rt" --set "$G" --set cell.E_L=-infmV
expect_fail set-not-a-number "cell.V_th" "$T/rt" --set "$G" --set cell.V_th=high
expect_fail set-no-value "cell.V_th" "$T/rt" --set "$G" --set cell.V_th
expect_fail set-negative-kernel-tau "cell.g_e.tau" "$T/rt" --set "$G" --set cell.g_e.tau=-5ms
expect_fail set-zero-kernel-tau "cell.g_e.tau" "$T/rt" --set "$G" --set cell.g_e.tau=0ms
expect_fail set-negative-capacitance "cell.C_m" "$T/rt" --set "$G" --set cell.C_m=-200pF
# the refractory period is an expression of parameters; the message must still
# name the parameter that was set
expect_fail set-negative-refractory "cell.t_ref" "$T/rt" --set "$G" --set cell.t_ref=-1ms
expect_fail set-zero-dt "sim.dt" "$T/rt" --set "$G" --set sim.dt=0ms
expect_fail set-negative-time "sim.time" "$T/rt" --set "$G" --set sim.time=-1s
expect_fail seed-negative "sim.seed" "$T/rt" --set "$G" --seed -1
expect_fail seed-fraction "sim.seed" "$T/rt" --set "$G" --seed 1.5

# ---- delays shorter than the time step ---------------------------------------------
# the message names the projection (its two populations) and the delay
expect_fail delay-below-dt-by-set "src|cell|delay 0.2 ms" "$T/rt" --set "$G" --set sim.dt=0.5ms
# a constant delay below the model's dt: a compile-time error naming the delay
# is as good as a run-time one
if "$SNNC" tests/runtime/delay_short.snn -o "$T/ds" 2>"$T/ds.build.err"; then
    expect_fail delay-below-dt-in-model "driver|target|delay 0.05 ms" "$T/ds"
else
    st=$?
    if [ $st = 1 ] && grep -qF "0.05 ms" "$T/ds.build.err"; then
        pass delay-below-dt-in-model
    else
        fail delay-below-dt-in-model "snnc exit status $st without naming the 0.05 ms delay: $(cat "$T/ds.build.err")"
    fi
fi
# per-synapse random delays: only the run can check them
expect_fail delay-below-dt-random "driver|target|delay" "$T/dr"

# ---- options --------------------------------------------------------------------
expect_fail unknown-option "--bogus" "$T/rt" --set "$G" --bogus
expect_fail format-bogus "bogus" "$T/rt" --set "$G" --format bogus
expect_fail format-partly-bogus "hdf" "$T/rt" --set "$G" --format sonata,hdf
expect_fail stray-argument "extra" "$T/rt" --set "$G" extra
expect_fail option-without-value "--out" "$T/rt" --set "$G" --out

# ---- the output folder cannot be created ------------------------------------------
: >"$T/plainfile"
expect_fail out-under-a-file "$T/plainfile" "$T/rt" --set "$G" --out "$T/plainfile/sub"

# ---- a folder that is not the run's to write: refused before the run ----------------
# (a run replaces its whole folder, tests/runtime/whole_folder.slow.test.sh): another
# run's outputs are replaced only with --force, anything else never.
mkdir -p "$T/prev"
"$T/rt" --quiet --out "$T/prev" --set "$G" --format sonata,csv 2>/dev/null
cp "$T/prev/spikes.h5" "$T/prev.h5"
"$T/rt" --quiet --out "$T/prev" --set "$G" --set cell.I_e=400pA 2>"$T/prev.err"
refusal output-other-run "$?" "$T/prev.err" "error: --out $T/prev: the folder holds the outputs of another run; replace them with --force, or choose another --out"
check output-other-run-kept "the refused run changed spikes.h5" cmp -s "$T/prev.h5" "$T/prev/spikes.h5"
# --force replaces them, and none of the old run's files stay (spikes.csv was one)
"$T/rt" --quiet --out "$T/prev" --set "$G" --set cell.I_e=400pA --force --format sonata 2>"$T/prev.err"
check output-force-replaces "$(cat "$T/prev.err"; ls "$T/prev")" \
    sh -c "[ \"\$(ls '$T/prev' | tr '\n' ' ')\" = 'run.json spikes.h5 state_cell_v.h5 ' ] && ! cmp -s '$T/prev.h5' '$T/prev/spikes.h5'"
: >"$T/prev/notes.txt"
"$T/rt" --quiet --out "$T/prev" --set "$G" --force 2>"$T/prev.err"
refusal output-foreign-file "$?" "$T/prev.err" "error: --out $T/prev: the folder holds 'notes.txt', which is not a run's output; a run replaces its whole folder: use an empty or new one"
# a run that fails after claiming a new folder leaves no folder behind
"$T/rt" --quiet --out "$T/fresh/sub" --set "src.file=$T/missing.csv" 2>/dev/null
check output-failed-run-leaves-nothing "$(ls -R "$T/fresh" 2>&1)" test ! -e "$T/fresh"
