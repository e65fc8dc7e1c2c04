/*
 * cgen.c: the checked, planned model -> one C file.
 *
 * Layout of the output (read a generated file next to this):
 *   parameter table        names, dimensions, flags; defaults computed in order
 *   one struct per population and per projection (state arrays, constants)
 *   init                   allocation, initial values, connectivity, propagators
 *   update_<pop>           the hot loop: float state, branch-free, one pass
 *   deliver_<projection>   scatter this step's spikes into delay rings
 * Everything that is fixed during a run (propagators, refractory steps, delays
 * in steps) is computed once in init, never inside a step.
 */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    FILE *o;
    Model *m;
    const CgenOptions *opt;
    bool use_new;         /* state names mean the values after this step's update */
    bool peek;            /* generating a function that only looks: no checks, nothing written */
} Gen;

enum { M_HOT, M_INIT };

static void out(Gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void out(Gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(g->o, fmt, ap);
    va_end(ap);
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
static const char *cstr(const char *s) { return escape(s, true); }

/* s inside a comment: it cannot end the comment */
static const char *ctext(const char *s) { return escape(s, false); }

static void line_dir(Gen *g, Span sp)
{
    const SrcFile *f = src_get(sp.file);
    if (!g->opt->line_directives || !f)
        return;
    int line, col;
    src_linecol(f, sp.lo, &line, &col);
    out(g, "#line %d %s\n", line, cstr(f->path));
}

static void num(Gen *g, double v, int mode)
{
    char b[64];
    snprintf(b, sizeof b, "%.17g", v);
    if (!strpbrk(b, ".eEn"))
        strcat(b, ".0");
    out(g, "%s%s", b, mode == M_HOT ? "f" : "");
}

static void expr(Gen *g, Node *e, int mode);

static void call(Gen *g, Node *e, int mode)
{
    const char *f = e->kid[0]->name;
    Node *a = e->kid[1];
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
            expr(g, a->kid[i]->kid[1], mode);
        }
        out(g, ")");
        return;
    }
    if (strcmp(f, "min") == 0 || strcmp(f, "max") == 0) {
        out(g, "f%s%s(", f, suffix);
        expr(g, a->kid[0]->kid[1], mode);
        out(g, ", ");
        expr(g, a->kid[1]->kid[1], mode);
        out(g, ")");
        return;
    }
    if (strcmp(f, "clip") == 0) {
        out(g, "fmin%s(fmax%s(", suffix, suffix);
        expr(g, a->kid[0]->kid[1], mode);
        out(g, ", ");
        expr(g, a->kid[1]->kid[1], mode);
        out(g, "), ");
        expr(g, a->kid[2]->kid[1], mode);
        out(g, ")");
        return;
    }
    out(g, "%s%s(", strcmp(f, "abs") == 0 ? "fabs" : f, suffix);
    expr(g, a->kid[0]->kid[1], mode);
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
            out(g, "%s_%s", g->use_new ? "n" : "s", ((OdeVar *)y->data)->cname);
        return;
    case SYM_TRACE:
        out(g, "tr_%s", y->name); /* the trace decayed to this step */
        return;
    case SYM_WEIGHT:
        out(g, "S[k].w");
        return;
    case SYM_PARAM:
    case SYM_GPARAM: {
        Param *p = y->data;
        if (!p)
            diag_internal("unbound parameter '%s'", e->name);
        if (mode == M_HOT) {
            out(g, "%s", p->cname);
        }
        else
            out(g, "r->p[%d]", p->index);
        return;
    }
    case SYM_BUILTIN:
        if (strcmp(y->name, "dt") == 0)
            out(g, mode == M_HOT ? "dt_f" : "r->p[SNN_P_DT]"); /* set before every other default */
        else if (strcmp(y->name, "t") == 0)
            out(g, mode == M_HOT ? "t_f" : "0.0");
        else if (strcmp(y->name, "delta") == 0)
            out(g, "delta"); /* 'on pair': t(first) - t(second) */
        else if (strcmp(y->name, "label") == 0)
            out(g, "label"); /* the current trial's label */
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

static void expr(Gen *g, Node *e, int mode)
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
        expr(g, e->kid[0], mode);
        out(g, ")");
        return;
    case N_COND:
        out(g, "(");
        expr(g, e->kid[0], mode);
        out(g, " ? ");
        expr(g, e->kid[1], mode);
        out(g, " : ");
        expr(g, e->kid[2], mode);
        out(g, ")");
        return;
    case N_BOUNDED:
        out(g, "bounded%d(r, rng, &ok)", e->op);
        return;
    case N_BINARY:
        if (e->op == OP_POW) {
            double p;
            if (sema_const_eval(e->kid[1], &p) && (p == 2 || p == 3)) {
                out(g, "(");
                for (int i = 0; i < (int)p; i++) {
                    if (i)
                        out(g, " * ");
                    expr(g, e->kid[0], mode);
                }
                out(g, ")");
                return;
            }
            out(g, "pow%s(", mode == M_HOT ? "f" : "");
            expr(g, e->kid[0], mode);
            out(g, ", ");
            expr(g, e->kid[1], mode);
            out(g, ")");
            return;
        }
        out(g, "(");
        expr(g, e->kid[0], mode);
        out(g, " %s ", op_str(e->op));
        expr(g, e->kid[1], mode);
        out(g, ")");
        return;
    default:
        diag_internal("cannot generate code for %s", ast_kind_name(e->kind));
    }
}

/* Bounded draws need a loop; each becomes a small function emitted up front. */
static void bounded_fns(Gen *g, Node *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->nkid; i++)
        bounded_fns(g, e->kid[i]);
    if (e->kind != N_BOUNDED)
        return;
    out(g, "static double bounded%d(snn_run *r, gsl_rng *rng, bool *ok)\n{\n    double x;\n", e->op);
    out(g, "    SNN_BOUNDED(x, ");
    expr(g, e->kid[0], M_INIT);
    out(g, ", ");
    expr(g, e->kid[1], M_INIT);
    out(g, ", ");
    expr(g, e->kid[2], M_INIT);
    out(g, ", ok);\n    (void)r;\n    return x;\n}\n\n");
}

/* ---- guards: bounds a run checks as it goes ------------------------------------ */

/* the guard as written, with its place: "guard v of net in [...] (m.snn:3:14)" */
static const char *guard_text(const Guard *gd)
{
    const SrcFile *f = src_get(gd->sp.file);
    int line, col;
    src_linecol(f, gd->sp.lo, &line, &col);
    return arena_printf("%s (%s:%d:%d)", gd->text, f->path, line, col);
}

/* the guard on state VAR of population POP, or on the weights of PROJ (var NULL) */
static const Guard *find_guard(Model *m, int pop, const Sym *var, int proj)
{
    for (int i = 0; i < m->guards.n; i++) {
        const Guard *gd = m->guards.v[i];
        if ((gd->kind == GUARD_STATE && var && gd->pop == pop && gd->var == var) ||
            (gd->kind == GUARD_WEIGHT && !var && gd->proj == proj))
            return gd;
    }
    return NULL;
}

/* ---- parameters --------------------------------------------------------------- */

static void dim_lit(Gen *g, Dim d) { out(g, "{{%d, %d, %d, %d}}", d.e[0], d.e[1], d.e[2], d.e[3]); }

static void gen_params(Gen *g)
{
    Model *m = g->m;
    out(g, "static const snn_param_info param_info[%d] = {\n", m->params.n);
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        out(g, "    {%s, ", cstr(p->name));
        dim_lit(g, p->dim);
        out(g, ", %s},\n", p->is_string ? "SNN_P_STRING" : p->fixed ? "SNN_P_FIXED" : p->positive ? "SNN_P_POSITIVE" : "0");
    }
    out(g, "};\n\n");
    /* defaults, in declaration order (a default only refers to earlier ones) */
    /* sim.dt first (defaults may use dt), then the model's parameters in
     * declaration order (a default only refers to earlier ones), then sim.time
     * and sim.seed, which may use both */
    out(g, "static void defaults(snn_run *r)\n{\n");
    int n = m->params.n;
    for (int k = 0; k < n; k++) {
        int i = k == 0 ? 1 : k < n - 2 ? k + 2 : k == n - 2 ? 0 : 2;
        Param *p = m->params.v[i];
        out(g, "    if (!r->set[%d])\n        ", i);
        if (p->is_string) {
            out(g, "r->str[%d] = %s;\n", i, cstr(p->def->name));
            continue;
        }
        if (!p->value) { /* sim.time, sim.dt, sim.seed not given */
            out(g, "r->p[%d] = %s;\n", i, i == 0 ? "1.0" : i == 1 ? "1e-4" : "1.0");
            continue;
        }
        out(g, "r->p[%d] = ", i);
        expr(g, p->value, M_INIT);
        out(g, "; /* %s */\n", ctext(p->name));
    }
    out(g, "}\n\n");
}

/* ---- populations -------------------------------------------------------------- */

static Node *body_of(Node *def) { return def->kid[def->kind == N_SYNAPSE ? 3 : 2]; }

static Node *find_stmt(Node *def, NodeKind k)
{
    Node *b = body_of(def);
    for (int i = 0; i < b->nkid; i++)
        if (b->kid[i]->kind == k)
            return b->kid[i];
    return NULL;
}

static void gen_pop_struct(Gen *g, Pop *p)
{
    out(g, "/* population %s: %d neurons", ctext(p->name), p->size);
    if (p->kind == POP_NEURON)
        out(g, " of %s */\n", p->neuron->name);
    else
        out(g, " reading spikes from a file */\n");
    out(g, "static struct {\n");
    if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET) {
        out(g, "    snn_templates src;\n} %s;\n\n", p->cname);
        return;
    }
    if (p->kind != POP_NEURON) {
        out(g, "    snn_spikefile src;\n} %s;\n\n", p->cname);
        return;
    }
    OdePlan *plan = p->plan;
    for (int i = 0; i < plan->vars.n; i++)
        out(g, "    float *%s;\n", ((OdeVar *)plan->vars.v[i])->cname);
    for (int i = 0; i < p->init_files.n; i++)
        out(g, "    float *init_%s; /* the initial values read from its file */\n", ((InitFile *)p->init_files.v[i])->var->name);
    out(g, "    int32_t *ref, nref;\n    uint8_t *fired;\n");
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    float *ring%d; /* arriving weights for kernel %d, ring_len%d slots of %d */\n    uint32_t ring_len%d;\n",
            k, k, k, p->size, k);
    int nb = plan->block->n;
    if (nb)
        out(g, "    float prop[%d], q[%d], sd[%d];\n", nb * nb, nb, nb);
    out(g, "} %s;\n\n", p->cname);
}

static int pop_index(Model *m, Pop *p)
{
    (void)m;
    return p->index;
}

static void gen_poisson(Gen *g, Pop *p, Node *prob)
{
    out(g, "    /* independent Bernoulli(p) sources: geometric skips between spiking neurons */\n");
    out(g, "    const double p = ");
    expr(g, prob, M_INIT);
    out(g, ";\n    snn_spikelist *out = &r->now[%d];\n    out->n = 0;\n    if (!(p > 0))\n        return;\n", p->index);
    out(g, "    if (p >= 1) {\n        for (uint32_t i = 0; i < %du; i++)\n            out->idx[out->n++] = i;\n        return;\n    }\n",
        p->size);
    out(g, "    const double lq = log1p(-p);\n    uint32_t w[4];\n    int wi = 4;\n    uint64_t ctr = (uint64_t)step << 24;\n");
    out(g, "    for (int64_t i = -1;;) {\n        if (wi == 4) {\n"
           "            snn_philox(r->seed, snn_purpose(SNN_RNG_STEP, %d, 1), 0, ctr++, w);\n            wi = 0;\n        }\n",
        p->index);
    out(g, "        i += 1 + (int64_t)(log(snn_u01(w[wi++])) / lq);\n        if (i >= %d)\n            break;\n"
           "        out->idx[out->n++] = (uint32_t)i;\n    }\n}\n\n",
        p->size);
}

/* The states of a population outside their range (a guard's, else every
 * finite float) stop the run, naming the first one.  A scan after the update
 * loop, every SNN_CHECK_EVERY steps: checking inside the loop slowed COBA by
 * 10 to 17 %, a scan every 16 steps by about 2 %, every 64 by under 1 %.
 * Guarded states are scanned after every step. */
static void gen_check_pop(Gen *g, Pop *p)
{
    OdePlan *plan = p->plan;
    out(g, "static void check_%s(snn_run *r, int64_t step)\n{\n", p->name);
    out(g, "    const bool all = (step + 1) %% SNN_CHECK_EVERY == 0 || step + 1 == r->nsteps;\n    int bad_ = 0;\n");
    for (int pass = 0; pass < 2; pass++) { /* 0: is anything wrong (vectorized)? 1: what */
        if (pass)
            out(g, "    if (!bad_)\n        return;\n    char what[512];\n");
        for (int i = 0; i < plan->vars.n; i++) {
            OdeVar *v = plan->vars.v[i];
            const Guard *gd = v->kernel < 0 ? find_guard(g->m, p->index, v->sym, -1) : NULL;
            /* compared in float, reported as written */
            const char *lo = gd ? arena_printf("%.9ef", gd->min) : "-FLT_MAX", *hi = gd ? arena_printf("%.9ef", gd->max) : "FLT_MAX";
            const char *lod = gd ? arena_printf("%.17g", gd->min) : lo, *hid = gd ? arena_printf("%.17g", gd->max) : hi;
            const char *x = arena_printf("%s.%s[i]", p->cname, v->cname);
            if (!pass) { /* a plain counted loop (the test of `all` outside it), so that GCC vectorizes it */
                const char *in = gd ? "    " : "        ";
                out(g, "%s%sfor (uint32_t i = 0; i < %du; i++)\n%s    bad_ |= !(%s >= %s && %s <= %s);\n",
                    gd ? "" : "    if (all)\n", in, p->size, in, x, lo, x, hi);
                continue;
            }
            out(g, "    for (uint32_t i = 0; i < %du; i++)\n", p->size);
            const char *name = v->kernel < 0 ? v->sym->name
                                             : arena_printf("%s of %s", v->sym->name, ((Kernel *)p->kernels.v[v->kernel])->label);
            out(g, "        if (!(%s >= %s && %s <= %s)) {\n", x, lo, x, hi);
            out(g, "            snprintf(what, sizeof what, \"%%s of neuron %%u of population %%s\", %s, i, %s);\n", cstr(name),
                cstr(p->name));
            out(g, "            snn_halt(r, %s, step, what, %s, %s, %s, %s);\n            return;\n        }\n",
                gd ? "step" : "snn_check_first(step, SNN_CHECK_EVERY)", x, lod, hid, gd ? cstr(guard_text(gd)) : "NULL");
        }
    }
    out(g, "}\n\n");
}

