/*
 * cli.c: the command line of a generated executable.
 *
 * The options of one run (--set, --seed, --out, --format, --checkpoint-every,
 * ...) become an snn_options for the driver (sim.c); --seeds never gets here,
 * it runs the executable again per seed (seeds.c).  Parameter values arrive as
 * text with a unit ("--set net.tau_m=15ms") and are checked against the
 * dimension the model declares, with the model's own units in the messages;
 * the unit symbols are those of .snn files (unit_table.h, shared with the
 * compiler).  Every refusal is one line on stderr naming the option, printed
 * here, so that the driver only has to stop.
 */
#include "internal.h"
#include "unit_table.h"

#include <errno.h>
#include <getopt.h>
#include <unistd.h>

static void usage(const snn_model *m, FILE *o)
{
    fprintf(o,
            "usage: %s [options]\n"
            "Runs the model compiled from %s (%s).\n\n"
            "  --seed N            random seed (overrides the model's 'seed')\n"
            "  --set NAME=VALUE    override a parameter, with its unit: --set sim.time=2s,\n"
            "                      --set net.tau_m=15ms (repeatable; see --list-params)\n"
            "  --out DIR           output folder (default: out); it must be new, empty or hold\n"
            "                      only a run's outputs, which a new run replaces as a whole\n"
            "  --force             replace the outputs of another run in DIR\n"
            "  --checkpoint-every T  write the run's whole state to DIR/checkpoint.snnck every T\n"
            "                      of simulated time (e.g. 60s); SIGINT and SIGTERM write one too\n"
            "  --resume DIR        continue the run whose checkpoint is in DIR, with its settings;\n"
            "                      the outputs equal those of an uninterrupted run\n"
            "  --max-memory SIZE   refuse at start-up a run expected to need more (default: the\n"
            "                      memory available), e.g. 8G\n"
            "  --max-output SIZE   refuse at start-up recordings expected to write more, e.g. 2G\n"
            "  --format LIST       sonata, csv or sonata,csv (default: sonata): HDF5 in the\n"
            "                      SONATA layouts, or the same as text (docs/outputs.md)\n"
            "  --compress LEVEL    HDF5 compression: auto (where a sample shrinks to half;\n"
            "                      the default), 0 none, 1-9 deflate level for every dataset\n"
            "  --precision P       recorded values as single (float32, the default) or double\n"
            "  --quiet             no progress and no summary\n"
            "  --progress          progress lines every 2 s also when stderr is not a terminal\n"
            "                      (default there: every 10 %% of the run or 30 s)\n"
            "  --threads N         threads sharing the network's work (default: one per 20,000\n"
            "                      neurons, at most one per core); the results are the same for every N\n"
            "  --jobs N            processes computing the frozen sub-network ahead\n"
            "                      (default: one per CPU; see snnc --explain)\n"
            "  --sequential        step everything together instead (same results)\n"
            "  --seeds LIST        replicate runs, e.g. 1-20 or 1,4,7: one folder OUT/seedN each\n"
            "                      (spread over the ranks under mpirun with snnc --mpi); the same\n"
            "                      command with --resume OUT continues them: complete ones are\n"
            "                      kept, stopped ones resumed, the others run\n"
            "  --list-params       print every parameter with its value and exit\n"
            "  --version           print which snnc built this executable, from which model\n"
            "  -h, --help          this text\n\n"
            "Writes DIR/spikes.h5 (SONATA) and/or DIR/spikes.csv, state_*.h5 and/or .csv for\n"
            "recorded state variables, weights_*, and DIR/run.json (hash, seed, overrides,\n"
            "timings, rates).\n\n"
            "Exit status: 0 complete; 1 error (nothing written); 3 stopped by a check (a value\n"
            "not finite or outside a guard) and 130/143 by SIGINT/SIGTERM: what was recorded\n"
            "until then is written, marked incomplete in run.json.\n",
            snn_progname(), m->source, m->compiler);
}

/* "2s", "2 s", "-65mV", "0.5", "1e-3 s": a number and an optional unit. */
static int parse_value(const char *text, double *v, int8_t e[4])
{
    char *end;
    errno = 0;
    *v = strtod(text, &end);
    if (end == text || errno == ERANGE)
        return -1;
    while (*end == ' ')
        end++;
    memset(e, 0, 4);
    if (!*end)
        return 0;
    double scale;
    if (!snn_unit_lookup(end, &scale, e))
        return -2;
    *v *= scale;
    return 0;
}

