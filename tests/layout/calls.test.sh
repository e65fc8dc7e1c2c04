# The layout rules of STYLE.md, checked on the object files make built: no
# circle of calls between the files of compiler/ or of runtime/, and no call
# from a compiler pass into a later one (tests/layout/calls.py lists the passes).
. tests/lib.sh
"$PY" tests/layout/calls.py compiler "$BUILD/compiler" "$BUILD/gen" || fail layout-compiler "calls.py crashed"
"$PY" tests/layout/calls.py runtime "$BUILD/runtime" || fail layout-runtime "calls.py crashed"
