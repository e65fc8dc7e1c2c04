# Simulation 1 with two neurons reinforced in opposite directions,
# models/compsim1b_two_neurons.snn, shortened to 1 + 79 + 80 trials of 1.5 s with
# the sign flipped after 2 simulated minutes instead of 10 (seed 1; the full
# 20 minutes are make reproduce-compsim1b): until the flip the E->E afferents
# of A = el[706] (rewarded) grow ahead of those of B = el[19] (punished); after
# it B's gain on A's.  Measured
# (2026-12-05, seed 1): A ahead of B by 0.031 w_max at 120 s (0.524 against
# 0.493); from 120 to 240 s B +0.014, A -0.016 w_max, B gaining 0.030 on A.
# The test asks for half of each.
# The report tool reads the run, prints the paper's checks and draws its figure.
. tests/lib.sh
sed -e 's/phase learn { trials 399; learning on }/phase learn { trials 79; learning on }/' \
    -e 's/phase reversed { trials 400; learning on }/phase reversed { trials 80; learning on }/' \
    -e 's/trial < 400/trial < 80/' -e 's/every 120 s/every 30 s/' models/compsim1b_two_neurons.snn >"$T/cs1b.snn"
grep -q 'trial < 80' "$T/cs1b.snn" || fail compsim1b-shorten "the model's flip is no longer 'trial < 400'"
build "$T/cs1b.snn" "$T/cs1b" || exit 0
"$T/cs1b" --out "$T/run" --quiet || fail compsim1b-run "exit status $?"
# lines: TIME_S A B (mean afferent weights / w_max at each sample)
"$PY" tests/models/compsim1_afferents.py "$T/run" 706 19 >"$T/aff.txt" || fail compsim1b-read "the weights could not be read"
at() { awk -v t="$1" '$1 == t { print $2, $3 }' "$T/aff.txt"; }
set -- $(at 120) $(at 240)
check compsim1b-before-flip "A $1, B $2 w_max at 120 s (want A ahead by >= 0.015)" \
    "$PY" -c "import sys; a, b = map(float, sys.argv[1:]); sys.exit(0 if a - b >= 0.015 else 1)" "$1" "$2"
check compsim1b-after-flip "from 120 to 240 s A $1 -> $3, B $2 -> $4 w_max (want B to gain >= 0.015 on A)" \
    "$PY" -c "import sys; a1, b1, a2, b2 = map(float, sys.argv[1:]); sys.exit(0 if (b2 - b1) - (a2 - a1) >= 0.015 else 1)" "$1" "$2" "$3" "$4"
"$PY" tools/compsim1_report.py --target 706 --punished 19 --flip 120 --plot "$T/fig.png" "$T/run" >"$T/report.txt" 2>&1
st=$?
check compsim1b-report "exit status $st: $(tail -n 3 "$T/report.txt")" \
    sh -c "[ $st -le 1 ] && grep -q 'rate falls after the flip' '$T/report.txt'"
png compsim1b-report-plot "$T/fig.png" "$(tail -n 2 "$T/report.txt")"
