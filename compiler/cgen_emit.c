/*
 * cgen_emit.c: the emitter all C printers write through.  It counts the lines
 * it writes, so that after a stretch of code that '#line' attributes to the
 * .snn it can point the C compiler back at the generated file's own next line;
 * it escapes every string from the model, prints numbers as the shortest text
 * that reads back to the same value, and prints bound expressions.
 */
#include "cgen.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void out(Gen *g, const char *fmt, ...)
{
    char small[512], *text = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        diag_internal("cannot format generated code");
    if ((size_t)n >= sizeof small) {
        text = arena_alloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    for (const char *c = text; (c = strchr(c, '\n')); c++)
        g->line++;
    fwrite(text, 1, (size_t)n, g->o);
}

/* The bytes of s for C: anything but printable ASCII becomes a three-digit
 * octal escape, and so do '"', '\\', '?' (no trigraph can form) and the '/' of
 * a star-slash.  Every string from the model passes through here: file names,
 * paths, labels, connection names (written with the endpoints' source text),
 * and names, although the scanner allows only [A-Za-z0-9_] in those. */
static const char *escape(const char *s, bool quoted)
{
    size_t n = strlen(s);
    char *b = arena_alloc(4 * n + 3), *o = b;
    if (quoted)
        *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 32 || c > 126 || c == '"' || c == '\\' || c == '?' || (c == '/' && i && s[i - 1] == '*'))
            o += sprintf(o, "\\%03o", c);
        else
            *o++ = (char)c;
    }
    if (quoted)
        *o++ = '"';
    *o = 0;
    return b;
}

/* a C string literal holding exactly the bytes of s */
const char *cstr(const char *s) { return escape(s, true); }

/* s inside a comment: it cannot end the comment */
const char *ctext(const char *s) { return escape(s, false); }

void line_dir(Gen *g, Span sp)
{
    const SrcFile *f = src_get(sp.file);
    if (!g->opt->line_directives || !f)
        return;
    int line, col;
    src_linecol(f, sp.lo, &line, &col);
    out(g, "#line %d %s\n", line, cstr(f->path));
}

bool mentions(const Node *e, SymKind kind, const char *name)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == kind && strcmp(e->sym->name, name) == 0)
        return true;
    if (e->sym && e->sym->kind == kind && e->kind != N_NAME && strcmp(e->sym->name, name) == 0)
        return true; /* an assignment to it */
    for (int i = 0; i < e->nkid; i++)
        if (mentions(e->kid[i], kind, name))
            return true;
    return false;
}

bool reads_run(const Node *e)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_GPARAM))
        return !e->sym->param->ir; /* one per neuron: an array of its population */
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_BUILTIN && !strcmp(e->sym->name, "dt"))
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (reads_run(e->kid[i]))
            return true;
    return false;
}

/* Back to the generated file: the line after this directive is line + 2. */
void line_back(Gen *g)
{
    if (g->opt->line_directives)
        out(g, "#line %ld %s\n", g->line + 2, cstr(g->opt->c_name));
}

/* the number of a bounded draw's helper function (lower_exprs.c lists them) */
static int bounded_index(Gen *g, const Node *e)
{
    const Vec *b = &g->m->ir->bounded;
    for (int i = 0; i < b->n; i++)
        if (b->v[i] == e)
            return i;
    diag_internal("a bounded draw that lowering did not list");
}

/* The shortest decimal text that reads back to the same value: as a double,
 * or (AS_FLOAT) as the same float that the double's full 17 digits give. */
static const char *shortest(double v, bool as_float)
{
    char b[64];
    snprintf(b, sizeof b, "%.17g", v);
    const float want = strtof(b, NULL);
    for (int p = 1; p <= 17; p++) {
        snprintf(b, sizeof b, "%.*g", p, v);
        if (as_float ? strtof(b, NULL) == want : strtod(b, NULL) == v)
            break;
    }
    if (!strpbrk(b, ".eEn"))
        strcat(b, ".0");
    return arena_strdup(b);
}

/* a literal: a double at start-up, a float in the hot loop */
static void num(Gen *g, double v, int mode)
{
    out(g, "%s%s", shortest(v, mode == M_HOT), mode == M_HOT ? "f" : "");
}

const char *cnum(double v) { return shortest(v, false); }

