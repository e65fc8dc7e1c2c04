# Warnings do not stop a build: an unused modulator and a rule that changes w
# without bounds are reported (with file:line:col and a caret), and snnc exits 0.
# The rule is reported once, however many projections use it.
. tests/lib.sh
"$SNNC" --check tests/e2e/warnings.snn 2>"$T/err"
check warnings-exit-0 "exit status $? for a model with warnings only" test $? = 0
check warning-unused-modulator "$(cat "$T/err")" grep -q "warnings.snn:10:11: warning: modulator 'rw' is not used by any plasticity rule" "$T/err"
check warning-unbounded-weight "$(cat "$T/err")" grep -q "warnings.snn:6:12: warning: rule 'grow' changes w without bounds" "$T/err"
check warning-once-per-rule "$(cat "$T/err")" test "$(grep -c "rule 'grow' changes w without bounds" "$T/err")" = 1
