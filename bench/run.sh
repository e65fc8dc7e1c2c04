#!/usr/bin/env bash
# Side-by-side benchmark: snnc vs Brian2 cpp_standalone on the Vogels-Abbott
# COBA / CUBA networks, Brian2 with 1 and with 2 OpenMP threads; the ratios are
# against Brian2's fastest configuration. See bench/README.md.
#
#   bench/run.sh [-r N] [-t SECONDS] [-m "coba cuba"] [--method M] [--seed N]
#                [--b2-threads "1 2"] [--keep] [--json FILE] [--brian2-only]
# `make bench` runs this with `sh`; re-execute under bash if needed.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

PY=/usr/bin/python3          # Debian python with numpy + brian2
GNU_TIME=/usr/bin/time
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SNNC=${SNNC:-$ROOT/build/snnc}
MODEL_DIR=${MODEL_DIR:-$ROOT/models}

REPS=3
SIM_T=10
MODELS="coba cuba"
METHOD=""          # Brian2 COBA integration method ('' = exponential_euler)
SEED=""
B2_THREADS="1 2"   # Brian2 configurations: OpenMP threads (1 = built without OpenMP)
KEEP=0
JSON_OUT=""
BRIAN2_ONLY=0

usage() {
    cat <<EOF
usage: bench/run.sh [options]
  -r N            repetitions per side and model (default $REPS); medians reported
  -t SECONDS      simulated time (default $SIM_T)
  -m "MODELS"     models to run (default "$MODELS")
  --method M      Brian2 integration method for COBA: exponential_euler (default)
                  or euler. CUBA always uses 'exact'.
  --seed N        pass a fixed seed to Brian2 (default: unseeded)
  --b2-threads "LIST"  Brian2 configurations to run, as OpenMP thread counts
                  (default "$B2_THREADS"; 1 = built without OpenMP); the
                  b2/snnc ratios use the fastest of them
  --keep          keep the scratch directory (printed at the end)
  --json FILE     also write all raw measurements and medians to FILE
  --brian2-only   skip snnc (for checking the Brian2 side alone)
environment: SNNC (default build/snnc), MODEL_DIR (default models/)
EOF
}

die() { echo "bench/run.sh: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        -r) REPS=${2:?-r needs a number}; shift 2 ;;
        -t) SIM_T=${2:?-t needs a number of seconds}; shift 2 ;;
        -m) MODELS=${2:?-m needs model names}; shift 2 ;;
        --method) METHOD=${2:?--method needs a name}; shift 2 ;;
        --seed) SEED=${2:?--seed needs a number}; shift 2 ;;
        --b2-threads) B2_THREADS=${2:?--b2-threads needs thread counts}; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --json) JSON_OUT=${2:?--json needs a file name}; shift 2 ;;
        --brian2-only) BRIAN2_ONLY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "-r expects a positive integer, got '$REPS'"