static void call(Gen *g, Node *e, int mode)
{
    const char *f = call_name(e)->name;
    Node *a = call_args(e);
    const char *suffix = mode == M_HOT ? "f" : "";
    if (strcmp(f, "rand") == 0) {
        out(g, "u_rand");
        return;
    }
    if (strcmp(f, "normal") == 0 || strcmp(f, "uniform") == 0 || strcmp(f, "gamma") == 0 ||
        strcmp(f, "exponential") == 0) {
        out(g, "snn_draw_%s(rng", f);
        for (int i = 0; i < a->nkid; i++) {
            out(g, ", ");
            expr(g, arg_value(list_at(a, i)), mode);
        }
        out(g, ")");
        return;
    }
    if (strcmp(f, "min") == 0 || strcmp(f, "max") == 0) {
        out(g, "f%s%s(", f, suffix);
        expr(g, arg_value(list_at(a, 0)), mode);
        out(g, ", ");
        expr(g, arg_value(list_at(a, 1)), mode);
        out(g, ")");
        return;
    }
    if (strcmp(f, "clip") == 0) {
        out(g, "fmin%s(fmax%s(", suffix, suffix);
        expr(g, arg_value(list_at(a, 0)), mode);
        out(g, ", ");
        expr(g, arg_value(list_at(a, 1)), mode);
        out(g, "), ");
        expr(g, arg_value(list_at(a, 2)), mode);
        out(g, ")");
        return;
    }
    out(g, "%s%s(", strcmp(f, "abs") == 0 ? "fabs" : f, suffix);
    expr(g, arg_value(list_at(a, 0)), mode);
    out(g, ")");
}

static void name(Gen *g, Node *e, int mode)
{
    Sym *y = e->sym;
    if (!y)
        diag_internal("unresolved name '%s' in code generation", e->name);
    switch (y->kind) {
    case SYM_STATE:
        if (y->owner && y->owner->kind == N_PLASTICITY)
            out(g, "S[k].s_%s", y->name); /* a state of synapse k */
        else
            out(g, "%s_%s", g->use_new ? "n" : "s", y->var->cname);
        return;
    case SYM_TRACE:
        out(g, "tr_%s", y->name); /* the trace decayed to this step */
        return;
    case SYM_WEIGHT:
        out(g, "S[k].w");
        return;
    case SYM_PARAM:
    case SYM_GPARAM: {
        Param *p = y->param;
        if (!p)
            diag_internal("unbound parameter '%s'", e->name);
        if (p->ir) /* differs per neuron: element i of its array (in the hot loop a local pointer) */
            out(g, mode == M_HOT ? "%s[i]" : "%s.%s[i]", mode == M_HOT ? p->cname : ((Pop *)g->m->pops.v[p->pop])->cname,
                p->ir->array);
        else if (mode == M_HOT)
            out(g, "%s", p->cname);
        else
            out(g, "r->p[%s]", pslot(g->m, p->index));
        return;
    }
    case SYM_BUILTIN:
        if (y->data) /* the neuron's index or grid position in its arguments (see gen_position) */
            out(g, "pos_%s", y->name);
        else if (strcmp(y->name, "dt") == 0)
            out(g, mode == M_HOT ? "dt_f" : "r->p[SNN_P_DT]"); /* set before every other default */
        else if (strcmp(y->name, "t") == 0)
            out(g, mode == M_HOT ? "t" : "0.0");
        else if (strcmp(y->name, "delta") == 0)
            out(g, "delta"); /* 'on pair': t(first) - t(second) */
        else if (strcmp(y->name, "label") == 0)
            out(g, "label"); /* the current trial's label */
        else if (strcmp(y->name, "trial") == 0 || strcmp(y->name, "source") == 0)
            out(g, "%s_", y->name); /* a modulator's sign: the trial's number, the spiking neuron */
        else if (strcmp(y->name, "pi") == 0)
            num(g, 3.14159265358979323846, mode);
        else if (!strcmp(y->name, "i") || !strcmp(y->name, "j") || !strncmp(y->name, "x_", 2) || !strncmp(y->name, "y_", 2) ||
                 !strncmp(y->name, "z_", 2))
            out(g, "w_%s", y->name); /* when(): the pair and its grid coordinates */
        else
            out(g, "%s", strcmp(y->name, "true") == 0 ? "1" : "0");
        return;
    default:
        diag_internal("name '%s' of kind %d in code generation", e->name, y->kind);
    }
}

void expr(Gen *g, Node *e, int mode)
{
    switch (e->kind) {
    case N_NUM:
        num(g, e->num, mode);
        return;
    case N_NAME:
        name(g, e, mode);
        return;
    case N_CALL:
        call(g, e, mode);
        return;
    case N_UNARY:
        out(g, "(%s", e->op == OP_SUB ? "-" : "!");
        expr(g, unary_operand(e), mode);
        out(g, ")");
        return;
    case N_COND:
        out(g, "(");
        expr(g, cond_test(e), mode);
        out(g, " ? ");
        expr(g, cond_then(e), mode);
        out(g, " : ");
        expr(g, cond_else(e), mode);
        out(g, ")");
        return;
    case N_BOUNDED:
        out(g, "bounded%d(%srng, %s&ok)", bounded_index(g, e), reads_run(e) ? "r, " : "", ir_per_neuron(e) ? "i, " : "");
        return;
    case N_BINARY:
        if (e->op == OP_POW) {
            double p;
            if (sema_const_eval(bin_rhs(e), &p) && (p == 2 || p == 3)) {
                out(g, "(");
                for (int i = 0; i < (int)p; i++) {
                    if (i)
                        out(g, " * ");
                    expr(g, bin_lhs(e), mode);
                }
                out(g, ")");
                return;
            }
            out(g, "pow%s(", mode == M_HOT ? "f" : "");
            expr(g, bin_lhs(e), mode);
            out(g, ", ");
            expr(g, bin_rhs(e), mode);
            out(g, ")");
            return;
        }
        out(g, "(");
        expr(g, bin_lhs(e), mode);
        out(g, " %s ", op_str(e->op));
        expr(g, bin_rhs(e), mode);
        out(g, ")");
        return;
    default:
        diag_internal("cannot generate code for %s", ast_kind_name(e->kind));
    }
}

