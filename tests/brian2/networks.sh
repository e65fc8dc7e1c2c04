# tests/brian2/networks.sh (sourced, with NETS set): the networks NETS of
# reference.json run by snnc on every seed's wiring and compared with Brian2's
# runs (see networks.test.sh).
REF=tests/brian2/reference.json
if [ ! -f "$REF" ]; then
    fail brian2-reference "$REF is missing: make it with /usr/bin/python3 tests/brian2/reference.py"
    exit 0
fi
for m in $NETS; do
    build "tests/brian2/$m.snn" "$T/$m" || exit 0
done
seeds=$(json "$REF" "j['seeds']")
drawn=$T/hashes
# shellcheck disable=SC2046
"$PY" tests/brian2/wiring.py "$T" $(seq 1 "$seeds") >"$drawn" || { fail brian2-wiring "wiring.py failed"; exit 0; }
if ! "$PY" - "$REF" "$drawn" <<'PYEOF'; then
import json, sys
ref = json.load(open(sys.argv[1]))
got = open(sys.argv[2]).read().split()
want = [ref['hash'][str(s)] for s in range(1, ref['seeds'] + 1)]
sys.exit(got != want)
PYEOF
    fail brian2-wiring-hash "tests/brian2/wiring.py draws other files than reference.json was made from \
(numpy $("$PY" -c 'import numpy; print(numpy.__version__)'), the cache: $(json "$REF" "j['numpy']")): \
remake the cache with /usr/bin/python3 tests/brian2/reference.py"
    exit 0
fi
pass brian2-wiring-hash
for s in $(seq 1 "$seeds"); do
    for m in $NETS; do
        (cd "$T/seed$s" && "$T/$m" --quiet --format csv --out "o_$m") || fail "brian2-run-$m-$s" "exit status $?"
    done
done
"$PY" tests/brian2/compare.py "$REF" "$T" $NETS || fail brian2-compare "compare.py stopped with status $?"
