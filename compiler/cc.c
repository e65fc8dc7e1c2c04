/*
 * cc.c: running the system C compiler on the generated C.
 *
 * The compiler is started without a shell (posix_spawnp): file names come from
 * the user and may hold any byte, quotes and semicolons included.  Its messages
 * go to a log file beside the C file.  A model that passed snnc's checks must
 * compile, so a rejection is snnc's bug: it is reported in one line that asks
 * for a report and names the .snn location of the first error when the #line
 * directives give one.
 */
#include "snnc.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void push(Vec *argv, const char *w) { vec_push(argv, (void *)w); }

/* words of a flags string (SNNC_CFLAGS, CC="ccache gcc"): split on blanks, as make does */
static void push_words(Vec *argv, const char *s)
{
    char *copy = arena_strdup(s);
    for (char *w = strtok(copy, " \t\n"); w; w = strtok(NULL, " \t\n"))
        vec_push(argv, w);
}

/* whether PROGRAM is an executable file in a directory of $PATH */
static bool on_path(const char *program)
{
    const char *path = getenv("PATH");
    if (!path)
        return false;
    char *copy = arena_strdup(path);
    for (char *dir = strtok(copy, ":"); dir; dir = strtok(NULL, ":"))
        if (*dir && access(arena_printf("%s/%s", dir, program), X_OK) == 0)
            return true;
    return false;
}

/* a relative file name that begins with '-' would read as an option */
static const char *as_file(const char *path) { return path[0] == '-' ? arena_printf("./%s", path) : path; }

/* the first "FILE:LINE:COL: error: ..." of the log, if FILE is a .snn */
static const char *first_error(const char *log, const char **what)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return NULL;
    char line[1024];
    const char *where = NULL;
    *what = NULL;
    while (fgets(line, sizeof line, f)) {
        char *e = strstr(line, ": error: ");
        if (!e)
            continue;
        line[strcspn(line, "\n")] = 0;
        *what = arena_strdup(e + 9);
        *e = 0;
        /* FILE:LINE:COL with FILE a .snn (#line) rather than the C file */
        char *snn = strstr(line, ".snn:");
        if (snn && strspn(snn + 5, "0123456789:") == strlen(snn + 5))
            where = arena_strdup(line);
        break;
    }
    fclose(f);
    return where;
}

int cc_build(const CcJob *j)
{
    const SnncPaths paths = paths_find();
    if (!paths.include || !paths.libdir)
        return paths_missing("the runtime library");
    Vec argv = {0};
    /* with --mpi: OpenMPI's wrapper and the runtime built with -DSNN_MPI */
    push_words(&argv, j->mpi ? "mpicc" : j->cc);
    push(&argv, "-std=c11");
    push_words(&argv, getenv("SNNC_CFLAGS") ? getenv("SNNC_CFLAGS") : "-O3");
    push_words(&argv, "-fno-math-errno -fno-trapping-math");
    /* GNU gold links a model in a third of the time GNU ld (bfd) takes (coba:
     * 0.14 s against 0.40 s, medians of 20 on a busy machine; -fuse-ld=lld 0.22 s);
     * it comes with binutils where it exists, and ld links where it does not */
    if (on_path("ld.gold"))
        push(&argv, "-fuse-ld=gold");
    if (j->native)
        push(&argv, "-march=native");
    if (j->mpi)
        push(&argv, "-DSNN_MPI");
    vec_push(&argv, arena_printf("-I%s", paths.include));
    push_words(&argv, SNNC_HDF5_CFLAGS);
    push(&argv, "-o");
    push(&argv, as_file(j->exe));
    push(&argv, as_file(j->cfile));
    vec_push(&argv, arena_printf("%s/%s", paths.libdir, j->mpi ? "libsnnrt_mpi.a" : "libsnnrt.a"));
    push_words(&argv, SNNC_LIBS);
    vec_push(&argv, NULL);
    if (j->verbose) {
        for (int i = 0; i < argv.n - 1; i++)
            fprintf(stderr, "%s%s", i ? " " : "", (char *)argv.v[i]);
        fputc('\n', stderr);
    }

    const char *log = arena_printf("%s.log", j->cfile);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, as_file(log), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int err = posix_spawnp(&pid, argv.v[0], &fa, NULL, (char **)argv.v, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        fprintf(stderr, "snnc: error: cannot run the C compiler '%s': %s (set it with --cc or CC)\n", (char *)argv.v[0],
                strerror(err));
        remove(log);
        return EXIT_USER;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        remove(log);
        return 0;
    }
    const char *what = NULL;
    const char *where = first_error(log, &what);
    fprintf(stderr,
            "snnc: internal error: the C compiler rejected the code generated for %s%s%s%s; this is a bug in snnc, "
            "please report it with the model (kept: %s and its messages %s)\n",
            where ? where : j->model, what ? " (" : "", what ? what : "", what ? ")" : "", j->cfile, log);
    return EXIT_INTERNAL;
}
