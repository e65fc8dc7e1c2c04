# Simulation 1 with the weight-dependent (Morrison) rule, models/compsim1c_weightdep.snn
# (Suppl. Figs 3, 4), shortened to 1 + 159 trials of 1.5 s (4 simulated minutes,
# seed 1; the full 20 minutes are make reproduce-compsim1c): the reinforced
# neuron el[806]'s E->E afferents grow ahead of every other E->E synapse, and the
# others stay at 0.5 w_max, where the Morrison window is balanced.  Measured
# (2026-12-05, seed 1): afferents 0.522, others 0.501 w_max after 240 s, +0.021;
# the test asks for half of it.
# The report tool reads the run, prints the paper's checks and draws its figure.
. tests/lib.sh
short_compsim1 models/compsim1c_weightdep.snn 159 "30 s" "$T/cs1c.snn"
build "$T/cs1c.snn" "$T/cs1c" || exit 0
"$T/cs1c" --out "$T/run" --quiet || fail compsim1c-run "exit status $?"
# the last line: end AFFERENTS OTHERS
set -- $("$PY" tests/models/compsim1_afferents.py "$T/run" 806 | tail -n 1)
check compsim1c-afferents-grow "afferents of el[806] $2 w_max, other E->E $3 w_max after 240 s (want the afferents ahead by >= 0.010, the others within 0.01 of 0.5)" \
    "$PY" -c "import sys; a, o = map(float, sys.argv[1:]); sys.exit(0 if a - o >= 0.010 and abs(o - 0.5) < 0.01 else 1)" "$2" "$3"
"$PY" tools/compsim1_report.py --target 806 --plot "$T/fig.png" "$T/run" >"$T/report.txt" 2>&1
st=$?
check compsim1c-report "exit status $st: $(tail -n 3 "$T/report.txt")" \
    sh -c "[ $st -le 1 ] && grep -q 'afferent weights of el\[806\] rise' '$T/report.txt'"
png compsim1c-report-plot "$T/fig.png" "$(tail -n 2 "$T/report.txt")"
