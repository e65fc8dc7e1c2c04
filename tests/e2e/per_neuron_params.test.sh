# Per-neuron parameters (docs/language.md 9.4): a drawn threshold has the
# distribution asked for and a higher one fires less; values from the grid
# position, the index and a file are exactly those asked for; a per-neuron
# constant input of an exact propagator, a per-neuron refractory period and a
# per-neuron noise amplitude behave as one-neuron populations with those
# values; Poisson sources fire at their own rates; --set refuses a per-neuron
# parameter, a phase's 'set' gives it one value while the phase runs.
. tests/lib.sh

# ---- a drawn threshold -----------------------------------------------------------
# lif_cond with I_e = 300 pA rises from -60 mV towards V_inf = -30 mV; the
# step n of a neuron's first spike brackets its threshold: v(n) <= V_th <
# v(n + 1), v(k) = V_inf + (V0 - V_inf) exp(-k dt / tau), tau = 20 ms.
build tests/e2e/per_neuron_threshold.snn "$T/thr" || exit 0
build tests/e2e/per_neuron_threshold_more.snn "$T/thr_more" || exit 0
"$T/thr" --out "$T/t1" --format csv --quiet
"$T/thr" --out "$T/t2" --format csv --quiet --seed 2
"$T/thr_more" --out "$T/t3" --format csv --quiet
cat >"$T/first.py" <<'PYEOF'
import csv, math, sys
# first spike step and spike count of each neuron of 'net' (2000), dt = 0.1 ms
def spikes(path):
    first, count = {}, {}
    for r in list(csv.reader(open(path)))[1:]:
        if r[0] != "net":
            continue
        n, step = int(r[1]), round(float(r[2]) / 0.1)
        first[n] = min(first.get(n, step), step)
        count[n] = count.get(n, 0) + 1
    assert len(first) == 2000, len(first)
    return first, count
def v(k):
    return -30.0 + (-60.0 + 30.0) * math.exp(-k * 0.1 / 20.0)
PYEOF
check per-neuron-threshold-distribution "the inferred thresholds are not normal(-50 mV, 1 mV)" "$PY" - "$T/first.py" "$T/t1/spikes.csv" <<'PYEOF'
import math, sys
exec(open(sys.argv[1]).read())
first, count = spikes(sys.argv[2])
th = [(v(first[n]) + v(first[n] + 1)) / 2 for n in range(2000)]   # mV, within +-0.05 mV
N = len(th)
mean = sum(th) / N
sd = math.sqrt(sum((x - mean) ** 2 for x in th) / (N - 1))
inside = sum(abs(x + 50) < 1 for x in th) / N
# 4 standard errors (mean: sd/sqrt(N); sd: sd/sqrt(2(N-1)); a fraction: sqrt(p(1-p)/N))
# plus what bracketing by 0.1 mV steps adds (at most 0.01 mV to the mean, 0.001 to the sd)
tol_mean = 4 * 1 / math.sqrt(N) + 0.01
tol_sd = 4 * 1 / math.sqrt(2 * (N - 1)) + 0.001
tol_in = 4 * math.sqrt(0.6827 * 0.3173 / N)
print("mean %.4f mV (tol %.3f), sd %.4f mV (tol %.3f), within 1 sd %.4f (tol %.3f)" % (mean, tol_mean, sd, tol_sd, inside, tol_in))
assert abs(mean + 50) < tol_mean, mean
assert abs(sd - 1) < tol_sd, sd
assert abs(inside - 0.6827) < tol_in, inside
PYEOF
# the same neurons otherwise: the count cannot rise with the threshold, and it falls over the range
check per-neuron-threshold-fires-less "a neuron with a higher threshold fired more" "$PY" - "$T/first.py" "$T/t1/spikes.csv" <<'PYEOF'
import sys
exec(open(sys.argv[1]).read())
first, count = spikes(sys.argv[2])
by_first = {}
for n in range(2000):
    by_first.setdefault(first[n], []).append(count[n])
steps = sorted(by_first)
for a, b in zip(steps, steps[1:]):   # every neuron of a later first spike (higher threshold) fires at most as often
    assert max(by_first[b]) <= min(by_first[a]), (a, b, by_first[a], by_first[b])
lo, hi = by_first[steps[0]][0], by_first[steps[-1]][0]
print("counts from %d (threshold %.2f mV) to %d (%.2f mV)" % (lo, v(steps[0]), hi, v(steps[-1])))
assert lo > hi + 5, (lo, hi)
PYEOF
# each neuron's own stream: another drawn parameter of the population and
# another population leave the thresholds alone; another seed changes them
check per-neuron-threshold-own-stream "the thresholds moved with another draw or population, or not with the seed" \
    "$PY" - "$T/first.py" "$T/t1/spikes.csv" "$T/t2/spikes.csv" "$T/t3/spikes.csv" <<'PYEOF'
