#!/bin/sh
# tools/install.sh install|uninstall DEST BUILD PREFIX: make install and make uninstall.
#
# The one list of what snnc installs where, DEST being $(DESTDIR)$(PREFIX).  The
# layout is the one compiler/paths.c looks for beside DEST/bin/snnc, so the tree
# works wherever it ends up (under a DESTDIR, or moved).  uninstall removes the
# files put into shared folders one by one and snnc's own folders whole.
set -eu
mode=$1
dest=$2
build=$3
prefix=${4:-}
case $mode in install | uninstall) ;; *) echo "usage: $0 install|uninstall DEST BUILD PREFIX" >&2; exit 2 ;; esac
[ -n "$dest" ] || { echo "$0: empty destination (PREFIX)" >&2; exit 2; }
cd "$(dirname "$0")/.."

# put MODE FOLDER FILE...: install FILE into DEST/FOLDER (or remove it from there)
put() {
    m=$1
    dir=$2
    shift 2
    for f; do
        if [ "$mode" = install ]; then
            install -D -m "$m" "$f" "$dest/$dir/${f##*/}"
        else
            rm -f "$dest/$dir/${f##*/}"
        fi
    done
}

# tree MODE SRC FOLDER: every file under SRC, at the same relative path under DEST/FOLDER
tree() {
    (cd "$2" && find . -name __pycache__ -prune -o -type f -print) | while read -r f; do
        put "$1" "$3/${f%/*}" "$2/$f"
    done
}

# the Python package where Debian's /usr/bin/python3 looks: /usr/lib/python3/dist-packages
# under /usr, PREFIX/lib/python3.X/dist-packages elsewhere (/usr/local's is on its path)
if [ "$prefix" = /usr ]; then
    py=lib/python3/dist-packages
else
    py=lib/python$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages
fi
put 755 bin "$build/snnc" "$build/snn-audio" python/snn-plot
put 644 share/man/man1 man/*.1
[ -d editors/vim ] && tree 644 editors/vim share/vim/vimfiles
if [ "$mode" = uninstall ]; then
    rm -rf "$dest/lib/snnc" "$dest/include/snnc" "$dest/share/snnc" "$dest/share/doc/snnc" \
        "$dest/$py/snnc"
    exit 0
fi
put 644 lib/snnc "$build/libsnnrt.a" "$build/libsnnrt_mpi.a"
put 644 include/snnc runtime/*.h # snn.h and all it includes, for the generated C
put 644 share/snnc/stdlib stdlib/*.snn
put 644 share/doc/snnc README.md LICENSE docs/*.md
tree 644 python/snnc "$py/snnc"
put 644 "$py/snnc" VERSION # the package's __version__
[ -d editors/vscode ] && tree 644 editors/vscode share/snnc/editors/vscode
exit 0
