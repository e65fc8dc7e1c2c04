# tests/threads/same.sh (sourced): same NAME SNN-FILE ARGS... runs a model with
# 1, 2 and 3 threads and passes when every output's digest equals 1's.
DIG=$ROOT/tests/identity/digest.py
# NAME SNN-FILE ARGS...: run with 1, 2, 3 threads, compare digests with 1's
same() {
    name=$1 src=$2
    shift 2
    build "$src" "$T/$name" || return 0
    for n in 1 2 3; do
        if ! (cd "$T" && "./$name" --out "${name}_$n" --quiet --format sonata,csv --threads "$n" "$@" >"$name.$n.log" 2>&1); then
            fail "threads-$name-$n-run" "exit status: $(tail -3 "$T/$name.$n.log")"
            return 0
        fi
        "$PY" "$DIG" "$T/${name}_$n" >"$T/$name.$n.dig"
    done
    for n in 2 3; do
        if cmp -s "$T/$name.1.dig" "$T/$name.$n.dig"; then
            pass "threads-$name-1-vs-$n"
        else
            fail "threads-$name-1-vs-$n" "$(diff "$T/$name.1.dig" "$T/$name.$n.dig" | head -4 | tr '\n' ' ')"
        fi
    done
}
