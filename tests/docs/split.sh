# tests/docs/split.sh: sourced by tests that read docs/language.md's examples.
# Splits $DOC into $T/ex_LINE/model.snn, one per ```snn block (LINE: the line of
# its opening fence), with the block's check and file annotations beside it in
# $T/ex_LINE/check and files, and the blocks' line numbers in $T/blocks.
: >"$T/blocks"
awk -v dir="$T" '
    /^<!-- (check:|file) .* -->$/ && !inb { pend[++np] = $0; next }
    !inb && /^```snn[ \t]*$/ {
        inb = 1; start = NR; d = dir "/ex_" NR; system("mkdir -p " d); f = d "/model.snn"; printf "" >f
        printf "" >(d "/check"); printf "" >(d "/files")
        for (k = 1; k <= np; k++) print pend[k] >>(pend[k] ~ /^<!-- check/ ? d "/check" : d "/files")
        close(d "/check"); close(d "/files"); np = 0; next
    }
    { np = 0 }
    inb && /^```[ \t]*$/      { inb = 0; close(f); print start >>(dir "/blocks"); next }
    inb                       { print >>f }
    END { if (inb) { close(f); print start " unterminated" >>(dir "/blocks") } }
' "$DOC"
