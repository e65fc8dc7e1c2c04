/*
 * diag.c: diagnostics in the format editors already parse:
 *   file:line:col: error: message
 *     12 |     dv/dt = (v_rest - v + g_e) / tau_m
 *        |                           ^~~
 * Errors are capped so that one mistake does not bury the screen.  A sink
 * (the language server) takes every message instead, uncapped and without
 * the source line, and an internal error then returns to it instead of exiting.
 */
#include "snnc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ERRORS = 10 };
static int nerrors;
static FILE *stream;
static DiagSink sink;
static void *sink_ctx;
static jmp_buf *sink_escape;

void diag_set_stream(FILE *f) { stream = f; }

void diag_set_sink(DiagSink fn, void *ctx, jmp_buf *escape)
{
    sink = fn;
    sink_ctx = ctx;
    sink_escape = escape;
}

/* the cap is for a terminal: a sink sorts and shows messages itself */
static bool capped(void) { return !sink && nerrors > MAX_ERRORS; }

static void to_sink(const char *kind, Span sp, const char *path, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    char *msg = n < 0 ? arena_strdup(fmt) : arena_alloc((size_t)n + 1);
    if (n >= 0)
        vsnprintf(msg, (size_t)n + 1, fmt, again);
    va_end(again);
    sink(sink_ctx, kind, sp, path, msg);
}
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
    if (sink) {
        to_sink(kind, sp, NULL, fmt, ap);
        return;
    }
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
    ++nerrors;
    if (capped())
        return;
    va_list ap;
    va_start(ap, fmt);
    emit("error", sp, fmt, ap);
    va_end(ap);
    if (nerrors == MAX_ERRORS && !sink)
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
    if (capped())
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
    ++nerrors;
    if (capped())
        return;
    va_list ap;
    va_start(ap, fmt);
    if (sink) {
        to_sink("error", (Span){-1, 0, 0}, path, fmt, ap);
        va_end(ap);
        return;
    }
    FILE *o = stream ? stream : stderr;
    fprintf(o, "%s: error: ", path);
    vfprintf(o, fmt, ap);
    fputc('\n', o);
    va_end(ap);
}

/* A broken promise of snnc's own, not a mistake in the model: one line that
 * says so (exit status 2).  Under a sink the message goes there and control
 * back to where the sink was set: a language server outlives one bad model. */
void diag_internal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (sink) {
        to_sink("internal error", (Span){-1, 0, 0}, NULL, fmt, ap);
        va_end(ap);
        longjmp(*sink_escape, 1);
    }
    fprintf(stderr, "snnc: internal error: ");
    vfprintf(stderr, fmt, ap);
    fputs("; this is a bug in snnc, please report it with the model\n", stderr);
    va_end(ap);
    exit(EXIT_INTERNAL);
}

/* ---- "did you mean": the closest of the names a mistake could have meant -----
 * Distances are Damerau-Levenshtein (optimal string alignment) with every
 * edit costing 2 and a change of case only 1, so that 'mv' prefers 'mV' over
 * 'MV' and 'e_l' prefers 'E_L' over a name two letters away.  A candidate is
 * suggested only when it is at most two edits away, fewer edits than the
 * misspelt name has letters ('u' is not a misspelling of 'v'), and strictly
 * closer than every other candidate: a guess between two names is noise. */

static int edit_cost(char a, char b)
{
    if (a == b)
        return 0;
    if ((a ^ b) == 0x20 && ((a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
        return 1; /* the same letter in the other case */
    return 2;
}

static int spelling_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    enum { LONGEST = 64 };
    if (la > LONGEST || lb > LONGEST)
        return 1 << 20;
    int d[LONGEST + 1][LONGEST + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = 2 * (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = 2 * (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + edit_cost(a[i - 1], b[j - 1]);
            if (d[i - 1][j] + 2 < best)
                best = d[i - 1][j] + 2;
            if (d[i][j - 1] + 2 < best)
                best = d[i][j - 1] + 2;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 2 < best)
                best = d[i - 2][j - 2] + 2; /* two letters swapped */
            d[i][j] = best;
        }
    return d[la][lb];
}

void suggest_init(Suggest *s, const char *wrong)
{
    s->wrong = wrong;
    s->best = NULL;
    s->cost = 0;
    s->tied = false;
}

void suggest_offer(Suggest *s, const char *candidate)
{
    if (!candidate || strcmp(candidate, s->wrong) == 0)
        return;
    int c = spelling_distance(s->wrong, candidate);
    if (c > 4 || c >= 2 * (int)strlen(s->wrong))
        return;
    if (s->best && strcmp(s->best, candidate) == 0)
        return; /* the same name offered twice (in scope and in the stdlib) */
    if (!s->best || c < s->cost) {
        s->best = candidate;
        s->cost = c;
        s->tied = false;
    } else if (c == s->cost) {
        s->tied = true;
    }
}

const char *suggest_best(const Suggest *s) { return s->tied ? NULL : s->best; }

const char *did_you_mean(const Suggest *s)
{
    const char *b = suggest_best(s);
    return b ? arena_printf("; did you mean '%s'?", b) : "";
}
