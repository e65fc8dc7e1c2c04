#!/bin/sh
# tests/editors/grammar.test.sh: the editor support of editors/ (docs/editors.md).
#  - The VS Code grammar (editors/vscode) on every file of models/ and stdlib/,
#    run by the engine VS Code uses (tests/editors/tokenize.js): its tokens
#    agree with the compiler's own scanner (snnc --dump-tokens), and its scope
#    list is the golden tests/editors/golden/FILE.scopes.  A file without a
#    golden fails, and so does a golden without its file.  The scanner check
#    runs on tests/syntax/tokens.snn too (every kind of token), and in the slow
#    tier on every other .snn of the project (sources.slow.test.sh).
#  - tests/editors/probes.snn: scopes stated one by one (a unit after a number
#    is a unit, a keyword a keyword, a comment a comment, a declared name its
#    kind), which goldens alone could bless wrongly.
#  - The Vim files (editors/vim) in a headless Vim: filetype, syntax groups,
#    and every model and stdlib file loads without an error.
# To regenerate the goldens after a deliberate grammar change, and review them:
#   make editors-deps
#   node tests/editors/tokenize.js --out tests/editors/golden models/*.snn stdlib/*.snn
# The npm packages are installed by make (make editors-deps, a prerequisite of
# make test) into $BUILD/editors-test; nothing here uses the network.
. tests/lib.sh

mods=$BUILD/editors-test/node_modules
[ -d "$mods" ] || mods=$ROOT/build/editors-test/node_modules
if ! command -v node >/dev/null 2>&1; then
    fail "editors grammar" "no node (make deps installs Debian's nodejs)"
elif [ ! -d "$mods/vscode-textmate" ]; then
    # a build folder of its own (make asan, make mutate) that did not install them
    skip "editors grammar" "npm packages not installed in $BUILD/editors-test (make editors-deps)"
else
    export SNN_NODE_MODULES="$mods"
    # tests/syntax/tokens.snn: every kind of token the scanner has
    node tests/editors/tokenize.js --out "$T/scopes" --snnc "$SNNC" models/*.snn stdlib/*.snn tests/syntax/tokens.snn
    node tests/editors/tokenize.js --probe tests/editors/probes.snn
    for f in models/*.snn stdlib/*.snn; do
        want=tests/editors/golden/$f.scopes
        if [ ! -f "$want" ]; then
            fail "golden $f" "no $want (regenerate: see tests/editors/grammar.test.sh)"
        elif cmp -s "$want" "$T/scopes/$f.scopes"; then
            pass "golden $f"
        else
            fail "golden $f" "$(diff "$want" "$T/scopes/$f.scopes" | head -6 | tr '\n' ' ')"
        fi
    done
    for g in tests/editors/golden/*/*.scopes; do
        src=${g#tests/editors/golden/}
        src=${src%.scopes}
        [ -f "$src" ] || fail "golden $src" "$g is left from a file that is gone"
    done
fi

if ! command -v vim >/dev/null 2>&1; then
    fail "editors vim" "no vim (make deps installs Debian's vim)"
else
    VIM_CHECK_OUT=$T/vim.out timeout 60 vim -Nu NONE -i NONE -es \
        --cmd "set rtp^=$ROOT/editors/vim" --cmd 'filetype plugin on' --cmd 'syntax on' \
        -S tests/editors/vim_check.vim models/*.snn stdlib/*.snn >"$T/vim.log" 2>&1
    if [ -s "$T/vim.out" ]; then
        cat "$T/vim.out"
    else
        fail "editors vim" "vim wrote no results: $(head -c 300 "$T/vim.log")"
    fi
fi
