# Rules generic over the weight (docs/language.md 19.1): the stdlib's stdp_pair
# and rm_stdp on conductance, current and rate synapses of one neuron whose
# spikes do not depend on its inputs.  Every connection sees the same spikes,
# so a rule given parameters k times larger in another unit learns weights k
# times larger, to rounding; the run-time parameters carry the dimension of
# their use (--list-params, --set).  With w_max at 0.7 nS and 0.7 pA rm_stdp
# clips weights on the way (with the default 1 nS the largest ends at 0.80 nS).
. tests/lib.sh
cat >"$T/gr.snn" <<'SNN'
import "stdlib/neurons.snn"
import "stdlib/synapses.snn"
import "stdlib/plasticity.snn"
import "stdlib/modulators.snn"
// fires every 1/rate, whatever arrives at its inputs
neuron clock(rate = 23 Hz) {
  input g : conductance
  input I : current
  input r : frequency
  state v = 0
  dv/dt = rate
  threshold v > 1
  reset { v = 0 }
}
population inp = 20 poisson(rate = 20 Hz)
population out = 2 clock
modulator reward = alpha_difference() of out[0:1] { delay: 5 ms }
connect pc = inp -> out { rule: all; synapse: exp_cond(); port: g; weight: 1 nS
                          plasticity: stdp_pair(A_plus = 0.01 nS, w_max = 2 nS) }
connect pi = inp -> out { rule: all; synapse: exp_curr(); port: I; weight: 1 pA
                          plasticity: stdp_pair(A_plus = 0.01 pA, w_max = 2 pA) }
connect pr = inp -> out { rule: all; synapse: exp_rate(); port: r; weight: 1 Hz
                          plasticity: stdp_pair(A_plus = 0.01 Hz, w_max = 2 Hz) }
connect rc = inp -> out { rule: all; synapse: exp_cond(); port: g; weight: 0.5 nS
                          plasticity: rm_stdp(eta = 20 Hz, reward = reward) }
connect ri = inp -> out { rule: all; synapse: exp_curr(); port: I; weight: 0.5 pA
                          plasticity: rm_stdp(A_plus = 0.01 pA, eta = 20 Hz, w_max = 1 pA, reward = reward) }
experiment { seed 3; time 20 s }
SNN
build "$T/gr.snn" "$T/gr" || exit 0
"$T/gr" --list-params >"$T/params.txt" 2>&1 || fail generic-rule-list "exit status $?"
check generic-rule-param-units "the parameters of the current and rate uses are not in pA and Hz: $(grep -E '^(pi|pr|ri)\.(A_plus|w_max) ' "$T/params.txt" | tr '\n' ' ')" \
    sh -c 'grep -Eq "^pi\.w_max +2 pA$" "$1" && grep -Eq "^pr\.A_plus +0\.01 Hz$" "$1" && grep -Eq "^ri\.w_max +1 pA$" "$1" && grep -Eq "^rc\.w_max +1 nS$" "$1"' - "$T/params.txt"
"$T/gr" --quiet --format sonata,csv --out "$T/bad" --set ri.w_max=1nS >"$T/bad.log" 2>&1
refusal generic-rule-set-wrong-unit $? "$T/bad.log" "ri.w_max"
"$T/gr" --quiet --format sonata,csv --out "$T/o" --set rc.w_max=0.7nS --set ri.w_max=0.7pA || fail generic-rule-run "exit status $?"
"$PY" - "$T/o" <<'PYEOF' || fail generic-rule-check "python check crashed"
import csv, sys
d = sys.argv[1]
def report(name, ok, why):
    print(('PASS ' if ok else 'FAIL ') + name + ('' if ok else ': ' + why))
def weights(conn):
    return {(int(r['pre']), int(r['post'])): float(r['weight']) for r in csv.DictReader(open('%s/weights_%s.csv' % (d, conn)))}
def same(name, a, b, k):
    bad = [p for p in a if abs(b[p] - k * a[p]) > 1e-9 * abs(k * a[p]) + 1e-30]
    moved = sum(1 for p in a if abs(a[p] - a0[name]) > 1e-3 * a0[name])
    report('generic-rule-' + name, set(a) == set(b) and not bad and moved > len(a) // 2,
           '%d of %d weights differ from %g times the conductance ones (e.g. %s), %d moved'
           % (len(bad), len(a), k, [(p, a[p], b[p]) for p in bad[:2]], moved))
a0 = {'current': 1e-9, 'rate': 1e-9, 'rm-current': 0.5e-9}
pc, pi, pr, rc, ri = (weights(c) for c in ('pc', 'pi', 'pr', 'rc', 'ri'))
same('current', pc, pi, 1e-3)
same('rate', pc, pr, 1e9)
same('rm-current', rc, ri, 1e-3)
report('generic-rule-bounds', 0 <= min(pi.values()) and max(pi.values()) <= 2e-12 and 0 <= min(ri.values())
       and max(ri.values()) <= 0.7e-12, 'current weights outside [0, w_max]: %g .. %g, %g .. %g'
       % (min(pi.values()), max(pi.values()), min(ri.values()), max(ri.values())))
PYEOF
