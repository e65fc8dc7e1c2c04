# tools/reproduce_compsim3.sh runs its experiments JOBS at a time under /bin/sh
# (dash, which has no 'wait -n'): with -j 2 and three experiments shortened to
# 2 simulated seconds, the first two run side by side and the third starts only
# when one of them has ended.  Its report prints the paper's sign check and our
# 5 Hz target for every experiment, and with FIGURE set draws Fig 8 as a PNG.
. tests/lib.sh
FIGURE=$T/fig8.png SNNC=$SNNC sh "$ROOT/tools/reproduce_compsim3.sh" -j 2 -t 2s 1 5 6 >"$T/out.txt" 2>&1
st=$?
# exit status: 0 or 1 (a check of the paper's failed), never a crash
check compsim3-script-runs "exit status $st: $(tail -3 "$T/out.txt")" \
    test "$(grep -c 'as in the paper, our target (5 Hz): ' "$T/out.txt")" -eq 3 -a "$st" -le 1
check compsim3-two-at-a-time "$(grep ran "$T/out.txt")" "$PY" -c "
import re, sys
span = {e: (float(a), float(b)) for e, a, b in re.findall(r'exp (\d) ran from ([\d.]+) s to ([\d.]+) s', open(sys.argv[1]).read())}
(a1, b1), (a5, b5), (a6, b6) = span['1'], span['5'], span['6']
sys.exit(0 if a1 < b5 and a5 < b1 and a6 >= min(b1, b5) - 0.05 else 1)" "$T/out.txt"
png compsim3-report-plot "$T/fig8.png" "$(tail -2 "$T/out.txt")"
