# A run killed after it began writing leaves its staging folder (.snn-staging.PID)
# in the output folder; the next run there removes it, with a note, when that
# process is gone -- and leaves a live run's staging folder alone.
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
printf 'node_id,time_ms\n0,1.0\n' >"$T/in.csv"
dead=$(sh -c 'echo $$')   # a process that has ended
mkdir -p "$T/o/.snn-staging.$dead" "$T/o/.snn-staging.$$"
: >"$T/o/.snn-staging.$dead/spikes.h5"
"$T/rt" --out "$T/o" --set "src.file=$T/in.csv" >/dev/null 2>"$T/err"
check staging-dead-removed "$(ls -A "$T/o")" test ! -e "$T/o/.snn-staging.$dead"
check staging-dead-reported "$(cat "$T/err")" grep -q "note: removed $T/o/.snn-staging.$dead, left by a run (process $dead)" "$T/err"
check staging-live-kept "the staging folder of a running process was removed" test -d "$T/o/.snn-staging.$$"
check staging-run-complete "$(cat "$T/err")" test -f "$T/o/run.json"
