#!/bin/sh
# tools/reproduce_compsim2.sh: simulation 2 of Legenstein et al. 2008 (Fig 7):
# models/compsim2_teacher.snn for 2 simulated hours with seeds 1-5, two runs at
# a time, then the paper's checks per run (tools/compsim2_report.py).
exec sh "$(dirname "$0")/reproduce_seeds.sh" models/compsim2_teacher.snn tools/compsim2_report.py 1 2 3 4 5
