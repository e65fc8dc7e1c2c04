# Hostile names and files for the compiler (docs/robustness.md): a model's file
# name and its strings reach the generated C and the C compiler's command line
# only as escaped data; imports read only regular files of bounded size; a C
# compiler error is reported in one line that asks for a report.
. tests/lib.sh
# the executables only print their name or open a file: no need to optimise them
# (the sanitizer pass sets its own flags)
SNNC_CFLAGS=${SNNC_CFLAGS:--O0}
export SNNC_CFLAGS
cp tests/runtime/rt.snn "$T/rt.snn"
printf 'node_id,time_ms\n0,2.0\n1,3.0\n' >"$T/in.csv"

# NAME: a model file of that name builds, and its executable prints the name
# exactly (--help names the model it was compiled from) and nothing else runs
named_model() { # test-name file-name
    d=$T/$1
    mkdir -p "$d/$(dirname -- "$2")" && cp "$T/rt.snn" "$d/$2"
    if ! (cd "$d" && "$SNNC" -o exe -- "$2") >"$T/$1.out" 2>&1; then
        fail "$1" "snnc failed: $(head -3 "$T/$1.out")"
        return
    fi
    (cd "$d" && ./exe --help) >"$T/$1.help" 2>&1
    if grep -qx INJECTED "$T/$1.help"; then
        fail "$1" "code from the file name ran"
    elif ! grep -qF -- "$(basename -- "$2")" "$T/$1.help"; then
        fail "$1" "the executable does not name its model exactly: $(sed -n 2p "$T/$1.help")"
    else
        pass "$1"
    fi
}
named_model name-injection 'x"}; __attribute__((constructor)) static void f(void){puts("INJECTED");} static const void *z[] = {".snn'
named_model name-quote 'a"b.snn'
named_model name-backslash 'a\b\.snn'
named_model name-comment-end 'a*/b.snn'
named_model name-percent 'a%s%n.snn'
named_model name-trigraph 'a??/b??=.snn'
named_model name-newline "$(printf 'a\nb.snn')"
named_model name-not-utf8 "$(printf 'a\377\303.snn')"
named_model name-dash '-x.snn'

# the C compiler runs without a shell: quotes and semicolons stay in the name
mkdir -p "$T/shell" && cp "$T/rt.snn" "$T/shell/a';touch PWNED;'.snn"
(cd "$T/shell" && "$SNNC" "a';touch PWNED;'.snn") >"$T/shell.out" 2>&1
check name-shell "the file name ran as a shell command" test ! -e "$T/shell/PWNED" -a -x "$T/shell/a';touch PWNED;'"

# strings are file names, byte for byte: no escape sequence, nothing of C
# (a backslash, '*/', '%', '??/' and a byte that is not UTF-8 stay as written)
string_path() { # test-name path
    d=$T/$1
    mkdir -p "$d/$(dirname -- "$2")"
    esc=$(printf '%s' "$2" | sed 's/[\\&|]/\\&/g')
    sed "s|\"in.csv\"|\"$esc\"|" "$T/rt.snn" >"$d/m.snn"
    cp "$T/in.csv" "$d/$2"
    if ! (cd "$d" && "$SNNC" m.snn -o m) >"$d/out" 2>&1; then
        fail "$1" "snnc failed: $(head -3 "$d/out")"
    elif ! (cd "$d" && ./m --quiet --out o) >"$d/run" 2>&1; then
        fail "$1" "the run failed: $(head -3 "$d/run")"
    elif ! grep -q '^src,0,' "$d/o/spikes.csv" 2>/dev/null && ! "$PY" -c "
import h5py,sys; f=h5py.File(sys.argv[1]); sys.exit(0 if len(f['spikes/src/timestamps'])==2 else 1)" "$d/o/spikes.h5" 2>/dev/null; then
        fail "$1" "the spikes of '$2' were not read: $(ls "$d/o")"
    else
        pass "$1"
    fi
}
string_path string-backslash-escapes 'in\x41\n.csv'
string_path string-trailing-backslash 'in\'
string_path string-comment-end 'a*/b.csv'
string_path string-percent 'a%s%n.csv'
string_path string-trigraph 'a??/b.csv'
string_path string-not-utf8 "$(printf 'a\377.csv')"

# a missing file is named exactly as written
sed 's|"in.csv"|"no\\such.csv"|' "$T/rt.snn" >"$T/missing.snn"
(cd "$T" && "$SNNC" missing.snn -o missing && ./missing --quiet --out mo) >"$T/missing.out" 2>&1
check string-missing-named "the message does not name 'no\\such.csv': $(cat "$T/missing.out")" grep -qF 'no\such.csv' "$T/missing.out"

