# Simulated time is a double in the update loop: after 2000 s it still steps by
# dt exactly.  A neuron fires while t > T, T = 2000 s + 2^-12 s (a float exactly,
# so the single-precision constant is exact too); with dt = 0.1 ms the first
# step past T is 2000.0003 s.  A float t cannot tell 2000.0003 s from T (it
# rounds to it: floats near 2000 are 0.12 ms apart) and fires one step late, at
# 2000.0004 s.
. tests/lib.sh
cat >"$T/clock.snn" <<'SNN'
param T = 2000.000244140625 s
neuron clock() {
  threshold t > T
}
population c = 1 clock()
experiment { seed 1; dt 0.1 ms; time 2000.001 s; record spikes of c }
SNN
build "$T/clock.snn" "$T/clock" || exit 0
"$T/clock" --quiet --format csv --out "$T/run" || fail time-double-run "exit status $?"
first=$(sed -n 2p "$T/run/spikes.csv" | cut -d, -f3)
check time-double-first-spike "first spike at $first ms, want 2000000.3000 (the first step past T)" test "$first" = 2000000.3000
