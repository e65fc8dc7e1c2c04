# tools/eq22.c (Eq. 22 prediction for sim 3 of Legenstein et al. 2008) against
# the reference table of /work/shared/reference/legenstein2008.md §2.3.
#   Compiles the tool with the project's strict warning flags, runs it with
#   --tsv and checks, for each of the 6 experiments of Table 1:
#     T_e (optimal kernel offset)   within 0.1 ms
#     R_post, R*                    within 1 % relative
#     predicted dw/(w_max/2) for w* = w_max and w* = 0
#                                   within max(2 % relative, 0.005 absolute)
#     the sign of each of the 12 predictions (wrong-signed: exps 3, 5 for
#     w* = w_max and exps 2, 6 for w* = 0; the tool must mark them WRONG).
#   Also: the R_base = 5 Hz code-quirk variant quoted at the end of §2.3
#   (exp 1 +0.291 / -0.071, exp 6 weak -0.005, exps 2 and 4 unchanged), same
#   tolerances; --exp N prints exactly row N; bad arguments exit with 2.
. tests/lib.sh
CCFLAGS="-std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -D_POSIX_C_SOURCE=200809L"
# shellcheck disable=SC2086
if ! cc $CCFLAGS tools/eq22.c -lgsl -lgslcblas -lm -o "$T/eq22" 2>"$T/cc.err"; then
    fail eq22-compile "$(cat "$T/cc.err")"
    exit 0
fi
pass eq22-compile
if ! "$T/eq22" --tsv >"$T/table.tsv" 2>"$T/run.err"; then
    fail eq22-run "$(cat "$T/run.err")"
    exit 0
fi
if ! "$T/eq22" --tsv --rbase 5 >"$T/rbase5.tsv" 2>"$T/run5.err"; then
    fail eq22-run-rbase5 "$(cat "$T/run5.err")"
    exit 0
fi
for n in 1 2 3 4 5 6; do
    "$T/eq22" --tsv --exp $n >"$T/exp$n.tsv" 2>/dev/null || echo "exit $?" >"$T/exp$n.tsv"
done
"$PY" - "$T" <<'PYEOF' || fail eq22-check "python check crashed"
import sys
T = sys.argv[1]

def res(name, ok, why):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))

def load(path):
    lines = open(path).read().splitlines()
    head = lines[0].split('\t')
    return {int(r['exp']): r for r in (dict(zip(head, l.split('\t'))) for l in lines[1:])}

# reference table of §2.3: exp: (T_e ms, R_post Hz, R*, strong, weak)
REF = {1: (6.6, 13.6, 3.96, +0.342, -0.228),
       2: (4.9, 11.0, 6.6, +0.746, +0.137),
       3: (11.9, 9.0, 3.3, -0.145, -0.492),
       4: (4.8, 11.0, 6.6, +0.513, -0.665),
       5: (6.2, 10.5, 4.95, -0.279, -0.563),
       6: (12.3, 4.5, 1.58, +0.206, +0.002)}
# quirk variant (R_base = 5 Hz), values quoted at the end of §2.3
REF5 = {1: (+0.291, -0.071), 6: (None, -0.005),
        2: (+0.746, +0.137), 4: (+0.513, -0.665)}

def pred_ok(got, want):
    return abs(got - want) <= max(0.02 * abs(want), 0.005)

