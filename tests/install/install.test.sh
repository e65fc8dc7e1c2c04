# make install into a scratch root (DESTDIR), then the installed snnc used as a
# user would: in a folder outside the checkout, with no SNNC_ROOT/SNNC_LIBDIR,
# it finds its stdlib, headers and libraries beside itself (compiler/paths.c),
# also after the tree was moved; the executable and the tools name their
# version; the installed files carry no path of the checkout; make uninstall
# leaves nothing behind.
. tests/lib.sh
unset SNNC_ROOT SNNC_LIBDIR
# a make of its own (not a part of the make running the suite)
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$T/d" PREFIX=/opt/snnc "$@"; }
mk install >"$T/install.log" 2>&1
check install-make "$(tail -5 "$T/install.log")" test $? = 0
I=$T/d/opt/snnc
missing=
for f in bin/snnc bin/snn-audio bin/snn-plot lib/snnc/libsnnrt.a lib/snnc/libsnnrt_mpi.a \
    share/snnc/stdlib/neurons.snn share/man/man1/snnc.1 share/man/man1/snn-run.1 share/doc/snnc/LICENSE \
    lib/python$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages/snnc/__init__.py; do
    [ -e "$I/$f" ] || missing="$missing $f"
done
# every header of the runtime: snn.h, what it includes, what the generated C includes
for h in "$ROOT"/runtime/*.h; do
    [ -e "$I/include/snnc/${h##*/}" ] || missing="$missing include/snnc/${h##*/}"
done
check install-files "not installed:$missing" test -z "$missing"
check install-no-checkout-path "$(grep -rlF "$ROOT" "$I" | head -3)" sh -c "! grep -rqF '$ROOT' '$I'"

version=$(cat "$ROOT/VERSION")
mkdir "$T/work" && cp "$ROOT/models/coba.snn" "$T/work/" && cd "$T/work" || exit 1
"$I/bin/snnc" --version >v.out
check install-snnc-version "$(cat v.out)" grep -qx "snnc $version (rev [0-9a-z-]*)" v.out
rev=$(sed 's/.*(rev \(.*\))/\1/' v.out)
"$I/bin/snnc" --help >help.out
check install-help-stdlib "$(tail -3 help.out)" grep -qxF "  $(cd "$I/share/snnc/stdlib" && pwd -P)" help.out
"$I/bin/snnc" -v coba.snn 2>cc.out
check install-compiles "$(cat cc.out)" test -x coba
check install-links-installed "$(cat cc.out)" sh -c "grep -qF -- '$I/lib/snnc/libsnnrt.a' cc.out && ! grep -qF -- '$ROOT' cc.out"
./coba --version >cv.out
check install-exe-version "$(cat cv.out)" grep -qxF "coba (built by snnc $version rev $rev from coba.snn)" cv.out
./coba --help | head -1 >usage.out
check install-exe-usage "$(cat usage.out)" grep -qx "usage: coba \[options\]" usage.out
./coba --frobnicate 2>bad.out
refusal install-exe-error $? bad.out "coba: error: unknown option '--frobnicate'"
./coba --quiet --out o --set sim.time=20ms
check install-exe-runs "run.json: $(head -c 300 o/run.json)" "$PY" -c "
import json; j = json.load(open('o/run.json'))
assert j['complete'] and j['snnc_version'] == '$version' and j['snnc_revision'] == '$rev', j"
"$I/bin/snn-audio" --version >a.out
check install-audio-version "$(cat a.out)" grep -qxF "snn-audio $version (rev $rev)" a.out
"$I/bin/snn-plot" --version >p.out 2>&1
check install-plot-version "$(cat p.out)" grep -qxF "snn-plot $version" p.out
# the installed package reads the run, and the installed snn-plot draws it, with
# no path into the checkout; under /usr/local, the folder is on python3's own path
pyv=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PYTHONPATH=$I/lib/python$pyv/dist-packages "$PY" -c "
import snnc, sys
assert snnc.__file__.startswith('$I/'), snnc.__file__
r = snnc.load('o')
assert r.spikes['net'].counts().sum() == sum(p['spikes'] for p in r.meta['populations'] if p['name'] == 'net')
assert snnc.__version__ == '$version'" >py.out 2>&1
check install-python-loads "$(tail -3 py.out)" test $? = 0
"$I/bin/snn-plot" o --out o.png >pl.out 2>&1
check install-plot-draws "$(tail -3 pl.out)" test -s o.png
check install-python-path "/usr/local/lib/python$pyv/dist-packages is not on $PY's path" \
    "$PY" -c "import sys; sys.exit('/usr/local/lib/python$pyv/dist-packages' not in sys.path)"

# the tree moved elsewhere still works: nothing of where it was installed is kept
cp -a "$I" "$T/moved"
"$T/moved/bin/snnc" -v --force coba.snn -o moved 2>mv.out
check install-moved "$(cat mv.out)" sh -c "[ -x moved ] && grep -qF -- '$T/moved/include/snnc' mv.out"

# snnc alone, with neither layout around it: one line naming what is missing
mkdir "$T/lone" && cp "$I/bin/snnc" "$T/lone/"
"$T/lone/snnc" coba.snn 2>lone.out
refusal install-lone-snnc $? lone.out "snnc: error: cannot find the stdlib: snnc in $T/lone is neither installed"

mk uninstall >"$T/uninstall.log" 2>&1
check install-uninstall "left: $(find "$T/d" -type f | head -5) $(tail -3 "$T/uninstall.log")" \
    sh -c "[ -z \"\$(find '$T/d' -type f)\" ]"
