# 'state VAR = file("PATH" [, UNIT])': one initial value per neuron from a file.
# The values arrive exactly (a state without an equation keeps them), in the
# stated unit or in SI, through a header and comments; a population reset every
# trial starts each trial from them again; --set POP.VAR.file picks another
# file.  A missing file, a bad or non-finite number, too few or too many values
# stop the run with status 1 and a message naming the file, the line and the
# population's state, before any output is written.
. tests/lib.sh
cat >"$T/m.snn" <<'SNN'
import "stdlib/neurons.snn"
neuron held() { state v = 0 mV }
population p = 3 held state v = file("p.csv", mV)
population q = 2 lif_cond(I_e = 0 pA) state v = file("q.csv")
experiment {
  trial 2 ms
  phase a { trials 2 }
  reset q every trial
  record v of p every 0.1 ms
  record v of q every 2 ms
}
SNN
build "$T/m.snn" "$T/m" || exit 0
printf 'v\n# millivolts\n-55.25\n\n-70\n12.5\n' >"$T/p.csv"
printf -- '-0.050\n-0.075\n' >"$T/q.csv"
(cd "$T" && ./m --quiet --format csv --out o) || fail init-file-run "exit status $?"
check init-file-values "p's samples are not the file's values (mV) or q's do not repeat after the reset" \
    "$PY" - "$T/o" <<'PYEOF'
import csv, sys
def rows(name):
    return [[float(x) for x in r] for r in list(csv.reader(open(f'{sys.argv[1]}/state_{name}_v.csv')))[1:]]
p, q = rows('p'), rows('q')
assert all(abs(a - b) < 1e-9 for r in p for a, b in zip(r[1:], [-55.25e-3, -70e-3, 12.5e-3])), p[:2]
assert len(q) == 2 and q[0][1:] == q[1][1:], q       # trial 2 starts from the file's values again
assert -0.075 < q[0][2] < q[0][1] < -0.050, q        # relaxing towards E_L = -60 mV from -50 and -75 mV
PYEOF
printf '1\n2\n3\n' >"$T/p2.csv"
(cd "$T" && ./m --quiet --format csv --out o2 --set p.v.file=p2.csv) || fail init-file-set "exit status $?"
check init-file-set "--set p.v.file did not change the initial values" \
    "$PY" -c "import csv,sys; r=list(csv.reader(open(sys.argv[1])))[1]; sys.exit(abs(float(r[3]) - 3e-3) > 1e-9)" "$T/o2/state_p_v.csv"

# refused NAME CONTENT TEXT [FILE]: p's file (bad.csv) with CONTENT (printf format) stops the run with TEXT
refused() {
    printf -- "$2" >"$T/bad.csv"
    rm -rf "$T/ob"
    (cd "$T" && ./m --quiet --format csv --out ob --set "p.v.file=${4:-bad.csv}") 2>"$T/err"
    st=$?
    if [ -e "$T/ob" ]; then fail "$1" "output folder written"; else refusal "$1" $st "$T/err" "$3"; fi
}
refused init-file-not-a-number '-55\nminus 60\n1\n' "bad.csv:2: initial value 'minus 60' of p.v is not a number"
refused init-file-unit-in-file '-55\n-60 mV\n1\n' "bad.csv:2: initial value '-60 mV' of p.v is not a number"
refused init-file-nan '-55\nnan\n1\n' "bad.csv:2: initial value 'nan' of p.v is not a finite single-precision number"
refused init-file-too-large '-55\n1e42\n1\n' "bad.csv:2: initial value '1e42' of p.v is not a finite single-precision number"
refused init-file-too-few '# two\n-55\n-60\n' "bad.csv: 2 values for the 3 neurons of population p (one per neuron, for p.v)"
refused init-file-too-many '1\n2\n3\n4\n' "bad.csv:4: more values than the 3 neurons of population p (one per neuron, for p.v)"
refused init-file-two-columns '1,2\n2\n3\n' "bad.csv:1: expected 'v' (1 fields), found 2 fields"
refused init-file-wrong-header 'v_mV\n1\n2\n3\n' "bad.csv:1: unknown column 'v_mV' in the header (the columns are v, in any order)"
refused init-file-empty '' "bad.csv: 0 values for the 3 neurons of population p (one per neuron, for p.v)"
refused init-file-missing '' "nope.csv: cannot open the initial values of p.v (parameter p.v.file): No such file or directory" nope.csv