static const char *dim_text(const int8_t e[4])
{
    static const struct {
        int8_t e[4];
        const char *name;
    } names[] = {
        {{0, 0, 0, 0}, "dimensionless"},     {{0, 0, 2, 0}, "a time (e.g. 5ms)"},
        {{0, 0, -2, 0}, "a rate (e.g. 10Hz)"}, {{4, 2, -6, -2}, "a voltage (e.g. -65mV)"},
        {{0, 0, 0, 2}, "a current (e.g. 200pA)"}, {{-4, -2, 6, 4}, "a conductance (e.g. 6nS)"},
        {{-4, -2, 8, 4}, "a capacitance (e.g. 200pF)"}, {{4, 2, -6, -4}, "a resistance (e.g. 100MOhm)"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (memcmp(names[i].e, e, 4) == 0)
            return names[i].name;
    return "a quantity of another dimension";
}

static int find_param(const snn_model *m, const char *name)
{
    for (int i = 0; i < m->nparams; i++)
        if (strcmp(m->params[i].name, name) == 0)
            return i;
    return -1;
}

/* Print a parameter value in a readable unit. */
static void fmt_value(char *buf, size_t n, double v, const int8_t e[4])
{
    static const struct {
        int8_t e[4];
        double scale;
        const char *unit;
    } pref[] = {
        {{0, 0, 2, 0}, 1e-3, "ms"},   {{0, 0, -2, 0}, 1, "Hz"},    {{4, 2, -6, -2}, 1e-3, "mV"},
        {{0, 0, 0, 2}, 1e-12, "pA"},  {{-4, -2, 6, 4}, 1e-9, "nS"}, {{-4, -2, 8, 4}, 1e-12, "pF"},
        {{4, 2, -6, -4}, 1e6, "MOhm"},
    };
    for (size_t i = 0; i < sizeof pref / sizeof pref[0]; i++)
        if (memcmp(pref[i].e, e, 4) == 0) {
            snprintf(buf, n, "%.10g %s", v / pref[i].scale, pref[i].unit);
            return;
        }
    snprintf(buf, n, "%.10g", v);
}

int snn_params_setup(snn_run *r, const snn_override *ov, int nov)
{
    const snn_model *m = r->model;
    for (int k = 0; k < nov; k++) {
        int i = find_param(m, ov[k].name);
        if (i < 0) {
            snn_error("--set %s: unknown parameter (run with --list-params to see them all)", ov[k].name);
            return -1;
        }
        const snn_param_info *pi = &m->params[i];
        if (pi->flags & SNN_P_FIXED) {
            snn_error("--set %s: this parameter sets the size of the network and is fixed when the model is "
                      "compiled; change it in the .snn and recompile", ov[k].name);
            return -1;
        }
        if (pi->flags & SNN_P_PER_NEURON) {
            char file[256];
            snprintf(file, sizeof file, "%s.file", pi->name);
            if (find_param(m, file) >= 0)
                snn_error("--set %s: this parameter is read per neuron from a file; choose another file with "
                          "--set %s=PATH", ov[k].name, file);
            else
                snn_error("--set %s: this parameter differs per neuron (the model draws it or computes it from "
                          "the neuron's position), so it has no single value to set; change it in the .snn and "
                          "recompile", ov[k].name);
            return -1;
        }
        if (pi->flags & SNN_P_STRING) {
            r->str[i] = ov[k].value;
            r->set[i] = true;
            continue;
        }
        double v;
        int8_t e[4];
        int rc = parse_value(ov[k].value, &v, e);
        if (rc == -1) {
            snn_error("--set %s=%s: not a number", ov[k].name, ov[k].value);
            return -1;
        }
        if (rc == -2) {
            snn_error("--set %s=%s: unknown unit", ov[k].name, ov[k].value);
            return -1;
        }
        if (memcmp(e, pi->dim.e, 4) != 0) {
            snn_error("--set %s=%s: %s is %s, but the value is %s", ov[k].name, ov[k].value, pi->name,
                      dim_text(pi->dim.e), dim_text(e));
            return -1;
        }
        r->p[i] = v;
        r->set[i] = true;
    }
    m->defaults(r);
    for (int i = 0; i < m->nparams; i++) {
        const snn_param_info *pi = &m->params[i];
        if (pi->flags & (SNN_P_STRING | SNN_P_PER_NEURON)) /* a per-neuron one: the model checks each value */
            continue;
        char val[64];
        fmt_value(val, sizeof val, r->p[i], pi->dim.e);
        const char *origin = r->set[i] ? "--set" : "the model";
        if (!isfinite(r->p[i])) {
            snn_error("parameter %s is not a finite number (from %s)", pi->name, origin);
            return -1;
        }
        if ((pi->flags & SNN_P_POSITIVE) && !(r->p[i] > 0)) {
            snn_error("parameter %s = %s must be positive (from %s)", pi->name, val, origin);
            return -1;
        }
    }
    double seed = r->p[SNN_P_SEED];
    if (!(seed >= 0 && seed == floor(seed) && seed < 1.8e19)) {
        snn_error("parameter sim.seed = %g must be a whole number >= 0", seed);
        return -1;
    }
    r->seed = (uint64_t)seed;
    r->dt = r->p[SNN_P_DT];
    double steps = r->p[SNN_P_TIME] / r->dt;
    if (steps > 9e15) {
        snn_error("sim.time / sim.dt is too many steps");
        return -1;
    }
    r->nsteps = llround(steps);
    return 0;
}

void snn_params_list(const snn_run *r)
{
    const snn_model *m = r->model;
    for (int i = 0; i < m->nparams; i++) {
        char val[64];
        if (m->params[i].flags & SNN_P_STRING)
            snprintf(val, sizeof val, "\"%s\"", r->str[i]);
        else if (m->params[i].flags & SNN_P_PER_NEURON)
            snprintf(val, sizeof val, "(per neuron)");
        else
            fmt_value(val, sizeof val, r->p[i], m->params[i].dim.e);
        printf("%-28s %s\n", m->params[i].name, val);
    }
}

int snn_options_parse(snn_options *o, int argc, char **argv, const snn_model *m)
{
    static const struct option opts[] = {
        {"seed", required_argument, 0, 's'},  {"set", required_argument, 0, 'S'},
        {"out", required_argument, 0, 'o'},   {"format", required_argument, 0, 'f'},
        {"quiet", no_argument, 0, 'q'},       {"list-params", no_argument, 0, 'l'},
        {"jobs", required_argument, 0, 'j'},  {"sequential", no_argument, 0, 'Q'},
        {"progress", no_argument, 0, 'p'},    {"help", no_argument, 0, 'h'},
        {"force", no_argument, 0, 'F'},       {"threads", required_argument, 0, 'T'},
        {"checkpoint-every", required_argument, 0, 'C'}, {"resume", required_argument, 0, 'R'},
        {"max-memory", required_argument, 0, 'M'}, {"max-output", required_argument, 0, 'X'},
        {"compress", required_argument, 0, 'Z'}, {"precision", required_argument, 0, 'P'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0},
    };
    *o = (snn_options){.outdir = "out", .format = "sonata", .jobs = snn_cores()};
    if (!(o->ov = calloc((size_t)argc + 1, sizeof *o->ov))) {
        snn_error("out of memory");
        return SNN_CLI_ERROR;
    }
    const char *seed = NULL;
    const char *compress = "auto", *precision = "single";
    bool out_given = false, format_given = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 's': seed = optarg; break;
        case 'S': {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                snn_error("--set needs NAME=VALUE, got '%s'", optarg);
                return SNN_CLI_ERROR;
            }
            *eq = 0;
            o->ov[o->nov].name = optarg;
            o->ov[o->nov++].value = eq + 1;
            break;
        }
        case 'o': o->outdir = optarg; out_given = true; break;
        case 'f': o->format = optarg; format_given = true; break;
        case 'Z': compress = optarg; format_given = true; break;
        case 'P': precision = optarg; format_given = true; break;
        case 'C': o->ck_every = optarg; break;
        case 'M':
        case 'X': {
            double v = snn_size_parse(optarg);
            if (!(v > 0)) {
                snn_error("--max-%s needs a size such as 8G, 500M or 100k, got '%s'",
                          c == 'M' ? "memory" : "output", optarg);
                return SNN_CLI_ERROR;
            }
            *(c == 'M' ? &o->max_memory : &o->max_output) = v;
            snprintf(c == 'M' ? o->max_memory_text : o->max_output_text, 96, "--max-%s %.80s",
                     c == 'M' ? "memory" : "output", optarg);
            break;
        }
        case 'R': o->resume = optarg; break;
        case 'q': o->quiet = true; break;
        case 'p': o->progress_lines = true; break;
        case 'F': o->force = true; break;
        case 'l': o->list = true; break;
        case 'Q': o->sequential = true; break;
        case 'j':
        case 'T': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 1 || v > 4096) {
                snn_error("--%s needs a whole number from 1 to 4096, got '%s'", c == 'j' ? "jobs" : "threads",
                          optarg);
                return SNN_CLI_ERROR;
            }
            *(c == 'j' ? &o->jobs : &o->threads) = v;
            break;
        }
        case 'h': usage(m, stdout); return SNN_CLI_DONE;
        case 'V':
            printf("%s (built by %s rev %s from %s)\n", snn_progname(), m->compiler, snn_revision, m->source);
            return SNN_CLI_DONE;
        case ':': snn_error("option '%s' needs a value", argv[optind - 1]); return SNN_CLI_ERROR;
        default: snn_error("unknown option '%s' (see --help)", argv[optind - 1]); return SNN_CLI_ERROR;
        }
    }
    if (optind < argc) {
        snn_error("unexpected argument '%s' (see --help)", argv[optind]);
        return SNN_CLI_ERROR;
    }
    /* with --resume the run's settings come from its checkpoint */
    if (o->resume && (o->nov || seed || out_given || format_given || o->force || o->list)) {
        snn_error("--resume continues a run with the settings stored in its checkpoint: --set, "
                  "--seed, --out, --format, --force and --list-params cannot be given with it");
        return SNN_CLI_ERROR;
    }
    if (!o->resume) { /* one spec, which a checkpoint keeps */
        if (strchr(o->format, ';') || strchr(compress, ';') || strchr(precision, ';')) {
            snn_error("--format, --compress and --precision take no ';'");
            return SNN_CLI_ERROR;
        }
        snprintf(o->format_spec, sizeof o->format_spec, "%.60s;%.40s;%.40s", o->format, compress, precision);
        o->format = o->format_spec;
        snn_outfmt f;
        if (snn_formats_parse(o->format, &f))
            return SNN_CLI_ERROR;
    }
    if (seed) {
        o->ov[o->nov].name = "sim.seed";
        o->ov[o->nov++].value = seed;
    }
    return SNN_CLI_RUN;
}

