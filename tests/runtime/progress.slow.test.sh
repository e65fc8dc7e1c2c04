# Progress in batch logs (stderr a file): none for a short run, sparse lines (10 %
# steps) for a longer one, and with --progress a line every 2 s naming the phase
# and the trial; each line gives simulated time, speed and ETA, and ends in a
# newline (no terminal carriage returns in a log).  --quiet prints none.
. tests/lib.sh
# 2 simulated seconds: well under 2 s of wall time, also under the sanitizers
sed 's/trials 2 }; phase main { trials 3 }/trials 1 }; phase main { trials 1 }/' tests/runtime/coba_phases.snn >"$T/tr.snn"
build "$T/tr.snn" "$T/tr" || exit 0
# 90 simulated seconds: more than 2 s of wall time wherever COBA runs below 45x real time
sed 's/trials 2 }; phase main { trials 3 }/trials 30 }; phase main { trials 60 }/' tests/runtime/coba_phases.snn >"$T/long.snn"
build "$T/long.snn" "$T/long" || exit 0
"$T/tr" --out "$T/a" 2>"$T/short.err" >/dev/null
check progress-short-run-silent "a 2 s run printed: $(head -3 "$T/short.err")" test ! -s "$T/short.err"
"$T/long" --out "$T/b" --progress 2>"$T/long.err" >/dev/null
n=$(grep -c 'phase \(warm\|main\), trial [0-9]* of [0-9]*, .* s of .* s simulated, .* s/s, .* s elapsed, ETA' "$T/long.err")
cr=$(tr -cd '\r' <"$T/long.err" | wc -c)
check progress-lines-with-phase "$n lines, $cr carriage returns: $(head -3 "$T/long.err")" sh -c "[ $n -ge 1 ] && [ $cr = 0 ]"
"$T/tr" --out "$T/c" --progress --quiet 2>"$T/quiet.err" >/dev/null
check progress-quiet "--quiet printed: $(head -2 "$T/quiet.err")" test ! -s "$T/quiet.err"
