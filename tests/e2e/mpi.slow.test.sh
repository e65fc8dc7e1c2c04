# MPI (OpenMPI): the model of frozen_split.test.sh built with snnc --mpi.  Under
# mpirun -np 2 the frozen sub-network's trials are split over the ranks and
# rank 0 runs the rest: the outputs must equal the single-process run; with
# --seeds 1-3 the replicates are spread over the ranks, each in OUT/seedN, and
# must equal the same replicates run without MPI.  (Skipped under the
# sanitizers: OpenMPI's own allocations are not ours to check.)
. tests/lib.sh
case "${SNNC_CFLAGS:-}" in *sanitize*) skip mpi "not run under the sanitizers"; exit 0 ;; esac
if ! command -v mpirun >/dev/null 2>&1; then
    fail mpi "mpirun is missing (apt-get install -y openmpi-bin libopenmpi-dev)"
    exit 0
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
sed -n '/^cat >"$T\/fz.snn" <<.SNN.$/,/^SNN$/p' "$ROOT/tests/e2e/frozen_split.test.sh" | sed '1d;$d' >"$T/fz.snn"
if ! "$SNNC" --mpi "$T/fz.snn" -o "$T/fz_mpi" 2>"$T/build.err" || ! "$SNNC" "$T/fz.snn" -o "$T/fz" 2>>"$T/build.err"; then
    fail mpi-build "$(cat "$T/build.err")"
    exit 0
fi
(cd "$T" && ./fz --quiet --sequential --format sonata,csv --out single && timeout 120 mpirun -np 2 ./fz_mpi --quiet --format sonata,csv --out ranks2 >mpi.log 2>&1) ||
    fail mpi-run "$(tail -5 "$T/mpi.log")"
same=true
for f in spikes.h5 weights_syn.csv trials.csv summary.json; do
    cmp -s "$T/single/$f" "$T/ranks2/$f" || same=false
done
check mpi-frozen-trials-identical "mpirun -np 2 differs from the single-process run" $same
check mpi-rank0-writes "run.json of the MPI run lacks the work done ahead" grep -q '"ahead_jobs"' "$T/ranks2/run.json"
(cd "$T" && timeout 300 mpirun -np 2 ./fz_mpi --quiet --seeds 1-3 --format sonata,csv --out farm >farm.log 2>&1 && ./fz --quiet --seeds 1-3 --format sonata,csv --out local) ||
    fail mpi-seeds-run "$(tail -5 "$T/farm.log")"
same=true
for s in 1 2 3; do
    for f in spikes.h5 weights_syn.csv trials.csv; do
        cmp -s "$T/farm/seed$s/$f" "$T/local/seed$s/$f" || same=false
    done
done
check mpi-seeds-identical "replicates under mpirun differ from those run without MPI" $same
check mpi-seeds-differ "the three seeds gave the same run" sh -c "! cmp -s '$T/local/seed1/weights_syn.csv' '$T/local/seed2/weights_syn.csv'"
