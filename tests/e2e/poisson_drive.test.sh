# Poisson drives (docs/language.md 10.8): the current a drive leaves has the
# mean and variance of shot noise through the kernel's exact propagator,
# sampled after the step's decay: lambda w P / (1 - P) and lambda w^2 P^2 /
# (1 - P^2) with lambda = rate dt, P = exp(-dt / tau); a slice gets it and
# the rest of the population does not; counts do not depend on the threads;
# --set of the rate's parameter changes it; bad rates stop the run.
. tests/lib.sh

M=tests/e2e/poisson_drive.snn
build "$M" "$T/drive" || exit 0
"$T/drive" --quiet --out "$T/a" --format csv
"$T/drive" --quiet --out "$T/b" --format csv --threads 3
check drive-threads "1 and 3 threads differ" cmp -s "$T/a/state_p_I_syn.csv" "$T/b/state_p_I_syn.csv"
check drive-shot-noise "the drive's current is not shot noise of the asked rate" "$PY" - "$T/a" <<'PYEOF'
import math, sys
import numpy as np
d = sys.argv[1]
def I(pop):
    return np.loadtxt(f"{d}/state_{pop}_I_syn.csv", delimiter=",", skiprows=1)[:, 1:] * 1e12  # pA
def want(rate, w):
    lam, P = rate * 1e-4, math.exp(-0.1 / 0.5)
    return lam * w * P / (1 - P), math.sqrt(lam * w * w * P * P / (1 - P * P))
p, q = I("p"), I("q")
for x, (m, s) in ((p, want(12800, 87.81)), (q[:, :50], want(2000, 100))):
    # 1000 samples per neuron, correlated over ~5 samples: the mean of
    # 50,000+ values is known to well under 1 %; 2 % still fails a rate off by 5 %
    assert abs(x.mean() / m - 1) < 0.02, (x.mean(), m)
    assert abs(x.std() / s - 1) < 0.03, (x.std(), s)
assert (q[:, 50:] == 0).all(), "the undriven half of q has a current"
PYEOF
"$T/drive" --quiet --out "$T/c" --format csv --set nu=4Hz
check drive-set-rate "--set nu=4Hz did not halve the mean current" "$PY" -c "
import sys, numpy as np
a, c = (np.loadtxt(f'{d}/state_p_I_syn.csv', delimiter=',', skiprows=1)[:, 1:].mean() for d in sys.argv[1:])
assert abs(c / a - 0.5) < 0.02, c / a
" "$T/a" "$T/c"
"$T/drive" --quiet --out "$T/e" --set nu=-1Hz >"$T/e.err" 2>&1
refusal drive-negative $? "$T/e.err" "drive poisson->p: the rate -1600 Hz must be a finite number >= 0"
"$T/drive" --quiet --out "$T/f" --set nu=10MHz >"$T/f.err" 2>&1
refusal drive-too-fast $? "$T/f.err" "spikes per step of 0.1 ms on average; at most 1000 are possible"
check drive-refused-no-output "a refused drive left an output folder" test ! -e "$T/e" -a ! -e "$T/f"
