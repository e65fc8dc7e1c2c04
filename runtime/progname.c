/*
 * progname.c: the executable's name, and the messages it prints under it.
 *
 * An executable is named after its model (coba, compsim5) and may be renamed
 * or copied; like cc or make it says who speaks -- "coba: error: ..." -- so
 * that a line in a batch log, among the outputs of several runs or of MPI
 * ranks, names its program.  The name is argv[0]'s last component, set by
 * snn_main before anything is printed.  Each message is formatted whole and
 * written in one call, so that lines of threads, worker processes and ranks
 * do not interleave within a line.
 */
#include "internal.h"

#include <stdarg.h>

static const char *progname = "model";

void snn_progname_set(const char *argv0)
{
    if (!argv0 || !*argv0)
        return;
    const char *slash = strrchr(argv0, '/');
    progname = slash && slash[1] ? slash + 1 : argv0;
}

const char *snn_progname(void) { return progname; }

static void say(const char *kind, const char *fmt, va_list ap)
{
    char text[2048];
    vsnprintf(text, sizeof text, fmt, ap);
    fprintf(stderr, "%s: %s: %s\n", progname, kind, text);
}

void snn_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("error", fmt, ap);
    va_end(ap);
}

void snn_say(const char *kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(kind, fmt, ap);
    va_end(ap);
}
