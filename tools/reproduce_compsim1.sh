#!/bin/sh
# tools/reproduce_compsim1.sh: simulation 1 of Legenstein et al. 2008 (Figs 4, 5):
# models/compsim1_biofeedback.snn (20 simulated minutes of the 4000-neuron
# biofeedback circuit) with seeds 1 and 2 side by side, then
# tools/compsim1_report.py on each: rates of the reinforced neuron and of
# el[0:20] in the first and last minute, mean E->E weights every 2 minutes,
# the final weight spread, and the paper's claims checked.
# SEEDS="1" runs one seed only.
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/reproduce_seeds.sh" models/compsim1_biofeedback.snn tools/compsim1_report.py ${SEEDS:-1 2}
