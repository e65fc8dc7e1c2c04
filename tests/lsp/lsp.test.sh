#!/bin/sh
# tests/lsp/lsp.test.sh: snnc lsp driven by a scripted client (client.py):
# initialize, didOpen/didChange with diagnostics compared to snnc --check,
# hover, definition, completion, 30 errors in under 100 ms, malformed
# messages, shutdown/exit.  One PASS/FAIL line per check.
. tests/lib.sh
"$PY" tests/lsp/client.py "$SNNC" "$T" "$ROOT" || fail "lsp client" "exit status $?"
