/*
 * diag.c: diagnostics in the format editors already parse:
 *   file:line:col: error: message
 *     12 |     dv/dt = (v_rest - v + g_e) / tau_m
 *        |                           ^~~
 * Errors are capped so that one mistake does not bury the screen.
 */
#include "snnc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ERRORS = 10 };
static int nerrors;
static FILE *stream;

void diag_set_stream(FILE *f) { stream = f; }
int diag_errors(void) { return nerrors; }
void diag_reset(void) { nerrors = 0; }

static void show_line(FILE *o, const SrcFile *f, Span sp)
{
    int line, col;
    src_linecol(f, sp.lo, &line, &col);
    int start = f->line_start[line - 1];
    int end = start;
    while ((size_t)end < f->len && f->text[end] != '\n')
        end++;
    fprintf(o, "%5d | %.*s\n", line, end - start, f->text + start);
    fprintf(o, "      | ");
    for (int i = start; i < sp.lo; i++)
        fputc(f->text[i] == '\t' ? '\t' : ' ', o);
    fputc('^', o);
    int hi = sp.hi < end ? sp.hi : end;
    for (int i = sp.lo + 1; i < hi; i++)
        fputc('~', o);
    fputc('\n', o);
}

static void emit(const char *kind, Span sp, const char *fmt, va_list ap)
{
    FILE *o = stream ? stream : stderr;
    const SrcFile *f = src_get(sp.file);
    if (f) {
        int line, col;
        src_linecol(f, sp.lo, &line, &col);
        fprintf(o, "%s:%d:%d: %s: ", f->path, line, col, kind);
    } else {
        fprintf(o, "snnc: %s: ", kind);
    }
    vfprintf(o, fmt, ap);
    fputc('\n', o);
    if (f)
        show_line(o, f, sp);
}

void diag_error(Span sp, const char *fmt, ...)
{
    if (++nerrors > MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit("error", sp, fmt, ap);
    va_end(ap);
    if (nerrors == MAX_ERRORS)
        fprintf(stream ? stream : stderr, "snnc: too many errors, stopping\n");
}

void diag_warning(Span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("warning", sp, fmt, ap);
    va_end(ap);
}

void diag_note(Span sp, const char *fmt, ...)
{
    if (nerrors > MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit("note", sp, fmt, ap);
    va_end(ap);
}

/* An error about a file as a whole (it cannot be read): named by its path,
 * the way cc names a missing input. */
void diag_file(const char *path, const char *fmt, ...)
{
    if (++nerrors > MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    FILE *o = stream ? stream : stderr;
    fprintf(o, "%s: error: ", path);
    vfprintf(o, fmt, ap);
    fputc('\n', o);
    va_end(ap);
}

/* A broken promise of snnc's own, not a mistake in the model: one line that
 * says so (exit status 2). */
void diag_internal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "snnc: internal error: ");
    vfprintf(stderr, fmt, ap);
    fputs("; this is a bug in snnc, please report it with the model\n", stderr);
    va_end(ap);
    exit(EXIT_INTERNAL);
}
