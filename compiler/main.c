/*
 * main.c: the snnc driver.  Parses options, runs the pipeline, and for a full
 * build hands the generated C to the system compiler together with the runtime.
 */
#include "ir.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *o)
{
    const char *stdlib = paths_find().stdlib;
    fprintf(o,
            "usage: snnc [options] model.snn\n"
            "Checks a spiking-network model and builds a standalone executable.\n\n"
            "  -o FILE          output executable (default: the model's name without .snn);\n"
            "                   with --emit-c the C file ('-' for standard output)\n"
            "  --emit-c         stop after generating C\n"
            "  --check          only check the model (names, units, rules)\n"
            "  --explain        print the integration scheme chosen for every state variable\n"
            "  --dump-tokens    print the token stream of the file (for tests)\n"
            "  --dump-ast       print the syntax tree of the file (for tests)\n"
            "  -I DIR           add DIR to the import search path (repeatable; before SNN_PATH)\n"
            "  --no-stdlib      do not search the built-in stdlib\n"
            "  --no-line        no #line directives in the generated C\n"
            "  --portable       compile for any x86-64 CPU, not just this one (default:\n"
            "                   -march=native, since the executable runs where it is built)\n"
            "  --cc CC          C compiler to use (default: $CC or cc)\n"
            "  --mpi            build with MPI (OpenMPI's mpicc): under mpirun the network is\n"
            "                   spread over the ranks (or, with a frozen sub-network, its trials;\n"
            "                   with --seeds, the replicates)\n"
            "  --force          rebuild even if the inputs have not changed\n"
            "  -v               print the C compiler command\n"
            "  --version        print the version\n"
            "  -h, --help       this text\n\n"
            "Imports are searched next to the importing file, then in -I directories,\n"
            "then in SNN_PATH (colon-separated), then in the stdlib:\n  %s\n"
            "Exit status: 0 success, 1 error in the model, 2 internal error.\n",
            stdlib ? stdlib : "(not found beside snnc: set SNNC_ROOT to a checkout)");
}

static const char *default_output(const char *in, const char *ext)
{
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".snn") == 0)
        n -= 4;
    return arena_printf("%.*s%s", (int)n, base, ext);
}

