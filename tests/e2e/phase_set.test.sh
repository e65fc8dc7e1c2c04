# A phase's 'set' of a parameter that the update reads only through values
# computed from it (the OU propagator and noise amplitude of lif_cond_ou): the
# noise must stop during the phase and come back after it, not be ignored.
. tests/lib.sh
cat >"$T/ps.snn" <<'SNN'
import "stdlib/neurons.snn"
population l = 1 lif_cond_ou(noise_scale = 1)
experiment {
  trial 100 ms
  phase a { trials 2 }
  phase quiet { trials 2; set l.noise_scale = 0 }
  phase c { trials 2 }
  record g_ne of l every 1 ms
}
SNN
build "$T/ps.snn" "$T/ps" || exit 0
"$T/ps" --quiet --format sonata,csv --out "$T/o" || fail phase-set-run "exit status $?"
check phase-set-applies "the noise conductance did not follow noise_scale" "$PY" - "$T/o/state_l_g_ne.csv" <<'PYEOF'
import csv, sys
rows = [(float(r[0]), float(r[1])) for r in list(csv.reader(open(sys.argv[1])))[1:]]
def span(t0, t1):
    v = [g for t, g in rows if t0 <= t < t1]
    return min(v), max(v), sum(v) / len(v)
a, q, c = span(50, 200), span(250, 400), span(450, 600)
print('g_ne (nS) before %.2f..%.2f, quiet %.3g..%.3g, after %.2f..%.2f' % (a[0] * 1e9, a[1] * 1e9, q[0] * 1e9, q[1] * 1e9, c[0] * 1e9, c[1] * 1e9))
# mean 12 nS, sd 3 nS with noise; decays with tau 2.7 ms to nothing without
sys.exit(0 if 6e-9 < a[2] < 18e-9 and q[1] < 1e-12 and 6e-9 < c[2] < 18e-9 and c[1] - c[0] > 3e-9 else 1)
PYEOF
