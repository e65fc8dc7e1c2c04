#!/bin/sh
# tools/reproduce_compsim2_noise.sh [LEVEL ...]: simulation 2 of Legenstein et
# al. 2008 at several noise levels (Suppl. Fig 6): models/compsim2_teacher.snn
# for 2 simulated hours with the learner's OU noise scaled by each LEVEL
# (default the paper's 0 0.2 0.4 0.6 0.8 1.0 1.4 2.2 3.6; --set
# learner.noise_scale, so the test phases still switch it off), seed 3 (the
# paper's seed set 3), two runs at a time; then tools/compsim2_noise.py prints the
# final angular error per level and plots it (FIGURE, else PLOT, default
# build/compsim2_noise.png).
cd "$(dirname "$0")/.." || exit 2
LEVELS=${*:-0 0.2 0.4 0.6 0.8 1.0 1.4 2.2 3.6}
# with FIGURE set, reproduce_seeds.sh passes --plot $FIGURE itself
ARGS="--plot ${PLOT:-build/compsim2_noise.png}"
[ -z "${FIGURE:-}" ] || ARGS=
# shellcheck disable=SC2086
SWEEP=learner.noise_scale SEED=3 REPORT_ARGS="$ARGS" \
    exec sh tools/reproduce_seeds.sh models/compsim2_teacher.snn tools/compsim2_noise.py $LEVELS
