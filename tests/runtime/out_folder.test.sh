# The output folder is checked before anything is simulated (a bad --out was
# found only after the whole run), and --format "" is refused (it wrote no
# spikes).  The run asked for here is 10^5 simulated seconds: a check that came
# after it would not return within the timeout.
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
printf 'node_id,time_ms\n0,1.0\n' >"$T/in.csv"
: >"$T/afile"
long() { timeout 20 "$T/rt" --quiet --set "src.file=$T/in.csv" --set sim.time=100000s "$@"; }
long --out "$T/afile/sub" 2>"$T/err1"
st=$?
check out-under-a-file-early "exit status $st (124: it simulated first): $(cat "$T/err1")" \
    sh -c "[ $st = 1 ] && grep -q \"error: --out $T/afile/sub: cannot create the output folder: '$T/afile' is not a folder\" '$T/err1'"
long --out "$T/afile" 2>"$T/err2"
st=$?
check out-is-a-file-early "exit status $st: $(cat "$T/err2")" \
    sh -c "[ $st = 1 ] && grep -q 'is not a folder' '$T/err2'"
"$T/rt" --quiet --set "src.file=$T/in.csv" --out "$T/o" --format "" 2>"$T/err3"
st=$?
check format-empty-refused "exit status $st: $(cat "$T/err3")" \
    sh -c "[ $st = 1 ] && grep -q \"error: --format '': no format given\" '$T/err3' && [ ! -e '$T/o' ]"
# a folder that does not exist yet, several levels deep, is fine
"$T/rt" --quiet --set "src.file=$T/in.csv" --out "$T/new/deeper/o" 2>"$T/err4"
got=$(json "$T/new/deeper/o/run.json" "j['complete'], [p['spikes'] for p in j['populations'] if p['name'] == 'src']" 2>&1)
check out-new-folders "run.json: complete, spikes of src = $got (want True, the $(($(wc -l <"$T/in.csv") - 1)) of in.csv): $(cat "$T/err4")" \
    test "$got" = "True [$(($(wc -l <"$T/in.csv") - 1))]"
