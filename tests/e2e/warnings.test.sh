# Warnings do not stop a build: an unused modulator and a rule that changes w
# without bounds are reported (with file:line:col and a caret), and snnc exits 0.
. tests/lib.sh
"$SNNC" --check tests/e2e/warnings.snn 2>"$T/err"
check warnings-exit-0 "exit status $? for a model with warnings only" test $? = 0
check warning-unused-modulator "$(cat "$T/err")" grep -q "warnings.snn:9:11: warning: modulator 'rw' is not used by any plasticity rule" "$T/err"
check warning-unbounded-weight "$(cat "$T/err")" grep -q "warnings.snn:5:12: warning: rule 'grow' changes w without bounds" "$T/err"
