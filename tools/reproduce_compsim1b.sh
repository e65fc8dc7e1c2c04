#!/bin/sh
# tools/reproduce_compsim1b.sh: simulation 1 of Legenstein et al. 2008 with
# differential reinforcement of two neurons: models/compsim1b_two_neurons.snn
# (20 simulated minutes, el[706] rewarded and el[19] punished, the reverse after
# 600 s) with seeds 1 and 2 side by side, as simulation 1, then
# tools/compsim1_report.py on each: both neurons' rates at the start, before the
# flip and at the end, their afferent weights every 2 minutes, and the paper's
# checks.  SEEDS="1" runs one seed only.
export REPORT_ARGS="--target 706 --punished 19 --flip 600"
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/reproduce_seeds.sh" models/compsim1b_two_neurons.snn tools/compsim1_report.py ${SEEDS:-1 2}
