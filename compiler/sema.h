/*
 * sema.h: what the files of sema share, and nothing outside them sees.  The
 * checker is split by domain -- scopes (sema_scope.c), expressions and units
 * (sema_expr.c), files and imports (sema_import.c), definitions (sema_def.c),
 * the network (sema_net.c), the experiment (sema_exp.c) -- with the order of
 * the checks in sema.c.  Its public face, the Model and sema_load, stays in
 * snnc.h.
 */
#ifndef SEMA_H
#define SEMA_H

#include "ast.h"
#include "snnc.h"

/* One compilation's checking state. */
typedef struct {
    Model *m;
    SearchPath *path;
    Vec loaded;            /* canonical paths of the files read */
    Scope *g;              /* globals */
    Node *experiment;      /* the one experiment block, once seen */
    int root;              /* source id of the main file */
    Vec stdlib_defs;       /* StdlibDef*: what the stdlib defines, read on the first unknown name */
    bool stdlib_read;
} Sema;

/* ---- sema_scope.c: scopes, declarations, suggestions --------------------------- */
Sym *declare(Scope *s, SymKind k, Node *name, Node *decl); /* NULL after reporting a clash */
void offer_kind(Suggest *g, Scope *s, SymKind k);    /* names of kind k visible from s */
void offer_local(Suggest *g, Scope *s, const SymKind *ks, int n); /* names of these kinds in s itself */
void offer_values(Suggest *g, Scope *s);              /* names an expression may read, and units */
const char *misspelt_state(Scope *s, const char *name); /* "; did you mean 'x'?" or "" */
void unknown_dimension(Node *n);

/* ---- sema_expr.c: expressions, units, constants -------------------------------- */
/* What an expression may contain depends on where it is. */
enum {
    ALLOW_STATE = 1,      /* state variables, inputs, aliases of a neuron */
    ALLOW_RANDOM = 2,     /* distributions: initial values, weights, delays */
    ALLOW_NOISE = 4,      /* white noise: only in equations */
    ALLOW_STEP_RAND = 8,  /* uniform() drawn every step: thresholds */
    ALLOW_STRING = 16,
};

typedef struct {
    Scope *scope;
    unsigned allow;
    const char *where;    /* "a parameter default", "an equation", ... */
} Ctx;

bool check_expr(Node *e, Ctx *c);
bool check_dim(Node *e, Ctx *c, const Dim *want, const char *what); /* want NULL: any dimension */
bool is_number_literal(const Node *e);
bool const_count(Node *e, Ctx *c, const char *what, int *out);
Node *uses_name(Node *e, const char *n);        /* its first use in e, or NULL */

/* ---- sema_import.c: loading files; what the stdlib defines --------------------- */
bool load_file(Sema *s, int fid);
void unknown_definition(Sema *s, Span sp, const char *name, SymKind k, const char *what);

/* ---- sema_def.c: neurons, synapse kernels, plasticity rules, modulator kinds --- */
bool check_definition(Sema *s, Node *def);            /* N_NEURON or N_SYNAPSE */
bool check_plasticity(Sema *s, Node *def);
/* A rule where a connection uses it: the connection's synapse kernel, whose
 * weight is the 'weight' of a generic rule. */
typedef struct {
    Node *syn;            /* the connection's 'synapse:' call */
    Node *sdef;           /* its definition, N_SYNAPSE */
    Dim w;                /* the dimension of its weights */
} RuleUse;
bool check_rule_use(Node *rule, Node *call, const RuleUse *u); /* the weight, and defaults that fit it */
void rule_use_note(const RuleUse *u, Node *rule);
bool check_moddef(Sema *s, Node *def);

/* ---- sema_net.c: populations, connections, modulator instances ----------------- */
Param *new_param(Model *m, const char *name, Dim d, Node *def, int pop, Sym *sym);
bool resolve_endpoint(Sema *s, Node *t, int *pop, int *lo, int *n);
bool check_population(Sema *s, Node *decl);
bool check_connect(Sema *s, Node *decl);
int connect_kernel(Sema *s, Node *decl, Pop *post, Node **syn, Node **sdef, Sym **w);
Node *kv_get(Node *kvs, const char *key);   /* the value of 'key:' in a connect, or NULL */
bool kv_once(Node *kvs, int i);             /* key i is not given twice */

/* ---- sema_drive.c: connect poisson(rate = R) -> POST ---------------------------- */
bool check_drive(Sema *s, Node *decl);
bool check_modinst(Sema *s, Node *decl);

/* ---- sema_exp.c: the experiment block ------------------------------------------ */
bool check_experiment(Sema *s, Node *decl);
bool check_recorded_inputs(Model *m);                 /* after the connections: one kernel feeds it */

#endif
