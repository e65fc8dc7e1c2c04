#!/bin/sh
# deps.sh PKG...: make sure the Debian packages the project needs are present.
# As root, missing ones are installed; otherwise the exact command is printed
# and the build stops, so a fresh machine fails early with one clear line.
# PKG:COMMAND is present when COMMAND is on PATH, whichever package brought it:
# Node.js from another source (its nodejs package includes npm) must not have
# Debian's npm installed over it.
missing=""
for arg in "$@"; do
    p=${arg%%:*}
    if [ "$p" != "$arg" ] && command -v "${arg#*:}" >/dev/null 2>&1; then
        continue
    fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y$missing"
if [ "$(id -u)" = 0 ]; then
    echo "  DEPS    installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    (apt-get install -y -qq $missing >/dev/null 2>&1 ||
        { apt-get update -qq && apt-get install -y -qq $missing; }) || {
        echo "error: could not install:$missing (try: apt-get update && $cmd)" >&2
        exit 1
    }
else
    echo "error: missing Debian packages:$missing" >&2
    echo "  run as root: apt-get update && $cmd" >&2
    exit 1
fi
