# Every ```snn block of docs/language.md is a complete .snn file that passes
# `snnc --check`.  One PASS/FAIL line per block, named by the line number of its
# opening fence.  Blocks marked ```snn-fragment are excerpts and are skipped.
# A block without any population (a file of definitions only, like the stdlib)
# passes when the only complaint is "the model has no population": everything
# in it was checked before that point.  Data files named in examples are never
# opened by --check, so the examples need none.
. tests/lib.sh
DOC=docs/language.md
if [ ! -f "$DOC" ]; then
    fail doc-examples "$DOC is missing"
    exit 0
fi

# Split the document: $T/ex_LINE.snn per block, their line numbers in $T/blocks.
: >"$T/blocks"
awk -v dir="$T" '
    !inb && /^```snn[ \t]*$/ { inb = 1; start = NR; f = dir "/ex_" NR ".snn"; printf "" >f; next }
    inb && /^```[ \t]*$/      { inb = 0; close(f); print start >>(dir "/blocks"); next }
    inb                       { print >>f }
    END { if (inb) { close(f); print start " unterminated" >>(dir "/blocks") } }
' "$DOC"

n=0
while read -r line extra; do
    n=$((n + 1))
    name="doc-example-line-$line"
    f="$T/ex_$line.snn"
    if [ -n "$extra" ]; then
        fail "$name" "code block is not closed with \`\`\`"
        continue
    fi
    (cd "$T" && "$SNNC" --check "$f") >"$T/out" 2>"$T/err"
    st=$?
    if [ $st = 0 ]; then
        pass "$name"
    elif [ $st = 1 ] && ! grep -q '^[ \t]*population[ \t]' "$f" &&
        [ "$(grep -c ': error: ' "$T/err")" -eq 1 ] && grep -q ': error: the model has no population' "$T/err"; then
        pass "$name"
    else
        fail "$name" "snnc --check exit status $st: $(head -3 "$T/err" | tr '\n' ' ')"
    fi
done <"$T/blocks"

if [ "$n" = 0 ]; then
    fail doc-examples "no \`\`\`snn blocks found in $DOC"
fi
