# The man pages render without a groff warning and list exactly the options the
# programs' --help lists: snnc(1) those of compiler/main.c, snn-run(1) those of
# an executable (runtime/cli.c).  An option added to one side only fails here.
. tests/lib.sh
cd "$T" || exit 1
for page in snnc snn-run; do
    groff -man -Tutf8 -ww -z "$ROOT/man/$page.1" 2>"$page.warn"
    st=$?
    check "man-$page-renders" "groff status $st: $(head -5 "$page.warn")" test ! -s "$page.warn" -a $st = 0
done
printf 'import "stdlib/neurons.snn"\npopulation p = 1 poisson(rate = 1 Hz)\nexperiment { time 1 ms }\n' >tiny.snn
build tiny.snn ./tiny || exit 0
"$SNNC" --help >snnc.help
./tiny --help >snn-run.help
# options: the "  -x" / "  --name" at the start of a --help line; the tags of
# the man page's .TP items (\-x, \-\-name)
for page in snnc snn-run; do
    "$PY" - "$page.help" "$ROOT/man/$page.1" >"$page.diff" <<'PYEOF'
import re, sys
helped = set()
for line in open(sys.argv[1]):
    m = re.match(r'  (-[A-Za-z]|--[a-z][a-z-]*)(, (--[a-z][a-z-]*))?', line)
    if m:
        helped.update(x for x in (m.group(1), m.group(3)) if x)
lines = open(sys.argv[2]).read().split('\n')
sections = [i for i, l in enumerate(lines) if l.startswith('.SH')]
opts = [i for i in sections if lines[i] == '.SH OPTIONS'][0]
end = min(i for i in sections if i > opts)
paged = set()
for i in range(opts, end):
    if lines[i] == '.TP':
        paged.update(o.replace('\\-', '-') for o in re.findall(r'(?:\\-){1,2}[A-Za-z][a-z\\-]*', lines[i + 1]))
for o in sorted(helped - paged):
    print('not in the man page:', o)
for o in sorted(paged - helped):
    print('not in --help:', o)
if not helped:
    print('no option found in --help')
PYEOF
    check "man-$page-options" "$(cat "$page.diff")" test ! -s "$page.diff"
done
