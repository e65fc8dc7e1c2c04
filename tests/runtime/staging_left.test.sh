# A run killed while writing its outputs leaves its staging folder
# (.NAME.snn-staging.PID, beside the output folder NAME); the next run there
# removes it, with a note, when that process is gone -- and leaves a live
# run's staging folder alone.  The layout of earlier versions (a staging folder
# inside the output folder) is cleaned up the same way.
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
T=$(cd "$T" && pwd -P)   # the notes name real paths
printf 'node_id,time_ms\n0,1.0\n' >"$T/in.csv"
dead=$(sh -c 'echo $$')   # a process that has ended
mkdir -p "$T/.o.snn-staging.$dead" "$T/.o.snn-staging.$$" "$T/o/.snn-staging.$dead"
: >"$T/.o.snn-staging.$dead/spikes.h5"
: >"$T/o/.snn-staging.$dead/run.json"
"$T/rt" --out "$T/o" --set "src.file=$T/in.csv" >/dev/null 2>"$T/err"
check staging-dead-removed "$(ls -A "$T")" test ! -e "$T/.o.snn-staging.$dead"
check staging-dead-reported "$(cat "$T/err")" grep -q "note: removed $T/.o.snn-staging.$dead, left by a run (process $dead)" "$T/err"
check staging-old-layout-removed "$(ls -A "$T/o")" test ! -e "$T/o/.snn-staging.$dead"
check staging-live-kept "the staging folder of a running process was removed" test -d "$T/.o.snn-staging.$$"
# one spike of 2 sources in 20 ms: 25 Hz exactly
got=$(json "$T/o/run.json" "j['complete'], [(p['spikes'], p['rate_hz']) for p in j['populations'] if p['name'] == 'src']" 2>&1)
check staging-run-complete "run.json: complete, (spikes, rate) of src = $got (want True [(1, 25)]): $(cat "$T/err")" \
    test "$got" = "True [(1, 25)]"
check staging-none-left "$(ls -A "$T" "$T/o")" sh -c "[ \"\$(ls -A '$T' | grep -c snn-staging)\" = 1 ] && ! ls -A '$T/o' | grep -q snn-staging"
