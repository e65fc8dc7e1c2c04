# SIGTERM and SIGINT during a run: the run stops at the next step, writes what
# was recorded with run.json saying complete: false (and where it stopped),
# leaves no staging folder, keeps a checkpoint that --resume continues to the
# end, and exits with 143 / 130.  (Before, SIGTERM two seconds into a long run
# left nothing.)
. tests/lib.sh
sed 's/^experiment .*/experiment { time 1000 s; record spikes of net[0:100]; record v of net[0:2] every 1 ms }/' \
    tests/runtime/coba_phases.snn >"$T/m.snn"
build "$T/m.snn" "$T/m" || exit 0
stop() { # name signal expected-status
    "$T/m" --progress --out "$T/$1" --format sonata,csv 2>"$T/$1.err" >/dev/null &
    pid=$!
    # the signal once the steps run (the first progress line, after 2 s of them)
    i=0
    while [ $i -lt 600 ] && ! grep -q 'simulated' "$T/$1.err" 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    kill "-$2" $pid
    wait $pid
    st=$?
    if [ $st != "$3" ]; then
        fail "$1-status" "exit status $st, expected $3: $(cat "$T/$1.err")"
        return
    fi
    pass "$1-status"
    check "$1-incomplete" "run.json: $(head -c 300 "$T/$1/run.json" 2>/dev/null)" "$PY" -c "
import json, sys
j = json.load(open('$T/$1/run.json'))
sys.exit(0 if j['complete'] is False and j['stopped_by'] == 'SIG$2' and 0 < j['time_s'] < j['planned_time_s'] == 1000 else 1)"
    check "$1-recorded" "spikes or state missing: $(ls "$T/$1")" "$PY" -c "
import csv, json, sys
j = json.load(open('$T/$1/run.json'))
rows = list(csv.reader(open('$T/$1/spikes.csv')))[1:]
last = max(float(r[2]) for r in rows)
sys.exit(0 if rows and last <= j['time_s'] * 1e3 + 1e-9 and 'state_net_v.csv' in j['files'] else 1)"
    check "$1-no-staging" "$(ls -A "$T/$1")" sh -c "! ls -A '$T/$1' | grep -q staging"
    check "$1-message" "$(cat "$T/$1.err")" grep -q "^stopped by SIG$2 at .* s of 1000 s simulated" "$T/$1.err"
    check "$1-checkpoint-kept" "$(ls "$T/$1")" "$PY" -c "
import json, sys
j = json.load(open('$T/$1/run.json'))
sys.exit(0 if 'checkpoint.snnck' in j['files'] and j['checkpoints']['kept_at_s'] == j['time_s'] else 1)"
}
stop term TERM 143
stop int INT 130
# the stopped run resumed (shortened: its remaining 1000 s would take minutes) --
# here only that --resume takes it up where it stopped
timeout 5 "$T/m" --resume "$T/term" 2>"$T/resume.err"
st=$?
check term-resumes "exit $st: $(cat "$T/resume.err")" sh -c "[ $st = 124 ] && grep -q '^resuming at [1-9][0-9.]* s of 1000 s simulated' '$T/resume.err'"
