# Every model in models/ has a shortened run in the suite (so that make asan runs
# each one under the sanitizers): the paper's simulations in tests/models/, COBA in
# coba.test.sh, and the other benchmark networks here, 200 ms each, which must
# fire (every population above 0 Hz) and write run.json.
. tests/lib.sh
for m in models/*.snn; do
    name=$(basename "$m" .snn)
    case $name in
    cuba)
        build "$m" "$T/$name" || continue
        if ! "$T/$name" --seed 3 --set sim.time=200ms --out "$T/$name.out" --quiet >"$T/$name.log" 2>&1; then
            fail "short-run-$name" "$(tail -3 "$T/$name.log")"
        elif ! json "$T/$name.out/run.json" "all(p['rate_hz'] > 0 for p in j['populations'])" | grep -qx True; then
            fail "short-run-$name" "a population is silent: $(json "$T/$name.out/run.json" "[(p['name'], p['rate_hz']) for p in j['populations']]")"
        else
            pass "short-run-$name"
        fi
        ;;
    *)
        # the paper's models and COBA: a test of their own runs them shortened
        if grep -lq "models/$name.snn" tests/models/*.test.sh tests/e2e/coba.test.sh 2>/dev/null; then
            pass "short-run-$name (in $(grep -l "models/$name.snn" tests/models/*.test.sh tests/e2e/coba.test.sh | head -1))"
        else
            fail "short-run-$name" "no test runs models/$name.snn shortened"
        fi
        ;;
    esac
done