static void gen_update(Gen *g, Pop *p)
{
    Model *m = g->m;
    Node *prob = p->kind == POP_NEURON ? p->ir->bernoulli : NULL;
    if (p->kind == POP_NEURON && !prob)
        gen_check_pop(g, p);
    out(g, "static void update_%s(snn_run *r, int64_t step)\n{\n", p->name);
    if (p->kind != POP_NEURON) {
        out(g, "    snn_%s_emit(&%s.src, step, &r->now[%d]);\n}\n\n", p->kind == POP_TEMPLATES || p->kind == POP_STIMSET ? "templates" : "spikefile",
            p->cname, p->index);
        return;
    }
    if (prob) {
        gen_poisson(g, p, prob);
        return;
    }
    OdePlan *plan = p->plan;
    const char *s = p->cname;
    out(g, "    const uint32_t n = %d;\n", p->size);
    out(g, "    const float dt_f = (float)r->dt;\n    const float t_f = (float)((double)step * r->dt);\n    (void)dt_f;\n    (void)t_f;\n");
    /* the parameters the loop reads, as float constants */
    for (int i = 3; i < m->params.n; i++)
        if (p->ir->reads[i]) {
            Param *q = m->params.v[i];
            out(g, "    const float %s = (float)r->p[%d]; /* %s */\n", q->cname, i, ctext(q->name));
        }
    const LinSys *blk = plan->block;
    int nb = blk->n;
    for (int a = 0; a < nb; a++)
        for (int b = 0; b < nb; b++)
            if (blk->reach[a][b])
                out(g, "    const float E%d_%d = %s.prop[%d];\n", a, b, s, a * nb + b);
    /* the affine term of row a is non-zero only if a constant term reaches it */
    bool *hasq = arena_alloc(sizeof(bool) * (size_t)(nb ? nb : 1));
    for (int a = 0; a < nb; a++)
        for (int b = 0; b < nb; b++)
            if (blk->reach[a][b] && blk->b[b])
                hasq[a] = true;
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        int a = v->block_index;
        if (a < 0)
            continue;
        if (hasq[a])
            out(g, "    const float Q%d = %s.q[%d];\n", a, s, a);
        for (int k = 0; k < v->noise_coef.n; k++)
            if (v->noise_coef.v[k]) {
                out(g, "    const float SD%d = %s.sd[%d];\n", a, s, a);
                break;
            }
    }
    if (p->ir->refractory)
        out(g, "    const int32_t nref = %s.nref;\n", s);
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "    float *restrict a_%s = %s.%s;\n", v->cname, s, v->cname);
    }
    out(g, "    int32_t *restrict ref = %s.ref;\n    uint8_t *restrict fired = %s.fired;\n", s, s);
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    float *restrict in%d = %s.ring%d + (size_t)(step %% %s.ring_len%d) * n;\n", k, s, k, s, k);
    const IrPop *ir = p->ir;
    bool need_rand = ir->threshold_rand;
    int nnoise = plan->noises.n;
    if (nnoise || need_rand)
        out(g, "    const uint64_t seed = r->seed;\n");
    if (nnoise)
        out(g, "    const uint32_t noise_purpose = snn_purpose(SNN_RNG_NOISE, %d, 0);\n", p->index);
    if (need_rand)
        out(g, "    const uint32_t rand_purpose = snn_purpose(SNN_RNG_STEP, %d, 0);\n", p->index);
    /* this step's arrivals, in their own pass: reading the delay ring inside
     * the main loop keeps GCC from vectorizing it */
    for (int k = 0; k < p->kernels.n; k++) {
        Kernel *ker = p->kernels.v[k];
        OdeVar *v = ode_find_var(plan, ker->spike_target, k);
        out(g, "    for (uint32_t i = 0; i < n; i++) {\n        a_%s[i] += ", v->cname);
        if (ker->spike_gain) {
            expr(g, ker->spike_gain, M_HOT);
            out(g, " * ");
        }
        out(g, "in%d[i];\n        in%d[i] = 0.0f;\n    }\n", k, k);
    }
    /* every neuron touches only its own elements; GCC cannot see that through
     * pointers loaded from globals, and with more than a few state arrays it
     * gives up on run-time alias checks and leaves the loop scalar */
    out(g, "    SNN_IVDEP\n    for (uint32_t i = 0; i < n; i++) {\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "        float s_%s = a_%s[i];\n", v->cname, v->cname);
    }
    /* random numbers of this neuron and step */
    if (nnoise) {
        for (int j = 0; j < (nnoise + 1) / 2; j++) {
            out(g, "        uint32_t w%d[4];\n        snn_philox(seed, noise_purpose, i, (uint64_t)step * %d + %d, w%d);\n", j,
                (nnoise + 1) / 2, j, j);
            out(g, "        float z%d, z%d;\n        snn_normal2f(w%d[0], w%d[1], &z%d, &z%d);\n", 2 * j, 2 * j + 1, j, j,
                2 * j, 2 * j + 1);
        }
    }
    if (need_rand)
        out(g, "        uint32_t wr[4];\n        snn_philox(seed, rand_purpose, i, (uint64_t)step, wr);\n"
               "        const float u_rand = snn_u01f(wr[0]);\n");
    /* new values from old values */
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (!v->rhs) {
            out(g, "        float n_%s = s_%s;\n", v->cname, v->cname);
            continue;
        }
        if (v->sym->data)
            line_dir(g, ((Node *)v->sym->data)->sp);
        switch (v->scheme) {
        case SCHEME_EXACT: {
            int a = v->block_index;
            out(g, "        float n_%s = ", v->cname);
            const char *plus = "";
            if (hasq[a]) {
                out(g, "Q%d", a);
                plus = " + ";
            }
            for (int j = 0; j < plan->vars.n; j++) {
                OdeVar *w = plan->vars.v[j];
                if (w->block_index >= 0 && blk->reach[a][w->block_index]) {
                    out(g, "%sE%d_%d * s_%s", plus, a, w->block_index, w->cname);
                    plus = " + ";
                }
            }
            out(g, ";\n");
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k])
                    out(g, "        n_%s += SD%d * z%d;\n", v->cname, a, k);
            break;
        }
        case SCHEME_EXP_EULER:
            out(g, "        float n_%s = snn_expeuler(s_%s, ", v->cname, v->cname);
            expr(g, v->lin_a, M_HOT);
            out(g, ", ");
            expr(g, v->lin_b, M_HOT);
            out(g, ", dt_f);\n");
            break;
        case SCHEME_EULER:
            out(g, "        float n_%s = s_%s + dt_f * ", v->cname, v->cname);
            expr(g, v->rhs, M_HOT);
            out(g, ";\n");
            break;
        }
        if (v->scheme != SCHEME_EXACT)
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k]) {
                    out(g, "        n_%s += ", v->cname);
                    expr(g, v->noise_coef.v[k], M_HOT);
                    out(g, " * sqrtf(dt_f) * z%d;\n", k);
                }
    }
    if (g->opt->line_directives)
        out(g, "#line %d \"<generated>\"\n", 1);
    /* refractoriness, threshold, reset: branch-free so the loop vectorizes */
    out(g, "        int32_t rc = ref[i];\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        if (v->clamped)
            out(g, "        n_%s = rc > 0 ? s_%s : n_%s;\n", v->cname, v->cname, v->cname);
    }
    out(g, "        const int can = rc <= 0;\n        rc = rc > 0 ? rc - 1 : 0;\n");
    if (ir->threshold) {
        /* the threshold sees the new values */
        out(g, "        const int f = can & (");
        g->use_new = true;
        expr(g, ir->threshold, M_HOT);
        g->use_new = false;
        out(g, ");\n");
    } else {
        out(g, "        const int f = 0;\n");
    }
    for (int i = 0; i < ir->reset.n; i++) {
        const IrAssign *as = ir->reset.v[i];
        const char *x = as->var->cname;
        out(g, "        n_%s = f ? ", x);
        if (as->op != OP_ASSIGN)
            out(g, "n_%s %c ", x, as->op == OP_ADDEQ ? '+' : as->op == OP_SUBEQ ? '-' : '*');
        g->use_new = true;
        expr(g, as->value, M_HOT);
        g->use_new = false;
        out(g, " : n_%s;\n", x);
    }
    if (ir->refractory)
        out(g, "        rc = f ? nref : rc;\n");
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        out(g, "        a_%s[i] = n_%s;\n", v->cname, v->cname);
    }
    out(g, "        ref[i] = rc;\n        fired[i] = (uint8_t)f;\n    }\n");
    out(g, "    snn_collect(fired, n, &r->now[%d]);\n", pop_index(m, p));
    /* guarded states after every step, the others every SNN_CHECK_EVERY steps */
    out(g, "    check_%s(r, step);\n}\n\n", p->name);
}

/* ---- initialisation ------------------------------------------------------------ */

static void gen_alloc(Gen *g, const char *lhs, const char *type, int n)
{
    out(g, "    if (!(%s = calloc(%d, sizeof(%s))))\n        return snn_fail(r, \"out of memory\");\n", lhs, n ? n : 1, type);
}

/* The one propagator emitter: a block of start-up code that fills A and b of
 * the linear system s and computes P = exp(A dt) and q (the response to b over
 * one step), failing with a message naming WHAT. */
static void gen_propagator(Gen *g, const LinSys *s, const char *ind, const char *what)
{
    int n = s->n, nn = n ? n * n : 1;
    out(g, "%sdouble A[%d] = {0}, b[%d] = {0}, P[%d], q[%d];\n", ind, nn, n ? n : 1, nn, n ? n : 1);
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
    if (n)
        out(g, "%sif (snn_propagator(%d, A, b, r->dt, P, q))\n"
               "%s    return snn_fail(r, \"%%s: the linear equations have no finite propagator (check the time constants)\", %s);\n",
            ind, n, ind, cstr(what));
}

/* What a population's update reads besides its states and parameters -- the
 * refractory steps, the propagator of its linear block and the noise per step --
 * computed from the parameters at start-up and again at every phase start, so
 * that a phase's 'set' applies to them too. */
static void gen_consts_pop(Gen *g, Pop *p)
{
    const char *s = p->cname;
    OdePlan *plan = p->plan;
    out(g, "static int consts_%s(snn_run *r)\n{\n    (void)r;\n", p->name);
    Node *rb = p->ir->refractory;
    if (rb) {
        out(g, "    {\n        const double t_ref = ");
        expr(g, rb, M_INIT);
        const char *what = rb->kind == N_NAME && rb->sym && rb->sym->kind == SYM_PARAM
                               ? arena_printf("parameter %s", ((Param *)rb->sym->data)->name)
                               : "refractory period";
        out(g, ";\n        if (!(t_ref >= 0) || !isfinite(t_ref))\n"
               "            return snn_fail(r, \"population %%s: %%s = %%g ms: the refractory period must be >= 0\", %s, %s, t_ref * 1e3);\n",
            cstr(p->name), cstr(what));
        out(g, "        %s.nref = (int32_t)lround(t_ref / r->dt);\n    }\n", s);
    }
    int nb = plan->block->n;
    if (nb) {
        out(g, "    {\n");
        gen_propagator(g, plan->block, "        ", arena_printf("population %s", p->name));
        out(g, "        for (int k = 0; k < %d; k++)\n            %s.prop[k] = (float)P[k];\n", nb * nb, s);
        out(g, "        for (int k = 0; k < %d; k++)\n            %s.q[k] = (float)q[k];\n", nb, s);
        /* exact Ornstein-Uhlenbeck step: the standard deviation added per step */
        for (int i = 0; i < plan->vars.n; i++) {
            OdeVar *v = plan->vars.v[i];
            if (v->block_index < 0)
                continue;
            for (int k = 0; k < v->noise_coef.n; k++)
                if (v->noise_coef.v[k]) {
                    int a = v->block_index;
                    out(g, "        {\n            const double c = ");
                    expr(g, v->noise_coef.v[k], M_INIT);
                    out(g, ", a = A[%d];\n", a * nb + a);
                    out(g, "            %s.sd[%d] = (float)(fabs(c) * (a != 0 ? sqrt(expm1(2 * a * r->dt) / (2 * a)) : sqrt(r->dt)));\n        }\n",
                        s, a);
                }
        }
        out(g, "    }\n");
    }
    out(g, "    return 0;\n}\n\n");
}

/* Initial values: constants are broadcast, draws use one stream per neuron.  At
 * a trial's reset (reset) every state is set, zero where no value is given, and
 * draws come from a stream of their own positioned by the trial, so that a
 * trial's start does not depend on what ran before it. */
