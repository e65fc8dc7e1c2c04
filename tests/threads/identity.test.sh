# One network on several threads (runtime/team.c): the same spikes, weights,
# states and summaries for 1, 2 and 3 threads (3 is more threads than this
# machine has cores, and an odd split of every population), on COBA and on a
# COBA network with reward-modulated STDP on every E->E synapse and a
# modulator; the paper's models on threads are in identity.slow.test.sh.
. tests/lib.sh
. tests/threads/same.sh
same coba models/coba.snn --set sim.time=0.15s
"$PY" bench/rmstdp_agree.py train "$T/rmstdp_reward.csv"   # the model's reward train, read from the run's folder
same rmstdp_coba bench/models/rmstdp_coba.snn --set sim.time=0.15s
# the option's errors
[ -x "$T/coba" ] || exit 0
for bad in 0 -1 x 5000 ""; do
    out=$(cd "$T" && ./coba --threads "$bad" --out never 2>&1)
    rc=$?
    if [ $rc -eq 1 ] && printf '%s' "$out" | grep -q -- "--threads needs a whole number" && [ ! -e "$T/never" ]; then
        pass "threads-refuses-'$bad'"
    else
        fail "threads-refuses-'$bad'" "status $rc: $out"
    fi
done
