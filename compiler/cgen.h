/*
 * cgen.h: what the C printers (cgen*.c) share: the emitter's state and the
 * printers each file offers the others.  They read the lowered form (ir.h)
 * and decide nothing.
 */
#ifndef CGEN_H
#define CGEN_H

#include "ir.h"

#include <stdio.h>

typedef struct {
    FILE *o;
    Model *m;
    const CgenOptions *opt;
    long line;            /* lines written so far (the next one is line + 1) */
    bool use_new;         /* state names mean the values after this step's update */
    bool peek;            /* generating a function that only looks: no checks, nothing written */
} Gen;

/* the name of kernel k of population p: rings and states carry it */
static inline const char *kname(const Pop *p, int k) { return ((const Kernel *)p->kernels.v[k])->cname; }

/* the enum constant naming parameter i's slot in r->p, r->str and r->set:
 * P_net_V_th for net.V_th (whose float copy in a hot loop is p_net_V_th) */
static inline const char *pslot(const Model *m, int i) { return arena_printf("P%s", ((const Param *)m->params.v[i])->cname + 1); }

/* expressions evaluated per step in float (M_HOT) or at start-up in double */
enum { M_HOT, M_INIT };

/* ---- cgen_emit.c: the emitter, strings, numbers, expressions ------------------- */
void out(Gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void line_back(Gen *g);       /* after line_dir: #line back to the generated file */
/* Whether printing e would name NAME (a builtin such as t, dt, label, x_pre, or a
 * trace): a variable is declared only where the code printed reads it. */
const char *cnum(double v);  /* the shortest text of v that reads back to v, as a C double */
bool mentions(const Node *e, SymKind kind, const char *name);
bool reads_run(const Node *e);               /* ... or read the run (r): parameters, dt */
const char *cstr(const char *s);
/* A population's size in generated C: the constant, or pop_X.n when --set can
 * change it (then every range of it is the whole population); pop_nu with an
 * unsigned suffix on the constant; range_n(u) the count of a range of POP. */
const char *pop_n(const Pop *p);
const char *pop_nu(const Pop *p);
const char *range_n(const Model *m, int pop, int n);
const char *range_nu(const Model *m, int pop, int n);
const char *ctext(const char *s);
void line_dir(Gen *g, Span sp);
void expr(Gen *g, Node *e, int mode);
void bounded_fns(Gen *g, Node *e);
void gen_position(Gen *g, const Node *e, const char *ind);
void dim_lit(Gen *g, Dim d);
void gen_alloc(Gen *g, const char *lhs, const char *type, const char *n);
/* N values per thread (per-presynaptic-neuron values each thread keeps for itself) */
void gen_alloc_copies(Gen *g, const char *lhs, const char *type, const char *n);
void gen_propagator(Gen *g, const LinSys *s, const char *ind, const char *what);

/* ---- cgen_guards.c ------------------------------------------------------------- */
const char *guard_text(const Guard *gd);
const Guard *find_guard(Model *m, int pop, const Sym *var, int proj);

/* ---- cgen_pop.c ---------------------------------------------------------------- */
Vec per_neuron_arrays(const Pop *p);   /* names of its per-neuron arrays besides states */
void gen_pop_struct(Gen *g, Pop *p);
void gen_update(Gen *g, Pop *p);
void gen_consts_pop(Gen *g, Pop *p);
void gen_reset_pop(Gen *g, Pop *p);
void gen_place(Gen *g, Pop *p);
void gen_params_pop(Gen *g, Pop *p);
void gen_init_pop(Gen *g, Pop *p);

/* ---- cgen_mod.c ---------------------------------------------------------------- */
void gen_mod(Gen *g, Modulator *md);

/* ---- cgen_proj.c --------------------------------------------------------------- */
/* cgen_drive.c */
void gen_drive_fields(Gen *g, Pop *p);
void gen_drive_update(Gen *g, Pop *p);
void gen_drive_init(Gen *g);
void gen_drive_free(Gen *g);

/* ---- cgen_edges.c: the connections 'record edges' names; returns their number */
int gen_edges(Gen *g);

void gen_proj_struct(Gen *g, Proj *pj);
void gen_init_proj(Gen *g, Proj *pj);
void gen_deliver(Gen *g, Proj *pj);

/* ---- cgen_plast.c -------------------------------------------------------------- */
void gen_init_plast(Gen *g, Proj *pj);
int traces_used(Proj *pj, int side, const Node *on, bool synapses);
void gen_traces(Gen *g, Proj *pj, int side, const char *idx, const char *indent, const Node *on, bool synapses);
void gen_rule_params(Gen *g, Proj *pj, const Node *on);
void gen_check_proj(Gen *g, Proj *pj);
void gen_trace_updates(Gen *g, Proj *pj, Node *on, const char *idx);
void gen_sync(Gen *g, Proj *pj, const char *indent);
void gen_handler_synapse(Gen *g, Proj *pj, Node *on, int side, const char *decl, const char *idx);
void gen_state_ptrs(Gen *g, Proj *pj);
void gen_post_handler(Gen *g, Proj *pj);

#endif
