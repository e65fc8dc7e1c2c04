#!/bin/sh
# tools/reproduce_compsim4.sh: simulation 4 of Legenstein et al. 2008 (Fig 9):
# models/compsim4_patterns.snn (10 + 50 + 1000 + 50 + 10 trials of 3 s) with
# seeds 1-6, two at a time; prints (tools/compsim4_report.py) the readout's
# spikes per trial in [50 ms, 1.1 s] for the rewarded pattern P and the other
# pattern N before and after learning, and the peak V_m per trial in the probe
# phases.
exec sh "$(dirname "$0")/reproduce_seeds.sh" models/compsim4_patterns.snn tools/compsim4_report.py 1 2 3 4 5 6