/* Bounded draws need a loop; each becomes a small function emitted up front. */
void bounded_fns(Gen *g, Node *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nkid; i++)
        bounded_fns(g, e->kid[i]);
    if (e->kind != N_BOUNDED)
        return;
    out(g, "static double bounded%d(%sgsl_rng *rng, %sbool *ok)\n{\n", bounded_index(g, e), reads_run(e) ? "snn_run *r, " : "",
        ir_per_neuron(e) ? "uint32_t i, " : "");
    gen_position(g, e, "    ");
    out(g, "    double x;\n    SNN_BOUNDED(x, ");
    expr(g, bounded_draw(e), M_INIT);
    out(g, ", ");
    expr(g, bounded_lo(e), M_INIT);
    out(g, ", ");
    expr(g, bounded_hi(e), M_INIT);
    out(g, ", ok);\n    return x;\n}\n\n");
}

/* The position names e reads (i, x, y, z in a population's arguments) as
 * locals pos_i ... of neuron i: its grid position is i, or place_POP[i] on a
 * shuffled grid, read x fastest (docs/language.md, 9.6). */
void gen_position(Gen *g, const Node *e, const char *ind)
{
    const Pop *p = ir_position_pop(e);
    if (!p)
        return;
    bool x = mentions(e, SYM_BUILTIN, "x"), y = mentions(e, SYM_BUILTIN, "y"), z = mentions(e, SYM_BUILTIN, "z");
    if (mentions(e, SYM_BUILTIN, "i"))
        out(g, "%sconst double pos_i = i;\n", ind);
    if (x || y || z)
        out(g, "%sconst uint32_t pos = %s;\n", ind, p->grid_shuffled ? arena_printf("place_%s[i]", p->cname) : "i");
    if (x)
        out(g, "%sconst double pos_x = pos %% %du;\n", ind, p->grid[0]);
    if (y)
        out(g, "%sconst double pos_y = pos / %du %% %du;\n", ind, p->grid[0], p->grid[1]);
    if (z)
        out(g, "%sconst double pos_z = pos / %du;\n", ind, p->grid[0] * p->grid[1]);
}

void dim_lit(Gen *g, Dim d) { out(g, "{{%d, %d, %d, %d}}", d.e[0], d.e[1], d.e[2], d.e[3]); }

const char *pop_n(const Pop *p)
{
    return p->size_expr ? arena_printf("%s.n", p->cname) : arena_printf("%d", p->size);
}

const char *pop_nu(const Pop *p)
{
    return p->size_expr ? arena_printf("%s.n", p->cname) : arena_printf("%du", p->size);
}

const char *range_n(const Model *m, int pop, int n)
{
    const Pop *p = m->pops.v[pop];
    return p->size_expr ? pop_n(p) : arena_printf("%d", n);
}

const char *range_nu(const Model *m, int pop, int n)
{
    const Pop *p = m->pops.v[pop];
    return p->size_expr ? pop_n(p) : arena_printf("%du", n);
}

/* n is at least 1: sizes are, and sema refuses empty ranges */
void gen_alloc(Gen *g, const char *lhs, const char *type, const char *n)
{
    out(g, "    if (!(%s = snn_zalloc(%s, sizeof(%s))))\n        return snn_fail(r, \"out of memory\");\n", lhs, n, type);
}

void gen_alloc_copies(Gen *g, const char *lhs, const char *type, const char *n)
{
    out(g, "    if (!(%s = snn_zalloc((size_t)r->nthreads * %s, sizeof(%s))))\n        return snn_fail(r, \"out of memory\");\n",
        lhs, n, type);
}

/* The one propagator emitter: a block of start-up code that fills A and b of
 * the linear system s and computes P = exp(A dt) and q (the response to b over
 * one step), failing with a message naming WHAT. */
void gen_propagator(Gen *g, const LinSys *s, const char *ind, const char *what)
{
    int n = s->n;
    if (!n)
        return;
    out(g, "%sdouble A[%d] = {0}, b[%d] = {0}, P[%d], q[%d];\n", ind, n * n, n, n * n, n);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            if (s->A[i][j]) {
                out(g, "%sA[%d] = ", ind, i * n + j);
                expr(g, s->A[i][j], M_INIT);
                out(g, ";\n");
            }
        if (s->b[i]) {
            out(g, "%sb[%d] = ", ind, i);
            expr(g, s->b[i], M_INIT);
            out(g, ";\n");
        }
    }
    out(g, "%sif (snn_propagator(%d, A, b, r->dt, P, q))\n"
               "%s    return snn_fail(r, \"%%s: the linear equations have no finite propagator (check the time constants)\", %s);\n",
            ind, n, ind, cstr(what));
}