tab = load(T + '/table.tsv')
res('eq22-six-rows', sorted(tab) == [1, 2, 3, 4, 5, 6], 'rows %s' % sorted(tab))
for e, (te, rpost, rstar, strong, weak) in REF.items():
    r = tab.get(e)
    if r is None:
        res('eq22-exp%d' % e, False, 'row missing')
        continue
    g = {k: float(r[k]) for k in ('te_ms', 'rpost_hz', 'rstar_hz', 'strong', 'weak')}
    print('exp %d: T_e %.1f ms (ref %.1f), R_post %.4g (ref %.4g), R* %.4g (ref %.4g), '
          'strong %+.4f (ref %+.3f), weak %+.4f (ref %+.3f)'
          % (e, g['te_ms'], te, g['rpost_hz'], rpost, g['rstar_hz'], rstar,
             g['strong'], strong, g['weak'], weak))
    res('eq22-exp%d-te' % e, abs(g['te_ms'] - te) <= 0.1 + 1e-9, 'T_e %g ms, reference %g' % (g['te_ms'], te))
    res('eq22-exp%d-rpost' % e, abs(g['rpost_hz'] - rpost) <= 0.01 * rpost, 'R_post %g, reference %g' % (g['rpost_hz'], rpost))
    res('eq22-exp%d-rstar' % e, abs(g['rstar_hz'] - rstar) <= 0.01 * rstar, 'R* %g, reference %g' % (g['rstar_hz'], rstar))
    res('eq22-exp%d-strong' % e, pred_ok(g['strong'], strong), 'strong %g, reference %g' % (g['strong'], strong))
    res('eq22-exp%d-weak' % e, pred_ok(g['weak'], weak), 'weak %g, reference %g' % (g['weak'], weak))
    # learning works if strong > 0 and weak < 0; the tool's marks must agree
    for col, val, want_pos in (('strong', strong, True), ('weak', weak, False)):
        got = g[col]
        res('eq22-exp%d-%s-sign' % (e, col), (got > 0) == (val > 0) and got != 0,
            '%s %g has the wrong sign (reference %g)' % (col, got, val))
        mark = 'ok' if (val > 0) == want_pos else 'WRONG'
        res('eq22-exp%d-%s-mark' % (e, col), r[col + '_sign'] == mark,
            'marked %s, expected %s' % (r[col + '_sign'], mark))
wrong = sorted((e, c) for e, r in tab.items() for c in ('strong', 'weak') if r[c + '_sign'] == 'WRONG')
res('eq22-four-wrong-signs', wrong == [(2, 'weak'), (3, 'strong'), (5, 'strong'), (6, 'weak')],
    'WRONG marks on %s' % wrong)

q = load(T + '/rbase5.tsv')
for e, (strong, weak) in REF5.items():
    r = q.get(e)
    if r is None:
        res('eq22-rbase5-exp%d' % e, False, 'row missing')
        continue
    print('R_base 5 Hz, exp %d: R_base %s, strong %+.4f (ref %s), weak %+.4f (ref %+.3f)'
          % (e, r['rbase_hz'], float(r['strong']), strong, float(r['weak']), weak))
    res('eq22-rbase5-exp%d-rbase' % e, float(r['rbase_hz']) == 5.0, 'R_base %s' % r['rbase_hz'])
    if strong is not None:
        res('eq22-rbase5-exp%d-strong' % e, pred_ok(float(r['strong']), strong), 'strong %s, reference %g' % (r['strong'], strong))
    res('eq22-rbase5-exp%d-weak' % e, pred_ok(float(r['weak']), weak) and (float(r['weak']) > 0) == (weak > 0),
        'weak %s, reference %g' % (r['weak'], weak))

for e in range(1, 7):
    one = open(T + '/exp%d.tsv' % e).read().splitlines()
    full = open(T + '/table.tsv').read().splitlines()
    row = [l for l in full[1:] if l.split('\t')[1] == str(e)]
    res('eq22-option-exp%d' % e, one[:1] == full[:1] and one[1:] == row, '--exp %d printed %r' % (e, one))
PYEOF
# bad arguments: NAME:ARGS (ARGS split on spaces)
for case in exp-range:"--exp 7" exp-nan:"--exp x" rbase-negative:"--rbase -1" \
    dt-not-dividing:"--dt 3e-5" unknown:"--bogus" missing-value:"--rbase"; do
    name=${case%%:*}
    args=${case#*:}
    # shellcheck disable=SC2086
    "$T/eq22" $args >/dev/null 2>&1
    st=$?
    check "eq22-rejects-$name" "'eq22 $args' exit status $st, expected 2" [ $st = 2 ]
done
