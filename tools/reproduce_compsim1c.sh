#!/bin/sh
# tools/reproduce_compsim1c.sh: simulation 1 of Legenstein et al. 2008 with the
# weight-dependent (Morrison) rule, Suppl. Figs 3, 4:
# models/compsim1c_weightdep.snn (20 simulated minutes, el[806] reinforced) with
# seeds 1 and 2 side by side, as simulation 1, then tools/compsim1_report.py on
# each: the checks of simulation 1 for el[806].  SEEDS="1" runs one seed only.
export REPORT_ARGS="--target 806"
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/reproduce_seeds.sh" models/compsim1c_weightdep.snn tools/compsim1_report.py ${SEEDS:-1 2}
