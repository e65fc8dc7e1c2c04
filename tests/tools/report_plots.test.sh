# The report tools' --plot (the figures of docs/results.md): tools/compsim2_report.py
# (Fig 7) and tools/compsim2_noise.py (Suppl. Fig 6) on two runs of simulation 2,
# tools/compsim4_report.py (Fig 9) on two runs of simulation 4, each model cut to a
# few trials, write a PNG 1000-1400 pixels wide.  Simulation 3's figure (Fig 8) is
# checked in tools/reproduce_compsim3.slow.test.sh, simulation 5's (Fig 10) in
# tests/models/compsim5.test.sh.
. tests/lib.sh
# png NAME FILE OUTPUT: PASS if FILE is a PNG between 1000 and 1400 pixels wide
# (OUTPUT: the report's, shown on failure)
png() {
    check "$1" "$2 is missing, not a PNG or of another width: $3" "$PY" -c "
import struct, sys
b = open(sys.argv[1], 'rb').read(24)
sys.exit(0 if b[:8] == b'\x89PNG\r\n\x1a\n' and 1000 <= struct.unpack('>I', b[16:20])[0] <= 1400 else 1)" "$2"
}
sed -e 's/trials 599; learning on/trials 3; learning on/' -e 's/trials 600; learning on/trials 3; learning on/' \
    -e 's/phase \(test[0-9]\) { trials 18;/phase \1 { trials 1;/' -e 's/record w of syn every 36 s/record w of syn every 2 s/' \
    models/compsim2_teacher.snn >"$T/cs2.snn"
sed -e 's/phase train { trials 1000;/phase train { trials 6;/' -e 's/phase \(before\|after\) { trials 50;/phase \1 { trials 2;/' \
    -e 's/phase \(probe_[a-z]*\) { trials 10;/phase \1 { trials 2;/' models/compsim4_patterns.snn >"$T/cs4.snn"
build "$T/cs2.snn" "$T/cs2" || exit 0
build "$T/cs4.snn" "$T/cs4" || exit 0
(cd "$T" && ./cs2 --quiet --out a --seed 1 && ./cs2 --quiet --out b --seed 1 --set learner.noise_scale=0.5 &&
    ./cs4 --quiet --out c --seed 1 && ./cs4 --quiet --out d --seed 2) || fail report-plots-runs "exit status $?"
"$PY" tools/compsim2_report.py --no-correlation --plot "$T/fig7.png" "$T/a" "$T/b" >"$T/r2.txt" 2>&1
png compsim2-report-plot "$T/fig7.png" "$(tail -2 "$T/r2.txt")"
"$PY" tools/compsim2_noise.py --plot "$T/sfig6.png" "$T/a" "$T/b" >"$T/rn.txt" 2>&1
png compsim2-noise-plot "$T/sfig6.png" "$(tail -2 "$T/rn.txt")"
"$PY" tools/compsim4_report.py --plot "$T/fig9.png" "$T/c" "$T/d" >"$T/r4.txt" 2>&1
png compsim4-report-plot "$T/fig9.png" "$(tail -2 "$T/r4.txt")"
