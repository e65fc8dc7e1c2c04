#!/bin/sh
# tools/reproduce_all.sh [TARGET ...]: every reproduction of the paper's
# simulations and variants (make reproduce-all), one after another (each uses
# both cores), each with its figure written to docs/figures/ ($FIGURES; the
# target's name with _ for -, e.g. compsim2_current.png) and
# its whole output kept in build/reproduce-all/TARGET.log.  Prints each one's
# wall time and exit status as it ends, then a table of all.  Exits 1 when a
# reproduction's checks of the paper failed (status 1 or 3) or it broke, after
# running the rest.  TARGET names (default: all, in this order) are the make
# targets without "reproduce-".
set -u
cd "$(dirname "$0")/.." || exit 2
FIGURES=${FIGURES:-docs/figures}
LOGS=build/reproduce-all
mkdir -p "$FIGURES" "$LOGS"
ALL="compsim1 compsim1b compsim1c compsim2 compsim2-current compsim2-noise compsim3 compsim4
compsim4-weightdep compsim4-current compsim5 compsim5-current voices voices-weightdep voices-heldout"
targets=${*:-$ALL}
table=""
bad=0
for t in $targets; do
    start=$(date +%s)
    FIGURE=$FIGURES/$(echo "$t" | tr - _).png make --no-print-directory "reproduce-$t" >"$LOGS/$t.log" 2>&1
    st=$?
    secs=$(($(date +%s) - start))
    line="$(printf '%-20s %6d s  exit %d' "$t" "$secs" "$st")"
    echo "$line  (log: $LOGS/$t.log)"
    table="$table$line
"
    [ "$st" -eq 0 ] || bad=1
done
echo "reproduction          wall    status"
printf '%s' "$table"
exit $bad
