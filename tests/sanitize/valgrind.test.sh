# valgrind (memcheck) on a compile and a run, the error exits included: 0
# errors and 0 bytes lost (definitely, indirectly or possibly) in each case.
# `make valgrind` runs this file alone.  The executables are built with
# --portable: valgrind does not decode every instruction -march=native may use.
. tests/lib.sh
if ! command -v valgrind >/dev/null; then
    fail valgrind "valgrind is not installed (Debian package valgrind)"
    exit 0
fi
VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"
printf 'node_id,time_ms\n0,1.0\n1,2.5\n' >"$T/in.csv"
cp tests/runtime/rt.snn "$T/rt.snn"

# memcheck NAME EXPECTED-STATUS COMMAND...: runs COMMAND under valgrind
memcheck() {
    n=$1
    want=$2
    shift 2
    # shellcheck disable=SC2086
    (cd "$T" && $VG "$@") >"$T/$n.out" 2>&1
    st=$?
    if [ $st = 99 ] || grep -q '^==[0-9]*==' "$T/$n.out"; then
        fail "valgrind-$n" "$(grep '^==' "$T/$n.out" | head -12)"
    elif [ $st != "$want" ]; then
        fail "valgrind-$n" "exit status $st, expected $want: $(tail -3 "$T/$n.out")"
    else
        pass "valgrind-$n"
    fi
}
memcheck compile 0 "$SNNC" --portable rt.snn -o rt
memcheck compile-coba 0 "$SNNC" --portable --emit-c -o coba.c "$ROOT/models/coba.snn"
memcheck compile-error 1 "$SNNC" --check "$ROOT/tests/diag/misuse_every_bad_connect.snn"
memcheck compile-syntax-error 1 "$SNNC" --check "$ROOT/tests/diag/syntax_unterminated_string.snn"
memcheck compile-unreadable 1 "$SNNC" --check /dev/zero
memcheck run 0 ./rt --quiet --out o
memcheck run-missing-file 1 ./rt --quiet --out o2 --set src.file=none.csv
memcheck run-bad-set 1 ./rt --quiet --out o3 --set cell.I_e=3mV
memcheck run-bad-delay 1 ./rt --quiet --out o4 --set sim.dt=1ms
memcheck run-bad-option 1 ./rt --bogus
# a network of 4000 neurons and its 320,000 synapses, 20 ms
"$SNNC" --portable "$ROOT/models/coba.snn" -o "$T/coba" 2>"$T/coba.err" || fail valgrind-run-coba "$(cat "$T/coba.err")"
memcheck run-coba 0 ./coba --quiet --out oc --set sim.time=20ms
# checkpoints: written every 5 ms
memcheck run-checkpoints 0 ./rt --quiet --out ok --checkpoint-every 5ms --format csv
memcheck run-memory-refused 1 ./rt --quiet --out om --max-memory 1k
# a run stopped by SIGTERM (its checkpoint and spike log), resumed under valgrind
# and stopped again by SIGTERM after a while: reading, stepping, writing both
sed 's/^  record v of cell.*//' tests/runtime/rt.snn >"$T/rt2.snn"
"$SNNC" --portable "$T/rt2.snn" -o "$T/rt2" 2>"$T/rt2.err" || fail valgrind-run-resume "$(cat "$T/rt2.err")"
(cd "$T" && ./rt2 --quiet --out ck --set sim.time=100000s 2>/dev/null) & pid=$!
sleep 0.3
kill -TERM $pid
wait $pid
(cd "$T" && $VG ./rt2 --quiet --resume ck >"$T/resume.out" 2>&1) & pid=$!
sleep 5
pkill -TERM -f "rt2 --quiet --resume ck"
wait $pid
st=$?
if [ $st = 99 ] || grep -q '^==[0-9]*==' "$T/resume.out"; then
    fail valgrind-run-resume "$(grep '^==' "$T/resume.out" | head -12)"
elif [ $st != 143 ] || [ ! -e "$T/ck/checkpoint.snnck" ]; then
    fail valgrind-run-resume "exit status $st, expected 143: $(tail -3 "$T/resume.out")"
else
    pass valgrind-run-resume
fi

# the language server through the whole scripted session of tests/lsp: every
# open, edit and question of it, the bad messages, shutdown and exit (status 0)
# under memcheck; the client's timing check is not the point under valgrind
cat >"$T/snnc-vg" <<WRAP
#!/bin/sh
[ "\$1" = lsp ] || exec "$SNNC" "\$@"
exec $VG "$SNNC" "\$@" 2>>"$T/lsp-vg.log"
WRAP
chmod +x "$T/snnc-vg"
"$PY" tests/lsp/client.py "$T/snnc-vg" "$T" "$ROOT" >"$T/lsp.out" 2>&1
bad=$(grep '^FAIL' "$T/lsp.out" | grep -v 'in under 100 ms')
if grep -q '^==[0-9]*==' "$T/lsp-vg.log" 2>/dev/null; then
    fail valgrind-lsp "$(grep '^==' "$T/lsp-vg.log" | head -12)"
elif [ -n "$bad" ] || ! grep -q '^PASS lsp exit status 0' "$T/lsp.out"; then
    fail valgrind-lsp "$(echo "$bad" | head -3) $(tail -3 "$T/lsp.out")"
else
    pass valgrind-lsp
fi
