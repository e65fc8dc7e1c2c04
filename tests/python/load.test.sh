# snnc.load and snn-plot on real runs.  First docs/python.md's worked example,
# as written: its ```sh blocks (snnc and snn-plot of this checkout), its ```snn
# block saved as plastic.snn, then its ```python blocks in order in one
# interpreter; the first line it prints is the one the page shows, and the
# figures it names are written (PNG and SVG).  Then the two models it builds,
# run again with --format sonata,csv (coba cut to 0.3 s), each read from its
# HDF5 and its CSV files (tests/python/load_checks.py); snn-plot on a folder
# that is not a run, or whose spike file is cut short, exits 1 with a message.
. tests/lib.sh
"$PY" - "$ROOT/docs/python.md" "$T" <<'PYEOF' || fail python-doc-split "cannot split docs/python.md"
import re, sys
text, d = open(sys.argv[1]).read(), sys.argv[2]
blocks = re.findall(r'^```(\w+)\n(.*?)^```$', text, re.M | re.S)
sh = ''.join(b for k, b in blocks if k == 'sh' and 'export PYTHONPATH' not in b)
for path, repl in (('build/snnc', '"$SNNC"'), ('python/snn-plot', '"$ROOT/python/snn-plot"'), (' models/', ' "$ROOT"/models/')):
    sh = sh.replace(path, repl)
open(d + '/doc.sh', 'w').write(sh)
open(d + '/plastic.snn', 'w').write(''.join(b for k, b in blocks if k == 'snn'))
open(d + '/doc.py', 'w').write(''.join(b for k, b in blocks if k == 'python'))
want = re.search(r"^print\(run\.meta.*#\s*(.*)$", text, re.M)
open(d + '/want', 'w').write(want.group(1) + '\n' if want else 'no comment\n')
PYEOF
(cd "$T" && sh -e doc.sh) >"$T/sh.out" 2>&1
check python-doc-commands "$(tail -3 "$T/sh.out")" test -s "$T/plastic-run/plot.png" -a -s "$T/coba.svg"
(cd "$T" && PYTHONPATH="$ROOT/python" "$PY" doc.py) >"$T/py.out" 2>&1
check python-doc-example "$(tail -3 "$T/py.out")" test -s "$T/raster.png"
check python-doc-first-line "the page says $(cat "$T/want"), the example printed $(head -1 "$T/py.out")" \
    test "$(head -1 "$T/py.out")" = "$(cat "$T/want")"

[ -x "$T/coba" ] && [ -x "$T/plastic" ] || exit 0
"$T/coba" --quiet --format sonata,csv --set sim.time=0.3s --out "$T/coba-both" >/dev/null 2>&1 ||
    fail load-run-coba "exit status $?"
"$T/plastic" --quiet --format sonata,csv --out "$T/plastic-both" >/dev/null 2>&1 || fail load-run-plastic "exit status $?"
"$PY" tests/python/load_checks.py "$T/coba-both" "$T/plastic-both" || fail load-checks "crashed (exit status $?)"

"$ROOT/python/snn-plot" "$T" >"$T/not.out" 2>&1
refusal snn-plot-not-a-run $? "$T/not.out" "snn-plot: error: $T: not a run folder (no run.json)"
mkdir "$T/cut" && cp "$T/coba-run/"* "$T/cut/" && head -c 2000 "$T/coba-run/spikes.h5" >"$T/cut/spikes.h5"
"$ROOT/python/snn-plot" "$T/cut" >"$T/cut.out" 2>&1
refusal snn-plot-cut-spikes $? "$T/cut.out" "snn-plot: error: $T/cut/spikes.h5: cannot read"
check snn-plot-cut-leaves-nothing "a figure of a broken run was written" test ! -e "$T/cut/plot.png"
