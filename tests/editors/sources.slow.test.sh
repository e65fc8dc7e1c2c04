#!/bin/sh
# tests/editors/sources.slow.test.sh: the VS Code grammar against the compiler's
# scanner (tests/editors/tokenize.js --snnc) on every other .snn the project
# has: each test input that scans without an error and each ```snn example of
# docs/language.md.  make test does models/, stdlib/ and tests/syntax/tokens.snn
# (grammar.test.sh); these are some 240 files more (15 s on 2 cores).
. tests/lib.sh

mods=$BUILD/editors-test/node_modules
[ -d "$mods" ] || mods=$ROOT/build/editors-test/node_modules
if [ ! -d "$mods/vscode-textmate" ]; then
    skip "editors sources" "npm packages not installed in $BUILD/editors-test (make editors-deps)"
    exit 0
fi
DOC=docs/language.md
. tests/docs/split.sh
for f in tests/*/*.snn "$T"/ex_*/model.snn; do
    "$SNNC" --dump-tokens "$f" >/dev/null 2>&1 && echo "$f"
done >"$T/files"
SNN_NODE_MODULES=$mods xargs node tests/editors/tokenize.js --snnc "$SNNC" <"$T/files" >"$T/out" 2>&1
count=$(wc -l <"$T/files")
if grep -q '^FAIL' "$T/out" || [ "$(grep -c '^PASS lexer' "$T/out")" != "$count" ]; then
    grep -v '^PASS' "$T/out" | head -20
    fail "editors sources" "the grammar disagrees with the scanner (above)"
elif [ "$count" -lt 200 ]; then
    fail "editors sources" "only $count files scanned without an error"
else
    pass "editors grammar agrees with the scanner on $count more files"
fi
