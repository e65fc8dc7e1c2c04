# Inputs that once crashed or hung the compiler (found while fuzzing for issue 11):
# expressions nested deeper than the passes' recursion can take (a sum of two
# million terms overflowed the stack) are refused at the node that crosses 500
# levels; each case must end with exit status 1 and a located message, quickly.
. tests/lib.sh
deep() { # name python-expression-for-the-value (n: the size)
    "$PY" -c "
n = 2000000
print('import \"stdlib/neurons.snn\"')
print('population p = 1 lif_cond(I_e = ' + $2 + ')')
print('experiment { time 1 ms }')" >"$T/$1.snn"
    timeout 60 "$SNNC" --check "$T/$1.snn" >"$T/$1.out" 2>&1
    refusal "$1" $? "$T/$1.out" ": error: expression nested too deeply (at most 500 levels)"
    check "$1-located" "$(head -c 300 "$T/$1.out")" \
        grep -q "^$T/$1.snn:2:[0-9]*: error: expression nested too deeply" "$T/$1.out"
}
deep deep-sum "' + '.join(['1 pA'] * n)"
deep deep-product "'1 pA' + ' * 1' * n"
deep deep-negation "'-' * 9000 + '1 pA'"
deep deep-calls "'1 pA * ' + 'exp(' * 3000 + '0' + ')' * 3000"
deep deep-conditions "'1 pA * (' + ' || '.join(['t > 1 ms'] * 600) + ' ? 1 : 0)'"
# 400 levels is a model's business: accepted, and the C compiles
"$PY" -c "
print('import \"stdlib/neurons.snn\"')
print('population p = 1 lif_cond(I_e = ' + ' + '.join(['1 pA'] * 400) + ')')
print('experiment { time 1 ms }')" >"$T/ok.snn"
check deep-400-builds "a 400-term sum does not build: $(cat "$T/ok.err" 2>/dev/null)" sh -c "'$SNNC' '$T/ok.snn' -o '$T/ok' 2>'$T/ok.err'"
# a chain of 300 imports: the 257th file is refused at its import
mkdir -p "$T/chain"
i=1
while [ $i -le 300 ]; do
    echo "import \"f$((i + 1)).snn\"" >"$T/chain/f$i.snn"
    i=$((i + 1))
done
echo 'param x = 1' >"$T/chain/f301.snn"
timeout 60 "$SNNC" --check "$T/chain/f1.snn" >"$T/chain.out" 2>&1
st=$?
check import-chain "exit status $st: $(head -1 "$T/chain.out")" \
    sh -c "[ $st = 1 ] && grep -q 'f256.snn:1:8: error: cannot read \".*f257.snn\": more than 256 files in one model' '$T/chain.out'"
