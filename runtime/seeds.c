/*
 * seeds.c: --seeds LIST, replicate runs, one per seed ("1-20", "1,4,7" or
 * both), each with its own output folder OUT/seed<N>; with MPI the seeds are
 * spread over the ranks.  Each replicate is this executable run again with
 * --seed and --out (a fresh process: the model's state starts clean, and a
 * replicate that fails cannot take the others with it).  The same command
 * with --resume OUT continues an interrupted set: complete replicates are
 * kept, stopped ones resumed from their checkpoints, the others run.
 */
#include "internal.h"

#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

/* The seeds of LIST into *out (malloc'd): how many, or -1 if LIST is not a list of seeds. */
static int seeds_list(const char *text, long **out)
{
    long *v = NULL;
    int n = 0;
    char *copy = strdup(text), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *end;
        long a = strtol(t, &end, 10), b = a;
        if (*end == '-')
            b = strtol(end + 1, &end, 10);
        if (*end || a < 0 || b < a || b - a > 100000) {
            free(copy);
            free(v);
            return -1;
        }
        long *nv = realloc(v, sizeof(long) * (size_t)(n + (b - a) + 1));
        if (!nv) {
            free(copy);
            free(v);
            return -1;
        }
        v = nv;
        for (long s = a; s <= b; s++)
            v[n++] = s;
    }
    free(copy);
    *out = v;
    return n;
}

/* What a replicate's folder holds: 2 a complete run, 1 a checkpoint to continue, 0 neither. */
static int replicate_state(const char *dir)
{
    char path[SNN_PATH_MAX], buf[4096];
    if (snn_path_join(path, sizeof path, dir, "checkpoint.snnck") && access(path, F_OK) == 0)
        return 1;
    FILE *f = snn_path_join(path, sizeof path, dir, "run.json") ? fopen(path, "r") : NULL;
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    return strstr(buf, "\"complete\": true") ? 2 : 0;
}

/* An option of the command line with its value (--name VALUE or --name=VALUE)
 * at argv[*i]: its value, *i moved past it; NULL if argv[*i] is not it. */
static const char *option(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

int snn_seeds_run(int argc, char **argv, const char *list)
{
    long *seeds;
    int n = seeds_list(list, &seeds);
    if (n <= 0) {
        snn_error("--seeds needs seeds such as 1-20 or 1,3,5, got '%s'", list);
        return 1;
    }
    const char *outdir = "out", *resume = NULL, *v;
    /* a fresh replicate: everything but --seeds, --seed, --out and --resume; one
     * continued from its checkpoint (--resume): only what does not change results */
    char **args = calloc((size_t)argc + 8, sizeof *args), **rargs = calloc((size_t)argc + 8, sizeof *rargs);
    int na = 0, nr = 0;
    if (!args || !rargs) {
        free(args);
        free(rargs);
        free(seeds);
        snn_error("out of memory");
        return 1;
    }
    args[na++] = rargs[nr++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const int at = i;
        if ((v = option(argc, argv, &i, "--out")))
            outdir = v;
        else if ((v = option(argc, argv, &i, "--resume")))
            resume = v;
        else if (option(argc, argv, &i, "--seeds") || option(argc, argv, &i, "--seed"))
            ;
        else if (option(argc, argv, &i, "--checkpoint-every") || option(argc, argv, &i, "--jobs"))
            for (int q = at; q <= i; q++)
                args[na++] = rargs[nr++] = argv[q];
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "--progress") == 0)
            args[na++] = rargs[nr++] = argv[i];
        else
            args[na++] = argv[i];
    }
    if (resume) { /* the same command again with --resume OUT: OUT is the replicates' folder */
        outdir = resume;
        static char force[] = "--force"; /* a replicate that had not started may have left a folder */
        args[na++] = force;
    }
    char seed_arg[32], out_arg[SNN_PATH_MAX];
    char opt_seed[] = "--seed", opt_out[] = "--out", opt_resume[] = "--resume";
    args[na] = opt_seed;
    args[na + 1] = seed_arg;
    args[na + 2] = opt_out;
    args[na + 3] = out_arg;
    args[na + 4] = NULL;
    rargs[nr] = opt_resume;
    rargs[nr + 1] = out_arg;
    rargs[nr + 2] = NULL;
    int bad = 0;
    for (int k = snn_mpi_rank(); k < n; k += snn_mpi_size()) {
        snprintf(seed_arg, sizeof seed_arg, "%ld", seeds[k]);
        snprintf(out_arg, sizeof out_arg, "%s/seed%ld", outdir, seeds[k]);
        const int state = resume ? replicate_state(out_arg) : 0;
        if (state == 2) {
            fprintf(stderr, "seed %ld: complete in %s\n", seeds[k], out_arg);
            continue;
        }
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid == 0) {
            setenv("SNN_NO_MPI", "1", 1);
            execv("/proc/self/exe", state == 1 ? rargs : args);
            snn_error("cannot run a replicate: %s", strerror(errno));
            _exit(127);
        }
        int st = 0;
        if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            snn_error("the run with seed %ld failed", seeds[k]);
            bad = 1;
        }
    }
    free(args);
    free(rargs);
    free(seeds);
    return snn_mpi_all_ok(bad);
}