static void gen_initial_values(Gen *g, Pop *p, bool reset)
{
    const char *s = p->cname;
    OdePlan *plan = p->plan;
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        Node *b = p->ir->init[i];
        InitFile *file = p->ir->init_file[i];
        if (file) { /* read once at start-up, copied again at each reset */
            const char *buf = arena_printf("%s.init_%s", s, v->sym->name);
            if (!reset) {
                gen_alloc(g, buf, "float", p->size);
                out(g, "    if (snn_initfile_load(r, %s, %d, %.17g, r->str[%d], %s, %s, %s))\n        return -1;\n", buf,
                    p->size, file->unit, file->param, cstr(((Param *)g->m->params.v[file->param])->name), cstr(p->name),
                    cstr(v->sym->name));
            }
            out(g, "    memcpy(%s.%s, %s, %d * sizeof(float));\n", s, v->cname, buf, p->size);
            continue;
        }
        if (!b) {
            if (reset)
                out(g, "    memset(%s.%s, 0, %d * sizeof(float));\n", s, v->cname, p->size);
            continue;
        }
        line_dir(g, b->sp);
        if (!(b->dep & DEP_RANDOM)) {
            out(g, "    {\n        const float x = (float)(");
            expr(g, b, M_INIT);
            out(g, ");\n        for (uint32_t i = 0; i < %d; i++)\n            %s.%s[i] = x;\n    }\n", p->size, s, v->cname);
        } else {
            const char *purpose = arena_printf("snn_purpose(%s, %d, %d)", reset ? "SNN_RNG_RESET" : "SNN_RNG_INIT", p->index, i);
            out(g, "    {\n        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n", purpose);
            out(g, "        if (!rng)\n            return snn_fail(r, \"out of memory\");\n");
            out(g, "        for (uint32_t i = 0; i < %d; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", p->size,
                purpose);
            if (reset)
                out(g, "            snn_rng_seek(rng, (uint64_t)trial << 24);\n");
            out(g, "            %s.%s[i] = (float)(", s, v->cname);
            expr(g, b, M_INIT);
            out(g, ");\n        }\n        snn_rng_free(rng);\n    }\n");
        }
    }
}

/* 'reset POP every trial': the states, refractory counters and pending inputs of
 * the population as at the start of a run, and short-term synaptic dynamics of
 * its connections (in and out) back to rest */
static void gen_reset_pop(Gen *g, Pop *p)
{
    Model *m = g->m;
    const char *s = p->cname;
    /* which: SNN_RESET_*.  The population's own state goes with its part of the step
     * (frozen or not), a connection's short-term state with the part that delivers
     * it, i.e. its target's: with the frozen part computed ahead, each process
     * resets only what it steps. */
    const char *own = p->frozen ? "SNN_RESET_FROZEN" : "SNN_RESET_REST";
    out(g, "static int reset_%s(snn_run *r, int64_t trial, int which)\n{\n    bool ok = true;\n", p->name);
    out(g, "    if (which & %s) {\n", own);
    gen_initial_values(g, p, true);
    if (g->opt->line_directives)
        out(g, "#line %d \"<generated>\"\n", 1);
    out(g, "    if (!ok)\n        return snn_fail(r, \"population %%s: could not draw an initial value within its bounds\", %s);\n",
        cstr(p->name));
    out(g, "    memset(%s.ref, 0, %d * sizeof(int32_t));\n", s, p->size);
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    memset(%s.ring%d, 0, (size_t)%s.ring_len%d * %d * sizeof(float));\n", s, k, s, k, p->size);
    out(g, "    }\n");
    for (int i = 0; i < m->projs.n; i++) { /* by its target's reset, or its source's if the target has none */
        Proj *pj = m->projs.v[i];
        Pop *post = m->pops.v[pj->post];
        if (pj->stp && (pj->post == p->index || (pj->pre == p->index && !post->reset_trial)))
            out(g, "    if (which & %s)\n        for (uint32_t i = 0; i < %d; i++)\n            %s.last[i] = -1;\n",
                post->frozen ? "SNN_RESET_FROZEN" : "SNN_RESET_REST", pj->pre_n, pj->cname);
    }
    out(g, "    return 0;\n}\n\n");
}

/* 'on grid(...) shuffled': neuron i sits at grid position place[i], a random
 * permutation drawn from the run's seed, which scatters the families of a
 * population over its grid (families stay consecutive index ranges). */
static void gen_place(Gen *g, Pop *p)
{
    if (!p->grid_shuffled)
        return;
    out(g, "static uint32_t place_%s[%d];\n\n", p->name, p->size);
    out(g, "static int place_%s_draw(snn_run *r)\n{\n    for (uint32_t i = 0; i < %du; i++)\n        place_%s[i] = i;\n",
        p->name, p->size, p->name);
    out(g, "    gsl_rng *rng = snn_rng_alloc(r->seed, snn_purpose(SNN_RNG_PLACE, %d, 0), 0);\n"
           "    if (!rng)\n        return snn_fail(r, \"out of memory\");\n", p->index);
    out(g, "    gsl_ran_shuffle(rng, place_%s, %du, sizeof place_%s[0]);\n    snn_rng_free(rng);\n    return 0;\n}\n\n", p->name,
        p->size, p->name);
}

static void gen_init_pop(Gen *g, Pop *p)
{
    Model *m = g->m;
    const char *s = p->cname;
    out(g, "static int init_%s(snn_run *r)\n{\n    bool ok = true;\n    (void)ok;\n", p->name);
    if (p->grid_shuffled) /* the positions first: connections are built after every population */
        out(g, "    if (place_%s_draw(r))\n        return -1;\n", p->name);
    if (p->kind == POP_SPIKE_FILE) {
        out(g, "    return snn_spikefile_load(r, &%s.src, %s, r->str[%d], %d);\n}\n\n", s,
            cstr(((Param *)m->params.v[p->file_param])->name), p->file_param, p->size);
        return;
    }
    if (p->kind == POP_STIMSET) {
        out(g, "    return snn_stimset_load(r, &%s.src, %s, %s, r->str[%d], %d, trial_length(r), r->p[%d]);\n}\n\n", s,
            cstr(p->name), cstr(((Param *)m->params.v[p->file_param])->name), p->file_param, p->size, p->file_param + 1);
        return;
    }
    if (p->kind == POP_TEMPLATES) {
        out(g, "    return snn_templates_init(r, &%s.src, %s, %d, %d, r->p[%d], r->p[%d], trial_length(r), "
               "snn_purpose(SNN_RNG_INIT, %d, 0));\n}\n\n",
            s, cstr(p->name), p->size, p->ntemplates, p->file_param, p->file_param + 1, p->index);
        return;
    }
    if (p->kind == POP_FIXED_TRAINS) {
        out(g, "    return snn_fixed_trains(r, &%s.src, %s, %d, r->p[%d], r->p[%d], snn_purpose(SNN_RNG_INIT, %d, 0));\n}\n\n",
            s, cstr(p->name), p->size, p->file_param, p->file_param + 1, p->index);
        return;
    }
    OdePlan *plan = p->plan;
    out(g, "    if (snn_budget_add(r, %d.0 * %d, %s))\n        return -1;\n", 4 * (plan->vars.n + p->init_files.n) + 5, p->size,
        cstr(arena_printf("the states of %s", p->name)));
    for (int i = 0; i < plan->vars.n; i++) {
        OdeVar *v = plan->vars.v[i];
        gen_alloc(g, arena_printf("%s.%s", s, v->cname), "float", p->size);
    }
    gen_alloc(g, arena_printf("%s.ref", s), "int32_t", p->size);
    gen_alloc(g, arena_printf("%s.fired", s), "uint8_t", p->size);
    gen_initial_values(g, p, false);
    if (g->opt->line_directives)
        out(g, "#line %d \"<generated>\"\n", 1);
    out(g, "    if (!ok)\n        return snn_fail(r, \"population %%s: could not draw an initial value within its bounds\", %s);\n",
        cstr(p->name));
    out(g, "    if (consts_%s(r))\n        return -1;\n", p->name);
    for (int k = 0; k < p->kernels.n; k++)
        out(g, "    %s.ring_len%d = 1;\n", s, k);
    out(g, "    return 0;\n}\n\n");
}

/* ---- modulators: global signals, one state vector each ------------------------- */

/* Whether a 'record' samples this modulator. */
static bool mod_recorded(Model *m, Modulator *md)
{
    for (int i = 0; i < m->records.n; i++)
        if (((Record *)m->records.v[i])->mod == md->index)
            return true;
    return false;
}

static void gen_mod(Gen *g, Modulator *md)
{
    Model *m = g->m;
    const LinSys *sys = md->sys;
    int ns = sys->n, ny = ns + 1;
    bool rec = mod_recorded(m, md);
    out(g, "/* modulator %s: %s driven by the spikes of %s */\n", ctext(md->name), ctext(md->def->name),
        ctext(((Pop *)m->pops.v[md->pop])->name));
    bool pairs = md->pop2 >= 0;
    out(g, "static struct {\n    snn_mod m;\n    float *ring; /* arriving spike counts */\n    uint32_t L, D;\n    double gain[%d]; /* added per arriving spike */\n"
           "    double y0[%d]; /* the initial state */\n",
        ny, ny);
    if (rec)
        out(g, "    float rec[%d]; /* its states, then its output, for 'record' */\n", ny);
    if (pairs)
        out(g, "    double *imp; /* impulses due, L x %d */\n    int64_t *ha, *hb, W; /* recent spike steps of both neurons; the window */\n    uint32_t na, nb;\n",
            ns);
    out(g, "} mod_%s;\n\n", md->name);
    out(g, "static int init_mod_%s(snn_run *r)\n{\n", md->name);
    gen_propagator(g, sys, "    ", arena_printf("modulator %s", md->name));
    out(g, "    double P1[%d] = {0}, y0[%d];\n", ny * ny, ny);
    for (int i = 0; i < ns; i++) {
        out(g, "    y0[%d] = ", i);
        expr(g, md->ir->init[i], M_INIT);
        out(g, ";\n");
    }
    out(g, "    y0[%d] = 1; /* the constant mode */\n", ns);
    out(g, "    for (int i = 0; i < %d; i++) {\n        for (int j = 0; j < %d; j++)\n            P1[i * %d + j] = P[i * %d + j];\n        P1[i * %d + %d] = q[i];\n    }\n",
        ns, ns, ny, ns ? ns : 1, ny, ns);
    out(g, "    P1[%d] = 1;\n", ny * ny - 1);
    for (int i = 0; i < ns; i++)
        if (md->impulse[i]) /* an impulse lasts one step */
            out(g, "    for (int j = 0; j < %d; j++)\n        P1[%d * %d + j] = 0;\n", ny, i, ny);
    out(g, "    if (snn_mod_init(&mod_%s.m, %d, P1, y0))\n        return snn_fail(r, \"out of memory\");\n", md->name, ny);
    out(g, "    memcpy(mod_%s.y0, y0, sizeof y0);\n", md->name);
    for (int i = 0; i < ns; i++)
        if (sys->gain[i]) {
            out(g, "    mod_%s.gain[%d] = ", md->name, i);
            expr(g, sys->gain[i], M_INIT);
            out(g, ";\n");
        }
    out(g, "    const double d = ");
    if (md->ir->delay)
        expr(g, md->ir->delay, M_INIT);
    else
        out(g, "r->dt");
    out(g, ";\n    if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 1e7)\n"
           "        return snn_fail(r, \"modulator %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, d * 1e3, r->dt * 1e3);\n",
        cstr(md->name));
    out(g, "    mod_%s.D = (uint32_t)lround(d / r->dt);\n    mod_%s.L = mod_%s.D + 1;\n", md->name, md->name, md->name);
    out(g, "    if (!(mod_%s.ring = calloc(mod_%s.L, sizeof(float))))\n        return snn_fail(r, \"out of memory\");\n", md->name,
        md->name);
    if (pairs) {
        out(g, "    {\n        const double w = ");
        expr(g, md->ir->window, M_INIT);
        out(g, ";\n        if (!(w >= 0) || w / r->dt > 1e7)\n            return snn_fail(r, \"modulator %%s: the pairing window %%g ms is negative or too long\", %s, w * 1e3);\n",
            cstr(md->name));
        out(g, "        mod_%s.W = llround(w / r->dt);\n    }\n", md->name);
        out(g, "    if (!(mod_%s.imp = calloc((size_t)mod_%s.L * %d, sizeof(double))) ||\n"
               "        !(mod_%s.ha = calloc((size_t)mod_%s.W + 2, sizeof(int64_t))) ||\n"
               "        !(mod_%s.hb = calloc((size_t)mod_%s.W + 2, sizeof(int64_t))))\n        return snn_fail(r, \"out of memory\");\n",
            md->name, md->name, ns, md->name, md->name, md->name, md->name);
    }
    out(g, "    (void)P;\n    (void)A;\n    (void)b;\n    return 0;\n}\n\n");
    /* at the start of a step: propagate, then add this step's arrivals */
    out(g, "static void step_mod_%s(snn_run *r, int64_t step)\n{\n    snn_mod *m = &mod_%s.m;\n    (void)r;\n", md->name,
        md->name);
    out(g, "    if (step > 0) {\n        double t[%d];\n        for (int i = 0; i < %d; i++) {\n            double acc = 0;\n"
           "            for (int j = 0; j < %d; j++)\n                acc += m->P1[i * %d + j] * m->y[j];\n            t[i] = acc;\n        }\n"
           "        memcpy(m->y, t, sizeof t);\n    }\n",
        ny, ny, ny, ny);
    out(g, "    float *slot = &mod_%s.ring[step %% mod_%s.L];\n    int any = *slot != 0;\n", md->name, md->name);
    if (md->reset_trial || md->sign)
        out(g, "    const int64_t trial_steps_ = llround(trial_length(r) / r->dt);\n");
    if (md->reset_trial) { /* back to the initial state at each trial start */
        out(g, "    if (step %% trial_steps_ == 0) {\n        for (int i = 0; i < %d; i++)\n            m->y[i] = mod_%s.y0[i];\n        any = 1;\n    }\n",
            ny, md->name);
    }
    const char *sign = "";
    if (md->sign) {
        out(g, "    const double label = (double)trial_label(step / trial_steps_);\n    const double sign_ = ");
        expr(g, md->ir->sign, M_INIT);
        out(g, ";\n    (void)label;\n");
        sign = "sign_ * ";
    }
    out(g, "    if (*slot != 0) {\n");
    for (int i = 0; i < ns; i++)
        if (sys->gain[i])
            out(g, "        m->y[%d] += %smod_%s.gain[%d] * *slot;\n", i, sign, md->name, i);
    out(g, "        *slot = 0;\n    }\n");
    if (pairs) {
        /* an impulse I over one step: the state is I / dt during that step */
        out(g, "    double *imp = mod_%s.imp + (size_t)(step %% mod_%s.L) * %d;\n", md->name, md->name, ns);
        for (int i = 0; i < ns; i++)
            if (md->pair_gain[i])
                out(g, "    if (imp[%d] != 0) {\n        m->y[%d] += imp[%d] / r->dt;\n        imp[%d] = 0;\n        any = 1;\n    }\n", i,
                    i, i, i);
    }
    out(g, "    if (any)\n        snn_mod_log(m, step);\n");
    for (int i = 0; i < ns; i++) /* a few values per step: checked after every step */
        out(g, "    if (!(fabs(m->y[%d]) <= DBL_MAX))\n        snn_halt(r, step, step, %s, m->y[%d], -DBL_MAX, DBL_MAX, NULL);\n", i,
            cstr(arena_printf("state %s of modulator %s", sys->x[i]->name, md->name)), i);
    if (rec) { /* as a neuron's state: the value at the end of this step, before the next arrivals */
        out(g, "    double out_ = 0, ye_[%d];\n    for (int i = 0; i < %d; i++) {\n        ye_[i] = 0;\n"
               "        for (int j = 0; j < %d; j++)\n            ye_[i] += m->P1[i * %d + j] * m->y[j];\n    }\n",
            ny, ny, ny, ny);
        for (int i = 0; i < ny; i++) {
            if (i < ns)
                out(g, "    mod_%s.rec[%d] = (float)ye_[%d];\n", md->name, i, i);
            if (sys->out[i]) {
                out(g, "    out_ += (");
                expr(g, sys->out[i], M_INIT);
                out(g, ") * ye_[%d];\n", i);
            }
        }
        out(g, "    mod_%s.rec[%d] = (float)out_;\n", md->name, ns);
    }
    out(g, "}\n\n");
    if (pairs) {
        /* after the populations: every new pair of spikes of the two neurons, delta = t(first) - t(second) */
        out(g, "static void pair_%s(snn_run *r, int64_t step, double delta)\n{\n    (void)r;\n", md->name);
        out(g, "    double *imp = mod_%s.imp + (size_t)((step + mod_%s.D) %% mod_%s.L) * %d;\n", md->name, md->name, md->name, ns);
        for (int i = 0; i < ns; i++)
            if (md->pair_gain[i]) {
                out(g, "    imp[%d] += ", i);
                expr(g, md->pair_gain[i], M_INIT);
                out(g, ";\n");
            }
        out(g, "}\n\n");
        out(g, "static int spiked_%s(const snn_spikelist *sl, uint32_t id)\n{\n    for (uint32_t s = 0; s < sl->n; s++)\n"
               "        if (sl->idx[s] == id)\n            return 1;\n    return 0;\n}\n\n",
            md->name);
        out(g, "static uint32_t keep_%s(int64_t *h, uint32_t n, int64_t oldest)\n{\n    uint32_t k = 0;\n"
               "    for (uint32_t i = 0; i < n; i++)\n        if (h[i] >= oldest)\n            h[k++] = h[i];\n    return k;\n}\n\n",
            md->name);
        const char *n = md->name;
        out(g, "static void push_mod_%s(snn_run *r, int64_t step)\n{\n", n);
        out(g, "    mod_%s.na = keep_%s(mod_%s.ha, mod_%s.na, step - mod_%s.W);\n", n, n, n, n, n);
        out(g, "    mod_%s.nb = keep_%s(mod_%s.hb, mod_%s.nb, step - mod_%s.W);\n", n, n, n, n, n);
        /* the first neuron first: a pair in one step counts once */
        out(g, "    if (spiked_%s(&r->now[%d], %du)) {\n        for (uint32_t i = 0; i < mod_%s.nb; i++)\n"
               "            pair_%s(r, step, (double)(step - mod_%s.hb[i]) * r->dt);\n        mod_%s.ha[mod_%s.na++] = step;\n    }\n",
            n, md->pop, md->lo, n, n, n, n, n);
        out(g, "    if (spiked_%s(&r->now[%d], %du)) {\n        for (uint32_t i = 0; i < mod_%s.na; i++)\n"
               "            pair_%s(r, step, (double)(mod_%s.ha[i] - step) * r->dt);\n        mod_%s.hb[mod_%s.nb++] = step;\n    }\n}\n\n",
            n, md->pop2, md->lo2, n, n, n, n, n);
        return;
    }
    /* after the populations: count the driving spikes, due D steps later */
    out(g, "static void push_mod_%s(snn_run *r, int64_t step)\n{\n    const snn_spikelist *sl = &r->now[%d];\n    uint32_t c = 0;\n",
        md->name, md->pop);
    out(g, "    for (uint32_t s = 0; s < sl->n; s++)\n        c += sl->idx[s] - %du < %du;\n", md->lo, md->n);
    out(g, "    if (c)\n        mod_%s.ring[(step + mod_%s.D) %% mod_%s.L] += (float)c;\n}\n\n", md->name, md->name, md->name);
}