[[ "$SIM_T" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "-t expects seconds, got '$SIM_T'"
for n in $B2_THREADS; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--b2-threads expects positive integers, got '$n'"
done
[ -n "${B2_THREADS// /}" ] || die "--b2-threads needs at least one thread count"
B2_THREADS=$(printf '%s\n' $B2_THREADS | awk '!seen[$0]++' | paste -sd ' ')

# ---- prerequisites ----------------------------------------------------------
[ -x "$PY" ] || die "$PY not found (Debian's python3 with python3-brian is required)"
"$PY" -W ignore -c 'import brian2' 2>/dev/null \
    || die "$PY cannot import brian2 (apt-get install python3-brian)"
[ -x "$GNU_TIME" ] || die "GNU time ($GNU_TIME) is missing: apt-get install -y time"
if [ "$BRIAN2_ONLY" = 0 ]; then
    [ -x "$SNNC" ] || die "snnc compiler not found at '$SNNC' -- build it first (make), \
or set SNNC=/path/to/snnc, or use --brian2-only"
    for m in $MODELS; do
        [ -f "$MODEL_DIR/$m.snn" ] || die "model file '$MODEL_DIR/$m.snn' not found"
    done
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/snnc-bench.XXXXXX")
cleanup() { if [ "$KEEP" = 1 ]; then echo "scratch directory kept: $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
RAW=$TMP/raw.jsonl
: > "$RAW"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }

# Python helpers (record one measurement / print the report).
helper() {
    "$PY" - "$@" <<'PYEOF'
import json, statistics, sys

N_EXC, N_INH = 3200, 800

def collect_rates(obj, sim_t, prefix='', out=None):
    """Every dict that looks like a population (has rate_hz, or spikes+size)
    anywhere in run.json, keyed by its (prefixed) name."""
    if out is None:
        out = {}
    if isinstance(obj, list):
        for x in obj:
            collect_rates(x, sim_t, prefix, out)
    elif isinstance(obj, dict):
        name = obj.get('name')
        full = prefix
        if isinstance(name, str):
            full = name if (not prefix or name.startswith(prefix + '.')) else prefix + '.' + name
        rate = obj.get('rate_hz')
        if rate is None and 'spikes' in obj and obj.get('size'):
            rate = obj['spikes'] / obj['size'] / sim_t
        if rate is not None:
            key = full or f'pop{len(out)}'
            out[key] = {'rate_hz': float(rate), 'size': obj.get('size'),
                        'spikes': obj.get('spikes')}
        for k, v in obj.items():
            if isinstance(v, (list, dict)):
                collect_rates(v, sim_t, full, out)
    return out

def classify(name, size, n_entries):
    last = name.lower().replace('/', '.').split('.')[-1]
    if 'exc' in last or last == 'e':
        return 'exc'
    if 'inh' in last or last == 'i':
        return 'inh'
    if size == N_EXC + N_INH or n_entries == 1:
        return 'all'
    return None

def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None

def fmt(x, spec):
    return '-' if x is None else format(x, spec)

def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b

mode = sys.argv[1]

if mode == 'snnc-record':
    raw, model, rep, build_s, run_s, rss, run_json, sim_t = sys.argv[2:10]
    sim_t = float(sim_t)
    try:
        with open(run_json) as f:
            data = json.load(f)
        rates = collect_rates(data.get('populations', data), sim_t)
    except (OSError, ValueError) as e:
        sys.exit(f'bench/run.sh: cannot read rates from {run_json}: {e}')
    if not rates:
        sys.exit(f'bench/run.sh: no population rates found in {run_json}')
    rec = dict(side='snnc', model=model, rep=int(rep), build_s=float(build_s),
               run_s=float(run_s), peak_rss_kb=int(rss), rates=rates)
    with open(raw, 'a') as f:
        f.write(json.dumps(rec) + '\n')

elif mode == 'brian2-record':
    raw, model, rep, threads, log = sys.argv[2:7]
    with open(log) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    try:
        res = json.loads(lines[-1])
    except (IndexError, ValueError):
        sys.exit(f'bench/run.sh: brian2_va.py printed no JSON result (see {log})')
    re_, ri = res['rate_exc_hz'], res['rate_inh_hz']
    rates = {'exc': {'rate_hz': re_, 'size': N_EXC},
             'inh': {'rate_hz': ri, 'size': N_INH},
             'all': {'rate_hz': (N_EXC * re_ + N_INH * ri) / (N_EXC + N_INH),
                     'size': N_EXC + N_INH}}
    rec = dict(side='brian2', model=model, rep=int(rep), threads=int(threads),
               build_s=res['build_s'], run_s=res['run_s'],
               peak_rss_kb=res['peak_rss_kb'], rates=rates, detail=res)
    with open(raw, 'a') as f:
        f.write(json.dumps(rec) + '\n')

elif mode == 'report':
    raw, models, sim_t, json_out = sys.argv[2], sys.argv[3].split(), sys.argv[4], sys.argv[5]
    threads = [int(n) for n in sys.argv[6].split()]
    recs = [json.loads(l) for l in open(raw) if l.strip()]

    def medians(rs, extra=()):
        """Medians over the runs *rs* of one side (and one Brian2 configuration)."""
        if not rs:
            return None
        names = sorted({n for r in rs for n in r['rates']})
        d = {
            'n': len(rs),
            'build_s': median([r['build_s'] for r in rs]),
            'run_s': median([r['run_s'] for r in rs]),
            'peak_rss_kb': median([r['peak_rss_kb'] for r in rs]),
            'rates': {n: median([r['rates'].get(n, {}).get('rate_hz') for r in rs])
                      for n in names},
            'sizes': {n: next((r['rates'][n].get('size') for r in rs if n in r['rates']), None)
                      for n in names},
        }
        for k in extra:
            d[k] = median([r['detail'].get(k) for r in rs])
        return d

    # summary[m]['brian2'] is Brian2's fastest configuration (lowest median run
    # time), which the ratios use; every configuration is kept under
    # 'brian2_threads'; 'brian2_all' pools the runs of all of them, for rates.
    summary = {}
    for m in models:
        mine = lambda side: [r for r in recs if r['model'] == m and r['side'] == side]
        s = {'snnc': medians(mine('snnc'))}
        by = {}
        for t in threads:
            d = medians([r for r in mine('brian2') if r.get('threads', 1) == t],
                        ('codegen_s', 'compile_s', 'run_net_s', 'import_s'))
            if d:
                d['threads'] = t
                d['method'] = next(r['detail'].get('method') for r in mine('brian2'))
                by[str(t)] = d
        s['brian2_threads'] = by
        s['brian2'] = min(by.values(), key=lambda d: d['run_s']) if by else None
        s['brian2_all'] = medians(mine('brian2'))
        summary[m] = s

    tlabel = lambda t: f'{t}t'
    print()
    n_runs = max((v['n'] for s in summary.values() for v in [s['snnc']] + list(s['brian2_threads'].values()) if v),
                 default=0)
    print(f'snnc vs Brian2 cpp_standalone '
          f'-- {sim_t} s simulated, medians of {n_runs} run(s) per side and configuration')
    hdr = (('model', 'b2 method', 'snnc build', 'b2 build', 'build b2/snnc', 'snnc run')
           + tuple(f'b2 run {tlabel(t)}' for t in threads)
           + ('run b2/snnc', 'snnc RSS MB', 'b2 RSS MB'))
    rows = []
    for m, s in summary.items():
        a, b, by = s['snnc'], s['brian2'], s['brian2_threads']
        g = lambda d, k: d[k] if d else None
        # fastest build and fastest run, each over Brian2's configurations
        b_build = min((d['build_s'] for d in by.values()), default=None)
        runs = []
        for t in threads:
            d = by.get(str(t))
            star = '*' if d is b and len(by) > 1 else ''
            runs.append(fmt(g(d, 'run_s'), '.3f') + star)
        rows.append((m, g(b, 'method') or '-',
                     fmt(g(a, 'build_s'), '.3f'), fmt(b_build, '.3f'),
                     fmt(ratio(b_build, g(a, 'build_s')), '.2f'),
                     fmt(g(a, 'run_s'), '.3f'), *runs,
                     fmt(ratio(g(b, 'run_s'), g(a, 'run_s')), '.2f'),
                     fmt(g(a, 'peak_rss_kb') and g(a, 'peak_rss_kb') / 1024, '.1f'),
                     fmt(g(b, 'peak_rss_kb') and g(b, 'peak_rss_kb') / 1024, '.1f')))
    widths = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    line = lambda r: '  '.join(str(c).rjust(w) for c, w in zip(r, widths))
    print(line(hdr))
    print('  '.join('-' * w for w in widths))
    for r in rows:
        print(line(r))

    print()
    print('firing rates (Hz, medians; Brian2 over the runs of all its configurations); '
          'diff = (snnc - Brian2) / Brian2')
    hdr2 = ('model', 'snnc population', 'size', 'snnc Hz', 'b2 group', 'b2 Hz', 'diff %')
    rows2 = []
    for m, s in summary.items():
        a, b = s['snnc'], s['brian2_all']
        if a is None:
            for n in ('exc', 'inh'):
                rows2.append((m, '-', '-', '-', n, fmt(b['rates'][n], '.3f'), '-'))
            continue
        for n, rate in a['rates'].items():
            cls = classify(n, a['sizes'].get(n), len(a['rates']))
            bref = b['rates'].get(cls) if (b and cls) else None
            diff = None if bref in (None, 0) or rate is None else 100.0 * (rate - bref) / bref
            rows2.append((m, n, a['sizes'].get(n) or '-', fmt(rate, '.3f'),
                          cls or '?', fmt(bref, '.3f'), fmt(diff, '+.1f')))
    widths2 = [max(len(str(r[i])) for r in rows2 + [hdr2]) for i in range(len(hdr2))]
    line2 = lambda r: '  '.join(str(c).rjust(w) for c, w in zip(r, widths2))
    print(line2(hdr2))
    print('  '.join('-' * w for w in widths2))
    for r in rows2:
        print(line2(r))

    print()
    print('Brian2 build split (medians): ' + '; '.join(
        f'{m} {tlabel(d["threads"])}: codegen {fmt(d["codegen_s"], ".2f")} s + compile '
        f'{fmt(d["compile_s"], ".2f")} s, in-binary network run '
        f'{fmt(d["run_net_s"], ".3f")} s'
        for m, s in summary.items() for d in s['brian2_threads'].values()))
    print('times in seconds; run = wall time of the simulation binary; '
          'RSS = GNU time %M of the binary')
    print(f'Brian2 {" / ".join(tlabel(t) for t in threads)} = OpenMP threads '
          f'(1t: built without OpenMP); the snnc binary uses its default threads '
          f'(one per 20,000 neurons, at most one per core); b2/snnc uses Brian2\'s fastest build and fastest run '
          f'(run marked *), b2 RSS is that of the fastest run')
    if json_out:
        with open(json_out, 'w') as f:
            json.dump({'sim_time_s': float(sim_t), 'medians': summary, 'raw': recs}, f, indent=1)
        print(f'raw data written to {json_out}')
PYEOF
}

run_snnc() {   # model rep
    local m=$1 rep=$2 bin=$TMP/$1 out=$TMP/out_$1 t0 t1 t2 t3 rss
    rm -rf "$bin" "$out"
    t0=$(now)
    if ! "$SNNC" "$MODEL_DIR/$m.snn" -o "$bin" > "$TMP/snnc_build_$m.log" 2>&1; then
        tail -n 20 "$TMP/snnc_build_$m.log" >&2
        die "snnc failed to compile $MODEL_DIR/$m.snn"
    fi
    t1=$(now)
    [ -x "$bin" ] || die "snnc produced no executable at $bin"
    t2=$(now)
    if ! "$GNU_TIME" -f %M -o "$TMP/rss_$m" "$bin" --out "$out" --set "sim.time=${SIM_T}s" --quiet \
            > "$TMP/snnc_run_$m.log" 2>&1; then
        tail -n 20 "$TMP/snnc_run_$m.log" >&2
        die "the snnc-built $m binary failed"
    fi
    t3=$(now)
    rss=$(tail -n 1 "$TMP/rss_$m")
    helper snnc-record "$RAW" "$m" "$rep" "$(elapsed "$t0" "$t1")" "$(elapsed "$t2" "$t3")" \
        "$rss" "$out/run.json" "$SIM_T"
    echo "  [$m rep $rep] snnc:   build $(elapsed "$t0" "$t1") s, run $(elapsed "$t2" "$t3") s, RSS $rss kB"
}

run_brian2() {   # model rep threads
    local m=$1 rep=$2 t=$3 tag=b2_$1_t$3 args=()
    args=(--model "$m" --time "$SIM_T" --dir "$TMP/$tag" --threads "$t")
    [ -n "$SEED" ] && args+=(--seed "$SEED")
    [ "$m" = coba ] && [ -n "$METHOD" ] && args+=(--method "$METHOD")
    if ! "$PY" "$ROOT/bench/brian2_va.py" "${args[@]}" > "$TMP/$tag.log" 2> "$TMP/$tag.err"; then
        tail -n 20 "$TMP/$tag.err" "$TMP/$tag.log" >&2
        die "brian2_va.py failed for $m with $t thread(s)"
    fi
    helper brian2-record "$RAW" "$m" "$rep" "$t" "$TMP/$tag.log"
    echo "  [$m rep $rep] brian2: $(grep '^# brian2' "$TMP/$tag.log" | sed 's/^# brian2 [a-z]* \(([^)]*)\), [0-9.]* s simulated:/\1/')"
}

echo "snnc benchmark: models '$MODELS', ${SIM_T} s simulated, $REPS repetition(s)," \
     "Brian2 with $B2_THREADS thread(s), scratch $TMP"
[ "$BRIAN2_ONLY" = 1 ] && echo "(--brian2-only: snnc side skipped)"
B2_REVERSED=$(printf '%s\n' $B2_THREADS | tac | paste -sd ' ')
for m in $MODELS; do
    for rep in $(seq 1 "$REPS"); do
        # alternate the order to spread out drift (thermal, caches): odd
        # repetitions run snnc first and then Brian2 by thread count, even ones
        # the reverse
        if [ $((rep % 2)) = 1 ]; then
            [ "$BRIAN2_ONLY" = 1 ] || run_snnc "$m" "$rep"
            for t in $B2_THREADS; do run_brian2 "$m" "$rep" "$t"; done
        else
            for t in $B2_REVERSED; do run_brian2 "$m" "$rep" "$t"; done
            [ "$BRIAN2_ONLY" = 1 ] || run_snnc "$m" "$rep"
        fi
    done
done

helper report "$RAW" "$MODELS" "$SIM_T" "$JSON_OUT" "$B2_THREADS"
