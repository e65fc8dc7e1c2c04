# tools/compsim5_report.py's 3x check works on whole spike counts: "two" with 555
# spikes in 100 test trials against "one" with 185 is exactly 3x and passes (the
# ratio of the means, 5.55 / 1.85, is just under 3 in floating point); one spike
# fewer fails; a silent "one" passes; a digit without test trials fails.
. tests/lib.sh
"$PY" - "$ROOT/tools/compsim5_report.py" <<'PYEOF'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('report', sys.argv[1])
r = importlib.util.module_from_spec(spec)
spec.loader.exec_module(r)
def entry(spikes, n=100):
    # as summary.json holds it: the mean over n trials
    return {'mean': spikes / n, 'trials': n}
def report(name, ok, why):
    print(('PASS %s' % name) if ok else ('FAIL %s: %s' % (name, why)))
report('compsim5-report-3x-exact', r.at_least_3x(entry(185), entry(555)), '555 vs 185 spikes in 100 trials each is 3x')
report('compsim5-report-3x-below', not r.at_least_3x(entry(185), entry(554)), '554 vs 185 is under 3x')
report('compsim5-report-3x-one-silent', r.at_least_3x(entry(0), entry(1)), 'any "two" spike against a silent "one"')
report('compsim5-report-3x-no-one', not r.at_least_3x(None, entry(555)), 'no "one" trial in the phase: nothing to compare')
PYEOF
