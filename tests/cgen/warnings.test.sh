# The generated C of every model the project ships or tests with (models/,
# bench/models/, tests/*/*.snn that build, tests/cgen/names.snn with names chosen
# to meet) and of every whole model in docs/language.md compiles without a single
# warning under -Wall -Wextra -Werror.  make test checks the syntax and types
# (-fsyntax-only) of all but the tests' models; make test-full all of them, and
# compiles the models of models/ as snnc does (-O3 -march=native, where GCC
# finds uninitialized and unused values).
. tests/lib.sh
DOC=docs/language.md
. tests/docs/split.sh
WFLAGS="-std=c11 -Wall -Wextra -Werror -Iruntime -I/usr/include/hdf5/serial"
: >"$T/list"
for f in models/*.snn bench/models/*.snn tests/*/*.snn; do
    case $f in tests/diag/* | tests/syntax/*) continue ;; esac
    # make test: the shipped models, the names test and the docs' examples; make test-full: every test model too
    case $f in tests/cgen/*) ;; tests/*) [ -n "${SNN_QUICK:-}" ] && continue ;; esac
    echo "$f" >>"$T/list"
done
for d in "$T"/ex_*; do
    grep -q '^[ \t]*population[ \t]' "$d/model.snn" && echo "$d/model.snn" >>"$T/list"
done
count=0
while read -r f; do
    count=$((count + 1))
    name=$(printf '%s' "$f" | sed "s|^$T/ex_\([0-9]*\)/model.snn|docs-line-\1|")
    c="$T/gen_$count.c"
    # a model that snnc refuses (tests of its errors) is not this test's concern
    (cd "$(dirname "$f")" && "$SNNC" --emit-c -o "$c" "$(basename "$f")") >/dev/null 2>&1 || continue
    if [ -z "${SNN_QUICK:-}" ] && case $f in models/*) true ;; *) false ;; esac; then
        # shellcheck disable=SC2086
        cc $WFLAGS -O3 -fno-math-errno -fno-trapping-math -march=native -c -o /dev/null "$c" 2>"$T/cc.log"
    else
        # shellcheck disable=SC2086
        cc $WFLAGS -fsyntax-only "$c" 2>"$T/cc.log"
    fi
    check "c-warnings-$name" "$(grep -m3 -E 'error|warning' "$T/cc.log" | tr '\n' ' ')" test ! -s "$T/cc.log"
done <"$T/list"
check c-warnings-models-found "no models found" test "$count" -gt 20
