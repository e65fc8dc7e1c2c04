# Every ```snn block of docs/language.md is a complete .snn file that passes
# `snnc --check`, and every block that is a whole model (one with a population)
# also builds, runs, and shows one number the document states about it.  That
# number is named in an HTML comment on the lines just above the block, invisible
# when the page is rendered:
#   <!-- check: param NAME = VALUE -->         --list-params prints VALUE for NAME
#   <!-- check: rate of POP in LO..HI Hz -->   run.json's rate of POP
#   <!-- check: size of POP = N -->            run.json's size of POP
#   <!-- check: stops with "TEXT" -->          exit status 3 (a check), TEXT on stderr
#   <!-- file PATH: LINE | LINE ... -->        a data file the example reads
# Blocks marked ```snn-fragment are excerpts and are skipped.  A block without any
# population (a file of definitions only, like the stdlib) passes --check when the
# only complaint is "the model has no population".  One PASS/FAIL line per block,
# named by the line number of its opening fence.  The builds and runs (29
# executables) are left to make test-full: with SNN_QUICK=1 (make test) only
# --check runs.
. tests/lib.sh
DOC=docs/language.md
if [ ! -f "$DOC" ]; then
    fail doc-examples "$DOC is missing"
    exit 0
fi

. tests/docs/split.sh

# run_check DIR NAME: build and run the model of DIR, then test its stated number
run_check() {
    d=$1
    spec=$(sed -n 's/^<!-- check: \(.*\) -->$/\1/p' "$d/check")
    if [ -z "$spec" ] || [ "$(wc -l <"$d/check")" != 1 ]; then
        fail "$2-runs" "a whole model, but no single '<!-- check: ... -->' line above it states a number to check"
        return
    fi
    # the data files it reads
    sed -n 's/^<!-- file \([^:]*\): \(.*\) -->$/\1 \2/p' "$d/files" | while read -r path lines; do
        mkdir -p "$d/$(dirname "$path")"
        printf '%s\n' "$lines" | tr '|' '\n' | sed 's/^ *//; s/ *$//' >"$d/$path"
    done
    if [ ! -x "$d/model" ]; then
        fail "$2-runs" "does not build: $(head -3 "$d/build.log" | tr '\n' ' ')"
        return
    fi
    (cd "$d" && ./model --quiet --out out) >"$d/run.log" 2>&1
    st=$?
    case $spec in
    "stops with "*)
        tn=$2-runs
        text=$(printf '%s' "$spec" | sed 's/^stops with "\(.*\)"$/\1/')
        # shellcheck disable=SC2016
        check "$tn" "exit status $st (want 3) or stderr lacks \"$text\": $(head -2 "$d/run.log")" \
            sh -c '[ "$1" = 3 ] && grep -qF -- "$2" "$3"' - "$st" "$text" "$d/run.log"
        return ;;
    esac
    if [ $st != 0 ]; then
        fail "$2-runs" "exit status $st: $(head -3 "$d/run.log" | tr '\n' ' ')"
        return
    fi
    tn=$2-runs
    # shellcheck disable=SC2086
    set -- $spec
    case "$1 $2" in
    "param "*)
        pname=$2
        shift 3
        got=$(cd "$d" && ./model --list-params | awk -v n="$pname" '$1 == n { $1 = ""; sub(/^ +/, ""); print }')
        check "$tn" "--list-params gives $pname = '$got', the document states $*" test "$got" = "$*" ;;
    "rate of")
        lo=${5%..*} hi=${5#*..}
        got=$(json "$d/out/run.json" "[p['rate_hz'] for p in j['populations'] if p['name'] == '$3'][0]")
        check "$tn" "rate of $3 $got Hz, the document states $lo..$hi Hz" between "$got" "$lo" "$hi" ;;
    "size of")
        got=$(json "$d/out/run.json" "[p['size'] for p in j['populations'] if p['name'] == '$3'][0]")
        check "$tn" "size of $3 is $got, the document states $5" test "$got" = "$5" ;;
    *)
        fail "$tn" "unknown check '$spec'" ;;
    esac
}

# the whole models built first, two at a time (the C compiler takes most of the time)
# shellcheck disable=SC2016
[ -z "${SNN_QUICK:-}" ] && for d in "$T"/ex_*; do grep -q '^[ \t]*population[ \t]' "$d/model.snn" && echo "$d"; done |
    xargs -P 2 -I{} sh -c 'cd "$1" && "$SNNC" model.snn -o model >build.log 2>&1' build-one {}

nblocks=0
while read -r line extra; do
    nblocks=$((nblocks + 1))
    name="doc-example-line-$line"
    d="$T/ex_$line"
    f="$d/model.snn"
    if [ -n "$extra" ]; then
        fail "$name" "code block is not closed with \`\`\`"
        continue
    fi
    (cd "$d" && "$SNNC" --check "$f") >"$T/out" 2>"$T/err"
    st=$?
    if [ $st = 0 ]; then
        pass "$name"
        if [ -n "${SNN_QUICK:-}" ]; then
            :
        elif grep -q '^[ \t]*population[ \t]' "$f"; then
            run_check "$d" "$name"
        elif [ -s "$d/check" ]; then
            fail "$name-runs" "a check is stated above a block that is not a whole model"
        fi
    elif [ $st = 1 ] && ! grep -q '^[ \t]*population[ \t]' "$f" &&
        [ "$(grep -c ': error: ' "$T/err")" -eq 1 ] && grep -q ': error: the model has no population' "$T/err"; then
        pass "$name"
    else
        fail "$name" "snnc --check exit status $st: $(head -3 "$T/err" | tr '\n' ' ')"
    fi
done <"$T/blocks"

if [ "$nblocks" = 0 ]; then
    fail doc-examples "no \`\`\`snn blocks found in $DOC"
fi