static const char *rule_enum(RuleKind k)
{
    static const char *names[] = {"SNN_RULE_ALL", "SNN_RULE_ONE_TO_ONE", "SNN_RULE_PROB", "SNN_RULE_INDEGREE",
                                  "SNN_RULE_FILE", "SNN_RULE_WHEN"};
    return names[k];
}

static void gen_proj_struct(Gen *g, Proj *pj)
{
    Pop *pre = g->m->pops.v[pj->pre], *post = g->m->pops.v[pj->post];
    out(g, "/* projection %s: %s -> %s%s */\n", ctext(pj->name), ctext(pre->name), ctext(post->name),
        pj->plast ? ctext(arena_printf(", plasticity %s", pj->plast->name)) : "");
    if (pj->plast) {
        out(g, "typedef struct {\n    double w;\n");
        Node *body = pj->ir->body;
        for (int i = 0; i < body->nkid; i++)
            if (body->kid[i]->kind == N_STATE)
                out(g, "    double s_%s;\n", body->kid[i]->name);
        if (pj->eqs)
            out(g, "    int64_t t; /* the weight includes every step before this */\n");
        out(g, "} syn_%s;\n\n", pj->cname);
    }
    out(g, "static struct {\n    snn_csr c;\n    float *w, W;\n    uint16_t *d;\n    uint32_t D;\n");
    if (pj->stp)
        out(g, "    float *U, *iD, *iF, *u, *R; /* short-term dynamics per synapse (1/D, 1/F) */\n"
               "    int64_t *last; /* per presynaptic neuron: its previous spike, -1 = none */\n");
    if (pj->plast) {
        out(g, "    snn_csr_t t; /* synapses by target, for 'on post' */\n");
        out(g, "    syn_%s *S; /* per synapse: weight and rule states, together in memory */\n", pj->cname);

        if (pj->eqs)
            out(g, "    snn_lazy L;\n");
        if (pj->eqs && pj->mod >= 0)
            out(g, "    snn_lzg g; /* the modulator's running integral */\n");
        Node *body = pj->ir->body;
        for (int i = 0; i < body->nkid; i++) {
            Node *st = body->kid[i];
            if (st->kind == N_TRACE)
                out(g, "    double *tr_%s, k_%s; /* value at the last change, and dt / tau */\n    int64_t *tl_%s; /* step of the last change */\n"
                       "    double dt_%s[SNN_DECAY_TABLE + SNN_DECAY_COARSE]; /* exp(-d k), then exp(-m T k) */\n",
                    st->name, st->name, st->name, st->name);
            if (st->kind == N_TRACE && st->kid[5])
                out(g, "    double *tp_%s, gap_%s; /* value before the last change; the gap in steps */\n", st->name, st->name);
        }
    }
    out(g, "} %s;\n\n", pj->cname);
    if (pj->plast && pj->eqs) {
        Modulator *md = pj->mod >= 0 ? g->m->mods.v[pj->mod] : NULL;
        out(g, "#define SNN_LZ_NX %d\n#define SNN_LZ_NY %d\n#define SNN_LZ_ID %s\n#include \"lazy_tmpl.h\"\n\n", pj->eqs->n,
            md ? md->sys->n + 1 : 1, pj->cname);
    }
}

/* A plastic projection keeps one weight per synapse, the rule's per-synapse
 * states, the transposed index, and one value per neuron for each trace. */
static void gen_init_plast(Gen *g, Proj *pj)
{
    Model *m = g->m;
    const char *c = pj->cname;

    out(g, "    if (snn_csr_transpose(r, &%s.c, %d, &%s.t))\n        return -1;\n", c, pj->post_n, c);

    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_STATE) {
            out(g, "    for (uint64_t k = 0; k < %s.c.nnz; k++)\n        %s.S[k].s_%s = ", c, c, st->name);
            expr(g, st->kid[1], M_INIT);
            out(g, ";\n");
        } else if (st->kind == N_TRACE) {
            int n = st->op ? pj->post_n : pj->pre_n;
            gen_alloc(g, arena_printf("%s.tr_%s", c, st->name), "double", n);
            gen_alloc(g, arena_printf("%s.tl_%s", c, st->name), "int64_t", n);
            out(g, "    {\n        const double tau = ");
            expr(g, st->kid[2], M_INIT);
            out(g, ";\n        if (!(tau > 0))\n            return snn_fail(r, \"projection %%s: trace %%s decays with %%g ms; it must be positive\", %s, %s, tau * 1e3);\n",
                cstr(pj->name), cstr(st->name));
            out(g, "        %s.k_%s = r->dt / tau;\n    }\n", c, st->name);
            /* the decay over d steps, tabulated (snn_decay) */
            out(g, "    for (int d = 0; d < SNN_DECAY_TABLE; d++)\n        %s.dt_%s[d] = exp(-(double)d * %s.k_%s);\n", c,
                st->name, c, st->name);
            out(g, "    for (int d = 0; d < SNN_DECAY_COARSE; d++)\n"
                   "        %s.dt_%s[SNN_DECAY_TABLE + d] = exp(-(double)d * SNN_DECAY_TABLE * %s.k_%s);\n",
                c, st->name, c, st->name);
            if (st->kid[5]) {
                gen_alloc(g, arena_printf("%s.tp_%s", c, st->name), "double", n);
                out(g, "    %s.gap_%s = (", c, st->name);
                expr(g, st->kid[5], M_INIT);
                out(g, ") / r->dt;\n");
            }
        }
    }
    if (!pj->eqs)
        return;
    /* the rule's equations: per-step propagator of x, coupling G to the modulator */
    const LinSys *rule = pj->eqs;
    int nx = rule->n;
    Modulator *md = pj->mod >= 0 ? m->mods.v[pj->mod] : NULL;
    int ny = md ? md->sys->n + 1 : 1;
    out(g, "    {\n");
    gen_propagator(g, rule, "        ", arena_printf("projection %s", pj->name));
    out(g, "        double G[%d] = {0};\n", nx * ny);
    for (int i = 0; i < nx; i++) {
        /* dw/dt = sum_i x_i (out_mod_i d + out_i), d = sum_j u_j y_j with y_last = 1 */
        for (int j = 0; j < ny && rule->out_mod[i] && md; j++)
            if (md->sys->out[j]) {
                out(g, "        G[%d] += (", i * ny + j);
                expr(g, rule->out_mod[i], M_INIT);
                out(g, ") * (");
                expr(g, md->sys->out[j], M_INIT);
                out(g, ");\n");
            }
        if (rule->out[i]) {
            out(g, "        G[%d] += ", i * ny + ny - 1);
            expr(g, rule->out[i], M_INIT);
            out(g, ";\n");
        }
    }
    if (md)
        out(g, "        if (snn_lazy_init(&%s.L, %d, P, %d, mod_%s.m.P1, G, r->dt) || snn_lzg_init(&%s.g, &%s.L))\n", c, nx,
            ny, md->name, c, c);
    else
        out(g, "        const double one = 1;\n        if (snn_lazy_init(&%s.L, %d, P, 1, &one, G, r->dt))\n", c, nx);
    out(g, "            return snn_fail(r, \"out of memory\");\n        (void)q;\n    }\n");
}

/* Tsodyks-Markram parameters, one value per synapse (drawn when random) */
static void gen_init_stp(Gen *g, Proj *pj)
{
    const char *c = pj->cname;
    static const char *field[] = {"U", "iD", "iF", "u", "R"};
    for (int i = 0; i < 5; i++)
        out(g, "    if (!(%s.%s = malloc(sizeof(float) * (%s.c.nnz ? %s.c.nnz : 1))))\n        return snn_fail(r, \"out of memory\");\n",
            c, field[i], c, c);
    gen_alloc(g, arena_printf("%s.last", c), "int64_t", pj->pre_n);
    out(g, "    for (uint32_t i = 0; i < %d; i++)\n        %s.last[i] = -1;\n", pj->pre_n, c);
    Node *const *vals = pj->ir->stp;
    for (int v = 0; v < 3; v++) {
        out(g, "    {\n        gsl_rng *rng = snn_rng_alloc(r->seed, snn_purpose(SNN_RNG_WEIGHT, %d, %d), 0);\n"
               "        if (!rng)\n            return snn_fail(r, \"out of memory\");\n",
            pj->index, v + 1);
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, snn_purpose(SNN_RNG_WEIGHT, %d, %d), i);\n",
            c, pj->index, v + 1);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double x = ", c, c);
        expr(g, vals[v], M_INIT);
        out(g, ";\n");
        if (v == 0)
            out(g, "                if (!(x >= 0 && x <= 1))\n                    ok = false;\n                %s.U[k] = (float)x;\n", c);
        else
            out(g, "                if (!(x > 0))\n                    ok = false;\n                %s.%s[k] = (float)(1 / x);\n", c,
                v == 1 ? "iD" : "iF");
        out(g, "            }\n        }\n        snn_rng_free(rng);\n    }\n");
    }
    out(g, "    if (!ok)\n        return snn_fail(r, \"projection %%s: tsodyks needs 0 <= U <= 1 and D, F > 0\", %s);\n", cstr(pj->name));
}

