# CSV inputs are read as they say, or refused with the file and line (csvin.c):
# columns found by the header's names in any order; an unknown, missing or
# doubled column, a binary file (once read as a header and no spikes, exit 0), a
# NUL in a line (once "line too long") are errors; node ids too large for any
# range are reported as written.  The same rules for spike files and stimulus sets.
. tests/lib.sh
build tests/runtime/rt.snn "$T/rt" || exit 0
cat >"$T/ss.snn" <<'SNN'
population inp = 4 stimulus_set("set.csv")
experiment { trial 50 ms; phase p { trials 2 }; record spikes of inp }
SNN
build "$T/ss.snn" "$T/ss" || exit 0

# runs EXE FILE-CONTENT (printf format): exit status, stderr in $T/err, spikes in $T/o
runs() {
    printf "$2" >"$T/in.csv"
    rm -rf "$T/o"
    case $1 in
    rt) "$T/rt" --quiet --out "$T/o" --format csv --set "src.file=$T/in.csv" 2>"$T/err" ;;
    ss) "$T/ss" --quiet --out "$T/o" --format csv --set "inp.file=$T/in.csv" 2>"$T/err" ;;
    esac
}
refused() { # name exe content expected-text
    runs "$2" "$3"
    st=$?
    if [ -e "$T/o" ]; then
        fail "$1" "output folder written"
    else
        refusal "$1" $st "$T/err" "$4"
    fi
}

# the same spikes with the columns in either order
runs rt 'node_id,time_ms\n0,1.0\n1,2.5\n' && cp "$T/o/spikes.csv" "$T/a.csv"
runs rt 'time_ms,node_id\n1.0,0\n2.5,1\n' && cp "$T/o/spikes.csv" "$T/b.csv"
check csv-columns-any-order "the swapped header gave other spikes" sh -c "[ -s '$T/a.csv' ] && cmp -s '$T/a.csv' '$T/b.csv'"
runs ss ' time_ms , node_id , label , entry \n5,1,1,0\n6,2,0,1\n' && cp "$T/o/spikes.csv" "$T/c.csv"
runs ss 'entry,label,node_id,time_ms\n0,1,1,5\n1,0,2,6\n' && cp "$T/o/spikes.csv" "$T/d.csv"
check csv-stimset-columns-any-order "the reordered stimulus set gave other spikes" sh -c "[ -s '$T/c.csv' ] && cmp -s '$T/c.csv' '$T/d.csv'"

refused csv-unknown-column rt 'node,time_ms\n0,1.0\n' "in.csv:1: unknown column 'node' in the header (the columns are node_id,time_ms, in any order)"
refused csv-missing-column rt 'node_id\n0\n' "in.csv:1: no column 'time_ms' in the header"
refused csv-doubled-column rt 'node_id,node_id\n0,1\n' "in.csv:1: column 'node_id' twice in the header"
refused csv-extra-column ss 'entry,label,node_id,time_ms,x\n0,1,1,5,0\n' "in.csv:1: unknown column 'x'"
refused csv-binary rt '\211PNG\r\n\032\n\000\000\000\rIHDR' "in.csv:1: the first line holds the byte 0x89: this is not a CSV file of node_id,time_ms"
refused csv-binary-control rt 'node_id,time_ms\n\032\n\000\000' "in.csv:2: a control character (byte 0x1a): this is not a text file"
refused csv-nul-in-line rt 'node_id,time_ms\n0,1.0\000\n' "in.csv:2: a NUL byte (byte 0x00): this is not a text file"
refused csv-node-overflow rt 'node_id,time_ms\n99999999999999999999,1.0\n' "in.csv:2: node id 99999999999999999999 is outside the population (0..1)"
refused csv-stimset-node-overflow ss '0,1,18446744073709551616,5\n' "in.csv:1: node id 18446744073709551616 is outside the population (0..3)"
refused csv-field-count ss '0,1,1\n' "in.csv:1: expected 'entry,label,node_id,time_ms' (4 fields), found 3 fields"
refused csv-negative-node rt 'node_id,time_ms\n-1,1.0\n' "in.csv:2: expected 'node_id,time_ms': node_id '-1' is not a whole number >= 0"
