#!/bin/sh
# tools/reproduce_compsim4_variant.sh weightdep|current: a variant of simulation 4
# of Legenstein et al. 2008 -- models/compsim4_weightdep.snn (the weight-dependent
# rule, Suppl. Fig 7) or models/compsim4_current.snn (current-based static
# synapses, Suppl. Fig 8) -- with the protocol of reproduce_compsim4.sh (seeds
# 1-6, two at a time) and its report (tools/compsim4_report.py).
case ${1:-} in
    weightdep | current) ;;
    *) echo "usage: $0 weightdep|current" >&2; exit 2 ;;
esac
exec sh "$(dirname "$0")/reproduce_seeds.sh" "models/compsim4_$1.snn" tools/compsim4_report.py 1 2 3 4 5 6
