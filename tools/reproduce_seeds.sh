#!/bin/sh
# tools/reproduce_seeds.sh MODEL REPORT SEED...: the common part of the paper
# reproductions -- compile MODEL once, run it with every SEED (JOBS at a time,
# default 2), print the wall time, then run the report tool (a Python script
# taking the output folders, after the options in $REPORT_ARGS) and exit with
# its status.  With SWEEP=PARAM each argument is instead a value of the run-time
# parameter PARAM (--set PARAM=VALUE), every run with seed $SEED (default 1).
# With FIGURE=FILE the report tool also gets --plot FILE.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 MODEL REPORT SEED..." >&2; exit 2; }
MODEL=$1 REPORT=$2
shift 2
SNNC=${SNNC:-build/snnc}
JOBS=${JOBS:-2}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/reproduce.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$SNNC" "$MODEL" -o "$TMP/model"
t0=$(date +%s)
running=0
dirs=
for s in "$@"; do
    if [ -n "${SWEEP:-}" ]; then
        "$TMP/model" --out "$TMP/$SWEEP=$s" --quiet --seed "${SEED:-1}" --set "$SWEEP=$s" &
        dirs="$dirs $TMP/$SWEEP=$s"
    else
        "$TMP/model" --out "$TMP/seed$s" --quiet --seed "$s" &
        dirs="$dirs $TMP/seed$s"
    fi
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait
        running=0
    fi
done
wait
echo "$MODEL: $# runs (${SWEEP:-seeds} $*) in $(($(date +%s) - t0)) s of wall time ($JOBS at a time)"
# shellcheck disable=SC2086
/usr/bin/python3 "$REPORT" ${REPORT_ARGS:-} ${FIGURE:+--plot "$FIGURE"} $dirs