/* when(CONDITION): the condition for one pair, with its grid coordinates and
 * one uniform draw from the row's stream (rand()) */
static void gen_when(Gen *g, Proj *pj)
{
    Model *m = g->m;
    out(g, "static bool when_%s(snn_run *r, gsl_rng *rng, uint32_t w_i, uint32_t w_j)\n{\n    (void)r;\n    (void)rng;\n",
        pj->cname);
    for (int side = 0; side < 2; side++) {
        Pop *p = m->pops.v[side ? pj->post : pj->pre];
        const char *sfx = side ? "post" : "pre", *idx = side ? "w_j" : "w_i";
        int lo = side ? pj->post_lo : pj->pre_lo;
        if (!p->grid[0])
            continue;
        if (p->grid_shuffled)
            out(g, "    const uint32_t w_p_%s = place_%s[%s + %du];\n", sfx, p->name, idx, lo);
        else
            out(g, "    const uint32_t w_p_%s = %s + %du;\n", sfx, idx, lo);
        out(g, "    const double w_x_%s = (double)(w_p_%s %% %du), w_y_%s = (double)(w_p_%s / %du %% %du), "
               "w_z_%s = (double)(w_p_%s / %du);\n    (void)w_x_%s;\n    (void)w_y_%s;\n    (void)w_z_%s;\n",
            sfx, sfx, p->grid[0], sfx, sfx, p->grid[0], p->grid[1], sfx, sfx, p->grid[0] * p->grid[1], sfx, sfx, sfx);
    }
    out(g, "    const double u_rand = gsl_rng_uniform(rng);\n    (void)u_rand;\n    return ");
    expr(g, pj->ir->rule_arg, M_INIT);
    out(g, ";\n}\n\n");
}

static void gen_init_proj(Gen *g, Proj *pj)
{
    Model *m = g->m;
    Pop *pre = m->pops.v[pj->pre], *post = m->pops.v[pj->post];
    Kernel *ker = post->kernels.v[pj->kernel];
    const char *c = pj->cname;
    if (pj->rule == RULE_WHEN)
        gen_when(g, pj);
    out(g, "static int init_%s(snn_run *r)\n{\n    bool ok = true;\n    (void)ok;\n", c);
    out(g, "    snn_conn_spec spec = {%s, %s, %d, %d, %d, %d, %s, %s, 0, NULL, snn_purpose(SNN_RNG_CONNECT, %d, 0), NULL, 0};\n",
        cstr(pj->name), rule_enum(pj->rule), pj->pre_lo, pj->pre_n, pj->post_lo, pj->post_n, pj->pre == pj->post ? "true" : "false",
        pj->autapses ? "true" : "false", pj->index);
    if (pj->rule == RULE_PROB || pj->rule == RULE_INDEGREE) {
        out(g, "    spec.p = ");
        expr(g, pj->ir->rule_arg, M_INIT);
        out(g, ";\n");
    }
    if (pj->rule == RULE_WHEN)
        out(g, "    spec.when = when_%s;\n", c);
    { /* what a synapse costs besides its target index: weight, delay, short-term state, rule state */
        int bytes = (pj->plast || pj->weight_shared ? 0 : 4) + (pj->delay_shared ? 0 : 2) + (pj->stp ? 20 : 0);
        if (pj->plast) {
            Node *body = pj->ir->body;
            bytes += 8 + (pj->eqs ? 8 : 0) + 12; /* w, the step it is up to date for, the transposed index */
            for (int i = 0; i < body->nkid; i++)
                bytes += body->kid[i]->kind == N_STATE ? 8 : 0;
        }
        out(g, "    spec.synapse_bytes = %d;\n", bytes);
    }
    if (pj->rule == RULE_FILE) {
        for (int i = 0; i < m->params.n; i++) {
            Param *p = m->params.v[i];
            if (p->is_string && p->def == pj->rule_arg)
                out(g, "    spec.path = r->str[%d];\n", i);
        }
    }
    out(g, "    if (snn_csr_build(r, &%s.c, &spec))\n        return -1;\n", c);
    const char *wp = arena_printf("snn_purpose(SNN_RNG_WEIGHT, %d, 0)", pj->index);
    const char *dp = arena_printf("snn_purpose(SNN_RNG_DELAY, %d, 0)", pj->index);
    line_dir(g, pj->weight->sp);
    Node *wb = pj->ir->weight;
    if (pj->weight_shared) {
        out(g, "    {\n        const double x = ");
        expr(g, wb, M_INIT);
        out(g, ";\n        if (!isfinite(x))\n            return snn_fail(r, \"projection %%s: the weight is not a finite number\", %s);\n",
            cstr(pj->name));
        out(g, "        %s.W = (float)x;\n", c);
        if (pj->plast) /* plastic weights start from the double value */
            out(g, "        if (!(%s.S = calloc(%s.c.nnz ? %s.c.nnz : 1, sizeof *%s.S)))\n            return snn_fail(r, \"out of memory\");\n"
                   "        for (uint64_t k = 0; k < %s.c.nnz; k++)\n            %s.S[k].w = x;\n",
                c, c, c, c, c, c);
        out(g, "    }\n");
    } else {
        out(g, "    {\n        if (!(%s.w = malloc(sizeof(float) * (%s.c.nnz ? %s.c.nnz : 1))))\n"
               "            return snn_fail(r, \"out of memory\");\n",
            c, c, c);
        if (pj->plast)
            out(g, "        if (!(%s.S = calloc(%s.c.nnz ? %s.c.nnz : 1, sizeof *%s.S)))\n            return snn_fail(r, \"out of memory\");\n",
                c, c, c, c);
        out(g, "        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n        if (!rng)\n            return snn_fail(r, \"out of memory\");\n", wp);
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", c, wp);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double x = ", c, c);
        expr(g, wb, M_INIT);
        out(g, ";\n                if (!isfinite(x))\n                    ok = false;\n                %s.w[k] = (float)x;\n", c);
        if (pj->plast)
            out(g, "                %s.S[k].w = x;\n", c);
        out(g, "            }\n        }\n");
        out(g, "        snn_rng_free(rng);\n        if (!ok)\n"
               "            return snn_fail(r, \"projection %%s: a weight could not be drawn within its bounds or is not finite\", %s);\n    }\n",
            cstr(pj->name));
    }
    if (g->opt->line_directives)
        out(g, "#line %d \"<generated>\"\n", 1);
    /* delays in whole steps, at least one */
    Node *db = pj->ir->delay;
    out(g, "    {\n        uint32_t dmax = 0;\n");
    if (pj->delay_shared) {
        out(g, "        const double d = ");
        if (db)
            expr(g, db, M_INIT);
        else
            out(g, "r->dt");
        out(g, ";\n        if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 60000)\n"
               "            return snn_fail(r, \"projection %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, d * 1e3, r->dt * 1e3);\n",
            cstr(pj->name));
        out(g, "        %s.D = (uint32_t)lround(d / r->dt);\n        dmax = %s.D;\n", c, c);
    } else {
        out(g, "        if (!(%s.d = malloc(sizeof(uint16_t) * (%s.c.nnz ? %s.c.nnz : 1))))\n"
               "            return snn_fail(r, \"out of memory\");\n",
            c, c, c);
        out(g, "        gsl_rng *rng = snn_rng_alloc(r->seed, %s, 0);\n        if (!rng)\n            return snn_fail(r, \"out of memory\");\n", dp);
        out(g, "        double bad = 0;\n");
        out(g, "        for (uint32_t i = 0; i < %s.c.nrows; i++) {\n            snn_rng_reset(rng, r->seed, %s, i);\n", c, dp);
        out(g, "            for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n                const double d = ", c, c);
        expr(g, db, M_INIT);
        out(g, ";\n                if (!(d >= r->dt * (1 - 1e-9)) || d / r->dt > 60000) {\n                    bad = d;\n                    ok = false;\n                    continue;\n                }\n");
        out(g, "                %s.d[k] = (uint16_t)lround(d / r->dt);\n                if (%s.d[k] > dmax)\n                    dmax = %s.d[k];\n            }\n        }\n",
            c, c, c);
        out(g, "        snn_rng_free(rng);\n        if (!ok)\n"
               "            return snn_fail(r, \"projection %%s: delay %%g ms is shorter than the time step %%g ms (or too long)\", %s, bad * 1e3, r->dt * 1e3);\n",
            cstr(pj->name));
    }
    out(g, "        if (%s.ring_len%d < dmax + 1)\n            %s.ring_len%d = dmax + 1;\n    }\n", post->cname,
        pj->kernel, post->cname, pj->kernel);
    (void)ker;
    (void)pre;
    if (pj->stp)
        gen_init_stp(g, pj);
    if (pj->plast)
        gen_init_plast(g, pj);
    out(g, "    return 0;\n}\n\n");
}

/* The body of 'on pre' or 'on post': synapse statements for synapse k, with
 * the bounds applied after each change. */
static Node *find_handler(Proj *pj, int side)
{
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ON && body->kid[i]->op == side)
            return body->kid[i];
    return NULL;
}

/* VALUE clipped to the rule's bounds on w, if it has any */
static void gen_bounded_w(Gen *g, Proj *pj, const char *value)
{
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *b = body->kid[i];
        if (b->kind == N_BOUNDS && b->sym->kind == SYM_WEIGHT) {
            out(g, "snn_clip(%s, ", value);
            expr(g, b->kid[1], M_INIT);
            out(g, ", ");
            expr(g, b->kid[2], M_INIT);
            out(g, ")");
            return;
        }
    }
    out(g, "%s", value);
}

static void gen_assign(Gen *g, Proj *pj, Node *as, const char *target, const char *indent)
{
    Node *v = as->kid[1];
    out(g, "%s%s = ", indent, target);
    if (as->op != OP_ASSIGN)
        out(g, "%s %c ", target, as->op == OP_ADDEQ ? '+' : as->op == OP_SUBEQ ? '-' : '*');
    expr(g, v, M_INIT);
    out(g, ";\n");
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *b = body->kid[i];
        if (b->kind == N_BOUNDS && b->sym == as->sym) {
            out(g, "%s%s = snn_clip(%s, ", indent, target, target);
            expr(g, b->kid[1], M_INIT);
            out(g, ", ");
            expr(g, b->kid[2], M_INIT);
            out(g, ");\n");
        }
    }
}

/* Declarations of the decayed traces of one side for neuron index IDX. */
static void gen_traces(Gen *g, Proj *pj, int side, const char *idx, const char *indent)
{
    Node *body = pj->ir->body;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_TRACE && st->op == side && !st->kid[5])
            out(g, "%sdouble tr_%s = %s.tr_%s[%s] * snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n%s(void)tr_%s;\n",
                indent, st->name, pj->cname, st->name, idx, pj->cname, st->name, pj->cname, st->name, pj->cname, st->name,
                idx, indent, st->name);
        else if (st->kind == N_TRACE && st->op == side) /* a spike less than the gap ago does not count */
            out(g, "%sdouble tr_%s = ((double)(step - %s.tl_%s[%s]) < %s.gap_%s ? %s.tp_%s[%s] : %s.tr_%s[%s]) *\n"
                   "%s    snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n%s(void)tr_%s;\n",
                indent, st->name, pj->cname, st->name, idx, pj->cname, st->name, pj->cname, st->name, idx, pj->cname,
                st->name, idx, indent, pj->cname, st->name, pj->cname, st->name, pj->cname, st->name, idx, indent, st->name);
    }
}

/* Rule statements run in double precision and read parameters from r->p. */
static void gen_rule_params(Gen *g, Proj *pj)
{
    out(g, "    const int learn = r->p[%d] != 0; /* %s.learning */\n    (void)learn;\n", pj->learning_param, ctext(pj->name));
}

/* The allowed range of the weights of PJ: its guard's, else every finite double. */
static void weight_range(Gen *g, Proj *pj, const char **lo, const char **hi)
{
    const Guard *gd = find_guard(g->m, -1, NULL, pj->index);
    *lo = gd ? arena_printf("%.17g", gd->min) : "-DBL_MAX";
    *hi = gd ? arena_printf("%.17g", gd->max) : "DBL_MAX";
}

/* check_PRJ: the first weight, synapse state or trace of PJ out of its range
 * (its guard's, else every finite double) stops the run.  A scan every
 * SNN_SCAN_SYNAPSES steps and at the end: testing each value where it changes
 * slowed COBA with RM-STDP by 15 %, the scan costs a few bytes per step. */
