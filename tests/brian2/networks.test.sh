# snnc against Brian2 on identical networks (issue 13): COBA, CUBA, COBA with
# pair STDP and COBA with RM-STDP whose reward is a trace of a fixed spike
# train (tests/brian2/*.snn), 1 s each, for the seeds of reference.json.  For
# every seed, wiring.py draws the wiring, v(0) and the train; snnc reads those
# files and Brian2 read the same ones when reference.py made reference.json
# (Brian2 2.5.1, C++ standalone; remake it with
# /usr/bin/python3 tests/brian2/reference.py, about 7 minutes).  A changed
# draw (another numpy) is caught by the files' hash.
#
# What is compared (compare.py): the excitatory and inhibitory rates and, for
# the plastic networks, the mean and sd of the E->E weights at the end.  With
# identical wiring and v(0), snnc reproduces Brian2's run spike for spike
# until a rounding difference (single against double precision) moves one
# spike by a step; the network is chaotic, so from there the two are
# different trajectories of one network.  The yardstick is the trajectory
# spread sigma: the sd among Brian2's m = 6 runs of one seed (its run, four
# with v(0) + 100 uV noise, one in single precision), pooled over the K = 5
# seeds.  D_s = snnc - the mean of Brian2's runs of seed s.  Tolerances:
# |mean D| <= 3.5 sigma sqrt((1 + 1/m) / K) and every |D_s| <= 3.5 sigma
# sqrt(1 + 1/m); 3.5 sd is exceeded with probability 4.7e-4, so trajectory
# noise alone fails one of the 24 checks with probability about 1 %.  The
# weight sd (0 at the start) must have grown to 10 sigma.  Measured when
# reference.json was made (seed-to-seed sd is larger: other wiring):
#   network stat      Brian2    seed sd  sigma   mean D    tolerance (mean / seed)
#   coba    rate exc  21.75 Hz  0.81     0.56    -0.13     0.95 / 2.1
#   coba    rate inh  21.62 Hz  0.36     0.18    -0.04     0.30 / 0.68
#   cuba    rate exc  5.655 Hz  0.25     0.086   +0.02     0.15 / 0.33
#   cuba    rate inh  5.638 Hz  0.061    0.021   -0.0004   0.036 / 0.081
#   stdp    rate exc  21.03 Hz  0.67     0.36    -0.01     0.62 / 1.4
#   stdp    rate inh  21.30 Hz  0.30     0.20    -0.07     0.33 / 0.74
#   stdp    w mean    5.996 nS  0.0036   0.0037  -0.002    0.006 / 0.014
#   stdp    w sd      1.463 nS  0.058    0.040   +0.009    0.068 / 0.15
#   rmstdp  rate exc  21.64 Hz  1.21     0.31    -0.33     0.53 / 1.2
#   rmstdp  rate inh  21.57 Hz  0.48     0.15    -0.08     0.26 / 0.57
#   rmstdp  w mean    5.987 nS  0.0082   0.0036  +0.001    0.006 / 0.013
#   rmstdp  w sd      1.376 nS  0.51     0.040   -0.013    0.067 / 0.15
# It fails for a 5 % change of a weight, 10 % of A_plus or eta, and STDP's
# ratio 1.05 -> 1.1; a 1-2 % effect is below the spread of 1 s runs, and
# cond_step.test.sh checks the conventions step by step instead.
#
# The refractory convention: Brian2's refractory = 5 ms lets a neuron fire
# again 50 steps after a spike, snnc's t_ref = 5 ms 51 steps (it holds v for
# t_ref after the step that found the spike, docs/language.md 7.9), so the
# models here say t_ref = 4.9 ms.  With t_ref = 5 ms the first spike differs
# at step 54-55 and COBA fires 1.4 % slower: the gap seen before between
# snnc and Brian2 (docs/results.md).
#
# make test compares COBA and COBA with RM-STDP; networks.slow.test.sh (make
# test-full) CUBA and COBA with pair STDP.
. tests/lib.sh
NETS="coba rmstdp"
. tests/brian2/networks.sh