# imports: only regular files, at most 16 MiB, each refusal located at the import
import_refused() { # test-name target expected-text
    printf 'import "%s"\n' "$2" >"$T/$1.snn"
    timeout 10 "$SNNC" --check "$T/$1.snn" >"$T/$1.out" 2>&1
    st=$?
    if [ $st != 1 ]; then
        fail "$1" "exit status $st (124: hung), expected 1: $(head -2 "$T/$1.out")"
    elif ! grep -q "^$T/$1.snn:1:8: error: cannot read \".*\": $3" "$T/$1.out"; then
        fail "$1" "$(head -1 "$T/$1.out")"
    else
        pass "$1"
    fi
}
mkfifo "$T/fifo"
import_refused import-fifo "$T/fifo" 'not a regular file'
import_refused import-dev-zero /dev/zero 'not a regular file'
import_refused import-directory "$T" 'it is a directory'
head -c $((17 << 20)) /dev/zero | tr '\0' ' ' >"$T/big.snn"
import_refused import-too-large "$T/big.snn" 'larger than 16 MiB'
timeout 10 "$SNNC" --check /dev/zero >"$T/root.out" 2>&1
check root-dev-zero "$(cat "$T/root.out")" grep -qx '/dev/zero: error: cannot read the file: not a regular file' "$T/root.out"

# a C compiler that rejects the generated C: one line, the .snn location, a plea
cat >"$T/badcc" <<'SH'
#!/bin/sh
echo "x.c: In function 'f':" >&2
echo "/models/my model.snn:12:7: error: expected ';' before '}' token" >&2
exit 1
SH
chmod +x "$T/badcc"
(cd "$T" && "$SNNC" --cc ./badcc rt.snn -o ccfail) >"$T/cc.out" 2>&1
st=$?
if [ $st != 2 ] || [ "$(wc -l <"$T/cc.out")" != 1 ]; then
    fail cc-error-one-line "exit $st, $(wc -l <"$T/cc.out") lines: $(cat "$T/cc.out")"
elif ! grep -q "^snnc: internal error: .*/models/my model.snn:12:7 (expected ';' before '}' token).*please report" "$T/cc.out"; then
    fail cc-error-one-line "$(cat "$T/cc.out")"
else
    pass cc-error-one-line
fi
check cc-error-no-exe "a failed build left an executable" test ! -e "$T/ccfail"

# a connection is named by its endpoints as written, comments included: the
# name reaches C strings, format strings and comments only escaped
cat >"$T/conn.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
population src = 2 spike_file("in.csv")
population cell = 3 lif_cond(I_e = 250 pA)
connect src[0 // */ "%n\ ??/
  : 2] -> cell { rule: all; synapse: exp_cond(tau = 5 ms); port: g_e; weight: 5 nS; delay: 0.2 ms }
experiment { dt 0.1 ms  time 20 ms  record spikes of cell }
SNN
if ! (cd "$T" && "$SNNC" conn.snn -o conn) >"$T/conn.out" 2>&1; then
    fail conn-name-comment "snnc failed: $(head -3 "$T/conn.out")"
elif ! (cd "$T" && ./conn --quiet --out co --set 'sim.dt=1 ms') >"$T/conn.run" 2>&1 && grep -qF '*/ "%n\ ??/' "$T/conn.run"; then
    pass conn-name-comment
else
    fail conn-name-comment "the delay error does not name the connection as written: $(cat "$T/conn.run")"
fi

# stimulus_set("...") and rule: file("...") paths reach the run byte for byte too
cat >"$T/paths.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
population a = 2 lif_cond(I_e = 300 pA)
population b = 2 lif_cond
connect a -> b { rule: file("w\x41*/??/%n.csv"); synapse: exp_cond(tau = 5 ms); port: g_e; weight: 5 nS }
experiment { time 10 ms }
SNN
sed -e 's|^connect.*||' -e 's|^experiment.*|population st = 2 stimulus_set("s\\t?.h5")\nexperiment { trial 10 ms; phase p { trials 1 } }|' \
    "$T/paths.snn" >"$T/stim.snn"
for m in paths stim; do
    (cd "$T" && "$SNNC" "$m.snn" -o "$m" && "./$m" --quiet --out "$m.out") >"$T/$m.run" 2>&1
done
check rule-file-path-exact "$(cat "$T/paths.run")" grep -qF 'w\x41*/??/%n.csv' "$T/paths.run"
check stimulus-set-path-exact "$(cat "$T/stim.run")" grep -qF 's\t?.h5' "$T/stim.run"