static void gen_check_proj(Gen *g, Proj *pj)
{
    const char *c = pj->cname, *lo, *hi;
    weight_range(g, pj, &lo, &hi);
    const Guard *gd = find_guard(g->m, -1, NULL, pj->index);
    out(g, "static void check_%s(snn_run *r, int64_t first, int64_t step)\n{\n    char what[512];\n", c);
    out(g, "    for (uint32_t i = 0; i < %s.c.nrows; i++)\n        for (uint64_t k = %s.c.row[i]; k < %s.c.row[i + 1]; k++) {\n", c, c, c);
    out(g, "            const uint32_t j = %s.c.col[k];\n            (void)j;\n", c);
    out(g, "            if (!(%s.S[k].w >= %s && %s.S[k].w <= %s)) {\n", c, lo, c, hi);
    out(g, "                snprintf(what, sizeof what, \"w of synapse %%u -> %%u of connection %%s\", i + %du, j + %du, %s);\n",
        pj->pre_lo, pj->post_lo, cstr(pj->name));
    out(g, "                snn_halt(r, first, step, what, %s.S[k].w, %s, %s, %s);\n                return;\n            }\n", c, lo, hi,
        gd ? cstr(guard_text(gd)) : "NULL");
    Node *body = pj->ir->body;
    for (int q = 0; q < body->nkid; q++) {
        Node *st = body->kid[q];
        if (st->kind != N_STATE)
            continue;
        out(g, "            if (!(fabs(%s.S[k].s_%s) <= DBL_MAX)) {\n", c, st->name);
        out(g, "                snprintf(what, sizeof what, \"%%s of synapse %%u -> %%u of connection %%s\", %s, i + %du, j + %du, %s);\n",
            cstr(st->name), pj->pre_lo, pj->post_lo, cstr(pj->name));
        out(g, "                snn_halt(r, first, step, what, %s.S[k].s_%s, -DBL_MAX, DBL_MAX, NULL);\n                return;\n"
               "            }\n", c, st->name);
    }
    out(g, "        }\n");
    for (int q = 0; q < body->nkid; q++) {
        Node *st = body->kid[q];
        if (st->kind != N_TRACE)
            continue;
        out(g, "    for (uint32_t i = 0; i < %du; i++)\n        if (!(fabs(%s.tr_%s[i]) <= DBL_MAX)) {\n", st->op ? pj->post_n : pj->pre_n,
            c, st->name);
        out(g, "            snprintf(what, sizeof what, \"trace %%s of neuron %%u of connection %%s\", %s, i + %du, %s);\n",
            cstr(st->name), st->op ? pj->post_lo : pj->pre_lo, cstr(pj->name));
        out(g, "            snn_halt(r, first, step, what, %s.tr_%s[i], -DBL_MAX, DBL_MAX, NULL);\n            return;\n        }\n", c,
            st->name);
    }
    out(g, "    (void)what;\n}\n\n");
}

/* Neuron-level trace updates of a handler, once per spike. */
static void gen_trace_updates(Gen *g, Proj *pj, Node *on, const char *idx)
{
    if (!on)
        return;
    Node *list = on->kid[1];
    for (int i = 0; i < list->nkid; i++) {
        Node *as = list->kid[i];
        if (as->sym->kind != SYM_TRACE)
            continue;
        if (as->sym->decl->kid[5]) /* the value without this spike, for readers within the gap; the update
                                      itself starts from the full value, not the one the handler read */
            out(g, "        %s.tp_%s[%s] = %s.tr_%s[%s] * snn_decay(%s.dt_%s, %s.k_%s, step - %s.tl_%s[%s]);\n"
                   "        tr_%s = %s.tp_%s[%s];\n",
                pj->cname, as->name, idx, pj->cname, as->name, idx, pj->cname, as->name, pj->cname, as->name, pj->cname,
                as->name, idx, as->name, pj->cname, as->name, idx);
        gen_assign(g, pj, as, arena_printf("tr_%s", as->name), "        ");
        out(g, "        %s.tr_%s[%s] = tr_%s;\n        %s.tl_%s[%s] = step;\n", pj->cname, as->name, idx, as->name,
            pj->cname, as->name, idx);
    }
}

/* Bring synapse k up to this step: the weight change since its last update,
 * in closed form, and its states propagated (rules with equations only). */
static void gen_sync(Gen *g, Proj *pj, const char *indent)
{
    const char *now = "step";
    if (!pj->eqs)
        return;
    Modulator *md = pj->mod >= 0 ? g->m->mods.v[pj->mod] : NULL;
    out(g, "%s{\n%s    double x_[%d] = {", indent, indent, pj->eqs->n);
    for (int i = 0; i < pj->eqs->n; i++)
        out(g, "%sS[k].s_%s", i ? ", " : "", pj->eqs->x[i]->name);
    out(g, "};\n%s    const double dw_ = lz_sync_%s(&%s.L, %s, %s, x_, S[k].t, %s);\n", indent, pj->cname, pj->cname,
        md ? arena_printf("&%s.g", pj->cname) : "NULL", md ? arena_printf("&mod_%s.m", md->name) : "NULL", now);
    for (int i = 0; i < pj->eqs->n; i++)
        out(g, "%s    S[k].s_%s = x_[%d];\n", indent, pj->eqs->x[i]->name, i);
    out(g, "%s    S[k].t = %s;\n%s    if (learn)\n%s        S[k].w = ", indent, now, indent, indent);
    gen_bounded_w(g, pj, "S[k].w + dw_");
    out(g, ";\n%s}\n", indent);
}

static void gen_synapse_updates(Gen *g, Proj *pj, Node *on, const char *indent)
{
    Node *list = on->kid[1];
    for (int i = 0; i < list->nkid; i++) {
        Node *as = list->kid[i];
        if (as->sym->kind == SYM_TRACE)
            continue;
        if (as->sym->kind == SYM_WEIGHT) {
            out(g, "%sif (learn) {\n", indent);
            gen_assign(g, pj, as, "S[k].w", arena_printf("%s    ", indent));
            out(g, "%s}\n", indent);
        } else {
            gen_assign(g, pj, as, arena_printf("S[k].s_%s", as->name), indent);
        }
    }
}

static void gen_state_ptrs(Gen *g, Proj *pj)
{
    out(g, "    syn_%s *restrict S = %s.S;\n", pj->cname, pj->cname);
}

/* 'on post': after this step's deliveries, every synapse onto a neuron that
 * fired, reached through the transposed index. */
static void gen_post_handler(Gen *g, Proj *pj)
{
    Node *on = find_handler(pj, 1);
    const char *c = pj->cname;
    out(g, "static void post_%s(snn_run *r, int64_t step)\n{\n", c);
    gen_rule_params(g, pj);
    out(g, "    const snn_spikelist *sl = &r->now[%d];\n", pj->post);
    gen_state_ptrs(g, pj);
    out(g, "    for (uint32_t s = 0; s < sl->n; s++) {\n        const uint32_t j = sl->idx[s] - %du;\n", pj->post_lo);
    out(g, "        if (j >= %du)\n            continue;\n", pj->post_n);
    gen_traces(g, pj, 1, "j", "        ");
    if (on) {
        /* the synapses of one column lie far apart in S: without a prefetch a
         * few ahead, every one of them is a cache miss taken in turn */
        out(g, "        const uint64_t q_end = %s.t.row[j + 1];\n", c);
        out(g, "        for (uint64_t q = %s.t.row[j]; q < q_end; q++) {\n", c);
        out(g, "            if (q + SNN_PREFETCH_AHEAD < q_end)\n"
               "                __builtin_prefetch(&S[%s.t.syn[q + SNN_PREFETCH_AHEAD]], 1);\n", c);
        out(g, "            const uint64_t k = %s.t.syn[q];\n            const uint32_t i = %s.t.pre[q];\n", c, c);
        gen_sync(g, pj, "            ");
        gen_traces(g, pj, 0, "i", "            ");
        gen_synapse_updates(g, pj, on, "            ");
        out(g, "        }\n");
    }
    gen_trace_updates(g, pj, on, "j");
    out(g, "    }\n");
    out(g, "}\n\n");
}

/* short-term dynamics: the interval since the presynaptic neuron's previous spike */
static void gen_stp_head(Gen *g, Proj *pj, const char *indent)
{
    if (!pj->stp)
        return;
    out(g, "%sconst int64_t last_ = %s.last[i];\n%s%s.last[i] = step;\n%sconst double isi_ = (double)(step - last_) * r->dt;\n",
        indent, pj->cname, indent, pj->cname, indent);
}

static const char *stp_eff(Proj *pj)
{
    const char *c = pj->cname;
    return arena_printf("snn_tsodyks(&%s.u[k], &%s.R[k], %s.U[k], %s.iD[k], %s.iF[k], last_ < 0, isi_)", c, c, c, c, c);
}

static void gen_deliver(Gen *g, Proj *pj)
{
    Model *m = g->m;
    Pop *post = m->pops.v[pj->post];
    const char *c = pj->cname;
    line_dir(g, pj->decl->sp);
    out(g, "static void deliver_%s(snn_run *r, int64_t step)\n{\n", c);
    if (g->opt->line_directives)
        out(g, "#line %d \"<generated>\"\n", 1);
    out(g, "    const snn_spikelist *sl = &r->now[%d];\n", pj->pre);
    out(g, "    float *restrict ring = %s.ring%d;\n    const uint32_t L = %s.ring_len%d;\n", post->cname, pj->kernel,
        post->cname, pj->kernel);
    out(g, "    const uint64_t *row = %s.c.row;\n    const uint32_t *col = %s.c.col;\n", c, c);
    if (pj->plast)
        ;
    else if (pj->weight_shared)
        out(g, "    const float W = %s.W;\n", c);
    else
        out(g, "    const float *w = %s.w;\n", c);
    if (pj->delay_shared)
        out(g, "    float *restrict buf = ring + (size_t)((uint64_t)(step + %s.D) %% L) * %d + %d;\n", c, post->size,
            pj->post_lo);
    else
        out(g, "    const uint16_t *d = %s.d;\n", c);
    if (pj->plast) {
        /* transmit the weight, then let the rule change it ('on pre') */
        Node *on = find_handler(pj, 0);
        gen_rule_params(g, pj);
        gen_state_ptrs(g, pj);
        out(g, "    for (uint32_t s = 0; s < sl->n; s++) {\n        const uint32_t i = sl->idx[s] - %du;\n", pj->pre_lo);
        out(g, "        if (i >= %du)\n            continue;\n", pj->pre_n);
        gen_traces(g, pj, 0, "i", "        ");
        gen_stp_head(g, pj, "        ");
        out(g, "        for (uint64_t k = row[i]; k < row[i + 1]; k++) {\n");
        gen_sync(g, pj, "            ");
        const char *amount = pj->stp ? arena_printf("(float)S[k].w * %s", stp_eff(pj)) : "(float)S[k].w";
        if (pj->delay_shared)
            out(g, "            buf[col[k]] += %s;\n", amount);
        else
            out(g, "            ring[(size_t)((uint64_t)(step + d[k]) %% L) * %d + %d + col[k]] += %s;\n", post->size,
                pj->post_lo, amount);
        if (on) {
            out(g, "            const uint32_t j = col[k];\n");
            gen_traces(g, pj, 1, "j", "            ");
            gen_synapse_updates(g, pj, on, "            ");
        }
        out(g, "        }\n");
        gen_trace_updates(g, pj, on, "i");
        out(g, "    }\n");
            out(g, "}\n\n");
        gen_post_handler(g, pj);
        return;
    }
    out(g, "    for (uint32_t s = 0; s < sl->n; s++) {\n        const uint32_t i = sl->idx[s] - %du;\n", pj->pre_lo);
    out(g, "        if (i >= %du)\n            continue;\n", pj->pre_n);
    gen_stp_head(g, pj, "        ");
    out(g, "        for (uint64_t k = row[i]; k < row[i + 1]; k++)\n");
    const char *wv = pj->weight_shared ? "W" : "w[k]";
    if (pj->stp)
        wv = arena_printf("%s * %s", wv, stp_eff(pj));
    if (pj->delay_shared)
        out(g, "            buf[col[k]] += %s;\n", wv);
    else
        out(g, "            ring[(size_t)((uint64_t)(step + d[k]) %% L) * %d + %d + col[k]] += %s;\n", post->size,
            pj->post_lo, wv);
    out(g, "    }\n}\n\n");
}

/* ---- checkpoints ----------------------------------------------------------------- */

/* checkpoint(): every value of the model that changes during a run, as named
 * blocks (checkpoint.c).  What init computes from parameters and never changes
 * (connectivity, static weights and delays, propagators, decay tables) is
 * built again by init on resume and not stored. */
