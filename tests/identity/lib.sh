# tests/identity/lib.sh (sourced by the identity tests): one NAME SNN-FILE ARGS...
# runs a model and adds the digests of its outputs to $T/got.txt; compare then
# checks every model run against expected.txt (SNN_IDENTITY_WRITE=1: replaces
# their lines there instead).
D=$ROOT/tests/identity
: >"$T/got.txt"
one() {
    name=$1 src=$2
    shift 2
    build "$src" "$T/$name" || return 0
    if ! (cd "$T" && "./$name" --out "run_$name" --quiet --format sonata,csv "$@" >"$name.log" 2>&1); then
        fail "identity-$name-run" "exit status: $(tail -3 "$T/$name.log")"
        return 0
    fi
    "$PY" "$D/digest.py" "$T/run_$name" | sed "s/^/$name /" >>"$T/got.txt"
}
compare() {
    names=$(cut -d' ' -f1 "$T/got.txt" | uniq)
    if [ -n "${SNN_IDENTITY_WRITE:-}" ]; then
        for name in $names; do
            grep -v "^$name " "$D/expected.txt" >"$T/kept.txt"
            grep "^$name " "$T/got.txt" | cat "$T/kept.txt" - >"$D/expected.txt"
        done
        echo "PASS identity-written ($(wc -l <"$T/got.txt") digests)"
        return 0
    fi
    for name in $names; do
        want=$(grep "^$name " "$D/expected.txt")
        got=$(grep "^$name " "$T/got.txt")
        if [ -z "$want" ]; then
            fail "identity-$name" "no digests for $name in expected.txt"
        elif [ "$want" = "$got" ]; then
            pass "identity-$name"
        else
            fail "identity-$name" "outputs differ: $(printf '%s\n' "$want" | diff - "$T/got.txt" | grep "$name" | head -6 | tr '\n' ' ')"
        fi
    done
}
