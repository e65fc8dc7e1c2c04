# Simulation 2 (Fig 7), shortened to 10 simulated minutes (seed 1): the synapses
# with w* = w_max grow, those with w* = 0 shrink, the angle between w and w*
# falls (tools/compsim2_report.py).  The full runs: make reproduce-compsim2.
. tests/lib.sh
build models/compsim2_teacher.snn "$T/cs2" || exit 0
"$T/cs2" --out "$T/run" --quiet --set sim.time=10min || fail compsim2-run "exit status $?"
check compsim2-learns-the-teacher "$("$PY" tools/compsim2_report.py "$T/run")" "$PY" tools/compsim2_report.py "$T/run"