int main(int argc, char **argv)
{
    enum { O_EMIT_C = 256, O_CHECK, O_EXPLAIN, O_TOKENS, O_AST, O_NO_STDLIB, O_NO_LINE, O_NATIVE, O_PORTABLE, O_CC, O_FORCE, O_VERSION,
           O_MPI };
    static const struct option opts[] = {
        {"emit-c", no_argument, 0, O_EMIT_C},       {"check", no_argument, 0, O_CHECK},
        {"explain", no_argument, 0, O_EXPLAIN},     {"dump-tokens", no_argument, 0, O_TOKENS},
        {"dump-ast", no_argument, 0, O_AST},        {"no-stdlib", no_argument, 0, O_NO_STDLIB},
        {"no-line", no_argument, 0, O_NO_LINE},     {"native", no_argument, 0, O_NATIVE},     {"portable", no_argument, 0, O_PORTABLE},
        {"cc", required_argument, 0, O_CC},         {"force", no_argument, 0, O_FORCE},
        {"version", no_argument, 0, O_VERSION},     {"mpi", no_argument, 0, O_MPI},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *output = NULL, *cc = getenv("CC") ? getenv("CC") : "cc";
    bool emit_c = false, check_only = false, explain = false, tokens = false, ast = false, stdlib = true;
    bool line = true, native = true, force = false, verbose = false, mpi = false;
    SearchPath sp = {0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:I:vh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'I': vec_push(&sp.include_dirs, optarg); break;
        case 'v': verbose = true; break;
        case 'h': usage(stdout); return 0;
        case O_EMIT_C: emit_c = true; break;
        case O_CHECK: check_only = true; break;
        case O_EXPLAIN: explain = true; break;
        case O_TOKENS: tokens = true; break;
        case O_AST: ast = true; break;
        case O_NO_STDLIB: stdlib = false; break;
        case O_NO_LINE: line = false; break;
        case O_NATIVE: native = true; break;
        case O_PORTABLE: native = false; break;
        case O_MPI: mpi = true; break;
        case O_CC: cc = optarg; break;
        case O_FORCE: force = true; break;
        case O_VERSION: printf("snnc %s (rev %s)\n", snn_version, snn_revision); return 0;
        case ':':
            fprintf(stderr, "snnc: option '%s' needs a value\n", argv[optind - 1]);
            return EXIT_USER;
        default:
            fprintf(stderr, "snnc: unknown option '%s' (see snnc --help)\n", argv[optind - 1]);
            return EXIT_USER;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, optind == argc ? "snnc: no input file (see snnc --help)\n" : "snnc: more than one input file\n");
        return EXIT_USER;
    }
    const char *input = argv[optind];
    const char *env = getenv("SNN_PATH");
    if (env && *env) {
        char *copy = arena_strdup(env);
        for (char *tok = strtok(copy, ":"); tok; tok = strtok(NULL, ":"))
            vec_push(&sp.include_dirs, tok);
    }
    const SnncPaths paths = paths_find();
    if (stdlib && !tokens && !ast) {
        if (!paths.stdlib)
            return paths_missing("the stdlib");
        sp.stdlib_dir = paths.stdlib;
        vec_push(&sp.include_dirs, (void *)sp.stdlib_dir);
    }

    const char *err;
    Span at;
    int root = src_load(input, &err, &at);
    if (root < 0) {
        if (at.file >= 0)
            diag_error(at, "%s", err);
        else
            diag_file(input, "cannot read the file: %s", err);
        return EXIT_USER;
    }
    if (tokens || ast) {
        if (tokens)
            return lex_dump(stdout, root) ? EXIT_USER : 0;
        Node *file = parse_file(root);
        if (!file)
            return EXIT_USER;
        ast_dump(stdout, file);
        return 0;
    }

    Model *m = sema_load(root, &sp);
    if (!m)
        return EXIT_USER;
    for (int i = 0; i < m->pops.n; i++)
        if (!ode_plan_pop(m, m->pops.v[i]))
            return EXIT_USER;
    if (!lower_model(m))
        return EXIT_USER;
    split_frozen(m);
    if (explain) {
        explain_model(stdout, m);
        split_explain(stdout, m);
        return 0;
    }
    if (check_only)
        return 0;

    /* '#line' points back at the file 'snnc --emit-c' writes, named after the model */
    CgenOptions co = {line, default_output(input, ".c")};
    if (emit_c) {
        const char *path = output ? output : default_output(input, ".c");
        FILE *o = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
        if (!o) {
            fprintf(stderr, "snnc: error: cannot write %s: %s\n", path, strerror(errno));
            return EXIT_USER;
        }
        cgen_model(o, m, &co);
        if (o != stdout && fclose(o) != 0) {
            fprintf(stderr, "snnc: error: cannot write %s: %s\n", path, strerror(errno));
            remove(path);
            return EXIT_USER;
        }
        return 0;
    }

    /* Full build.  The hash of every input, the options and the compiler
     * version decides whether the existing executable is still current. */
    const char *exe = output ? output : default_output(input, "");
    uint64_t h = m->hash;
    const char *flavour = arena_printf("%s|%d|%d|%d|%s|%s", snn_version, native, line, mpi, cc,
                                       getenv("SNNC_CFLAGS") ? getenv("SNNC_CFLAGS") : "");
    h = hash_bytes(h, flavour, strlen(flavour));
    struct stat lib;
    const char *libpath = arena_printf("%s/libsnnrt.a", paths.libdir ? paths.libdir : ".");
    if (stat(libpath, &lib) == 0)
        h = hash_bytes(h, &lib.st_mtime, sizeof lib.st_mtime);
    struct stat self; /* a rebuilt snnc may generate different code */
    if (stat("/proc/self/exe", &self) == 0)
        h = hash_bytes(h, &self.st_mtime, sizeof self.st_mtime);
    const char *rt_header = arena_printf("%s/snn.h", paths.include ? paths.include : ".");
    struct stat hdr;
    if (stat(rt_header, &hdr) == 0)
        h = hash_bytes(h, &hdr.st_mtime, sizeof hdr.st_mtime);
    const char *stamp = arena_printf("%s.snnc-hash", exe);
    const char *hs = arena_printf("%016llx\n", (unsigned long long)h);
    if (!force && access(exe, X_OK) == 0) {
        FILE *f = fopen(stamp, "r");
        char buf[64] = {0};
        if (f) {
            bool same = fgets(buf, sizeof buf, f) && strcmp(buf, hs) == 0;
            fclose(f);
            if (same)
                return 0;
        }
    }
    const char *cfile = arena_printf("%s.%d.c", exe, (int)getpid());
    const char *tmpexe = arena_printf("%s.%d.tmp", exe, (int)getpid());
    FILE *o = fopen(cfile, "w");
    if (!o) {
        fprintf(stderr, "snnc: error: cannot write %s: %s\n", cfile, strerror(errno));
        return EXIT_USER;
    }
    cgen_model(o, m, &co);
    if (fclose(o) != 0) {
        fprintf(stderr, "snnc: error: cannot write %s: %s\n", cfile, strerror(errno));
        remove(cfile);
        return EXIT_USER;
    }
    CcJob job = {cc, cfile, tmpexe, input, native, mpi, verbose};
    int st = cc_build(&job);
    if (st != 0) {
        remove(tmpexe);
        return st;
    }
    remove(cfile);
    if (rename(tmpexe, exe) != 0) {
        fprintf(stderr, "snnc: error: cannot create %s: %s\n", exe, strerror(errno));
        remove(tmpexe);
        return EXIT_USER;
    }
    FILE *sf = fopen(stamp, "w");
    if (sf) {
        fputs(hs, sf);
        fclose(sf);
    }
    arena_free_all();
    return 0;
}
