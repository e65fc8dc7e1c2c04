# Poisson sources (poisson.snn): every neuron fires in each step with
# probability p = rate * dt, independently (threshold rand() < rate * dt).
# 1. N = 1000 at 20 Hz for T = 1 s (10^4 steps, p = 0.002): the total count is
#    binomial, mean N T rate = 20000, sigma = sqrt(N steps p (1 - p)) = 141;
#    tolerance 4 sigma (run.json's count and spikes.csv must both agree).
# 2. The per-step Bernoulli nature, at 1000 Hz for 0.2 s (p = 0.1, 2*10^5
#    spikes expected): every spike time is a multiple of dt, no neuron fires
#    twice in one step, and the inter-spike interval in steps is geometric,
#    P(k) = p (1 - p)^(k-1): given a spike, the next one follows after exactly
#    1, 2 and 5 steps with probabilities p, p (1 - p), p (1 - p)^4, each within
#    4 sigma of its binomial error (about 7e-4 for lag 1).  A process with dead
#    time, or a rate off by a step's worth, would fail these.
# 3. Two different seeds give different spike trains, the same seed the same.
. tests/lib.sh
build tests/numeric/poisson.snn "$T/poisson" || exit 0
if ! "$T/poisson" --quiet --format csv --out "$T/a" 2>"$T/run.err" ||
   ! "$T/poisson" --quiet --format csv --out "$T/b" --set src.rate=1000Hz --set sim.time=0.2s 2>>"$T/run.err"; then
    fail poisson-run "$(cat "$T/run.err")"
    exit 0
fi
"$PY" - "$T/a" "$T/b" <<'PYEOF' || fail poisson "python check crashed"
import sys, json, numpy as np
def res(name, ok, why):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
a, b = sys.argv[1], sys.argv[2]
N, dt = 1000, 1e-4
# 1. counts
rate, T = 20.0, 1.0
steps = round(T / dt)
p = rate * dt
s = np.loadtxt(a + '/spikes.csv', delimiter=',', skiprows=1, usecols=(1, 2))
n = len(s)
mu, sd = N * steps * p, np.sqrt(N * steps * p * (1 - p))
js = json.load(open(a + '/run.json'))['populations'][0]['spikes']
print(f"20 Hz: {n} spikes, expected {mu:.0f} +- {sd:.1f} (z = {(n - mu) / sd:+.2f})")
res("poisson-count", abs(n - mu) <= 4 * sd, f"{n} spikes, expected {mu:.0f} within 4 sigma = {4 * sd:.0f}")
res("poisson-count-json", js == n, f"run.json says {js} spikes, spikes.csv has {n}")
per = np.bincount(s[:, 0].astype(int), minlength=N)
res("poisson-all-neurons", per.min() > 0 and len(per) == N, f"{(per == 0).sum()} neurons never fired (expected 20 each)")
# 2. Bernoulli per step
rate, T = 1000.0, 0.2
steps = round(T / dt)
p = rate * dt
s = np.loadtxt(b + '/spikes.csv', delimiter=',', skiprows=1, usecols=(1, 2))
ids, k = s[:, 0].astype(int), s[:, 1] / (dt * 1e3)
res("poisson-grid", np.abs(k - np.round(k)).max() < 1e-6 and k.min() >= 0 and k.max() <= steps - 1,
    f"spike times off the dt grid or outside [0, T): {k.min()}..{k.max()} steps")
k = np.round(k).astype(np.int64)
key = ids * steps + k
res("poisson-once-per-step", len(np.unique(key)) == len(key), f"{len(key) - len(np.unique(key))} duplicate (neuron, step) pairs")
n = len(k)
mu, sd = N * steps * p, np.sqrt(N * steps * p * (1 - p))
print(f"1000 Hz: {n} spikes, expected {mu:.0f} +- {sd:.1f} (z = {(n - mu) / sd:+.2f})")
res("poisson-count-high", abs(n - mu) <= 4 * sd, f"{n} spikes, expected {mu:.0f} within 4 sigma = {4 * sd:.0f}")
fired = np.zeros((N, steps), dtype=bool)
fired[ids, k] = True
# conditional on a spike in step k (k + lag inside the run): next spike after
# exactly `lag` steps with probability p (1 - p)^(lag - 1), unbiased by the
# edges of the run (unlike the mean of the observed ISIs)
for lag in (1, 2, 5):
    base = fired[:, :steps - lag]
    gap = np.ones_like(base)
    for j in range(1, lag):
        gap &= ~fired[:, j:steps - lag + j]
    nxt = base & gap & fired[:, lag:]
    m = base.sum()
    f = nxt.sum() / m
    pj = p * (1 - p) ** (lag - 1)
    sdj = np.sqrt(pj * (1 - pj) / m)
    print(f"P(next spike after exactly {lag} steps | spike) = {f:.5f}, expected {pj:.5f} +- {sdj:.5f} (z = {(f - pj) / sdj:+.2f})")
    res(f"poisson-isi-{lag}-step", abs(f - pj) <= 4 * sdj, f"fraction {f:.5f}, expected {pj:.5f} within 4 sigma = {4 * sdj:.5f}")
PYEOF
"$T/poisson" --quiet --format csv --out "$T/c" --seed 4 --set sim.time=0.1s
"$T/poisson" --quiet --format csv --out "$T/d" --seed 4 --set sim.time=0.1s
check poisson-same-seed "seed 4 twice gave different spikes" cmp -s "$T/c/spikes.csv" "$T/d/spikes.csv"
"$T/poisson" --quiet --format csv --out "$T/e" --seed 5 --set sim.time=0.1s
check poisson-other-seed "seeds 4 and 5 gave the same spikes" sh -c "! cmp -s '$T/c/spikes.csv' '$T/e/spikes.csv'"
