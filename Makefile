# snnc: compiler (compiler/, grammar/) + runtime library (runtime/).
#   make            build build/snnc and build/libsnnrt.a
#   make test       build everything and run the test suite (tests/run.sh)
#   make demo       build, synthesize the digits, run the speech experiment (paper sim 5), report
#   make bench      side-by-side benchmark against Brian2 standalone (bench/run.sh)
#   make install    snnc, snn-audio, snn-plot, the runtime, stdlib, man pages and docs
#                   under $(DESTDIR)$(PREFIX) (PREFIX=/usr/local); make uninstall removes them
# Missing Debian packages are installed when run as root; otherwise the exact
# apt-get command is printed and make stops.

BUILD ?= build
# build on every core (the rules are safe in parallel; make test then spends its time testing)
MAKEFLAGS += -j$(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
CC ?= cc
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

ROOT := $(abspath .)
GEN := $(BUILD)/gen
WARN := -Wall -Wextra -Werror -Wshadow -Wundef -Wwrite-strings -Wstrict-prototypes \
        -Wmissing-prototypes -Wno-unused-parameter
HDF5_CFLAGS := -I/usr/include/hdf5/serial
HDF5_LIBS := -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5
OPT ?= -O2 -g
SAN ?=
# debug information names the sources relative to the checkout, so that an
# installed snnc or runtime library carries no path of the machine it was built on
CFLAGS_ALL := -std=c11 $(OPT) $(SAN) $(WARN) -D_POSIX_C_SOURCE=200809L -MMD -MP -ffile-prefix-map=$(ROOT)=.
LIBS := $(HDF5_LIBS) -lz -lgsl -lgslcblas -lm

# Debian packages the build and the tests need, with a header or tool proving each.
# PKG:COMMAND counts as present when COMMAND is on PATH (Node.js and npm may come
# from another source than Debian's packages; tools/deps.sh).
DEPS_PKGS := re2c bison libgsl-dev libhdf5-dev hdf5-tools zlib1g-dev librandom123-dev libsndfile1-dev libsamplerate0-dev \
             libopenmpi-dev openmpi-bin \
             libjson-c-dev python3-brian python3-numpy python3-h5py python3-matplotlib time valgrind groff-base \
             nodejs:node npm:npm vim
DEPS_STAMP := $(BUILD)/.deps-ok

COMPILER_SRC := $(wildcard compiler/*.c)
RUNTIME_SRC := $(wildcard runtime/*.c)
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(BUILD)/%.o) $(GEN)/lexer.o $(GEN)/parser.o
RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/%.o)
# the runtime once more with MPI (mpi.c real), for executables built with snnc --mpi
RUNTIME_MPI_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/mpi/%.o)
# the release and source revision, linked into snnc and both runtime libraries
VERSION_OBJ := $(GEN)/version.o
COMPILER_OBJ += $(VERSION_OBJ)
RUNTIME_OBJ += $(VERSION_OBJ)
RUNTIME_MPI_OBJ += $(VERSION_OBJ)

.DELETE_ON_ERROR:
.PHONY: FORCE all deps editors-deps install uninstall test test-full demo digits bench clean asan fuzz valgrind mutate reproduce-compsim1 reproduce-compsim1b reproduce-compsim1c reproduce-compsim2 reproduce-compsim3 reproduce-compsim4 reproduce-compsim5 reproduce-compsim2-current reproduce-compsim2-noise reproduce-compsim4-weightdep reproduce-compsim4-current reproduce-compsim5-current reproduce-voices reproduce-voices-weightdep reproduce-voices-heldout reproduce-all

all: $(BUILD)/snnc $(BUILD)/libsnnrt.a $(BUILD)/libsnnrt_mpi.a $(BUILD)/eq22 $(BUILD)/snn-audio

# tools/snn_audio.c: recordings to a labelled spike-train set (Lyon's ear + BSA)
$(BUILD)/snn-audio: tools/snn_audio.c $(BUILD)/libsnnrt.a | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(HDF5_CFLAGS) -Iruntime -o $@ $< $(BUILD)/libsnnrt.a -lsndfile -lsamplerate $(LIBS)

# tools/eq22: the paper's analytic prediction (Eq. 22) for the parameter sets of Table 1
$(BUILD)/eq22: tools/eq22.c | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $< -lm

deps: $(DEPS_STAMP)

$(DEPS_STAMP): tools/deps.sh
	$(Q)sh tools/deps.sh $(DEPS_PKGS)
	$(Q)mkdir -p $(BUILD) && touch $@

# The npm packages that tests/editors/tokenize.js runs the VS Code grammar with,
# at the versions of tests/editors/package-lock.json, installed once into
# $(BUILD)/editors-test so that make test never uses the network.
EDITORS_NPM := $(BUILD)/editors-test/.npm-ok
editors-deps: $(EDITORS_NPM)

$(EDITORS_NPM): tests/editors/package.json tests/editors/package-lock.json | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  NPM     $(dir $@)node_modules"
	$(Q)cp tests/editors/package.json tests/editors/package-lock.json $(dir $@)
	$(Q)cd $(dir $@) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
	$(Q)touch $@

$(GEN)/lexer.c: grammar/snn.re $(GEN)/parser.h | $(DEPS_STAMP)
	@mkdir -p $(GEN)
	@echo "  RE2C    $<"
	$(Q)re2c -W --no-generation-date -o $@ $<

$(GEN)/parser.c $(GEN)/parser.h: grammar/snn.y | $(DEPS_STAMP)
	@mkdir -p $(GEN)
	@echo "  BISON   $<"
	$(Q)bison -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

# tools/version.sh runs on every make but rewrites the file only when the
# revision (or VERSION) changes: a commit relinks snnc and re-archives the
# runtime, nothing more
$(GEN)/version.c: FORCE
	@mkdir -p $(GEN)
	$(Q)sh tools/version.sh $@

FORCE:

$(GEN)/%.o: $(GEN)/%.c
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -Wno-unused-function -Wno-missing-prototypes -Icompiler -Iruntime -I$(GEN) -c $< -o $@

$(BUILD)/compiler/%.o: compiler/%.c $(GEN)/parser.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -Icompiler -Iruntime -I$(GEN) \
	  -DSNNC_HDF5_CFLAGS='"$(HDF5_CFLAGS)"' -DSNNC_LIBS='"$(LIBS)"' -c $< -o $@

$(BUILD)/runtime/%.o: runtime/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(HDF5_CFLAGS) -Iruntime -c $< -o $@

$(BUILD)/snnc: $(COMPILER_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT) $(SAN) -o $@ $^ -ljson-c -lgsl -lgslcblas -lm

$(BUILD)/libsnnrt.a: $(RUNTIME_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/mpi/runtime/%.o: runtime/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  MPICC   $<"
	$(Q)mpicc $(CFLAGS_ALL) -DSNN_MPI $(HDF5_CFLAGS) -Iruntime -c $< -o $@

$(BUILD)/libsnnrt_mpi.a: $(RUNTIME_MPI_OBJ)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# make install PREFIX=... DESTDIR=...: what and where is listed in tools/install.sh
PREFIX ?= /usr/local
DESTDIR ?=
install: all
	$(Q)sh tools/install.sh install "$(DESTDIR)$(PREFIX)" $(BUILD) "$(PREFIX)"

uninstall:
	$(Q)sh tools/install.sh uninstall "$(DESTDIR)$(PREFIX)" $(BUILD) "$(PREFIX)"

# make test: the fast tier, which CI runs (about a minute on 2 cores): every
# check but the slow scripted tests (*.slow.test.sh), the shortened paper
# models (tests/models) and the sanitizer and valgrind passes (tests/sanitize).
# make test-full: all of them (about 3.5 minutes on 2 cores).
# both need everything make builds (tests/install installs it, the MPI runtime too)
test: all $(EDITORS_NPM)
	$(Q)BUILD=$(BUILD) SNN_QUICK=1 sh tests/run.sh

test-full: all $(EDITORS_NPM)
	$(Q)BUILD=$(BUILD) sh tests/run.sh

# The whole suite once more with AddressSanitizer + UndefinedBehaviorSanitizer
# and LeakSanitizer, the shortened paper models included (make test runs the
# quick part of it: tests/sanitize/suite.slow.test.sh).
ASAN_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
asan:
	$(Q)$(MAKE) BUILD=$(BUILD)/asan OPT="-O1 -g" SAN="$(ASAN_SAN)" all
	$(Q)ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 SNN_SANITIZED=1 BUILD=$(BUILD)/asan \
	  SNNC_CFLAGS="-O1 -g $(ASAN_SAN)" sh tests/run.sh

# mutation testing: each break of tests/mutate/mutations.txt alone, rebuilt in a
# scratch clone and run against the fast suite; lists the breaks that survive
# (not part of make test: each mutation costs one quick suite, about 2 minutes)
mutate: all
	$(Q)/usr/bin/python3 tests/mutate/run.py $(MUTATIONS)

# valgrind (memcheck) on a compile and a run, error exits included: 0 errors, 0 leaks
valgrind: all
	$(Q)T=$$(mktemp -d) && trap 'rm -rf "$$T"' EXIT && \
	  ROOT=$(ROOT) BUILD=$(abspath $(BUILD)) SNNC=$(abspath $(BUILD))/snnc T=$$T sh tests/sanitize/valgrind.test.sh | \
	  tee $$T/log && ! grep -q '^FAIL' $$T/log

# A libFuzzer target for the whole front end, scanner to C text in memory
# (tests/fuzz/): FUZZ_SECONDS of fuzzing, then every accepted corpus entry's C
# through the C compiler, then FUZZ_MUTANTS token-level mutants of the landed
# models.  Needs clang and its fuzzer runtime (Debian packages).
FUZZ_PKGS := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 600
FUZZ_MUTANTS ?= 1000
FUZZ_SRC := $(filter-out compiler/main.c compiler/cc.c compiler/lsp%.c,$(COMPILER_SRC)) $(GEN)/lexer.c $(GEN)/parser.c $(GEN)/version.c
fuzz: $(BUILD)/snnc $(BUILD)/fuzz/snnc-fuzz
	+$(Q)sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_MUTANTS)

$(BUILD)/fuzz/snnc-fuzz: tests/fuzz/snnc_fuzz.c $(FUZZ_SRC) $(wildcard compiler/*.h) $(GEN)/parser.h
	$(Q)sh tools/deps.sh $(FUZZ_PKGS)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $@"
	$(Q)clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -D_POSIX_C_SOURCE=200809L -Wno-unused-function -Icompiler -Iruntime -I$(GEN) \
	  -o $@ tests/fuzz/snnc_fuzz.c $(FUZZ_SRC) -lgsl -lgslcblas -lm

# The flagship: the paper's simulation 5 (Fig 10) on the synthesized digits, the
# whole protocol (2480 trials; about two minutes on two cores), then its report
# and figure (build/demo-out/fig10.png).  The report's checks print whether the
# run matches the paper; a mismatch (exit status 3) fails the demo, after the figure.
demo: all digits
	$(Q)$(BUILD)/snnc models/compsim5_speech.snn -o $(BUILD)/compsim5
	$(Q)rm -rf $(BUILD)/demo-out && $(BUILD)/compsim5 --set speech.file=$(BUILD)/digits/digits.h5 --out $(BUILD)/demo-out
	$(Q)/usr/bin/python3 tools/compsim5_report.py $(BUILD)/demo-out --plot $(BUILD)/demo-out/fig10.png

# The paper's simulation 5 (Fig 10): the full protocol on synthesized and real digits, 3 seeds
reproduce-compsim5: all
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)sh tools/reproduce_compsim5.sh

# Its variant with a static current-based circuit (Suppl. Fig 9), the same sets and seeds
reproduce-compsim5-current: all
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)sh tools/reproduce_compsim5_current.sh

# The speech experiment on ten synthetic speakers the encoding was never chosen
# on (issue 17): accuracy, ratio and the paper's findings per voice
reproduce-voices: all
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)sh tools/reproduce_voices.sh

# The same ten voices on the variant with the weight-dependent rule (models/compsim5_weightdep.snn)
reproduce-voices-weightdep: all
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)OUT=$(BUILD)/voices-weightdep MODEL=models/compsim5_weightdep.snn sh tools/reproduce_voices.sh

# Ten more voices, chosen after the variant: the paper's model and the variant on
# speakers no choice saw
reproduce-voices-heldout: all
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)OUT=$(BUILD)/voices-heldout SET=heldout sh tools/reproduce_voices.sh
	$(Q)OUT=$(BUILD)/voices-heldout-weightdep SET=heldout MODEL=models/compsim5_weightdep.snn sh tools/reproduce_voices.sh

# The default spoken digits (issue 4): 10 x "one", 10 x "two" from espeak-ng and
# flite, encoded by build/snn-audio into build/digits/digits.h5, with a plot of
# the cochleagram and spikes of one utterance of each digit
DIGITS_PKGS := espeak-ng flite sox libsox-fmt-base
digits: $(BUILD)/digits/digits.h5

$(BUILD)/digits/digits.h5: tools/synth_digits.sh tools/speech_encoding tools/plot_speech.py $(BUILD)/snn-audio
	$(Q)sh tools/deps.sh $(DIGITS_PKGS)
	$(Q)rm -rf $(BUILD)/digits && sh tools/synth_digits.sh $(BUILD)/digits
	$(Q)/usr/bin/python3 tools/plot_speech.py $@ $(BUILD)/digits/digits.png && echo "  PLOT    $(BUILD)/digits/digits.png"

bench: all
	$(Q)sh bench/run.sh
	$(Q)bash bench/rmstdp.sh

# The paper's simulation 1 (Figs 4, 5): two seeds, 20 simulated minutes each
reproduce-compsim1: all
	$(Q)sh tools/reproduce_compsim1.sh

# Its variants: two neurons, the sign flipped at 600 s (1b); the Morrison rule (1c, Suppl. Figs 3, 4)
reproduce-compsim1b: all
	$(Q)sh tools/reproduce_compsim1b.sh

reproduce-compsim1c: all
	$(Q)sh tools/reproduce_compsim1c.sh

# The paper's simulation 2 (Fig 7): five seeds, 2 simulated hours each
reproduce-compsim2: all
	$(Q)sh tools/reproduce_compsim2.sh

# Its variants: current-based static synapses (Suppl. Fig 5), five seeds; the
# learner's noise level from 0 to 3.6 (Suppl. Fig 6), nine runs of seed 3
reproduce-compsim2-current: all
	$(Q)sh tools/reproduce_compsim2_current.sh

reproduce-compsim2-noise: all
	$(Q)sh tools/reproduce_compsim2_noise.sh

# The paper's simulation 4 (Fig 9): six seeds, 1120 trials of 3 s each
reproduce-compsim4: all
	$(Q)sh tools/reproduce_compsim4.sh

# Its variants: the weight-dependent rule (Suppl. Fig 7) and current-based static
# synapses (Suppl. Fig 8), six seeds each
reproduce-compsim4-weightdep: all
	$(Q)sh tools/reproduce_compsim4_variant.sh weightdep

reproduce-compsim4-current: all
	$(Q)sh tools/reproduce_compsim4_variant.sh current

# The paper's simulation 3 (Table 1, Fig 8): six experiments, 68 simulated hours
reproduce-compsim3: all
	$(Q)sh tools/reproduce_compsim3.sh

# Every reproduction above, one after another, each with its figure in
# docs/figures/ and its log in build/reproduce-all/; a table of wall times at the end
reproduce-all: all
	$(Q)sh tools/reproduce_all.sh

clean:
	rm -rf $(BUILD)

-include $(COMPILER_OBJ:.o=.d) $(RUNTIME_OBJ:.o=.d) $(RUNTIME_MPI_OBJ:.o=.d)