static void gen_checkpoint(Gen *g)
{
    Model *m = g->m;
    out(g, "static void checkpoint(snn_run *r, snn_ckpt *k)\n{\n    (void)r;\n    (void)k;\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        const char *c = p->cname;
        if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET) {
            out(g, "    snn_ckpt_templates(k, %s, &%s.src);\n", cstr(p->name), c);
            continue;
        }
        if (p->kind != POP_NEURON) {
            out(g, "    snn_ckpt_spikefile(k, %s, &%s.src);\n", cstr(p->name), c);
            continue;
        }
        if (p->ir && p->ir->bernoulli) /* drawn afresh every step */
            continue;
        for (int v = 0; v < p->plan->vars.n; v++) {
            OdeVar *x = p->plan->vars.v[v];
            out(g, "    snn_ckpt_fixed(k, %s, %s.%s, sizeof(float) * %du);\n", cstr(arena_printf("%s.%s", p->name, x->cname)), c,
                x->cname, p->size);
        }
        out(g, "    snn_ckpt_fixed(k, %s, %s.ref, sizeof(int32_t) * %du);\n", cstr(arena_printf("%s.ref", p->name)), c, p->size);
        out(g, "    snn_ckpt_fixed(k, %s, %s.fired, %du);\n", cstr(arena_printf("%s.fired", p->name)), c, p->size);
        for (int q = 0; q < p->kernels.n; q++)
            out(g, "    snn_ckpt_fixed(k, %s, %s.ring%d, sizeof(float) * %s.ring_len%d * %du);\n",
                cstr(arena_printf("%s.ring%d", p->name, q)), c, q, c, q, p->size);
    }
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        const char *c = arena_printf("mod_%s", md->name);
        out(g, "    snn_ckpt_mod(k, %s, &%s.m);\n", cstr(md->name), c);
        out(g, "    snn_ckpt_fixed(k, %s, %s.ring, sizeof(float) * %s.L);\n", cstr(arena_printf("%s.ring", md->name)), c, c);
        if (md->pop2 >= 0) {
            out(g, "    snn_ckpt_fixed(k, %s, %s.imp, sizeof(double) * %s.L * %d);\n", cstr(arena_printf("%s.impulses", md->name)),
                c, c, md->sys->n);
            out(g, "    snn_ckpt_fixed(k, %s, %s.ha, sizeof(int64_t) * ((size_t)%s.W + 2));\n",
                cstr(arena_printf("%s.spikes_a", md->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, %s.hb, sizeof(int64_t) * ((size_t)%s.W + 2));\n",
                cstr(arena_printf("%s.spikes_b", md->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, &%s.na, sizeof %s.na);\n    snn_ckpt_fixed(k, %s, &%s.nb, sizeof %s.nb);\n",
                cstr(arena_printf("%s.na", md->name)), c, c, cstr(arena_printf("%s.nb", md->name)), c, c);
        }
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        const char *c = pj->cname;
        if (pj->stp) {
            out(g, "    snn_ckpt_fixed(k, %s, %s.u, sizeof(float) * %s.c.nnz);\n", cstr(arena_printf("%s.u", pj->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, %s.R, sizeof(float) * %s.c.nnz);\n", cstr(arena_printf("%s.R", pj->name)), c, c);
            out(g, "    snn_ckpt_fixed(k, %s, %s.last, sizeof(int64_t) * %du);\n", cstr(arena_printf("%s.last", pj->name)), c,
                pj->pre_n);
        }
        if (!pj->plast)
            continue;
        out(g, "    snn_ckpt_fixed(k, %s, %s.S, sizeof *%s.S * %s.c.nnz);\n", cstr(arena_printf("%s.synapses", pj->name)), c,
            c, c);
        Node *body = pj->ir->body;
        for (int q = 0; q < body->nkid; q++) {
            Node *st = body->kid[q];
            if (st->kind != N_TRACE)
                continue;
            int n = st->op ? pj->post_n : pj->pre_n;
            out(g, "    snn_ckpt_fixed(k, %s, %s.tr_%s, sizeof(double) * %du);\n", cstr(arena_printf("%s.%s", pj->name, st->name)),
                c, st->name, n);
            out(g, "    snn_ckpt_fixed(k, %s, %s.tl_%s, sizeof(int64_t) * %du);\n",
                cstr(arena_printf("%s.%s.last_change", pj->name, st->name)), c, st->name, n);
            if (st->kid[5])
                out(g, "    snn_ckpt_fixed(k, %s, %s.tp_%s, sizeof(double) * %du);\n",
                    cstr(arena_printf("%s.%s.before", pj->name, st->name)), c, st->name, n);
        }
        if (pj->eqs && pj->mod >= 0)
            out(g, "    snn_ckpt_lzg(k, %s, &%s.g, &%s.L);\n", cstr(arena_printf("%s.integral", pj->name)), c, c);
    }
    out(g, "}\n\n");
}

/* ---- the model table ------------------------------------------------------------ */

/* One time step.  With a frozen sub-network (split.c) it is three functions:
 * the stimuli that feed the frozen part, the frozen part (its updates and the
 * deliveries onto it), and the rest; the driver either calls all three or
 * replaces the first two by precomputed spikes.  Either way every ring slot
 * receives the same additions in the same order as in one combined step. */
static void gen_step(Gen *g)
{
    Model *m = g->m;
    bool split = false;
    int *feeds = arena_alloc(sizeof(int) * (size_t)(m->pops.n ? m->pops.n : 1)); /* a stimulus of the frozen part */
    for (int i = 0; i < m->pops.n; i++)
        split |= ((Pop *)m->pops.v[i])->frozen;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        feeds[pj->pre] |= ((Pop *)m->pops.v[pj->post])->frozen && !((Pop *)m->pops.v[pj->pre])->frozen;
    }
    if (split) {
        out(g, "static void step_sources(snn_run *r, int64_t step)\n{\n");
        for (int i = 0; i < m->pops.n; i++)
            if (feeds[i])
                out(g, "    update_%s(r, step);\n", ((Pop *)m->pops.v[i])->name);
        out(g, "}\n\nstatic void step_frozen(snn_run *r, int64_t step)\n{\n");
        for (int i = 0; i < m->pops.n; i++)
            if (((Pop *)m->pops.v[i])->frozen)
                out(g, "    update_%s(r, step);\n", ((Pop *)m->pops.v[i])->name);
        for (int i = 0; i < m->projs.n; i++)
            if (((Pop *)m->pops.v[((Proj *)m->projs.v[i])->post])->frozen)
                out(g, "    deliver_%s(r, step);\n", ((Proj *)m->projs.v[i])->cname);
        out(g, "}\n\n");
    }
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast)
            gen_check_proj(g, m->projs.v[i]);
    out(g, "static void %s(snn_run *r, int64_t step)\n{\n", split ? "step_rest" : "step");
    for (int i = 0; i < m->mods.n; i++)
        out(g, "    step_mod_%s(r, step);\n", ((Modulator *)m->mods.v[i])->name);
    for (int i = 0; i < m->pops.n; i++)
        if (!split || (!((Pop *)m->pops.v[i])->frozen && !feeds[i]))
            out(g, "    update_%s(r, step);\n", ((Pop *)m->pops.v[i])->name);
    for (int i = 0; i < m->mods.n; i++)
        out(g, "    push_mod_%s(r, step);\n", ((Modulator *)m->mods.v[i])->name);
    for (int i = 0; i < m->projs.n; i++)
        if (!((Pop *)m->pops.v[((Proj *)m->projs.v[i])->post])->frozen)
            out(g, "    deliver_%s(r, step);\n", ((Proj *)m->projs.v[i])->cname);
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast)
            out(g, "    post_%s(r, step);\n", ((Proj *)m->projs.v[i])->cname);
    for (int i = 0; i < m->projs.n; i++) { /* after every update of this step: its term of the running integrals */
        Proj *pj = m->projs.v[i];
        if (pj->plast && pj->eqs && pj->mod >= 0)
            out(g, "    snn_lzg_step(&%s.g, &%s.L, mod_%s.m.y);\n", pj->cname, pj->cname,
                ((Modulator *)m->mods.v[pj->mod])->name);
    }
    bool plastic = false;
    for (int i = 0; i < m->projs.n; i++)
        plastic |= ((Proj *)m->projs.v[i])->plast != NULL;
    if (plastic) {
        out(g, "    if ((step + 1) %% SNN_SCAN_SYNAPSES == 0) {\n");
        for (int i = 0; i < m->projs.n; i++)
            if (((Proj *)m->projs.v[i])->plast)
                out(g, "        check_%s(r, step + 1 - SNN_SCAN_SYNAPSES, step);\n", ((Proj *)m->projs.v[i])->cname);
        out(g, "    }\n");
    }
    out(g, "}\n\n");
    if (split)
        out(g, "static void step(snn_run *r, int64_t step)\n{\n    step_sources(r, step);\n    step_frozen(r, step);\n"
               "    step_rest(r, step);\n}\n\n");
}

