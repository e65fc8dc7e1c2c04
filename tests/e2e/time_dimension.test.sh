# 'time' as a dimension name (it is also the experiment's keyword): a state
# declared 'state last : time' holds the time of the neuron's latest spike,
# set by its reset; every sample equals the latest spike stamp before it.
. tests/lib.sh
cat >"$T/tl.snn" <<'SNN'
neuron clock(drive = 3 mV) {
  state v : voltage = 0 mV
  state last : time
  dv/dt = (drive - v) / 10 ms
  threshold v > 1 mV
  reset { v = 0 mV; last = t }
}
population p = 1 clock
experiment { time 100 ms; record last of p every 1 ms; record spikes of p }
SNN
build "$T/tl.snn" "$T/tl" || exit 0
"$T/tl" --quiet --format csv --out "$T/o" || fail time-dimension-run "exit status $?"
check time-dimension-last-spike "'last' does not follow the spike times" "$PY" - "$T/o" <<'PYEOF'
import csv, sys
d = sys.argv[1]
spikes = [float(r['time_ms']) for r in csv.DictReader(open(d + '/spikes.csv'))]
rows = [(float(r[0]), float(r[1])) for r in list(csv.reader(open(d + '/state_p_last.csv')))[1:]]
dt = 0.1
bad = [(t, v) for t, v in rows if abs(v * 1e3 - max([s for s in spikes if s <= t - dt + 1e-9], default=0)) > 1e-4]
print('%d spikes, %d samples, %d off' % (len(spikes), len(rows), len(bad)))
sys.exit(0 if len(spikes) > 10 and len(rows) == 100 and not bad else 1)
PYEOF
