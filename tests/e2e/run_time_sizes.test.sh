# Population sizes that read a global parameter (docs/language.md 9.1): at the
# defaults the network is the one a constant size builds, bit for bit;
# --set scale=0.5 halves every population without recompiling, the same on 1
# and 3 threads; a size that comes to no neuron stops the run before it writes
# anything; a population used by slice keeps a size fixed at compile time.
. tests/lib.sh

M=tests/e2e/run_time_sizes.snn
sed 's/ \* scale//' "$M" >"$T/fixed.snn"
build "$M" "$T/rts" || exit 0
SNNC_ROOT="$ROOT" "$SNNC" "$T/fixed.snn" -o "$T/fixed" -I "$ROOT" 2>"$T/fixed.err" ||
    { fail build-fixed "$(cat "$T/fixed.err")"; exit 0; }
"$T/rts" --quiet --out "$T/a" --format sonata,csv
"$T/fixed" --quiet --out "$T/b" --format sonata,csv
same=true
for f in spikes.h5 spikes.csv state_i_v.csv weights_ee.csv; do
    cmp -s "$T/a/$f" "$T/b/$f" || { same=false; echo "differs: $f"; }
done
check sizes-default-as-constant "scale = 1 differs from the same model with constant sizes" $same

"$T/rts" --quiet --out "$T/h1" --format sonata,csv --set scale=0.5
"$T/rts" --quiet --out "$T/h3" --format sonata,csv --set scale=0.5 --threads 3
check sizes-scaled "run.json does not give 200 and 50 neurons at scale 0.5" \
    test "$(json "$T/h1/run.json" "[p['size'] for p in j['populations']]")" = "[200, 50]"
check sizes-scaled-spikes "a spike of a neuron beyond the scaled size" "$PY" -c "
import csv, sys
n = {'e': 200, 'i': 50}
rows = list(csv.reader(open(sys.argv[1])))[1:]
assert rows and all(int(r[1]) < n[r[0]] for r in rows), len(rows)
assert any(int(r[1]) >= 100 for r in rows if r[0] == 'e')
" "$T/h1/spikes.csv"
same=true
for f in spikes.h5 state_i_v.csv weights_ee.csv; do cmp -s "$T/h1/$f" "$T/h3/$f" || same=false; done
check sizes-scaled-threads "scale 0.5 differs between 1 and 3 threads" $same

"$T/rts" --quiet --out "$T/z" --set scale=0.001 >"$T/z.err" 2>&1
refusal sizes-none $? "$T/z.err" "population e: its size comes to 0 neurons; it must be 1 to 1e9"
check sizes-none-no-output "a refused size left an output folder" test ! -e "$T/z"

# a slice lays the population out at compile time: scale is fixed there
sed 's/record spikes of e, i/record spikes of e[0:10], i/' "$M" >"$T/sliced.snn"
SNNC_ROOT="$ROOT" "$SNNC" "$T/sliced.snn" -o "$T/sliced" -I "$ROOT" 2>"$T/sliced.err" ||
    { fail build-sliced "$(cat "$T/sliced.err")"; exit 0; }
"$T/sliced" --quiet --out "$T/s" --set scale=0.5 >"$T/s.err" 2>&1
refusal sizes-sliced-fixed $? "$T/s.err" "--set scale: this parameter sets the size of the network and is fixed"
sed -e 's/record spikes of e, i/record spikes of e[0:10], i/' -e 's/param scale = 1/param scale = 0.55/' "$M" >"$T/half.snn"
SNNC_ROOT="$ROOT" "$SNNC" "$T/half.snn" -o "$T/half" -I "$ROOT" >"$T/half.err" 2>&1
refusal sizes-sliced-whole $? "$T/half.err" "the population size must be a positive whole number, not 220"
check sizes-sliced-note "no note on why the size must be whole" grep -qF "must not be split, sliced or laid on a grid" "$T/half.err"