bool cgen_model(FILE *o, Model *m, const CgenOptions *opt)
{
    Gen g0 = {o, m, opt, false, false}, *g = &g0;
    const char *base = strrchr(m->path, '/');
    out(g, "/* Generated by snnc %s from %s. Do not edit: change the .snn and recompile. */\n", SNNC_VERSION,
        cstr(base ? base + 1 : m->path));
    out(g, "#include \"snn.h\"\n\n");
    gen_params(g);
    if (m->trial)
        out(g, "static double trial_length(snn_run *r);\nstatic int trial_label(int64_t trial);\n\n");
    for (int i = 0; i < m->pops.n; i++)
        gen_pop_struct(g, m->pops.v[i]);
    for (int i = 0; i < m->mods.n; i++)
        gen_mod(g, m->mods.v[i]);
    for (int i = 0; i < m->projs.n; i++)
        gen_proj_struct(g, m->projs.v[i]);
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; p->ir && k < p->plan->vars.n; k++)
            bounded_fns(g, p->ir->init[k]);
    }
    for (int i = 0; i < m->projs.n; i++) {
        const IrProj *ir = ((Proj *)m->projs.v[i])->ir;
        bounded_fns(g, ir->weight);
        for (int k = 0; k < 3; k++)
            bounded_fns(g, ir->stp[k]);
        bounded_fns(g, ir->delay);
    }
    for (int i = 0; i < m->pops.n; i++) {
        if (((Pop *)m->pops.v[i])->kind == POP_NEURON)
            gen_consts_pop(g, m->pops.v[i]);
        gen_place(g, m->pops.v[i]);
        gen_init_pop(g, m->pops.v[i]);
    }
    bool resets = false;
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->reset_trial) {
            gen_reset_pop(g, m->pops.v[i]);
            resets = true;
        }
    if (resets) {
        out(g, "static int trial_start(snn_run *r, int64_t trial, int which)\n{\n");
        for (int i = 0; i < m->pops.n; i++)
            if (((Pop *)m->pops.v[i])->reset_trial)
                out(g, "    if (reset_%s(r, trial, which))\n        return -1;\n", ((Pop *)m->pops.v[i])->name);
        out(g, "    return 0;\n}\n\n");
    }
    /* at a phase start, after its 'set's: the values computed from neuron parameters */
    out(g, "static int refresh(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->kind == POP_NEURON)
            out(g, "    if (consts_%s(r))\n        return -1;\n", ((Pop *)m->pops.v[i])->name);
    out(g, "    return 0;\n}\n\n");
    for (int i = 0; i < m->projs.n; i++)
        gen_init_proj(g, m->projs.v[i]);
    for (int i = 0; i < m->pops.n; i++)
        gen_update(g, m->pops.v[i]);
    for (int i = 0; i < m->projs.n; i++)
        gen_deliver(g, m->projs.v[i]);

    /* init: populations, projections, then the delay rings sized by the delays */
    out(g, "static void rec_intervals(snn_run *r);\n\n");
    out(g, "static int init(snn_run *r)\n{\n    rec_intervals(r);\n");
    for (int i = 0; i < m->pops.n; i++)
        out(g, "    if (init_%s(r))\n        return -1;\n", ((Pop *)m->pops.v[i])->name);
    for (int i = 0; i < m->mods.n; i++)
        out(g, "    if (init_mod_%s(r))\n        return -1;\n", ((Modulator *)m->mods.v[i])->name);
    for (int i = 0; i < m->projs.n; i++)
        out(g, "    if (init_%s(r))\n        return -1;\n", ((Proj *)m->projs.v[i])->cname);
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        for (int k = 0; k < p->kernels.n; k++)
            out(g, "    if (snn_budget_add(r, 4.0 * %s.ring_len%d * %d, %s))\n        return -1;\n"
                   "    if (!(%s.ring%d = calloc((size_t)%s.ring_len%d * %d, sizeof(float))))\n"
                   "        return snn_fail(r, \"out of memory\");\n",
                p->cname, k, p->size, cstr(arena_printf("the delay ring of %s, kernel %d", p->name, k)), p->cname, k,
                p->cname, k, p->size);
    }
    out(g, "    return 0;\n}\n\n");
    gen_step(g);

    /* recorded state variables */
    out(g, "static const float *state_ptr(snn_run *r, int rec)\n{\n    (void)r;\n    switch (rec) {\n");
    int nsr = 0;
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        if (rc->mod >= 0) {
            Modulator *md = m->mods.v[rc->mod];
            out(g, "    case %d:\n        return mod_%s.rec + %d;\n", nsr++, md->name, rc->mvar < 0 ? md->sys->n : rc->mvar);
            continue;
        }
        Pop *p = m->pops.v[rc->pop];
        OdeVar *v = ode_find_var(p->plan, rc->var, -1);
        for (int k = 0; !v && k < p->kernels.n; k++) {
            Kernel *ker = p->kernels.v[k];
            Node *out_stmt = find_stmt(ker->def, N_OUTPUT);
            if (ker->port == rc->var)
                v = ode_find_var(p->plan, out_stmt->sym, k);
        }
        out(g, "    case %d:\n        return %s.%s + %d;\n", nsr++, p->cname, v->cname, rc->lo);
    }
    out(g, "    default:\n        return NULL;\n    }\n}\n\n");

    /* after the last step: every synapse's weight brought up to the end of the run */
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        out(g, "static void sync_%s(snn_run *r, int64_t step)\n{\n    (void)r;\n    (void)step;\n", pj->cname);
        if (pj->eqs) {
            gen_rule_params(g, pj);
            gen_state_ptrs(g, pj);
            out(g, "    for (uint64_t k = 0; k < %s.c.nnz; k++)\n", pj->cname);
            gen_sync(g, pj, "        ");
        }
        out(g, "}\n\n");
    }
    out(g, "static void finish(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast) /* and the values since the last scan */
            out(g, "    sync_%s(r, r->nsteps);\n    check_%s(r, snn_check_first(r->nsteps - 1, SNN_SCAN_SYNAPSES), r->nsteps - 1);\n",
                ((Proj *)m->projs.v[i])->cname, ((Proj *)m->projs.v[i])->cname);
    out(g, "}\n\n");
    out(g, "static void model_free(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->mods.n; i++) {
        Modulator *md = m->mods.v[i];
        out(g, "    snn_mod_free(&mod_%s.m);\n    free(mod_%s.ring);\n", md->name, md->name);
        if (md->pop2 >= 0)
            out(g, "    free(mod_%s.imp);\n    free(mod_%s.ha);\n    free(mod_%s.hb);\n", md->name, md->name, md->name);
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind != POP_NEURON) {
            out(g, "    snn_%s_free(&%s.src);\n", p->kind == POP_TEMPLATES || p->kind == POP_STIMSET ? "templates" : "spikefile", p->cname);
            continue;
        }
        for (int j = 0; j < p->plan->vars.n; j++)
            out(g, "    free(%s.%s);\n", p->cname, ((OdeVar *)p->plan->vars.v[j])->cname);
        for (int j = 0; j < p->init_files.n; j++)
            out(g, "    free(%s.init_%s);\n", p->cname, ((InitFile *)p->init_files.v[j])->var->name);
        out(g, "    free(%s.ref);\n    free(%s.fired);\n", p->cname, p->cname);
        for (int k = 0; k < p->kernels.n; k++)
            out(g, "    free(%s.ring%d);\n", p->cname, k);
    }
    for (int i = 0; i < m->projs.n; i++) {
        const char *c = ((Proj *)m->projs.v[i])->cname;
        out(g, "    snn_csr_free(&%s.c);\n    free(%s.w);\n    free(%s.d);\n", c, c, c);
        if (((Proj *)m->projs.v[i])->stp)
            out(g, "    free(%s.U);\n    free(%s.iD);\n    free(%s.iF);\n    free(%s.u);\n    free(%s.R);\n    free(%s.last);\n", c,
                c, c, c, c, c);
        Proj *pj = m->projs.v[i];
        if (pj->plast) {
            out(g, "    snn_csr_t_free(&%s.t);\n    free(%s.S);\n", c, c);

            if (pj->eqs)
                out(g, "    snn_lazy_free(&%s.L);\n", c);
            if (pj->eqs && pj->mod >= 0)
                out(g, "    snn_lzg_free(&%s.g);\n", c);
            Node *body = pj->ir->body;
            for (int k = 0; k < body->nkid; k++) {
                Node *st = body->kid[k];
                if (st->kind == N_TRACE)
                    out(g, "    free(%s.tr_%s);\n    free(%s.tl_%s);\n", c, st->name, c, st->name);
                if (st->kind == N_TRACE && st->kid[5])
                    out(g, "    free(%s.tp_%s);\n", c, st->name);
            }
        }
    }
    out(g, "}\n\n");

    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (!p->families.n)
            continue;
        out(g, "static const snn_family_info fam_%s[] = {\n", p->name);
        for (int k = 0; k < p->families.n; k++) {
            Family *f = p->families.v[k];
            out(g, "    {%s, %d, %d},\n", cstr(f->name), f->start, f->count);
        }
        out(g, "};\n");
    }
    out(g, "static const snn_pop_info pop_info[] = {\n");
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        out(g, "    {%s, %d, %d, %s, {%d, %d, %d}, %s},\n", cstr(p->name), p->size, p->families.n,
            p->families.n ? arena_printf("fam_%s", p->name) : "NULL", p->grid[0], p->grid[1], p->grid[2],
            p->grid_shuffled ? arena_printf("place_%s", p->name) : "NULL");
    }
    out(g, "};\n");
    int nspk = 0;
    out(g, "static const snn_range spike_recs[] = {\n");
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind == REC_SPIKES) {
            out(g, "    {%d, %d, %d, %s, 0, 0, %d},\n", rc->pop, rc->lo, rc->n, cstr(rc->label), rc->phase);
            nspk++;
        }
    }
    out(g, "    {0, 0, 0, NULL, 0, 0, -1}\n};\n");
    out(g, "static snn_state_rec state_recs[] = { /* intervals filled in by init */\n");
    for (int i = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        if (rc->mod >= 0) {
            Modulator *md = m->mods.v[rc->mod];
            out(g, "    {-1, %s, 0, 1, 0, %d, %s},\n", cstr(rc->mvar < 0 ? "output" : md->sys->x[rc->mvar]->name),
                rc->phase, cstr(md->name));
        } else
            out(g, "    {%d, %s, %d, %d, 0, %d, %s},\n", rc->pop, cstr(rc->var->name), rc->lo, rc->n, rc->phase,
                cstr(((Pop *)m->pops.v[rc->pop])->name));
    }
    out(g, "    {0, NULL, 0, 0, 0, -1, NULL}\n};\n");
    int nwr = 0;
    out(g, "static snn_weight_rec weight_recs[] = { /* intervals filled in by init */\n");
    for (int i = 0, pidx = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        for (int k = 0; k < m->records.n; k++) {
            Record *rc = m->records.v[k];
            if (rc->kind == REC_WEIGHTS && rc->proj == pj->index) {
                const char *var = "w";
                Node *body = pj->ir->body;
                for (int q = 0, n = 0; q < body->nkid; q++)
                    if (body->kid[q]->kind == N_STATE && ++n == rc->svar)
                        var = body->kid[q]->name;
                out(g, "    {%d, 0, %d, %d, %s},\n", pidx, rc->phase, rc->svar, cstr(var));
                nwr++;
            }
        }
        pidx++;
    }
    out(g, "    {0, 0, -1, 0, NULL}\n};\n");
    out(g, "static const snn_range reports[] = {\n");
    for (int i = 0; i < m->reports.n; i++) {
        Report *rp = m->reports.v[i];
        double t0 = 0, t1 = 0;
        if (rp->t0) {
            sema_const_eval(rp->t0, &t0);
            sema_const_eval(rp->t1, &t1);
        }
        out(g, "    {%d, %d, %d, %s, %.17g, %.17g, -1},\n", rp->pop, rp->lo, rp->n, cstr(rp->label), t0, t1);
    }
    out(g, "    {0, 0, 0, NULL, 0, 0, -1}\n};\n\n");
    /* the phase schedule */
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        out(g, "static const int phase%d_set[] = {", i);
        for (int k = 0; k < ph->sets.n; k++)
            out(g, "%d, ", ((Param *)ph->sets.v[k])->index);
        out(g, "-1};\nstatic double phase%d_val[%d];\n", i, ph->sets.n + 1);
    }
    out(g, "static const snn_phase phases[] = {\n");
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        out(g, "    {%s, %d, %d, %d, phase%d_set, phase%d_val, %d},\n", cstr(ph->name), ph->trials, ph->learning, ph->sets.n,
            i, i, ph->order);
    }
    out(g, "    {NULL, 0, 0, 0, NULL, NULL, 0}\n};\n");
    out(g, "static const int learning_params[] = {");
    for (int i = 0; i < m->projs.n; i++)
        if (((Proj *)m->projs.v[i])->plast)
            out(g, "%d, ", ((Proj *)m->projs.v[i])->learning_param);
    out(g, "-1};\n");
    if (m->trial) {
        out(g, "static double trial_length(snn_run *r)\n{\n    (void)r;\n    return ");
        expr(g, m->ir->trial, M_INIT);
        out(g, ";\n}\n\n");
        /* a trial's label: that of the template or entry it shows (the first templates
         * or stimulus_set population), else -1 */
        const char *src = NULL;
        for (int i = 0; i < m->pops.n && !src; i++) {
            Pop *p = m->pops.v[i];
            if (p->kind == POP_TEMPLATES || p->kind == POP_STIMSET)
                src = p->cname;
        }
        out(g, "static int trial_label(int64_t trial)\n{\n    (void)trial;\n    return %s;\n}\n\n",
            src ? arena_printf("%s.src.label[snn_templates_entry(&%s.src, trial)]", src, src) : "-1");
        /* the stimulus the phases' 'order' applies to */
        out(g, "static snn_templates *stimulus(void)\n{\n    return %s;\n}\n\n", src ? arena_printf("&%s.src", src) : "NULL");
    }
    out(g, "static void rec_intervals(snn_run *r)\n{\n    (void)r;\n");
    for (int i = 0; i < m->phases.n; i++) {
        Phase *ph = m->phases.v[i];
        for (int k = 0; k < ph->values.n; k++) {
            out(g, "    phase%d_val[%d] = ", i, k);
            expr(g, m->ir->phase_values[i][k], M_INIT);
            out(g, ";\n");
        }
    }
    for (int i = 0, k = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        for (int q = 0; pj->plast && q < m->records.n; q++) {
            Record *rc = m->records.v[q];
            if (rc->kind == REC_WEIGHTS && rc->proj == pj->index) {
                out(g, "    weight_recs[%d].every = ", k++);
                expr(g, m->ir->record_every[q], M_INIT);
                out(g, ";\n");
            }
        }
    }
    for (int i = 0, k = 0; i < m->records.n; i++) {
        Record *rc = m->records.v[i];
        if (rc->kind != REC_STATE)
            continue;
        if (rc->every) {
            out(g, "    state_recs[%d].every = ", k);
            expr(g, m->ir->record_every[i], M_INIT);
            out(g, ";\n");
        }
        k++;
    }
    out(g, "}\n");
    /* plastic projections: their final weights are written after the run */
    int np = 0;
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (!pj->plast)
            continue;
        out(g, "static const snn_csr *csr_%s(void) { return &%s.c; }\n", pj->cname, pj->cname);
        /* w (var 0) or the rule's var-th per-synapse state as it will be at
         * `step`, computed on a copy: sampling never writes a synapse, so a
         * recorded run has the same weights as an unrecorded one */
        out(g, "static double w_%s(snn_run *r, uint64_t k_, int var, int64_t step)\n{\n", pj->cname);
        out(g, "    syn_%s S[1] = {%s.S[k_]}; /* the copy, as S[k] for the sync below */\n    const uint64_t k = 0;\n",
            pj->cname, pj->cname);
        if (pj->eqs) {
            g->peek = true;
            gen_rule_params(g, pj);
            gen_sync(g, pj, "    ");
            g->peek = false;
        }
        out(g, "    (void)r;\n    (void)step;\n    switch (var) {\n");
        Node *body = pj->ir->body;
        for (int q = 0, n = 0; q < body->nkid; q++)
            if (body->kid[q]->kind == N_STATE)
                out(g, "    case %d:\n        return S[k].s_%s;\n", ++n, body->kid[q]->name);
        out(g, "    default:\n        return S[k].w;\n    }\n}\n");
        np++;
    }
    if (np) {
        out(g, "static const snn_plastic_info plastic[] = {\n");
        for (int i = 0; i < m->projs.n; i++) {
            Proj *pj = m->projs.v[i];
            if (pj->plast)
                out(g, "    {%s, %d, %d, %d, %d, csr_%s, w_%s, sync_%s},\n", cstr(pj->name), pj->pre, pj->post, pj->pre_lo,
                    pj->post_lo, pj->cname, pj->cname, pj->cname);
        }
        out(g, "};\n\n");
    }
    for (int i = 0, n = 0; i < m->pops.n; i++) /* the frozen sub-network's populations (split.c) */
        if (((Pop *)m->pops.v[i])->frozen)
            out(g, "%s%d", n++ ? ", " : "static const int frozen_pops[] = {", i);
    for (int i = 0; i < m->pops.n; i++)
        if (((Pop *)m->pops.v[i])->frozen) {
            out(g, "};\n");
            break;
        }
    if (m->labels.n) { /* the labels the model compares 'label' with, and where */
        out(g, "static const int labels_asked[] = {");
        for (int i = 0; i < m->labels.n; i++) {
            double v = 0;
            sema_const_eval(m->labels.v[i], &v);
            out(g, "%s%d", i ? ", " : "", (int)v);
        }
        out(g, "};\nstatic const char *const labels_asked_at[] = {");
        for (int i = 0; i < m->labels.n; i++) {
            Span sp = ((Node *)m->labels.v[i])->sp;
            const SrcFile *f = src_get(sp.file);
            int line, col;
            src_linecol(f, sp.lo, &line, &col);
            out(g, "%s%s", i ? ", " : "", cstr(arena_printf("%s:%d:%d", f->path, line, col)));
        }
        out(g, "};\n");
    }
    gen_checkpoint(g);
    int nrg = 0; /* rate guards: checked by the driver, which counts the spikes */
    for (int i = 0; i < m->guards.n; i++) {
        const Guard *gd = m->guards.v[i];
        if (gd->kind != GUARD_RATE)
            continue;
        out(g, "%s    {%d, %du, %du, %.17g, %.17g, %.17g, %s, %s},\n", nrg++ ? "" : "static const snn_rate_guard rate_guards[] = {\n",
            gd->pop, gd->lo, gd->n, gd->min, gd->max, gd->window, cstr(gd->label), cstr(guard_text(gd)));
    }
    if (nrg)
        out(g, "};\n\n");
    out(g, "static const snn_model model = {\n    %s, \"%016llx\", \"snnc %s\",\n", cstr(base ? base + 1 : m->path),
        (unsigned long long)m->hash, SNNC_VERSION);
    out(g, "    %d, param_info, %d, pop_info,\n", m->params.n, m->pops.n);
    out(g, "    %d, spike_recs, %d, state_recs, %d, reports,\n", nspk, nsr, m->reports.n);
    out(g, "    defaults, init, step, state_ptr, finish, model_free,\n");
    int nplastic = 0;
    for (int i = 0; i < m->projs.n; i++)
        nplastic += ((Proj *)m->projs.v[i])->plast != NULL;
    out(g, "    %d, %s, %d, weight_recs,\n", nplastic, nplastic ? "plastic" : "NULL", nwr);
    resets = false;
    for (int i = 0; i < m->pops.n; i++)
        resets |= ((Pop *)m->pops.v[i])->reset_trial;
    int nfrozen = 0;
    for (int i = 0; i < m->pops.n; i++)
        nfrozen += ((Pop *)m->pops.v[i])->frozen;
    out(g, "    %d, phases, %s, learning_params, %s, %s, refresh, %s,\n", m->phases.n,
        m->trial ? "trial_length" : "NULL", m->trial ? "trial_label" : "NULL", m->trial ? "stimulus" : "NULL",
        resets ? "trial_start" : "NULL");
    if (nfrozen)
        out(g, "    %d, frozen_pops, step_sources, step_frozen, step_rest,\n", nfrozen);
    else
        out(g, "    0, NULL, NULL, NULL, NULL,\n");
    out(g, m->labels.n ? "    %d, labels_asked, labels_asked_at,\n" : "    %d, NULL, NULL,\n", m->labels.n);
    out(g, nrg ? "    %d, rate_guards,\n" : "    %d, NULL,\n", nrg);
    out(g, "    checkpoint,\n};\n\n");
    out(g, "int main(int argc, char **argv)\n{\n    return snn_main(argc, argv, &model);\n}\n");
    return true;
}
