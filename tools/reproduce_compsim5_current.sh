#!/bin/sh
# tools/reproduce_compsim5_current.sh [SEED ...]: simulation 5 of Legenstein et
# al. 2008 with a static current-based circuit (Suppl. Fig 9):
# models/compsim5_current.snn, the full protocol on the synthesized digits and
# the FSDD recordings, seeds 1 2 3 by default, as reproduce_compsim5.sh runs the
# paper's model; outputs in build/compsim5_current.
MODEL=models/compsim5_current.snn OUT=${OUT:-build/compsim5_current} \
    exec sh "$(dirname "$0")/reproduce_compsim5.sh" "$@"
