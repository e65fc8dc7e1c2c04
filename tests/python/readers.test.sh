# Each reader of the Python package (python/snnc) on a run folder written by
# hand in the HDF5 layouts of docs/outputs.md and as CSV (tests/python/fixture.py):
# the values, time axes, units and names it knows, both formats alike, and a
# RunError naming the file for a missing, truncated or malformed one; then
# snn-plot draws the fixture.
. tests/lib.sh
"$PY" tests/python/readers.py "$T" || fail readers "the reader test crashed (exit status $?)"
python/snn-plot "$T/h5" --out "$T/fixture.png" >"$T/plot.out" 2>&1
check snn-plot-fixture "$(cat "$T/plot.out")" test -s "$T/fixture.png"
