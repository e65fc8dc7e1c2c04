# The units of long runs, h and min, in a model and in --set: the simulated
# time run.json reports (the steps taken) is the value times 3600 s or 60 s.
. tests/lib.sh
cd "$T" || exit 1
sed 's/  time 20 ms/  time 0.0001 h/' "$ROOT/tests/runtime/rt.snn" >h.snn
printf 'node_id,time_ms\n0,1.0\n' >in.csv
build h.snn ./h || exit 0
./h --quiet --out o1 || fail long-units-run "exit status $?"
check long-units-model-hour "time_s: $(json o1/run.json "j['time_s'], j['steps']")" \
    test "$(json o1/run.json "j['steps']")" = 3600
./h --quiet --out o2 --set sim.time=0.005min || fail long-units-run-set "exit status $?"
check long-units-set-minute "time_s: $(json o2/run.json "j['time_s'], j['steps']")" \
    test "$(json o2/run.json "j['steps']")" = 3000
