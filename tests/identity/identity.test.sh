# Results unchanged by work on the compiler and runtime: coba, cuba and
# simulation 4 shortened give outputs whose digests (digest.py: spikes,
# weights, states, trials, summaries, run.json without timings) equal those in
# expected.txt, written by the commit before the compiler's middle was rebuilt
# (24b39ca); simulations 1, 2, 3 and 5 are in identity.slow.test.sh (make
# test-full).  An intended change of results rewrites the digests of the models
# run with
#   SNN_IDENTITY_WRITE=1 sh tests/run.sh   (SNN_FOLDERS=identity, without SNN_QUICK)
# and its commit says which outputs changed and why.
. tests/lib.sh
. tests/identity/lib.sh
one coba models/coba.snn
one cuba models/cuba.snn
sed -e 's/trials 10;/trials 1;/' -e 's/trials 50;/trials 2;/' -e 's/trials 1000;/trials 6;/' \
    models/compsim4_patterns.snn >"$T/cs4.snn"
one compsim4 "$T/cs4.snn"
compare
