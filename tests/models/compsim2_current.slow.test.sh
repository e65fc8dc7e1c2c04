# Simulation 2 with current-based static synapses (Suppl. Fig 5), shortened like
# compsim2.test.sh to 10 simulated minutes of training (seed 1): the synapses
# with w* = w_max grow, those with w* = 0 shrink, the angle between w and w*
# falls (tools/compsim2_report.py --w-max 32.9e-12); with the same mean drive
# before training the noise-free learner fires as often as the realizable
# target.  Then the noise sweep's pieces (Suppl. Fig 6): a 40 s run of
# compsim2_teacher.snn with --set learner.noise_scale=0 has a silent noise
# conductance, and tools/compsim2_noise.py reads its level.
# The full runs: make reproduce-compsim2-current, make reproduce-compsim2-noise.
. tests/lib.sh
sed -e 's/trials 599; learning on/trials 49; learning on/' -e 's/trials 600; learning on/trials 50; learning on/' \
    models/compsim2_current.snn >"$T/cs2c.snn"
build "$T/cs2c.snn" "$T/cs2c" || exit 0
"$T/cs2c" --format sonata,csv --out "$T/run" --quiet || fail compsim2-current-run "exit status $?"
"$PY" tools/compsim2_report.py "$T/run" --w-max 32.9e-12 --no-correlation >"$T/report.txt" 2>&1
check compsim2-current-learns "$(cat "$T/report.txt")" grep -q ' as in the paper$' "$T/report.txt"
# seed 1 measured (2026-12-05): strong 0.496 -> 0.527, weak 0.495 -> 0.456, angle 0.799 -> 0.738
tail -1 "$T/report.txt" | {
    read -r _ s0 s1 w0 w1 a0 a1 _
    check compsim2-current-change-size "strong $s0 -> $s1, weak $w0 -> $w1, angle $a0 -> $a1 in 10 min" \
        "$PY" -c "import sys; sys.exit(0 if $s1 - $s0 > 0.02 and $w0 - $w1 > 0.02 and $a0 - $a1 > 0.03 else 1)"
}
check compsim2-current-same-start "the noise-free learner and the realizable target differ before training" "$PY" -c "
import sys
sys.path.insert(0, 'python')
import snnc
r = snnc.load('$T/run')
c = [((r.spikes[p].times_ms >= 0) & (r.spikes[p].times_ms < 36000)).sum() for p in ('learner', 'realizable')]
sys.exit(0 if c[1] > 100 and abs(c[0] - c[1]) < 0.2 * c[1] else 1)"
sed -e 's/^  phase .*$//' -e 's/^  trial 2 s$/  time 40 s/' -e 's/every 36 s/every 10 s/' \
    -e 's/^  record spikes of learner, realizable$/  record spikes of learner, realizable\n  record g_ne of learner every 10 ms/' \
    models/compsim2_teacher.snn >"$T/cs2n.snn"
build "$T/cs2n.snn" "$T/cs2n" || exit 0
"$T/cs2n" --format sonata,csv --out "$T/n0" --quiet --seed 3 --set learner.noise_scale=0 || fail compsim2-noise-run "exit status $?"
check compsim2-noise-zero "the noise conductance is not 0 at noise level 0" "$PY" -c "
import csv, sys
g = [float(x[1]) for x in list(csv.reader(open('$T/n0/state_learner_g_ne.csv')))[1:]]
sys.exit(0 if len(g) == 4000 and max(g) == 0 else 1)"
"$PY" tools/compsim2_noise.py "$T/n0" >"$T/noise.txt" 2>&1
check compsim2-noise-report "$(cat "$T/noise.txt")" grep -q '^ *0\.0 ' "$T/noise.txt"
