# One network over MPI ranks (runtime/ranks.c): COBA and COBA with RM-STDP
# (a plastic network with a modulator), built with snnc --mpi, under mpirun
# -np 2 and -np 2 with 2 threads each, give the outputs of a single process
# bit for bit (spikes, final weights, run.json without its timings and memory);
# each rank holds only the synapses onto its neurons; run.json gives what each
# rank sent per step; what ranks cannot do yet is refused.
. tests/lib.sh
case "${SNNC_CFLAGS:-}" in *sanitize*) skip mpi-network "not run under the sanitizers"; exit 0 ;; esac
if ! command -v mpirun >/dev/null 2>&1; then
    fail mpi-network "mpirun is missing (apt-get install -y openmpi-bin libopenmpi-dev)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
digest() { test -f "$1/run.json" && "$PY" "$ROOT/tests/identity/digest.py" "$1" || echo "no run in $1"; }
"$PY" bench/rmstdp_agree.py train "$T/rmstdp_reward.csv"
cd "$T" || exit 1   # rmstdp_coba reads its reward train from the run's folder
for m in models/coba.snn bench/models/rmstdp_coba.snn; do
    nm=$(basename "$m" .snn)
    if ! "$SNNC" --mpi "$ROOT/$m" -o "$T/${nm}_mpi" 2>"$T/build.err" || ! "$SNNC" "$ROOT/$m" -o "$T/$nm" 2>>"$T/build.err"; then
        fail "mpi-network-build-$nm" "$(cat "$T/build.err")"
        continue
    fi
    "$T/$nm" --quiet --out "$T/$nm.1" --set sim.time=0.3s
    timeout 120 mpirun -np 2 "$T/${nm}_mpi" --quiet --out "$T/$nm.2" --set sim.time=0.3s >"$T/$nm.log" 2>&1 ||
        fail "mpi-network-run-$nm" "$(tail -3 "$T/$nm.log")"
    timeout 120 mpirun -np 2 "$T/${nm}_mpi" --quiet --out "$T/$nm.22" --set sim.time=0.3s --threads 2 >"$T/$nm.log2" 2>&1 ||
        fail "mpi-network-run-threads-$nm" "$(tail -3 "$T/$nm.log2")"
    check "mpi-network-2-ranks-$nm" "mpirun -np 2 differs from one process" test "$(digest "$T/$nm.1")" = "$(digest "$T/$nm.2")"
    check "mpi-network-2x2-$nm" "2 ranks of 2 threads differ from one process" test "$(digest "$T/$nm.1")" = "$(digest "$T/$nm.22")"
    check "mpi-network-synapses-split-$nm" "rank 0 does not hold and budget about half the synapses, or run.json lacks what ranks sent" \
        "$PY" -c "
import json, sys
one, two = (json.load(open(f)) for f in sys.argv[1:])
a, b = one['memory']['synapses'], two['memory']['synapses']
assert 0.4 * a < b < 0.6 * a, (a, b)
pa, pb = one['memory']['planned_bytes'], two['memory']['planned_bytes']
assert pb < 0.75 * pa, ('the memory budget counts other ranks synapses', pa, pb)
t = two['timings']
assert t['ranks'] == 2 and len(t['sent_bytes_per_step']) == 2 and min(t['sent_bytes_per_step']) > 0, t
" "$T/$nm.1/run.json" "$T/$nm.2/run.json"
done
timeout 60 mpirun -np 2 "$T/coba_mpi" --quiet --out "$T/ck" --checkpoint-every 0.1s >"$T/ck.err" 2>&1
refusal mpi-network-no-checkpoints $? "$T/ck.err" \
    "a network spread over MPI ranks has no checkpoints yet"
check mpi-network-refused-no-output "a refused MPI run left an output folder" test ! -e "$T/ck"
