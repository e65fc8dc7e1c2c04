# tools/compsim5_screen.py cuts a circuit-only and a readout-only model out of
# models/compsim5_speech.snn: both must still pass snnc --check (a change of the
# model's section comments or declarations would break the screening otherwise),
# the readout model must replay the circuit from a file, and the fixed-weight
# readout (--fixed) must have lost its plasticity and reward, nothing else.
. tests/lib.sh
DATA=$ROOT/../shared/data/fsdd_one_two
if [ ! -d "$DATA" ]; then
    fail compsim5-screen-data "$DATA is missing"
    exit 0
fi
"$BUILD/snn-audio" -o "$T/set.h5" 1="$DATA/1_jackson_0.wav" 2="$DATA/2_jackson_0.wav" >/dev/null ||
    fail compsim5-screen-audio "snn-audio failed"
if "$PY" tools/compsim5_screen.py "$T/set.h5" "$T/scr" --check >"$T/out" 2>&1; then
    check compsim5-screen-models "readout model: $(grep -c spike_file "$T/scr/readout.snn") spike_file lines" \
        sh -c "grep -q 'population circuit = 540 spike_file' '$T/scr/readout.snn' && grep -q 'record spikes of circuit.exc' '$T/scr/pool.snn' && ! grep -q '^population readout' '$T/scr/pool.snn'"
    check compsim5-screen-fixed "fixed readout without plasticity and reward, same synapse otherwise" \
        sh -c "grep -q 'rule: file(\"$T/scr/fixed.csv\")' '$T/scr/fixed.snn' && ! grep -q 'plasticity:\|^modulator' '$T/scr/fixed.snn' && grep -q 'dynamics: tsodyks' '$T/scr/fixed.snn' && [ \$(wc -l < '$T/scr/fixed.snn') -lt \$(wc -l < '$T/scr/readout.snn') ]"
else
    fail compsim5-screen-models "$(tail -5 "$T/out")"
fi