import sys
exec(open(sys.argv[1]).read())
a, b, c = (spikes(p)[0] for p in sys.argv[2:5])
assert a == c, [n for n in a if a[n] != c[n]][:5]
assert sum(a[n] != b[n] for n in a) > 1000
PYEOF

# ---- values from the position, the index and a file, exactly ----------------------
printf 'P\n# millivolts, neuron 0 first\n-61.2\n0.1\n1e-3\n-49\n' >"$T/p.csv"
printf '1\n2\n3\n4\n' >"$T/p2.csv"
build tests/e2e/per_neuron_values.snn "$T/val" || exit 0
(cd "$T" && ./val --out v1 --format csv --quiet && ./val --out v2 --format csv --quiet --set read.P.file=p2.csv)
check per-neuron-values-exact "a recorded value is not the parameter's" "$PY" - "$T/v1" "$T/v2" <<'PYEOF'
import csv, struct, sys
f32 = lambda x: struct.unpack("f", struct.pack("f", x))[0]
def row(path):   # the first sample: neuron -> value (V)
    rows = list(csv.reader(open(path)))
    return [float(x) for x in rows[1][1:]]
placed, shuffled = row(sys.argv[1] + "/state_placed_v.csv"), row(sys.argv[1] + "/state_shuffled_v.csv")
for i in range(60):   # neuron i at (i mod 3, i div 3 mod 4, i div 12), x fastest
    x, y, z = i % 3, i // 3 % 4, i // 12
    want = f32(x * 0.001 + y * 0.01 + z * 0.1 + i * 1e-06)
    assert f32(placed[i]) == want, (i, placed[i], want)
