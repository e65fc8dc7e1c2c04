# Seeds: noisy.snn (50 lif_cond_ou neurons, OU noise and random initial v).
#   The same seed gives a bit-identical spikes.csv (and spikes.h5), also when
#   given as --seed N or --set sim.seed=N; run.json records the seed;
#   another seed gives different spikes; without --seed the model's 'seed 5'
#   is used.
. tests/lib.sh
build tests/runtime/noisy.snn "$T/noisy" || exit 0
run() { # DIR ARGS...
    d=$1
    shift
    "$T/noisy" --quiet --format sonata,csv --out "$T/$d" "$@" 2>"$T/$d.err" || fail "seed-run-$d" "$(cat "$T/$d.err")"
}
run a --seed 7
run b --seed 7
run c --set sim.seed=7
run d --seed 8
run e
run f --seed 5
n=$(($(wc -l <"$T/a/spikes.csv") - 1))
check seed-spikes-exist "seed 7 gave $n spikes; the test needs a model that fires" test "$n" -gt 20
check seed-same-identical "spikes.csv differs between two runs with --seed 7" cmp -s "$T/a/spikes.csv" "$T/b/spikes.csv"
check seed-same-identical-h5 "spikes.h5 differs between two runs with --seed 7" cmp -s "$T/a/spikes.h5" "$T/b/spikes.h5"
check seed-set-equals-option "--set sim.seed=7 and --seed 7 gave different spikes" cmp -s "$T/a/spikes.csv" "$T/c/spikes.csv"
check seed-other-differs "seeds 7 and 8 gave the same spikes" sh -c "! cmp -s '$T/a/spikes.csv' '$T/d/spikes.csv'"
check seed-model-default "without --seed the model's seed 5 was not used" cmp -s "$T/e/spikes.csv" "$T/f/spikes.csv"
s=$(json "$T/d/run.json" "j['seed']")
check seed-in-run-json "run.json records seed $s, expected 8" test "$s" = 8
