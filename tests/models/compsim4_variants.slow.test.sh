# Simulation 4's variants, shortened like compsim4.test.sh to 300 training
# trials (seed 1): with the weight-dependent rule (Suppl. Fig 7) and with
# current-based static synapses (Suppl. Fig 8) the readout fires more for the
# rewarded pattern P than for N after training, by more than it did before.
# The models: models/compsim4_weightdep.snn and models/compsim4_current.snn;
# the full protocol: make reproduce-compsim4-weightdep, reproduce-compsim4-current.
. tests/lib.sh
for m in weightdep current; do
    sed -e 's/phase train { trials 1000; learning on }/phase train { trials 300; learning on }/' \
        -e 's/phase before { trials 50; learning off }/phase before { trials 30; learning off }/' \
        -e 's/phase after { trials 50; learning off }/phase after { trials 30; learning off }/' \
        "models/compsim4_$m.snn" >"$T/$m.snn"
    build "$T/$m.snn" "$T/$m" || continue
    "$T/$m" --format sonata,csv --out "$T/$m.run" --quiet || fail "compsim4-$m-run" "exit status $?"
    read -r bp bn ap an <<EOF2
$("$PY" -c "
import json, sys
ph = {p['name']: p['spikes_per_trial']['readout'] for p in json.load(open(sys.argv[1]))['phases']}
print(*['%.2f' % ph[n]['label %d' % l]['mean'] for n in ('before', 'after') for l in (0, 1)])" "$T/$m.run/summary.json")
EOF2
    check "compsim4-$m-P-above-N-after" "P $bp vs N $bn spikes per trial before, $ap vs $an after" \
        "$PY" -c "import sys; sys.exit(0 if $ap > 1.15 * $an and $ap - $an > $bp - $bn + 0.5 else 1)"
done