# shuffled: the same positions in another order
plain = sorted(f32(i % 3 * 0.001 + i // 3 % 4 * 0.01 + i // 12 * 0.1) for i in range(60))
assert sorted(map(f32, shuffled)) == plain
assert [f32(s) for s in shuffled] != [f32(i % 3 * 0.001 + i // 3 % 4 * 0.01 + i // 12 * 0.1) for i in range(60)]
# the file (millivolts), and Q, whose default P + 1 mV follows it
for d, vals in ((sys.argv[1], [-61.2, 0.1, 1e-3, -49]), (sys.argv[2], [1, 2, 3, 4])):
    got, got_w = row(d + "/state_read_v.csv"), row(d + "/state_read_w.csv")
    for n, mv in enumerate(vals):
        assert f32(got[n]) == f32(mv * 0.001), (d, n, got[n])
        assert f32(got_w[n]) == f32(f32(mv * 0.001) + 0.001), (d, n, got_w[n])
PYEOF
(cd "$T" && ./val --set read.P=1mV --out v3 --quiet) >"$T/set.log" 2>&1
refusal per-neuron-set-file-refused $? "$T/set.log" "error: --set read.P: this parameter is read per neuron from a file; choose another file with --set read.P.file=PATH"
(cd "$T" && ./val --set placed.P=1mV --out v4 --quiet) >"$T/set2.log" 2>&1
refusal per-neuron-set-refused $? "$T/set2.log" "error: --set placed.P: this parameter differs per neuron"
(cd "$T" && ./val --set read.Q=1mV --out v5 --quiet) >"$T/set3.log" 2>&1
refusal per-neuron-set-follower-refused $? "$T/set3.log" "error: --set read.Q: this parameter differs per neuron"
got=$(cd "$T" && ./val --list-params | awk '$1 == "placed.P" { $1 = ""; sub(/^ +/, ""); print }')
check per-neuron-list-params "--list-params shows placed.P as '$got'" test "$got" = "(per neuron)"
printf 'P\n-61.2\nminus 60\n1\n2\n' >"$T/bad.csv"
(cd "$T" && ./val --set read.P.file=bad.csv --out v6 --quiet) >"$T/bad.log" 2>&1
refusal per-neuron-file-not-a-number $? "$T/bad.log" "bad.csv:3: value 'minus 60' of read.P is not a number"

# an initial value drawn within bounds around each neuron's own parameter, anew at every trial
build tests/e2e/per_neuron_init.snn "$T/init" || exit 0
"$T/init" --out "$T/i1" --format csv --quiet
check per-neuron-initial-value "an initial value is not within 2 mV of its neuron's P = i * 10 mV" "$PY" - "$T/i1/state_h_v.csv" <<'PYEOF'
import csv, sys
rows = [[float(x) for x in r[1:]] for r in list(csv.reader(open(sys.argv[1])))[1:]]
assert len(rows) == 3, len(rows)   # the sample at the end of each trial: the value drawn at its start
for r in rows:
    assert all(abs(v - i * 0.01) <= 0.002 + 1e-9 for i, v in enumerate(r)), r
    assert len(set(round(v - i * 0.01, 9) for i, v in enumerate(r))) > 40
assert rows[0] != rows[1] != rows[2]
PYEOF

# ---- the exact block, the refractory period and the noise, per neuron ------------
build tests/e2e/per_neuron_exact.snn "$T/ex" || exit 0
"$T/ex" --out "$T/e1" --format csv --quiet
check per-neuron-exact-as-separate "neuron k of 'each' differs from population one<k>" "$PY" - "$T/e1" <<'PYEOF'
import csv, sys
d = sys.argv[1]
def cols(pop):
    rows = list(csv.reader(open("%s/state_%s_v.csv" % (d, pop))))[1:]
    return [[float(r[k]) for r in rows] for k in range(1, len(rows[0]))]
each = cols("each")
spk = list(csv.reader(open(d + "/spikes.csv")))[1:]
for k in range(3):
    one = cols("one%d" % k)[0]
    # the response to the constant input comes from unit responses here, from b itself there
    worst = max(abs(a - b) for a, b in zip(each[k], one))
    assert worst < 1e-8, (k, worst)   # V: a few float steps at -60 mV
    s_each = [round(float(r[2]), 4) for r in spk if r[0] == "each" and r[1] == str(k)]
    s_one = [round(float(r[2]), 4) for r in spk if r[0] == "one%d" % k]
    assert s_each == s_one and len(s_one) > 5, (k, s_each[:5], s_one[:5])
    # refractory: 2 + k ms = 20 + 10 k steps held, so at least 21 + 10 k steps between spikes
    assert min(b - a for a, b in zip(s_one, s_one[1:])) >= (21 + 10 * k) * 0.1 - 1e-6
PYEOF
build tests/e2e/per_neuron_noise.snn "$T/noise" || exit 0
"$T/noise" --out "$T/n1" --format csv --quiet
check per-neuron-noise-amplitude "g_ne of neuron i is not i * (12 +- 3) nS" "$PY" - "$T/n1/state_bg_g_ne.csv" <<'PYEOF'
import csv, math, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
for i in range(3):
    x = [float(r[1 + i]) * 1e9 for r in rows]   # nS
    m = sum(x) / len(x)
    sd = math.sqrt(sum((a - m) ** 2 for a in x) / (len(x) - 1))
    print("neuron %d: mean %.3f nS, sd %.3f nS" % (i, m, sd))
    if i == 0:
        assert max(abs(a) for a in x) == 0.0
        continue
    # 20000 samples 1 ms apart of a process with correlation time 2.7 ms: about
    # 3700 independent ones; 6 standard errors
    n = 20000 * 1.0 / (2 * 2.7)
    assert abs(m - 12 * i) < 6 * 3 * i / math.sqrt(n), m
    assert abs(sd - 3 * i) < 6 * 3 * i / math.sqrt(2 * n), sd
PYEOF

# ---- Poisson sources at their own rates; a phase's 'set' -----------------------------
build tests/e2e/per_neuron_sources.snn "$T/src" || exit 0
"$T/src" --out "$T/s1" --format csv --quiet
check per-neuron-poisson-rates "a source's count is not Poisson(i * 10 Hz * 10 s)" "$PY" - "$T/s1/spikes.csv" <<'PYEOF'
import csv, math, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
for i in range(20):
    n = sum(1 for r in rows if r[0] == "src" and r[1] == str(i))
    mu = i * 10 * 10.0
    assert abs(n - mu) <= 5 * math.sqrt(mu), (i, n, mu)
PYEOF
check per-neuron-phase-set "net fired while the phase set V_th = 0 mV, or not after it" "$PY" - "$T/s1/spikes.csv" <<'PYEOF'
import csv, sys
t = [float(r[2]) for r in list(csv.reader(open(sys.argv[1])))[1:] if r[0] == "net"]
assert not [x for x in t if x < 1000], min(t)
assert len(t) > 50 * 9 * 50, len(t)   # about 75 Hz each afterwards
PYEOF

# ---- a value out of range stops the run at start-up -------------------------------
cat >"$T/neg.snn" <<'EOF'
neuron leaky(tau = 10 ms, E_L = -65 mV) {
  state v = E_L
  dv/dt = (E_L - v) / tau
  method euler
}
population p = 10 leaky(tau = normal(10 ms, 20 ms))
EOF
build "$T/neg.snn" "$T/neg" || exit 0
"$T/neg" --out "$T/g1" --quiet >"$T/neg.log" 2>&1
refusal per-neuron-not-positive $? "$T/neg.log" "error: population p: parameter p.tau is"
