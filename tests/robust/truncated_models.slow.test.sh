# Every .snn of the repository (but the deliberately broken ones of tests/diag and
# tests/syntax) cut short at a quarter, a half and three quarters of its bytes, and
# before its last line: snnc --check exits 0 or 1 (never 2,
# never a crash), and every error and note it prints begins with FILE:LINE:COL.
# (A truncated model used to end in "the model has no population" without one.)
. tests/lib.sh
n=0 bad=0 why=""
for f in $(git ls-files '*.snn' 2>/dev/null || find models stdlib tests -name '*.snn'); do
    case $f in tests/diag/* | tests/syntax/*) continue ;; esac
    size=$(wc -c <"$f")
    lines=$(wc -l <"$f")
    for cut in q h t last; do
        case $cut in
        q) head -c $((size / 4)) "$f" ;;
        h) head -c $((size / 2)) "$f" ;;
        t) head -c $((size * 3 / 4)) "$f" ;;
        last) head -n $((lines > 1 ? lines - 1 : 1)) "$f" ;;
        esac >"$T/cut.snn"
        n=$((n + 1))
        # imports next to the original resolve through -I
        "$SNNC" --check -I "$(dirname "$f")" "$T/cut.snn" >"$T/out" 2>"$T/err"
        st=$?
        if [ $st -gt 1 ]; then
            bad=$((bad + 1))
            why="$why
$f ($cut): exit status $st: $(head -2 "$T/err")"
        elif grep -E ': (error|note|warning): ' "$T/err" | grep -vqE '^[^ ]+:[0-9]+:[0-9]+: (error|note|warning): '; then
            bad=$((bad + 1))
            why="$why
$f ($cut): $(grep -E ': (error|note|warning): ' "$T/err" | grep -vE '^[^ ]+:[0-9]+:[0-9]+: ' | head -1)"
        fi
    done
done
if [ $bad = 0 ]; then
    pass "truncated-models ($n cuts, every message located)"
else
    fail truncated-models "$bad of $n cuts:$why"
fi
