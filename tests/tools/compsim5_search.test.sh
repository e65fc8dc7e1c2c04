# tools/compsim5_search.py draws encodings for the speech experiment: every
# setting it draws must be one build/snn-audio accepts and must keep the 86
# channels the model maps (also at 8 kHz with the closer channel spacing).
. tests/lib.sh
if [ ! -d "$ROOT/../shared/data/fsdd_one_two" ]; then
    fail compsim5-search-data "../shared/data/fsdd_one_two is missing"
    exit 0
fi
"$PY" tools/compsim5_search.py recorded 6 --seed 3 --dry --out "$T/s" >"$T/out" 2>&1
check compsim5-search-draws "$(cat "$T/out")" \
    sh -c "[ \$(grep -c '^86 channels, [1-9][0-9]* spikes |' '$T/out') = 6 ] && grep -q -- '--rate 8000' '$T/out'"