void snn_options_free(snn_options *o)
{
    free(o->ov);
    o->ov = NULL;
}

int snn_formats_parse(const char *spec, snn_outfmt *fmt)
{
    *fmt = (snn_outfmt){.compress = -1};
    char *f = strdup(spec), *save = NULL;
    if (!f) {
        snn_error("out of memory");
        return -1;
    }
    /* LIST;COMPRESS;PRECISION, any part possibly empty */
    char *list = f, *compress = strchr(f, ';'), *precision = compress ? strchr(compress + 1, ';') : NULL;
    if (compress)
        *compress++ = 0;
    if (precision)
        *precision++ = 0;
    const int listlen = (int)strcspn(spec, ";"); /* as given, for messages */
    int bad = 0;
    char *end;
    for (char *t = strtok_r(list, ",", &save); t && !bad; t = strtok_r(NULL, ",", &save)) {
        if (strcmp(t, "sonata") == 0)
            fmt->sonata = true;
        else if (strcmp(t, "csv") == 0)
            fmt->csv = true;
        else
            bad = 1, snn_error("--format %.*s: unknown format '%s' (sonata, csv)", listlen, spec, t);
    }
    if (!bad && !fmt->sonata && !fmt->csv)
        bad = 1, snn_error("--format '%.*s': no format given (sonata, csv, or sonata,csv)", listlen, spec);
    if (!bad && compress && strcmp(compress, "auto") != 0) {
        long v = strtol(compress, &end, 10);
        if (end == compress || *end || v < 0 || v > 9)
            bad = 1, snn_error("--compress needs auto or a level from 0 to 9, got '%s'", compress);
        fmt->compress = (int)v;
    }
    if (!bad && precision && strcmp(precision, "single") != 0 && !(fmt->dbl = strcmp(precision, "double") == 0))
        bad = 1, snn_error("--precision needs single or double, got '%s'", precision);
    free(f);
    return bad ? -1 : 0;
}

int snn_checkpoint_every(const char *text, double dt, int64_t *steps)
{
    int8_t e[4];
    const int8_t time_dim[4] = {0, 0, 2, 0};
    double every = 0, n = 0;
    if (parse_value(text, &every, e) || memcmp(e, time_dim, 4) != 0 || !(every > 0) || (n = every / dt) > 9e15 ||
        llround(n) < 1) {
        snn_error("--checkpoint-every %s: a simulated time of at least one step, e.g. 10s or 500ms",
                  text);
        return -1;
    }
    *steps = llround(n);
    return 0;
}
