# Resources are counted before they are taken: a network too large for the
# machine is refused at start-up (100,000 neurons at p = 1 used to grow for
# 44 s until the kernel killed it), as are recordings above --max-memory or
# --max-output; the expected size of the recordings' files is printed.
. tests/lib.sh
cd "$T" || exit 1
cat >huge.snn <<'EOF2'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
population net = 1000000 lif_cond()
connect net -> net { rule: all; synapse: exp_cond; port: g_e; weight: 1 nS }
experiment { time 1 s }
EOF2
build huge.snn ./huge || exit 0
timeout 20 ./huge --out o1 2>err1
refusal resources-huge-network $? err1 "error: connection net->net (about 1e+12 synapses of 4 bytes) would need about 4e+03 GB"
check resources-huge-nothing-left "$(ls)" test ! -e o1
timeout 20 ./huge --out o1 --max-memory 1G 2>err1b
refusal resources-max-memory-network $? err1b "more than --max-memory 1G (1.07 GB)"
sed 's|^experiment .*|experiment { seed 3; time 2 s; record v of net every 0.1 ms; record w of ee every 1 ms }|' \
    "$ROOT/tests/runtime/observe.snn" >rec.snn
build rec.snn ./rec || exit 0
./rec --out o2 --max-memory 20M 2>err2
refusal resources-max-memory-recording $? err2 "error: recording v of net (2e+04 samples of 400 values) would need about 32.2 MB"
./rec --out o3 --max-output 100M 2>err3
refusal resources-max-output $? err3 "error: the recordings would write about 6"
check resources-max-output-text "$(cat err3)" grep -q "MB of files, more than --max-output 100M allows" err3
./rec --out o4 --max-output 1x 2>err4
refusal resources-bad-size $? err4 "error: --max-output needs a size such as 8G, 500M or 100k, got '1x'"
# the printed estimate, against what was written
sed 's|^experiment .*|experiment { seed 3; time 2 s; record v of net every 1 ms }|' "$ROOT/tests/runtime/observe.snn" >small.snn
build small.snn ./small || exit 0
./small --out o5 --format csv >/dev/null 2>err5
check resources-estimate "$(cat err5)" "$PY" - <<'PYEOF'
import os, re
m = re.search(r'recordings: about ([0-9.]+) MB of files', open('err5').read())
est = float(m.group(1)) * 1e6
real = sum(os.path.getsize('o5/' + f) for f in os.listdir('o5') if f.startswith(('state_', 'weights_')))
print('estimated %.3g MB, written %.3g MB' % (est / 1e6, real / 1e6))
assert 0.8 < est / real < 1.25
PYEOF
