/*
 * sema.c: from syntax trees to a checked model.  Resolves imports and names,
 * gives every expression a dimension (units.c), checks where each kind of value
 * may appear (no random draws inside equations, no state in parameters), and
 * builds the Model that ode.c, lower.c and cgen.c work on.  Each check reports
 * at the offending span and, where another declaration is involved, adds a note
 * pointing at it.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "snnc.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- scopes ----------------------------------------------------------------- */

struct Scope {
    Scope *parent;
    Vec syms;
};

Scope *scope_new(Scope *parent)
{
    Scope *s = arena_alloc(sizeof *s);
    s->parent = parent;
    return s;
}

Sym *scope_find_local(Scope *s, const char *name)
{
    for (int i = 0; i < s->syms.n; i++) {
        Sym *y = s->syms.v[i];
        if (strcmp(y->name, name) == 0)
            return y;
    }
    return NULL;
}

Sym *scope_find(Scope *s, const char *name)
{
    for (; s; s = s->parent) {
        Sym *y = scope_find_local(s, name);
        if (y)
            return y;
    }
    return NULL;
}

Sym *scope_add(Scope *s, SymKind k, const char *name, Node *decl)
{
    Sym *y = arena_alloc(sizeof *y);
    y->kind = k;
    y->name = name;
    y->decl = decl;
    y->index = s->syms.n;
    vec_push(&s->syms, y);
    return y;
}

static const char *sym_what(SymKind k)
{
    switch (k) {
    case SYM_GPARAM: return "parameter";
    case SYM_PARAM: return "parameter";
    case SYM_STATE: return "state variable";
    case SYM_PORT: return "input";
    case SYM_NOISE: return "noise source";
    case SYM_ALIAS: return "expression";
    case SYM_BUILTIN: return "built-in";
    case SYM_NEURON: return "neuron";
    case SYM_SYNAPSE: return "synapse";
    case SYM_POP: return "population";
    case SYM_FAMILY: return "family";
    case SYM_WEIGHT: return "weight";
    case SYM_FUNC: return "function";
    case SYM_TRACE: return "trace";
    case SYM_PLASTICITY: return "plasticity rule";
    case SYM_MODDEF: return "modulator kind";
    case SYM_MOD: return "modulator";
    case SYM_MODPARAM: return "modulator";
    }
    return "name";
}

/* Declare, or report the clash with the earlier declaration. */
static Sym *declare(Scope *s, SymKind k, Node *name, Node *decl)
{
    Sym *old = scope_find_local(s, name->name);
    if (old) {
        diag_error(name->sp, "redefinition of '%s'", name->name);
        if (old->decl)
            diag_note(old->decl->sp, "previous definition of '%s' is here", name->name);
        return NULL;
    }
    double scale;
    Dim d;
    if (unit_lookup_bare(name->name, &scale, &d)) {
        diag_error(name->sp, "'%s' is a unit name and cannot be declared", name->name);
        return NULL;
    }
    return scope_add(s, k, name->name, decl);
}

/* ---- suggestions: the name a misspelt one probably meant -------------------- */

/* Offers the names of kind k visible from s (inner scopes first). */
static void offer_kind(Suggest *g, Scope *s, SymKind k)
{
    for (; s; s = s->parent)
        for (int i = 0; i < s->syms.n; i++) {
            Sym *y = s->syms.v[i];
            if (y->kind == k)
                suggest_offer(g, y->name);
        }
}

/* Offers the names declared in s itself whose kind is one of ks (n of them). */
static void offer_local(Suggest *g, Scope *s, const SymKind *ks, int n)
{
    for (int i = 0; i < s->syms.n; i++) {
        Sym *y = s->syms.v[i];
        for (int k = 0; k < n; k++)
            if (y->kind == ks[k])
                suggest_offer(g, y->name);
    }
}

/* Offers every name visible from s that an expression may read, and the unit
 * symbols that stand alone (1 / ms), except for a one-letter name: 'v' in a
 * plasticity rule is a neuron's state out of reach, not a misspelt volt. */
static void offer_values(Suggest *g, Scope *s)
{
    static const SymKind values[] = {SYM_GPARAM, SYM_PARAM,   SYM_STATE, SYM_PORT,    SYM_NOISE,
                                     SYM_ALIAS,  SYM_BUILTIN, SYM_WEIGHT, SYM_TRACE, SYM_MODPARAM};
    for (; s; s = s->parent)
        offer_local(g, s, values, (int)(sizeof values / sizeof values[0]));
    if (strlen(g->wrong) > 1)
        unit_suggest(g, true);
}

/* "; did you mean 'x'?" for a state of the definition whose scope is s, or "" */
static const char *misspelt_state(Scope *s, const char *name)
{
    static const SymKind states[] = {SYM_STATE};
    Suggest g;
    suggest_init(&g, name);
    offer_local(&g, s, states, 1);
    return did_you_mean(&g);
}

/* "unknown dimension 'X'", naming the one probably meant or else all of them */
static void unknown_dimension(Node *n)
{
    Suggest g;
    suggest_init(&g, n->name);
    dim_suggest(&g);
    if (suggest_best(&g))
        diag_error(n->sp, "unknown dimension '%s'%s", n->name, did_you_mean(&g));
    else
        diag_error(n->sp, "unknown dimension '%s' (one of: %s)", n->name, dim_names_list());
}

/* ---- expressions ------------------------------------------------------------ */

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

static bool check(Node *e, Ctx *c);
static bool uses_name(Node *e, const char *n);

static bool is_number_literal(const Node *e)
{
    if (e->kind == N_UNARY && e->op == OP_SUB)
        e = e->kid[0];
    return e->kind == N_NUM && dim_is_none(e->dim) && !strchr(e->name, '%');
}

/* "cannot add a voltage (mV) and a conductance (nS)", with a hint when one
 * side is a bare number that only lacks its unit. */
static void mismatch(Node *op, Node *a, Node *b, const char *verb)
{
    if (is_number_literal(b) && !dim_is_none(a->ty)) {
        diag_error(b->sp, "dimensionless number where %s is expected", dim_str(a->ty));
        diag_note(a->sp, "because this is %s; write the number with a unit", dim_str(a->ty));
        return;
    }
    if (is_number_literal(a) && !dim_is_none(b->ty)) {
        diag_error(a->sp, "dimensionless number where %s is expected", dim_str(b->ty));
        diag_note(b->sp, "because this is %s; write the number with a unit", dim_str(b->ty));
        return;
    }
    diag_error(op->sp, "unit mismatch: cannot %s %s and %s", verb, dim_str(a->ty), dim_str(b->ty));
    if (a->kind == N_NAME && a->sym && a->sym->decl)
        diag_note(a->sym->decl->sp, "'%s' declared here", a->name);
    else if (b->kind == N_NAME && b->sym && b->sym->decl)
        diag_note(b->sym->decl->sp, "'%s' declared here", b->name);
}

static const struct {
    const char *name;
    int nargs;
    int kind;             /* 0 math (dimensionless in/out), 1 same-dim, 2 random, 3 step random, 4 sqrt, 5 abs-like */
} funcs[] = {
    {"exp", 1, 0}, {"log", 1, 0}, {"sin", 1, 0}, {"cos", 1, 0}, {"tanh", 1, 0}, {"floor", 1, 0},
    {"sqrt", 1, 4}, {"abs", 1, 5}, {"min", 2, 1}, {"max", 2, 1}, {"clip", 3, 1},
    {"normal", 2, 2}, {"uniform", 2, 2}, {"gamma", 2, 2}, {"exponential", 1, 2},
    {"rand", 0, 3},
};

static int find_func(const char *name)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool check_call(Node *e, Ctx *c)
{
    Node *callee = e->kid[0], *args = e->kid[1];
    int f = find_func(callee->name);
    if (f < 0) {
        Sym *y = scope_find(c->scope, callee->name);
        if (strcmp(callee->name, "file") == 0 && !y) {
            diag_error(e->sp, "file(...) cannot be used in %s", c->where);
            diag_note(e->sp, "only as the whole initial value of a population's state, as in 'state v = "
                             "file(\"v0.csv\", mV)', and as a connection rule, 'rule: file(\"pairs.csv\")'");
            return false;
        }
        if (y && (y->kind == SYM_NEURON || y->kind == SYM_SYNAPSE))
            diag_error(callee->sp, "'%s' is a %s, not a function", callee->name, sym_what(y->kind));
        else {
            Suggest g;
            suggest_init(&g, callee->name);
            for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
                suggest_offer(&g, funcs[i].name);
            diag_error(callee->sp, "unknown function '%s'%s", callee->name, did_you_mean(&g));
        }
        return false;
    }
    if (args->nkid != funcs[f].nargs) {
        diag_error(e->sp, "'%s' takes %d argument%s, not %d", callee->name, funcs[f].nargs,
                   funcs[f].nargs == 1 ? "" : "s", args->nkid);
        return false;
    }
    bool ok = true;
    for (int i = 0; i < args->nkid; i++) {
        Node *a = args->kid[i];
        if (a->kid[0]) {
            diag_error(a->kid[0]->sp, "'%s' takes positional arguments", callee->name);
            return false;
        }
        ok = check(a->kid[1], c) && ok;
        a->ty = a->kid[1]->ty;
        a->dep = a->kid[1]->dep;
        e->dep |= a->dep;
    }
    if (!ok)
        return false;
    Node **k = args->kid;
    switch (funcs[f].kind) {
    case 0:
        if (!dim_is_none(k[0]->ty)) {
            diag_error(k[0]->sp, "the argument of %s() must be dimensionless, not %s", callee->name,
                       dim_str(k[0]->ty));
            return false;
        }
        e->ty = DIM_NONE;
        break;
    case 1:
        for (int i = 1; i < args->nkid; i++)
            if (!dim_eq(k[0]->ty, k[i]->ty)) {
                mismatch(e, k[0], k[i], arena_printf("take %s() of", callee->name));
                return false;
            }
        e->ty = k[0]->ty;
        break;
    case 2:
        if (!(c->allow & ALLOW_RANDOM)) {
            diag_error(e->sp, "random draw '%s()' is not allowed in %s", callee->name, c->where);
            diag_note(e->sp, "distributions are allowed in initial values, weights and delays");
            return false;
        }
        if (strcmp(callee->name, "gamma") == 0) {
            if (!dim_is_none(k[0]->ty)) {
                diag_error(k[0]->sp, "the shape of gamma() must be dimensionless, not %s", dim_str(k[0]->ty));
                return false;
            }
            e->ty = k[1]->ty;
        } else {
            if (args->nkid == 2 && !dim_eq(k[0]->ty, k[1]->ty)) {
                mismatch(e, k[0], k[1], arena_printf("draw %s() between", callee->name));
                return false;
            }
            e->ty = k[0]->ty;
        }
        e->dep |= DEP_RANDOM;
        break;
    case 3:
        if (!(c->allow & ALLOW_STEP_RAND)) {
            diag_error(e->sp, "rand() is not allowed in %s", c->where);
            diag_note(e->sp, "rand() draws a new uniform number every step and is allowed in thresholds");
            return false;
        }
        e->ty = DIM_NONE;
        e->dep |= DEP_RANDOM;
        break;
    case 4:
        if (!dim_pow(k[0]->ty, 0.5, &e->ty)) {
            diag_error(k[0]->sp, "cannot take sqrt() of %s", dim_str(k[0]->ty));
            return false;
        }
        break;
    case 5:
        e->ty = k[0]->ty;
        break;
    }
    return true;
}

static bool check_name(Node *e, Ctx *c)
{
    Sym *y = scope_find(c->scope, e->name);
    if (!y) {
        double scale;
        Dim d;
        if (unit_lookup_bare(e->name, &scale, &d)) { /* a unit on its own: 1 ms */
            e->kind = N_NUM;
            e->num = scale;
            e->dim = d;
            e->ty = d;
            return true;
        }
        Suggest g;
        suggest_init(&g, e->name);
        offer_values(&g, c->scope);
        diag_error(e->sp, "unknown name '%s'%s", e->name, did_you_mean(&g));
        Sym *w = scope_find(c->scope, "w");
        if (w && w->kind == SYM_WEIGHT) /* inside a plasticity rule: locality */
            diag_note(e->sp, "a rule reads only its parameters, its own synapse's states and 'w', the traces of its "
                             "pre- and postsynaptic neuron, and its modulator -- not neuron states or other synapses");
        return false;
    }
    e->sym = y;
    e->ty = y->dim;
    switch (y->kind) {
    case SYM_GPARAM:
    case SYM_PARAM:
        e->dep = DEP_PARAM;
        return true;
    case SYM_BUILTIN:
        if (strcmp(y->name, "t") == 0) {
            if (!(c->allow & ALLOW_STATE)) {
                diag_error(e->sp, "the time 't' is not known in %s", c->where);
                return false;
            }
            e->dep = DEP_TIME;
        } else if (strcmp(y->name, "true") == 0 || strcmp(y->name, "false") == 0) {
            e->is_bool = true;
        } else {
            e->dep = DEP_PARAM;
        }
        return true;
    case SYM_WEIGHT:
    case SYM_TRACE:
    case SYM_MODPARAM:
        if (!(c->allow & ALLOW_STATE)) {
            diag_error(e->sp, "%s '%s' cannot be used in %s", sym_what(y->kind), e->name, c->where);
            return false;
        }
        e->dep = DEP_STATE;
        return true;
    case SYM_STATE:
    case SYM_PORT:
    case SYM_ALIAS:
        if (!(c->allow & ALLOW_STATE)) {
            diag_error(e->sp, "%s '%s' cannot be used in %s", sym_what(y->kind), e->name, c->where);
            if (y->decl)
                diag_note(y->decl->sp, "'%s' declared here", e->name);
            return false;
        }
        e->dep = DEP_STATE;
        if (y->kind == SYM_ALIAS && y->decl && y->decl->kid[1])
            e->dep |= y->decl->kid[1]->dep;
        return true;
    case SYM_NOISE:
        if (!(c->allow & ALLOW_NOISE)) {
            diag_error(e->sp, "noise source '%s' can only be used in a differential equation", e->name);
            return false;
        }
        e->dep = DEP_NOISE;
        return true;
    default:
        diag_error(e->sp, "%s '%s' cannot be used as a value", sym_what(y->kind), e->name);
        if (y->decl)
            diag_note(y->decl->sp, "'%s' declared here", e->name);
        return false;
    }
}

static bool check_node(Node *e, Ctx *c);

/* An expression and, if it folds to a constant, a finite one: "1 / 0" or
 * "1e30 * 1e30" would reach the generated C as inf. */
static bool check(Node *e, Ctx *c)
{
    if (!check_node(e, c))
        return false;
    double v;
    if ((e->kind == N_UNARY || e->kind == N_BINARY) && !e->is_bool && sema_const_eval(e, &v) && !isfinite(v)) {
        diag_error(e->sp, "this evaluates to %s", isnan(v) ? "NaN (not a number)" : "infinity");
        return false;
    }
    return true;
}

static bool check_node(Node *e, Ctx *c)
{
    switch (e->kind) {
    case N_NUM:
        e->ty = e->dim;
        return true;
    case N_STR:
        if (!(c->allow & ALLOW_STRING)) {
            diag_error(e->sp, "a string is not allowed in %s", c->where);
            return false;
        }
        return true;
    case N_NAME:
        return check_name(e, c);
    case N_CALL:
        return check_call(e, c);
    case N_UNARY: {
        Node *a = e->kid[0];
        if (!check(a, c))
            return false;
        e->dep = a->dep;
        if (e->op == OP_NOT) {
            if (!a->is_bool) {
                diag_error(a->sp, "'!' needs a condition");
                return false;
            }
            e->is_bool = true;
            return true;
        }
        if (a->is_bool) {
            diag_error(a->sp, "cannot negate a condition");
            return false;
        }
        e->ty = a->ty;
        return true;
    }
    case N_COND: {
        bool ok = check(e->kid[0], c) & check(e->kid[1], c) & check(e->kid[2], c);
        if (!ok)
            return false;
        if (!e->kid[0]->is_bool) {
            diag_error(e->kid[0]->sp, "the condition of '?:' must be a comparison");
            return false;
        }
        if (!dim_eq(e->kid[1]->ty, e->kid[2]->ty)) {
            mismatch(e, e->kid[1], e->kid[2], "choose between");
            return false;
        }
        e->ty = e->kid[1]->ty;
        e->dep = e->kid[0]->dep | e->kid[1]->dep | e->kid[2]->dep;
        return true;
    }
    case N_BOUNDED: {
        bool ok = check(e->kid[0], c) & check(e->kid[1], c) & check(e->kid[2], c);
        if (!ok)
            return false;
        if (!(e->kid[0]->dep & DEP_RANDOM)) {
            diag_error(e->sp, "'in [lo, hi]' bounds a distribution, but this value is not random");
            return false;
        }
        for (int i = 1; i <= 2; i++)
            if (!dim_eq(e->kid[0]->ty, e->kid[i]->ty)) {
                mismatch(e, e->kid[0], e->kid[i], "bound");
                return false;
            }
        e->ty = e->kid[0]->ty;
        e->dep = e->kid[0]->dep | e->kid[1]->dep | e->kid[2]->dep;
        return true;
    }
    case N_BINARY: {
        Node *a = e->kid[0], *b = e->kid[1];
        bool ok = check(a, c) & check(b, c);
        if (!ok)
            return false;
        e->dep = a->dep | b->dep;
        if (e->op == OP_AND || e->op == OP_OR) {
            if (!a->is_bool || !b->is_bool) {
                diag_error((a->is_bool ? b : a)->sp, "'%s' needs conditions on both sides", op_str(e->op));
                return false;
            }
            e->is_bool = true;
            return true;
        }
        if (a->is_bool || b->is_bool) {
            diag_error((a->is_bool ? a : b)->sp, "a condition cannot be used as a number");
            return false;
        }
        if ((a->dep | b->dep) & DEP_NOISE && e->op != OP_MUL && e->op != OP_ADD && e->op != OP_SUB) {
            diag_error(e->sp, "white noise must enter an equation linearly (as coefficient * noise)");
            return false;
        }
        switch (e->op) {
        case OP_ADD:
        case OP_SUB:
            if (!dim_eq(a->ty, b->ty)) {
                mismatch(e, a, b, e->op == OP_ADD ? "add" : "subtract");
                return false;
            }
            e->ty = a->ty;
            return true;
        case OP_MUL:
            if ((a->dep & DEP_NOISE) && (b->dep & DEP_NOISE)) {
                diag_error(e->sp, "white noise must enter an equation linearly (as coefficient * noise)");
                return false;
            }
            e->ty = dim_mul(a->ty, b->ty);
            return true;
        case OP_DIV:
            if (b->dep & DEP_NOISE) {
                diag_error(b->sp, "cannot divide by white noise");
                return false;
            }
            e->ty = dim_div(a->ty, b->ty);
            return true;
        case OP_POW: {
            double p;
            if (!dim_is_none(b->ty) || !sema_const_eval(b, &p)) {
                if (!dim_is_none(a->ty)) {
                    diag_error(b->sp, "the exponent of %s must be a dimensionless constant", dim_str(a->ty));
                    return false;
                }
                e->ty = DIM_NONE;
                return true;
            }
            if (!dim_pow(a->ty, p, &e->ty)) {
                diag_error(e->sp, "cannot raise %s to the power %g", dim_str(a->ty), p);
                return false;
            }
            return true;
        }
        default: /* comparisons */
            if (!dim_eq(a->ty, b->ty)) {
                mismatch(e, a, b, "compare");
                return false;
            }
            e->is_bool = true;
            return true;
        }
    }
    default:
        diag_error(e->sp, "not an expression");
        return false;
    }
}

/* Check an expression and require a dimension (NULL = any). */
static bool check_dim(Node *e, Ctx *c, const Dim *want, const char *what)
{
    if (!check(e, c))
        return false;
    if (e->is_bool) {
        diag_error(e->sp, "%s must be a value, not a condition", what);
        return false;
    }
    if (want && !dim_eq(e->ty, *want)) {
        if (is_number_literal(e) && !dim_is_none(*want))
            diag_error(e->sp, "dimensionless number where %s is expected for %s", dim_str(*want), what);
        else
            diag_error(e->sp, "%s must be %s, but this is %s", what, dim_str(*want), dim_str(e->ty));
        return false;
    }
    return true;
}

/* Fold literal-only expressions (sizes, probabilities, grid sizes, exponents). */
bool sema_const_eval(Node *e, double *out)
{
    double a, b;
    switch (e->kind) {
    case N_NUM:
        *out = e->num;
        return true;
    case N_NAME:
        if (e->sym && e->sym->kind == SYM_GPARAM && e->sym->decl)
            return sema_const_eval(e->sym->decl->kid[1], out);
        return false;
    case N_UNARY:
        if (e->op != OP_SUB || !sema_const_eval(e->kid[0], &a))
            return false;
        *out = -a;
        return true;
    case N_BINARY:
        if (!sema_const_eval(e->kid[0], &a) || !sema_const_eval(e->kid[1], &b))
            return false;
        switch (e->op) {
        case OP_ADD: *out = a + b; return true;
        case OP_SUB: *out = a - b; return true;
        case OP_MUL: *out = a * b; return true;
        case OP_DIV: *out = a / b; return true;
        case OP_POW: *out = pow(a, b); return true;
        default: return false;
        }
    default:
        return false;
    }
}

/* Global parameters that shape the network (sizes, counts) are fixed when the
 * model is compiled: --set cannot change them. */
static void mark_fixed(Node *e)
{
    if (!e)
        return;
    if (e->kind == N_NAME && e->sym && e->sym->kind == SYM_GPARAM)
        e->sym->shapes_network = true;
    for (int i = 0; i < e->nkid; i++)
        mark_fixed(e->kid[i]);
}

/* A positive whole number known at compile time (sizes, counts). */
static bool const_count(Node *e, Ctx *c, const char *what, int *out)
{
    mark_fixed(e);
    if (!check_dim(e, c, &DIM_NONE, what))
        return false;
    double v;
    if (!sema_const_eval(e, &v)) {
        diag_error(e->sp, "%s must be a constant", what);
        return false;
    }
    if (!(v >= 1) || v != floor(v)) {
        diag_error(e->sp, "%s must be a positive whole number, not %g", what, v);
        return false;
    }
    if (v > 1e9) {
        diag_error(e->sp, "%s %g is too large (at most 1e9)", what, v);
        return false;
    }
    *out = (int)v;
    return true;
}

/* ---- loading files and imports ---------------------------------------------- */

typedef struct {
    Model *m;
    SearchPath *path;
    Vec loaded;            /* canonical paths */
    Scope *g;              /* globals */
    Node *experiment;
    int root;              /* source id of the main file */
    Vec stdlib_defs;       /* StdlibDef*: what the stdlib defines, read on the first unknown name */
    bool stdlib_read;
} Sema;

static bool file_exists(const char *p) { return access(p, R_OK) == 0; }

static const char *resolve_import(Sema *s, const SrcFile *from, const char *name)
{
    if (name[0] == '/')
        return file_exists(name) ? name : NULL;
    const char *p = arena_printf("%s/%s", from->dir, name);
    if (file_exists(p))
        return p;
    for (int i = 0; i < s->path->include_dirs.n; i++) {
        const char *dir = s->path->include_dirs.v[i];
        p = arena_printf("%s/%s", dir, name);
        if (file_exists(p))
            return p;
        /* "stdlib/neurons.snn" also names a file of the built-in stdlib */
        if (strncmp(name, "stdlib/", 7) == 0) {
            p = arena_printf("%s/%s", dir, name + 7);
            if (file_exists(p))
                return p;
        }
    }
    return NULL;
}

static bool load(Sema *s, const char *path, Span from);

static bool load_imports(Sema *s, Node *file, int fid)
{
    bool ok = true;
    Node *items = file->kid[0];
    for (int i = 0; i < items->nkid; i++) {
        Node *it = items->kid[i];
        if (it->kind != N_IMPORT)
            continue;
        const char *name = it->kid[0]->name;
        const char *p = resolve_import(s, src_get(fid), name);
        if (!p) {
            diag_error(it->kid[0]->sp, "cannot find import \"%s\"", name);
            diag_note(it->kid[0]->sp, "searched next to this file, in -I directories, SNN_PATH and the stdlib");
            ok = false;
            continue;
        }
        ok = load(s, p, it->kid[0]->sp) && ok;
    }
    return ok;
}

/* The file's content joins the model's hash; its imports come before it, so
 * that definitions precede uses. */
static bool load_file(Sema *s, int fid)
{
    /* stdlib files are named as they are imported, not by where they are installed */
    const char *path = src_get(fid)->path;
    size_t sl = s->path->stdlib_dir ? strlen(s->path->stdlib_dir) : 0;
    if (sl && strncmp(path, s->path->stdlib_dir, sl) == 0 && path[sl] == '/')
        src_set_display(fid, arena_printf("stdlib%s", path + sl));
    const SrcFile *f = src_get(fid);
    s->m->hash = hash_bytes(s->m->hash, f->text, f->len);
    Node *root = parse_file(fid);
    if (!root)
        return false;
    bool ok = load_imports(s, root, fid);
    vec_push(&s->m->files, root);
    return ok;
}

/* An import: each file once (which also breaks import cycles). */
static bool load(Sema *s, const char *path, Span from)
{
    char *canon = realpath(path, NULL);
    const char *key = canon ? arena_strdup(canon) : path;
    free(canon);
    for (int i = 0; i < s->loaded.n; i++)
        if (strcmp(s->loaded.v[i], key) == 0)
            return true;
    vec_push(&s->loaded, (void *)key);
    const char *err;
    int fid = src_load(path, &err);
    if (fid < 0) {
        if (err)
            diag_error(from, "cannot read \"%s\": %s", path, err);
        return false;
    }
    return load_file(s, fid);
}

/* ---- what the stdlib defines, for "add the import" hints -------------------- */

/* A definition in a stdlib file: 'neuron lif_cond(' in stdlib/neurons.snn. */
typedef struct {
    SymKind kind;         /* SYM_NEURON, SYM_SYNAPSE, SYM_PLASTICITY or SYM_MODDEF */
    const char *name;
    const char *file;     /* as imported: "stdlib/neurons.snn" */
} StdlibDef;

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The definitions of one stdlib file: lines that open with a definition
 * keyword, a name and '(' (a modulator instance, 'modulator x = ...', is not
 * a definition), outside comments.  Reading the text this way, not parsing it,
 * keeps a hint from printing messages about a file the model never asked for. */
static void index_stdlib_file(Sema *s, const char *text, const char *file)
{
    static const struct {
        const char *kw;
        SymKind kind;
    } kws[] = {{"neuron", SYM_NEURON}, {"synapse", SYM_SYNAPSE}, {"plasticity", SYM_PLASTICITY},
               {"modulator", SYM_MODDEF}};
    bool line_start = true;
    for (const char *p = text; *p;) {
        if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            line_start = false;
            continue;
        }
        if (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') {
            line_start |= *p == '\n';
            p++;
            continue;
        }
        if (line_start)
            for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++) {
                size_t n = strlen(kws[k].kw);
                if (strncmp(p, kws[k].kw, n) != 0 || (p[n] != ' ' && p[n] != '\t'))
                    continue;
                const char *q = p + n;
                while (*q == ' ' || *q == '\t')
                    q++;
                const char *name = q;
                while (is_ident_char(*q))
                    q++;
                if (q > name && *q == '(') {
                    StdlibDef *d = arena_alloc(sizeof *d);
                    d->kind = kws[k].kind;
                    d->name = arena_strndup(name, (size_t)(q - name));
                    d->file = file;
                    vec_push(&s->stdlib_defs, d);
                }
            }
        line_start = false;
        while (*p && *p != '\n' && !(p[0] == '/' && (p[1] == '/' || p[1] == '*')))
            p++;
    }
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The stdlib's definitions, read once per compilation (files in name order, so
 * that a name defined twice is always found in the same one). */
static Vec *stdlib_defs(Sema *s)
{
    if (s->stdlib_read || !s->path->stdlib_dir)
        return &s->stdlib_defs;
    s->stdlib_read = true;
    DIR *d = opendir(s->path->stdlib_dir);
    if (!d)
        return &s->stdlib_defs;
    Vec names = {0};
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".snn") == 0)
            vec_push(&names, arena_strdup(e->d_name));
    }
    closedir(d);
    if (names.n)
        qsort(names.v, (size_t)names.n, sizeof names.v[0], by_name);
    for (int i = 0; i < names.n; i++) {
        FILE *f = fopen(arena_printf("%s/%s", s->path->stdlib_dir, (char *)names.v[i]), "rb");
        if (!f)
            continue;
        long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
        char *text = len >= 0 && len <= SRC_MAX_BYTES ? arena_alloc((size_t)len + 1) : NULL;
        if (text) {
            rewind(f);
            text[fread(text, 1, (size_t)len, f)] = 0;
            index_stdlib_file(s, text, arena_printf("stdlib/%s", (char *)names.v[i]));
        }
        fclose(f);
    }
    return &s->stdlib_defs;
}

/* The stdlib file that defines name as a k, or NULL. */
static const char *stdlib_file_of(Sema *s, SymKind k, const char *name)
{
    Vec *defs = stdlib_defs(s);
    for (int i = 0; i < defs->n; i++) {
        StdlibDef *d = defs->v[i];
        if (d->kind == k && strcmp(d->name, name) == 0)
            return d->file;
    }
    return NULL;
}

/* "unknown neuron model 'X'" at sp (what: "neuron model"), with the name
 * probably meant among the definitions of kind k in scope and in the stdlib,
 * and the import that brings a stdlib one in. */
static void unknown_definition(Sema *s, Span sp, const char *name, SymKind k, const char *what)
{
    const char *file = stdlib_file_of(s, k, name);
    Suggest g;
    suggest_init(&g, name);
    if (!file) {
        offer_kind(&g, s->g, k);
        Vec *defs = stdlib_defs(s);
        for (int i = 0; i < defs->n; i++)
            if (((StdlibDef *)defs->v[i])->kind == k)
                suggest_offer(&g, ((StdlibDef *)defs->v[i])->name);
    }
    diag_error(sp, "unknown %s '%s'%s", what, name, did_you_mean(&g));
    const char *meant = file ? name : suggest_best(&g);
    Sym *y = meant ? scope_find(s->g, meant) : NULL;
    if (meant && !(y && y->kind == k) && (file = stdlib_file_of(s, k, meant)))
        diag_note(sp, "'%s' is defined in %s: add 'import \"%s\"'", meant, file, file);
}

/* ---- neuron and synapse definitions ----------------------------------------- */

static Scope *def_scope(Node *def) { return (Scope *)def->sym; }

static bool check_formals(Sema *s, Node *def, Scope *sc)
{
    bool ok = true;
    Node *formals = def->kid[1];
    Ctx c = {sc, 0, "a parameter default"};
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = formals->kid[i];
        if (!f->kid[1]) { /* "d : modulator" */
            if (def->kind != N_PLASTICITY || strcmp(f->kid[2]->name, "modulator") != 0) {
                diag_error(f->kid[2]->sp, def->kind == N_PLASTICITY
                                              ? "a parameter without a default is a 'modulator'"
                                              : "only plasticity rules take parameters without a default (modulators)");
                ok = false;
                continue;
            }
            Sym *y = declare(sc, SYM_MODPARAM, f->kid[0], f);
            if (y) {
                y->dim = DIM_NONE;
                y->owner = def;
            } else
                ok = false;
            continue;
        }
        if (!check_dim(f->kid[1], &c, NULL, arena_printf("the default of '%s'", f->name))) {
            ok = false;
            continue;
        }
        Sym *y = declare(sc, SYM_PARAM, f->kid[0], f);
        if (y) {
            y->dim = f->kid[1]->ty;
            y->owner = def;
        } else
            ok = false;
    }
    (void)s;
    return ok;
}

static bool check_assigns(Node *list, Scope *sc, const char *where, bool synapse)
{
    bool ok = true;
    Ctx c = {sc, ALLOW_STATE, where};
    for (int i = 0; i < list->nkid; i++) {
        Node *a = list->kid[i];
        Sym *y = scope_find(sc, a->name);
        if (!y || y->kind != SYM_STATE) {
            if (y)
                diag_error(a->kid[0]->sp, "cannot assign to %s '%s' in %s; only state variables change",
                           sym_what(y->kind), a->name, where);
            else
                diag_error(a->kid[0]->sp, "unknown state variable '%s'%s", a->name, misspelt_state(sc, a->name));
            ok = false;
            continue;
        }
        a->kid[0]->sym = y;
        a->sym = y;
        Node *e = a->kid[1];
        if (!check(e, &c)) {
            ok = false;
            continue;
        }
        if (e->dep & DEP_NOISE) {
            diag_error(e->sp, "white noise can only be used in a differential equation, not in %s", where);
            ok = false;
            continue;
        }
        Dim want = a->op == OP_MULEQ ? DIM_NONE : y->dim;
        if (e->is_bool || !dim_eq(e->ty, want)) {
            if (is_number_literal(e) && !dim_is_none(want))
                diag_error(e->sp, "dimensionless number where %s is expected", dim_str(want));
            else
                diag_error(e->sp, "cannot assign %s to '%s', which is %s", e->is_bool ? "a condition" : dim_str(e->ty),
                           a->name, dim_str(want));
            diag_note(y->decl->sp, "'%s' declared here", a->name);
            ok = false;
        }
    }
    (void)synapse;
    return ok;
}

/* Aliases may refer to each other in any order; resolve with cycle detection. */
static bool check_alias(Sym *y, Scope *sc, int depth);
enum { ALIAS_MAX_NODES = 100000 };

/* The named expressions used in n are checked before the one using them. */
static bool check_alias_uses(Node *n, Sym *y, Scope *sc, int depth)
{
    if (n->kind == N_NAME) {
        Sym *z = scope_find(sc, n->name);
        if (z == y) {
            diag_error(n->sp, "expression '%s' refers to itself", y->name);
            return false;
        }
        /* one already too large was reported; those using it are not again */
        if (z && z->kind == SYM_ALIAS && (!check_alias(z, sc, depth + 1) || z->expanded > ALIAS_MAX_NODES))
            return false;
    }
    for (int i = 0; i < n->nkid; i++)
        if (n->kid[i] && !check_alias_uses(n->kid[i], y, sc, depth))
            return false;
    return true;
}

/* Nodes of e with the named expressions in it written out, as the equations
 * will be (saturating at ALIAS_MAX_NODES: 40 names, each twice the one before,
 * would be 2^40 nodes). */
static long expanded_size(Node *e, Scope *sc)
{
    if (e->kind == N_NAME) {
        Sym *z = scope_find(sc, e->name);
        return z && z->kind == SYM_ALIAS ? z->expanded : 1;
    }
    long n = 1;
    for (int i = 0; i < e->nkid && n <= ALIAS_MAX_NODES; i++)
        if (e->kid[i])
            n += expanded_size(e->kid[i], sc);
    return n;
}

/* NAME = expression (a named expression, written out wherever it is used) */
static bool check_alias(Sym *y, Scope *sc, int depth)
{
    Node *decl = y->decl;
    if (y->expanded)
        return true; /* done */
    if (depth > 64) {
        diag_error(decl->sp, "expression '%s' refers to itself", y->name);
        return false;
    }
    Ctx c = {sc, ALLOW_STATE | ALLOW_NOISE, "an expression"};
    Node *e = decl->kid[1];
    if (!check_alias_uses(e, y, sc, depth) || !check_dim(e, &c, NULL, arena_printf("'%s'", y->name)))
        return false;
    y->dim = e->ty;
    y->expanded = expanded_size(e, sc);
    if (y->expanded > ALIAS_MAX_NODES) {
        diag_error(decl->sp, "'%s' written out would be more than %d terms (named expressions are expanded where they "
                             "are used); write it with fewer repetitions", y->name, ALIAS_MAX_NODES);
        return false;
    }
    return true;
}

static bool check_neuron_body(Node *def, Scope *sc, bool synapse, Dim wdim)
{
    bool ok = true;
    Node *body = def->kid[synapse ? 3 : 2];
    Node *threshold = NULL, *refractory = NULL, *reset = NULL, *output = NULL, *onspike = NULL, *method = NULL;
    /* pass 1: declare every name so that order does not matter */
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        Sym *y;
        switch (st->kind) {
        case N_STATE:
            if ((y = declare(sc, SYM_STATE, st->kid[0], st))) {
                y->owner = def;
                st->sym = y;
            } else
                ok = false;
            break;
        case N_INPUT:
            if (synapse) {
                diag_error(st->sp, "a synapse has no inputs; inputs belong to neurons");
                ok = false;
                break;
            }
            if ((y = declare(sc, SYM_PORT, st->kid[0], st))) {
                y->owner = def;
                st->sym = y;
                if (!dim_by_name(st->kid[1]->name, &y->dim)) {
                    unknown_dimension(st->kid[1]);
                    ok = false;
                }
            } else
                ok = false;
            break;
        case N_NOISE:
            if (synapse) {
                diag_error(st->sp, "noise sources belong to neurons, not to synapse kernels");
                ok = false;
                break;
            }
            for (int k = 0; k < st->kid[0]->nkid; k++) {
                Node *nm = st->kid[0]->kid[k];
                if ((y = declare(sc, SYM_NOISE, nm, nm))) {
                    y->owner = def;
                    nm->sym = y;
                    dim_pow(dim_time(), -0.5, &y->dim);
                } else
                    ok = false;
            }
            break;
        case N_ALIAS:
            if ((y = declare(sc, SYM_ALIAS, st->kid[0], st))) {
                y->owner = def;
                st->sym = y;
            } else
                ok = false;
            break;
        default:
            break;
        }
    }
    if (!ok)
        return false;
    /* pass 2: state dimensions (from the declared dimension or the initial value) */
    Ctx init = {sc, ALLOW_RANDOM, "an initial value"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind != N_STATE)
            continue;
        Sym *y = st->sym;
        Node *val = st->kid[1], *ty = st->kid[2];
        bool have = false;
        if (ty) {
            if (!dim_by_name(ty->name, &y->dim)) {
                unknown_dimension(ty);
                ok = false;
                continue;
            }
            have = true;
        }
        if (val) {
            if (!check_dim(val, &init, have ? &y->dim : NULL, arena_printf("the initial value of '%s'", y->name))) {
                ok = false;
                continue;
            }
            if (!have)
                y->dim = val->ty;
        }
    }
    if (!ok)
        return false;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ALIAS && !check_alias(body->kid[i]->sym, sc, 0))
            ok = false;
    if (!ok)
        return false;
    /* pass 3: equations and events */
    Ctx eq = {sc, ALLOW_STATE | ALLOW_NOISE, "a differential equation"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        switch (st->kind) {
        case N_ODE: {
            Node *var = st->kid[0];
            Sym *y = scope_find(sc, var->name);
            if (!y || y->kind != SYM_STATE) {
                if (y)
                    diag_error(var->sp, "'%s' is %s %s, not a state variable; only states have equations",
                               var->name, y->kind == SYM_ALIAS || y->kind == SYM_STATE ? "an" : "a",
                               sym_what(y->kind));
                else if (*misspelt_state(sc, var->name))
                    diag_error(var->sp, "equation for undeclared state '%s'%s", var->name, misspelt_state(sc, var->name));
                else
                    diag_error(var->sp, "equation for undeclared state '%s' (declare it with 'state %s = ...')",
                               var->name, var->name);
                ok = false;
                break;
            }
            if (y->data) {
                diag_error(var->sp, "second equation for '%s'", var->name);
                diag_note(((Node *)y->data)->sp, "first equation is here");
                ok = false;
                break;
            }
            y->data = st;
            var->sym = y;
            st->sym = y;
            Dim want = dim_div(y->dim, dim_time());
            if (!check(st->kid[1], &eq)) {
                ok = false;
                break;
            }
            if (st->kid[1]->is_bool || !dim_eq(st->kid[1]->ty, want)) {
                diag_error(st->kid[1]->sp, "unit mismatch: d%s/dt must be %s, but the right-hand side is %s",
                           var->name, dim_str(want), st->kid[1]->is_bool ? "a condition" : dim_str(st->kid[1]->ty));
                diag_note(y->decl->sp, "'%s' is %s", var->name, dim_str(y->dim));
                ok = false;
            }
            break;
        }
        case N_THRESHOLD: {
            if (synapse) {
                diag_error(st->sp, "a synapse has no threshold");
                ok = false;
                break;
            }
            if (threshold) {
                diag_error(st->sp, "second threshold");
                diag_note(threshold->sp, "first threshold is here");
                ok = false;
                break;
            }
            threshold = st;
            Ctx c = {sc, ALLOW_STATE | ALLOW_STEP_RAND, "a threshold"};
            if (!check(st->kid[0], &c)) {
                ok = false;
                break;
            }
            if (!st->kid[0]->is_bool) {
                diag_error(st->kid[0]->sp, "a threshold must be a condition such as 'v > V_th'");
                ok = false;
            } else if (st->kid[0]->dep & DEP_NOISE) {
                diag_error(st->kid[0]->sp, "white noise can only be used in a differential equation, not in a threshold");
                ok = false;
            }
            break;
        }
        case N_REFRACTORY: {
            if (synapse) {
                diag_error(st->sp, "a synapse has no refractory period");
                ok = false;
                break;
            }
            if (refractory) {
                diag_error(st->sp, "second refractory period");
                ok = false;
                break;
            }
            refractory = st;
            Ctx c = {sc, 0, "a refractory period"};
            Dim t = dim_time();
            ok = check_dim(st->kid[0], &c, &t, "the refractory period") && ok;
            break;
        }
        case N_RESET:
            if (synapse) {
                diag_error(st->sp, "a synapse has no reset; use 'on spike'");
                ok = false;
                break;
            }
            if (reset) {
                diag_error(st->sp, "second reset");
                ok = false;
                break;
            }
            reset = st;
            ok = check_assigns(st->kid[0], sc, "a reset", false) && ok;
            break;
        case N_ONSPIKE:
            if (!synapse) {
                diag_error(st->sp, "'on spike' belongs to synapses; a neuron uses 'reset'");
                ok = false;
                break;
            }
            onspike = st;
            ok = check_assigns(st->kid[0], sc, "'on spike'", true) && ok;
            break;
        case N_OUTPUT: {
            if (!synapse) {
                diag_error(st->sp, "'output' belongs to synapses");
                ok = false;
                break;
            }
            output = st;
            Sym *y = st->kid[0]->kind == N_NAME ? scope_find(sc, st->kid[0]->name) : NULL;
            if (!y || y->kind != SYM_STATE) {
                diag_error(st->kid[0]->sp, "the output of a synapse must be one of its state variables");
                ok = false;
                break;
            }
            st->sym = y;
            if (!dim_eq(y->dim, wdim)) {
                diag_error(st->kid[0]->sp, "output '%s' is %s but the synapse is declared %s", y->name,
                           dim_str(y->dim), dim_str(wdim));
                ok = false;
            }
            break;
        }
        case N_METHOD: {
            const char *mname = st->kid[0]->name;
            if (synapse) {
                diag_error(st->sp, "'method' belongs to neurons; kernel equations are always linear and exact");
                ok = false;
                break;
            }
            if (method) {
                diag_error(st->sp, "second 'method'");
                ok = false;
                break;
            }
            if (strcmp(mname, "exact") && strcmp(mname, "exponential_euler") && strcmp(mname, "euler")) {
                diag_error(st->kid[0]->sp, "unknown integration method '%s' (exact, exponential_euler or euler)",
                           mname);
                ok = false;
            }
            method = st;
            break;
        }
        default:
            break;
        }
    }
    if (!ok)
        return false;
    /* every state without an equation and not set by events is a constant */
    if (synapse) {
        if (!onspike) {
            diag_error(def->kid[0]->sp, "synapse '%s' has no 'on spike' statement", def->name);
            return false;
        }
        if (!output) {
            diag_error(def->kid[0]->sp, "synapse '%s' has no 'output'", def->name);
            return false;
        }
    }
    (void)method;
    return true;
}

static bool check_definition(Sema *s, Node *def)
{
    bool synapse = def->kind == N_SYNAPSE;
    Scope *sc = scope_new(s->g);
    def->sym = (Sym *)sc; /* the definition's scope hangs off its node */
    bool ok = check_formals(s, def, sc);
    Dim wdim = DIM_NONE;
    if (synapse) {
        Node *dn = def->kid[2];
        if (!dim_by_name(dn->name, &wdim)) {
            unknown_dimension(dn);
            return false;
        }
        Sym *w = scope_add(sc, SYM_WEIGHT, "w", NULL);
        w->dim = wdim;
    }
    if (!ok)
        return false;
    return check_neuron_body(def, sc, synapse, wdim);
}

/* ---- plasticity rules ----------------------------------------------------------- */

/* The first name in e that is a per-synapse value (w or a rule state). */
static Node *uses_synapse(Node *e)
{
    if (!e)
        return NULL;
    if (e->kind == N_NAME && e->sym && (e->sym->kind == SYM_WEIGHT || e->sym->kind == SYM_STATE))
        return e;
    for (int i = 0; i < e->nkid; i++) {
        Node *n = uses_synapse(e->kid[i]);
        if (n)
            return n;
    }
    return NULL;
}

/* on pre / on post: each assignment changes the weight, a state of the
 * synapse, or a trace of this handler's own side (traces are per neuron and
 * change once per spike, after the synapse statements). */
static bool check_handler(Node *on, Scope *sc, int side)
{
    bool ok = true;
    const char *where = side == 0 ? "'on pre'" : "'on post'";
    Ctx c = {sc, ALLOW_STATE, where};
    Node *list = on->kid[1];
    for (int i = 0; i < list->nkid; i++) {
        Node *a = list->kid[i];
        Sym *y = scope_find(sc, a->name);
        if (!y || (y->kind != SYM_STATE && y->kind != SYM_WEIGHT && y->kind != SYM_TRACE)) {
            if (y) {
                diag_error(a->kid[0]->sp, "cannot assign to %s '%s'; a rule changes w, its states and its traces",
                           sym_what(y->kind), a->name);
            } else {
                static const SymKind changing[] = {SYM_STATE, SYM_WEIGHT, SYM_TRACE};
                Suggest g;
                suggest_init(&g, a->name);
                offer_local(&g, sc, changing, 3);
                diag_error(a->kid[0]->sp, "unknown name '%s'%s", a->name, did_you_mean(&g));
            }
            ok = false;
            continue;
        }
        if (y->kind == SYM_TRACE && y->decl->op != side) {
            diag_error(a->kid[0]->sp, "trace '%s' belongs to the %s neuron; %s can only change %s traces", a->name,
                       y->decl->op == 0 ? "presynaptic" : "postsynaptic", where, side == 0 ? "pre" : "post");
            diag_note(y->decl->sp, "'%s' declared here", a->name);
            ok = false;
            continue;
        }
        a->kid[0]->sym = y;
        a->sym = y;
        if (!check(a->kid[1], &c)) {
            ok = false;
            continue;
        }
        Node *bad = y->kind == SYM_TRACE ? uses_synapse(a->kid[1]) : NULL;
        if (bad) {
            diag_error(bad->sp, "a trace belongs to a neuron, so its update cannot read '%s' of one synapse", bad->name);
            ok = false;
            continue;
        }
        Dim want = a->op == OP_MULEQ ? DIM_NONE : y->dim;
        if (a->kid[1]->is_bool || !dim_eq(a->kid[1]->ty, want)) {
            diag_error(a->kid[1]->sp, "cannot assign %s to '%s', which is %s",
                       a->kid[1]->is_bool ? "a condition" : dim_str(a->kid[1]->ty), a->name, dim_str(want));
            ok = false;
        }
    }
    return ok;
}

/* A state of a rule or modulator: 'state X = initial value', the value's unit
 * giving X's. */
static bool declare_state(Scope *sc, Node *def, Node *st, Ctx *init, const char *needs_init)
{
    if (!st->kid[1]) {
        diag_error(st->sp, "%s", needs_init);
        return false;
    }
    if (!check_dim(st->kid[1], init, NULL, arena_printf("the initial value of '%s'", st->name)))
        return false;
    Sym *y = declare(sc, SYM_STATE, st->kid[0], st);
    if (!y)
        return false;
    y->owner = def;
    y->dim = st->kid[1]->ty;
    st->sym = y;
    return true;
}

/* dX/dt = RHS in a rule or modulator: X one of its states ('w' too when
 * weight_ok), one equation each, RHS in X's unit per second.  not_state is the
 * message (with X's name) for anything else. */
static bool check_state_ode(Scope *sc, Node *st, bool weight_ok, const char *not_state, const char *what)
{
    Node *var = st->kid[0];
    Sym *y = scope_find_local(sc, var->name);
    if (!y || (y->kind != SYM_STATE && !(weight_ok && y->kind == SYM_WEIGHT))) {
        diag_error(var->sp, not_state, var->name);
        return false;
    }
    if (y->data) {
        diag_error(var->sp, "second equation for '%s'", var->name);
        return false;
    }
    y->data = st;
    st->sym = y;
    Ctx ec = {sc, ALLOW_STATE, what};
    Dim want = dim_div(y->dim, dim_time());
    if (!check(st->kid[1], &ec))
        return false;
    if (st->kid[1]->is_bool || !dim_eq(st->kid[1]->ty, want)) {
        diag_error(st->kid[1]->sp, "unit mismatch: d%s/dt must be %s, but the right-hand side is %s", var->name,
                   dim_str(want), st->kid[1]->is_bool ? "a condition" : dim_str(st->kid[1]->ty));
        return false;
    }
    return true;
}

/* plasticity NAME(params) : DIMENSION { trace | state | on pre | on post | bounds } */
static bool check_plasticity(Sema *s, Node *def)
{
    Scope *sc = scope_new(s->g);
    def->sym = (Sym *)sc;
    if (!check_formals(s, def, sc))
        return false;
    Dim wdim;
    Node *dn = def->kid[2];
    if (!dim_by_name(dn->name, &wdim)) {
        unknown_dimension(dn);
        return false;
    }
    Sym *w = scope_add(sc, SYM_WEIGHT, "w", NULL);
    w->dim = wdim;
    Node *body = def->kid[3];
    bool ok = true;
    Ctx pc = {sc, 0, "a trace time constant"};
    Ctx init = {sc, 0, "an initial value"};
    Dim t = dim_time();
    /* declarations first, so that handlers may use them in any order */
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        Sym *y;
        switch (st->kind) {
        case N_TRACE: {
            const char *side = st->kid[1]->name;
            if (strcmp(st->kid[3]->name, "decay") != 0) {
                diag_error(st->kid[3]->sp, "expected 'decay' and the time constant, as in 'trace x : pre, decay tau'");
                ok = false;
                break;
            }
            if (strcmp(side, "pre") && strcmp(side, "post")) {
                diag_error(st->kid[1]->sp, "a trace belongs to the 'pre' or the 'post' neuron, not '%s'", side);
                ok = false;
                break;
            }
            st->op = strcmp(side, "post") == 0;
            if (!check_dim(st->kid[2], &pc, &t, "the decay time constant of a trace")) {
                ok = false;
                break;
            }
            if (st->kid[4] && strcmp(st->kid[4]->name, "gap") != 0) {
                diag_error(st->kid[4]->sp, "expected 'gap' and a time, as in 'trace x : pre, decay tau, gap 0.5 ms'");
                ok = false;
                break;
            }
            if (st->kid[5] && !check_dim(st->kid[5], &pc, &t, "the pairing gap of a trace")) {
                ok = false;
                break;
            }
            if ((y = declare(sc, SYM_TRACE, st->kid[0], st)))
                y->owner = def;
            else
                ok = false;
            break;
        }
        case N_STATE:
            ok = declare_state(sc, def, st, &init, "a synapse state of a rule needs an initial value") && ok;
            break;
        case N_ON:
        case N_BOUNDS:
            break;
        case N_ODE:
            break;
        default:
            diag_error(st->sp, "a plasticity rule holds traces, states, equations, 'on pre', 'on post' and bounds "
                               "'x in [lo, hi]'");
            ok = false;
        }
    }
    if (!ok)
        return false;
    bool seen[2] = {false, false};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_ODE) {
            ok = check_state_ode(sc, st, true, "equations in a rule are for 'w' and the synapse's states, not '%s'",
                                 "an equation of a rule") && ok;
        } else if (st->kind == N_ON) {
            const char *side = st->kid[0]->name;
            int k = strcmp(side, "pre") == 0 ? 0 : strcmp(side, "post") == 0 ? 1 : -1;
            if (k < 0) {
                diag_error(st->kid[0]->sp, "a rule reacts 'on pre' or 'on post' spikes, not 'on %s'", side);
                ok = false;
                continue;
            }
            if (seen[k]) {
                diag_error(st->sp, "second 'on %s'", side);
                ok = false;
                continue;
            }
            seen[k] = true;
            st->op = k;
            ok = check_handler(st, sc, k) && ok;
        } else if (st->kind == N_BOUNDS) {
            Sym *y = scope_find_local(sc, st->name);
            if (!y || (y->kind != SYM_WEIGHT && y->kind != SYM_STATE)) {
                diag_error(st->kid[0]->sp, "bounds apply to 'w' or a state of the synapse, not '%s'", st->name);
                ok = false;
                continue;
            }
            st->sym = y;
            Ctx bc = {sc, 0, "a bound"};
            for (int k = 1; k <= 2; k++)
                if (!check_dim(st->kid[k], &bc, &y->dim, arena_printf("a bound of '%s'", y->name)))
                    ok = false;
        }
    }
    return ok;
}

/* modulator KIND(params) { state | equations | on spike | output } */
static bool check_moddef(Sema *s, Node *def)
{
    Scope *sc = scope_new(s->g);
    def->sym = (Sym *)sc;
    if (!check_formals(s, def, sc))
        return false;
    Node *body = def->kid[2];
    bool ok = true;
    Ctx init = {sc, 0, "an initial value"};
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_STATE) {
            ok = declare_state(sc, def, st, &init, "a state of a modulator needs an initial value") && ok;
        } else if (st->kind == N_ON && strcmp(st->kid[0]->name, "pair") == 0) {
            if (!scope_find_local(sc, "delta")) {
                Sym *d = scope_add(sc, SYM_BUILTIN, "delta", NULL);
                d->dim = dim_time();
            }
        } else if (st->kind != N_ODE && st->kind != N_ONSPIKE && st->kind != N_OUTPUT) {
            diag_error(st->sp, "a modulator holds states, equations, 'on spike', 'on pair' and 'output'");
            ok = false;
        }
    }
    if (!ok)
        return false;
    int nout = 0, non = 0;
    for (int i = 0; i < body->nkid; i++) {
        Node *st = body->kid[i];
        if (st->kind == N_ODE) {
            ok = check_state_ode(sc, st, false, "'%s' is not a state of this modulator", "an equation") && ok;
        } else if (st->kind == N_ONSPIKE) {
            non++;
            ok = check_assigns(st->kid[0], sc, "'on spike'", true) && ok;
        } else if (st->kind == N_ON) {
            non++;
            /* 'on pair': delta = t(first neuron) - t(second neuron) of each pair of their spikes.  The
             * target holds what arrives for one step, so what is added is its integral over the step:
             * a state in Hz receives dimensionless amounts. */
            Node *list = st->kid[1];
            Ctx pc = {sc, 0, "'on pair'"};
            for (int a = 0; a < list->nkid; a++) {
                Node *as = list->kid[a];
                Sym *y = scope_find_local(sc, as->name);
                if (!y || y->kind != SYM_STATE) {
                    diag_error(as->kid[0]->sp, "'%s' is not a state of this modulator", as->name);
                    ok = false;
                    continue;
                }
                as->sym = as->kid[0]->sym = y;
                Dim want = dim_mul(y->dim, dim_time());
                if (!check_dim(as->kid[1], &pc, &want, arena_printf("what 'on pair' adds to '%s' (its integral over a step)", y->name)))
                    ok = false;
            }
        } else if (st->kind == N_OUTPUT) {
            nout++;
            Ctx oc = {sc, ALLOW_STATE, "the output"};
            ok = check_dim(st->kid[0], &oc, &DIM_NONE, "the output of a modulator") && ok;
        }
    }
    if (ok && (nout != 1 || non != 1)) {
        diag_error(def->kid[0]->sp, "modulator '%s' needs one 'on spike' or 'on pair', and one 'output'", def->name);
        ok = false;
    }
    return ok;
}

static Param *new_param(Model *m, const char *name, Dim d, Node *def, int pop, Sym *sym);
static bool resolve_endpoint(Sema *s, Node *t, int *pop, int *lo, int *n);
static Node *find_arg(Node *args, const char *name);
static bool check_instance_args(Sema *s, Node *def, Node *args, const char *what);

/* The labels an expression asks for: every constant other than -1 (no label)
 * that 'label' is compared with by == or != (the executable checks that the
 * stimulus set has them). */
static bool collect_labels(Model *m, Node *e)
{
    if (!e)
        return true;
    if (e->kind == N_BINARY && (e->op == OP_EQ || e->op == OP_NE)) {
        for (int side = 0; side < 2; side++) {
            Node *a = e->kid[side], *b = e->kid[1 - side];
            double v;
            if (a->kind == N_NAME && strcmp(a->name, "label") == 0 && sema_const_eval(b, &v) && v != -1) {
                if (v != floor(v) || v < 0 || v > INT_MAX) {
                    diag_error(b->sp, "labels are whole numbers >= 0 (-1: a trial without one), so 'label' never "
                                      "equals %g", v);
                    return false;
                }
                bool labelled = false;
                for (int i = 0; i < m->pops.n; i++)
                    labelled |= ((Pop *)m->pops.v[i])->kind == POP_TEMPLATES || ((Pop *)m->pops.v[i])->kind == POP_STIMSET;
                if (!labelled) {
                    diag_error(b->sp, "'label' is -1 in every trial: the model has no labelled stimulus (templates or "
                                      "stimulus_set), so it never equals %g", v);
                    return false;
                }
                vec_push(&m->labels, b);
            }
        }
    }
    for (int i = 0; i < e->nkid; i++)
        if (!collect_labels(m, e->kid[i]))
            return false;
    return true;
}

/* modulator NAME = KIND(args) of ENDPOINT { delay: T } */
static bool check_modinst(Sema *s, Node *decl)
{
    Model *m = s->m;
    Node *call = decl->kid[1];
    Sym *y = scope_find(s->g, call->name);
    if (!y || y->kind != SYM_MODDEF) {
        unknown_definition(s, call->kid[0]->sp, call->name, SYM_MODDEF, "modulator kind");
        return false;
    }
    if (!check_instance_args(s, y->decl, call->kid[1], "modulator"))
        return false;
    Modulator *md = arena_alloc(sizeof *md);
    md->name = decl->name;
    md->decl = decl;
    md->def = y->decl;
    md->index = m->mods.n;
    if (!resolve_endpoint(s, decl->kid[2], &md->pop, &md->lo, &md->n))
        return false;
    md->pop2 = -1;
    bool pairs = false;
    Node *body = md->def->kid[2];
    for (int i = 0; i < body->nkid; i++)
        pairs |= body->kid[i]->kind == N_ON;
    if (pairs != (decl->kid[4] != NULL)) {
        diag_error(decl->sp, pairs ? "modulator kind '%s' reacts to pairs of spikes: name two neurons, as in 'of learner, target'"
                                   : "modulator kind '%s' reacts to spikes of one endpoint; it has no 'on pair'",
                   md->def->name);
        return false;
    }
    if (pairs) {
        if (!resolve_endpoint(s, decl->kid[4], &md->pop2, &md->lo2, &md->n2))
            return false;
        if (md->n != 1 || md->n2 != 1) {
            diag_error(decl->sp, "'on pair' pairs the spikes of two single neurons, as in 'of out[0:1], target[0:1]'");
            return false;
        }
    }
    Node *kvs = decl->kid[3];
    for (int i = 0; i < kvs->nkid; i++) {
        Node *k = kvs->kid[i]->kid[0];
        bool is_window = strcmp(k->name, "window") == 0;
        if (strcmp(k->name, "sign") == 0) {
            /* sign: an expression of the current trial's label, e.g. label == 0 ? 1 : -1 */
            Scope *ls = scope_new(s->g);
            scope_add(ls, SYM_BUILTIN, "label", NULL)->dim = DIM_NONE;
            Ctx lc = {ls, 0, "a sign"};
            if (!check_dim(kvs->kid[i]->kid[1], &lc, &DIM_NONE, "the sign") || !collect_labels(s->m, kvs->kid[i]->kid[1]))
                return false;
            md->sign = kvs->kid[i]->kid[1];
            continue;
        }
        if (strcmp(k->name, "reset") == 0) {
            Node *v = kvs->kid[i]->kid[1];
            if (v->kind != N_NAME || strcmp(v->name, "trial") != 0) {
                diag_error(v->sp, "a modulator is reset at each 'trial'");
                return false;
            }
            md->reset_trial = true;
            continue;
        }
        if (strcmp(k->name, "delay") != 0 && !(pairs && is_window)) {
            diag_error(k->sp, "unknown key '%s' of a modulator (delay, sign, reset%s)", k->name, pairs ? ", window" : "");
            return false;
        }
        Ctx c = {s->g, 0, is_window ? "a window" : "a delay"};
        Dim t = dim_time();
        if (!check_dim(kvs->kid[i]->kid[1], &c, &t, is_window ? "the pairing window" : "the delay"))
            return false;
        if (is_window)
            md->window = kvs->kid[i]->kid[1];
        else
            md->delay = kvs->kid[i]->kid[1];
    }
    if (pairs && !md->window) {
        diag_error(decl->sp, "a pair modulator needs 'window: T', the largest time between paired spikes");
        return false;
    }
    if ((md->sign || md->reset_trial) && !s->m->trial) {
        diag_error(decl->sp, "'sign' and 'reset' of a modulator need trials: give the trial length in the experiment");
        return false;
    }
    Sym *ms = declare(s->g, SYM_MOD, decl->kid[0], decl);
    if (!ms)
        return false;
    ms->data = md;
    Node *formals = md->def->kid[1];
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = formals->kid[i];
        Node *a = find_arg(call->kid[1], f->name);
        Param *p = new_param(m, arena_printf("%s.%s", md->name, f->name), f->kid[1]->ty, a ? a->kid[1] : f->kid[1], -1,
                             scope_find_local(def_scope(md->def), f->name));
        p->mod = md->index;
        vec_push(&md->params, p);
    }
    vec_push(&m->mods, md);
    return true;
}

/* ---- populations ------------------------------------------------------------ */

static Param *new_param(Model *m, const char *name, Dim d, Node *def, int pop, Sym *sym)
{
    Param *p = arena_alloc(sizeof *p);
    p->name = name;
    p->dim = d;
    p->def = def;
    p->pop = pop;
    p->kernel = -1;
    p->proj = -1;
    p->mod = -1;
    p->sym = sym;
    /* the C name mirrors the model's: net.V_th -> p_net_V_th */
    char *c = arena_printf("p_%s", name);
    for (char *q = c; *q; q++)
        if (*q == '.')
            *q = '_';
    for (int i = 0; i < m->params.n; i++)
        if (strcmp(((Param *)m->params.v[i])->cname, c) == 0)
            c = arena_printf("%s_%d", c, m->params.n);
    p->cname = c;
    p->index = m->params.n;
    vec_push(&m->params, p);
    return p;
}

static Node *find_arg(Node *args, const char *name)
{
    for (int i = 0; i < args->nkid; i++)
        if (args->kid[i]->kid[0] && strcmp(args->kid[i]->kid[0]->name, name) == 0)
            return args->kid[i];
    return NULL;
}

/* Named arguments of a neuron or synapse instance: each must name a parameter
 * and match its dimension; they are evaluated in the global scope. */
static bool check_instance_args(Sema *s, Node *def, Node *args, const char *what)
{
    bool ok = true;
    Scope *sc = def_scope(def);
    Ctx c = {s->g, 0, "an argument"};
    for (int i = 0; i < args->nkid; i++) {
        Node *a = args->kid[i];
        if (!a->kid[0]) {
            diag_error(a->sp, "arguments of %s '%s' must be named, as in %s(name = value)", what, def->name,
                       def->name);
            ok = false;
            continue;
        }
        Sym *y = scope_find_local(sc, a->kid[0]->name);
        if (y && y->kind == SYM_MODPARAM) {
            Node *v = a->kid[1];
            Sym *mz = v->kind == N_NAME ? scope_find(s->g, v->name) : NULL;
            if (v->kind == N_NAME && !mz) {
                Suggest g;
                suggest_init(&g, v->name);
                offer_kind(&g, s->g, SYM_MOD);
                diag_error(v->sp, "unknown modulator '%s'%s", v->name,
                           suggest_best(&g) ? did_you_mean(&g) : " (declare it as 'modulator NAME = KIND(...) of POP')");
                ok = false;
            } else if (!mz || mz->kind != SYM_MOD) {
                diag_error(v->sp, "'%s' of rule '%s' takes a modulator, declared as 'modulator NAME = KIND(...) of POP'",
                           y->name, def->name);
                ok = false;
            } else
                v->sym = mz;
            continue;
        }
        if (!y || y->kind != SYM_PARAM) {
            static const SymKind params[] = {SYM_PARAM, SYM_MODPARAM};
            Suggest g;
            suggest_init(&g, a->kid[0]->name);
            offer_local(&g, sc, params, 2);
            diag_error(a->kid[0]->sp, "%s '%s' has no parameter '%s'%s", what, def->name, a->kid[0]->name,
                       did_you_mean(&g));
            diag_note(def->kid[0]->sp, "'%s' defined here", def->name);
            ok = false;
            continue;
        }
        for (int j = 0; j < i; j++)
            if (args->kid[j]->kid[0] && strcmp(args->kid[j]->kid[0]->name, a->kid[0]->name) == 0) {
                diag_error(a->kid[0]->sp, "parameter '%s' given twice", a->kid[0]->name);
                ok = false;
            }
        if (!check(a->kid[1], &c)) {
            ok = false;
        } else if (!check_dim(a->kid[1], &c, &y->dim, arena_printf("parameter '%s'", y->name))) {
            diag_note(y->decl->sp, "'%s' declared here", y->name);
            ok = false;
        }
    }
    return ok;
}

/* Parameters whose value divides something: they must be positive at run time. */
static void mark_divisors(Node *e, Vec *params)
{
    if (!e)
        return;
    if (e->kind == N_BINARY && e->op == OP_DIV && e->kid[1]->kind == N_NAME && e->kid[1]->sym)
        for (int i = 0; i < params->n; i++) {
            Param *p = params->v[i];
            if (p->sym == e->kid[1]->sym)
                p->positive = true;
        }
    for (int i = 0; i < e->nkid; i++)
        mark_divisors(e->kid[i], params);
}

/* A call of file(...), unless the model defines something named file. */
static bool is_file_call(Sema *s, Node *e)
{
    return e->kind == N_CALL && strcmp(e->kid[0]->name, "file") == 0 && !scope_find(s->g, "file");
}

/* state VAR = file("PATH" [, UNIT]): one value per neuron, read when the run
 * starts; UNIT, a positive constant of VAR's dimension, is what one of the
 * file's numbers means (default: VAR's SI unit).  The path is the run-time
 * parameter POP.VAR.file. */
static bool check_init_file(Sema *s, Pop *p, Node *call, Sym *st)
{
    Model *m = s->m;
    Node *args = call->kid[1];
    bool named = false;
    for (int i = 0; i < args->nkid; i++)
        named = named || args->kid[i]->kid[0];
    if (args->nkid < 1 || args->nkid > 2 || named || args->kid[0]->kid[1]->kind != N_STR) {
        diag_error(call->sp, "file takes the file name and optionally the unit of its numbers, as in file(\"v0.csv\", mV)");
        return false;
    }
    InitFile *f = arena_alloc(sizeof *f);
    f->var = st;
    f->unit = 1;
    if (args->nkid == 2) {
        Node *u = args->kid[1]->kid[1];
        Ctx cu = {s->g, 0, "the unit of a file's numbers"};
        if (!check_dim(u, &cu, &st->dim, arena_printf("the unit of the initial values of '%s'", st->name)))
            return false;
        if (!sema_const_eval(u, &f->unit) || !(f->unit > 0)) {
            diag_error(u->sp, "the unit of a file's numbers must be a positive constant, as in mV or 1 nS");
            return false;
        }
    }
    Param *fp = new_param(m, arena_printf("%s.%s.file", p->name, st->name), DIM_NONE, args->kid[0]->kid[1], p->index, NULL);
    fp->is_string = true;
    f->param = fp->index;
    vec_push(&p->init_files, f);
    return true;
}

static bool check_population(Sema *s, Node *decl)
{
    Model *m = s->m;
    Pop *p = arena_alloc(sizeof *p);
    p->name = decl->name;
    p->decl = decl;
    p->index = m->pops.n;
    p->cname = arena_printf("pop_%s", p->name);
    p->file_param = -1;
    Ctx c = {s->g, 0, "a population size"};
    if (!const_count(decl->kid[1], &c, "the population size", &p->size))
        return false;
    Node *type = decl->kid[2], *args = type->kid[1];
    Sym *y = scope_find(s->g, type->name);
    if (strcmp(type->name, "spike_file") == 0 && !y) {
        p->kind = POP_SPIKE_FILE;
        if (args->nkid != 1 || args->kid[0]->kid[0] || args->kid[0]->kid[1]->kind != N_STR) {
            diag_error(type->sp, "spike_file takes one argument: the file name, as in spike_file(\"in.csv\")");
            return false;
        }
        Param *fp = new_param(m, arena_printf("%s.file", p->name), DIM_NONE, args->kid[0]->kid[1], p->index, NULL);
        fp->is_string = true;
        p->file_param = m->params.n - 1;
    } else if (strcmp(type->name, "stimulus_set") == 0 && !y) {
        /* stimulus_set("file.csv" [, onset = T]): labelled entries from a file, one per trial in turn,
         * each starting onset after the trial's start */
        p->kind = POP_STIMSET;
        Node *onset = args->nkid == 2 && args->kid[1]->kid[0] && strcmp(args->kid[1]->kid[0]->name, "onset") == 0
                          ? args->kid[1]->kid[1]
                          : NULL;
        if (args->nkid < 1 || args->nkid > 2 || (args->nkid == 2 && !onset) || args->kid[0]->kid[0] ||
            args->kid[0]->kid[1]->kind != N_STR) {
            diag_error(type->sp, "stimulus_set takes the file name and optionally 'onset = T', as in "
                                 "stimulus_set(\"digits.h5\", onset = 100 ms)");
            return false;
        }
        if (!s->m->trial) {
            diag_error(type->sp, "a stimulus set shows one entry per trial: give the trial length in the experiment");
            return false;
        }
        Ctx ac = {s->g, 0, "an argument"};
        Dim t = dim_time();
        if (onset && !check_dim(onset, &ac, &t, "the onset"))
            return false;
        Param *fp = new_param(m, arena_printf("%s.file", p->name), DIM_NONE, args->kid[0]->kid[1], p->index, NULL);
        fp->is_string = true;
        p->file_param = m->params.n - 1;
        new_param(m, arena_printf("%s.onset", p->name), t, onset ? onset : ast_num(type->sp, 0, t, "0 s"), p->index, NULL);
    } else if (strcmp(type->name, "templates") == 0 && !y) {
        /* templates(count = K, window = T, onset = T): K fixed patterns, each source firing once at a random
         * time in [0, window); trial t presents pattern t mod K from onset on, and is labelled with it */
        p->kind = POP_TEMPLATES;
        Node *win = NULL, *onset = NULL;
        Ctx ac = {s->g, 0, "an argument"};
        Dim t = dim_time();
        for (int i = 0; i < args->nkid; i++) {
            Node *a = args->kid[i];
            const char *an = a->kid[0] ? a->kid[0]->name : "";
            if (strcmp(an, "count") == 0) {
                if (!const_count(a->kid[1], &ac, "the number of templates", &p->ntemplates))
                    return false;
            } else if (strcmp(an, "window") == 0 && check_dim(a->kid[1], &ac, &t, "the window"))
                win = a->kid[1];
            else if (strcmp(an, "onset") == 0 && check_dim(a->kid[1], &ac, &t, "the onset"))
                onset = a->kid[1];
            else {
                if (strcmp(an, "window") && strcmp(an, "onset"))
                    diag_error(a->sp, "templates takes 'count = K', 'window = T' and 'onset = T'");
                return false;
            }
        }
        if (!p->ntemplates || !win) {
            diag_error(type->sp, "templates needs a count and a window, as in templates(count = 2, window = 500 ms, onset = 50 ms)");
            return false;
        }
        if (!s->m->trial) {
            diag_error(type->sp, "templates are presented once per trial: give the trial length in the experiment");
            return false;
        }
        p->file_param = m->params.n;
        new_param(m, arena_printf("%s.window", p->name), t, win, p->index, NULL);
        new_param(m, arena_printf("%s.onset", p->name), t, onset ? onset : ast_num(type->sp, 0, t, "0 s"), p->index, NULL);
    } else if (strcmp(type->name, "fixed_trains") == 0 && !y) {
        /* fixed_trains(rate = R, dead_time = T): each source has exactly rate * time spikes, uniformly
         * placed, at least dead_time apart, drawn once for the whole run */
        p->kind = POP_FIXED_TRAINS;
        Node *rate = NULL, *dead = NULL;
        Ctx ac = {s->g, 0, "an argument"};
        Dim hz = dim_div(DIM_NONE, dim_time()), t = dim_time();
        for (int i = 0; i < args->nkid; i++) {
            Node *a = args->kid[i];
            const char *an = a->kid[0] ? a->kid[0]->name : "";
            if (strcmp(an, "rate") == 0 && check_dim(a->kid[1], &ac, &hz, "the rate"))
                rate = a->kid[1];
            else if (strcmp(an, "dead_time") == 0 && check_dim(a->kid[1], &ac, &t, "the dead time"))
                dead = a->kid[1];
            else {
                if (strcmp(an, "rate") && strcmp(an, "dead_time"))
                    diag_error(a->sp, "fixed_trains takes 'rate = R' and 'dead_time = T'");
                return false;
            }
        }
        if (!rate) {
            diag_error(type->sp, "fixed_trains needs a rate, as in fixed_trains(rate = 15 Hz, dead_time = 0.5 ms)");
            return false;
        }
        p->file_param = m->params.n;
        new_param(m, arena_printf("%s.rate", p->name), hz, rate, p->index, NULL);
        new_param(m, arena_printf("%s.dead_time", p->name), t, dead ? dead : ast_num(type->sp, 0, t, "0 s"), p->index,
                  NULL);
    } else if (!y || y->kind != SYM_NEURON) {
        if (y)
            diag_error(type->kid[0]->sp, "'%s' is a %s, not a neuron model", type->name, sym_what(y->kind));
        else
            unknown_definition(s, type->kid[0]->sp, type->name, SYM_NEURON, "neuron model");
        if (y && y->decl)
            diag_note(y->decl->sp, "'%s' declared here", type->name);
        return false;
    } else {
        p->kind = POP_NEURON;
        p->neuron = y->decl;
        if (!check_instance_args(s, p->neuron, args, "neuron"))
            return false;
        Node *formals = p->neuron->kid[1];
        for (int i = 0; i < formals->nkid; i++) {
            Node *f = formals->kid[i];
            Node *a = find_arg(args, f->name);
            Param *pp = new_param(m, arena_printf("%s.%s", p->name, f->name), f->kid[1]->ty,
                                  a ? a->kid[1] : f->kid[1], p->index, scope_find_local(def_scope(p->neuron), f->name));
            vec_push(&p->params, pp);
        }
        Node *body = p->neuron->kid[2];
        for (int i = 0; i < body->nkid; i++)
            if (body->kid[i]->kind == N_ODE)
                mark_divisors(body->kid[i]->kid[1], &p->params);
    }
    /* options: grid and families */
    Node *opts = decl->kid[3];
    for (int i = 0; i < opts->nkid; i++) {
        Node *o = opts->kid[i];
        for (int j = 0; j < i; j++) {
            Node *q = opts->kid[j];
            if (q->kind == o->kind && (o->kind != N_STATE || strcmp(q->name, o->name) == 0)) {
                diag_error(o->sp, "%s given twice for population '%s'",
                           o->kind == N_GRID ? "'on grid'" : o->kind == N_STATE ? "an initial value" : "'split'", p->name);
                diag_note(q->sp, "first given here");
                return false;
            }
        }
        if (o->kind == N_STATE) {
            Sym *st = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), o->name) : NULL;
            if (!st || st->kind != SYM_STATE) {
                diag_error(o->kid[0]->sp, "'%s' is not a state variable of %s%s", o->name,
                           p->kind == POP_NEURON ? p->neuron->name : "a spike file",
                           p->kind == POP_NEURON ? misspelt_state(def_scope(p->neuron), o->name) : "");
                return false;
            }
            if (is_file_call(s, o->kid[1])) {
                if (!check_init_file(s, p, o->kid[1], st))
                    return false;
                continue;
            }
            Ctx ci = {def_scope(p->neuron), ALLOW_RANDOM, "an initial value"};
            if (!check_dim(o->kid[1], &ci, &st->dim, arena_printf("the initial value of '%s'", st->name)))
                return false;
            o->sym = st;
            vec_push(&p->inits, o);
        } else if (o->kind == N_GRID) {
            Node *ga = o->kid[0];
            if (ga->nkid != 3) {
                diag_error(o->sp, "a grid has three sizes, as in grid(15, 6, 6)");
                return false;
            }
            for (int k = 0; k < 3; k++)
                if (!const_count(ga->kid[k]->kid[1], &c, "a grid size", &p->grid[k]))
                    return false;
            p->grid_shuffled = o->nkid > 1;
            if (p->grid_shuffled && strcmp(o->kid[1]->name, "shuffled") != 0) {
                diag_error(o->kid[1]->sp, "expected 'shuffled' or nothing after the grid, not '%s'", o->kid[1]->name);
                return false;
            }
            if ((long)p->grid[0] * p->grid[1] * p->grid[2] != p->size) {
                diag_error(o->sp, "grid %d x %d x %d holds %ld neurons, but the population has %d", p->grid[0],
                           p->grid[1], p->grid[2], (long)p->grid[0] * p->grid[1] * p->grid[2], p->size);
                return false;
            }
        } else { /* families */
            int start = 0;
            for (int k = 0; k < o->nkid; k++) {
                Node *f = o->kid[k];
                Node *e = f->kid[1];
                if (!check_dim(e, &c, &DIM_NONE, "a family size"))
                    return false;
                double v;
                if (!sema_const_eval(e, &v)) {
                    diag_error(e->sp, "a family size must be a constant");
                    return false;
                }
                bool percent = e->kind == N_NUM && strchr(e->name, '%');
                double n = percent ? v * p->size : v;
                if (!(n >= 0) || n > p->size || fabs(n - round(n)) > 1e-6) {
                    diag_error(e->sp, "family '%s' would have %g neurons; sizes must be whole", f->name, n);
                    return false;
                }
                for (int j = 0; j < p->families.n; j++)
                    if (strcmp(((Family *)p->families.v[j])->name, f->name) == 0) {
                        diag_error(f->kid[0]->sp, "family '%s' named twice", f->name);
                        return false;
                    }
                Family *fam = arena_alloc(sizeof *fam);
                fam->name = f->name;
                fam->start = start;
                fam->count = (int)lround(n);
                fam->sp = f->sp;
                start += fam->count;
                vec_push(&p->families, fam);
            }
            if (start != p->size) {
                diag_error(o->sp, "the families hold %d neurons, but the population has %d", start, p->size);
                return false;
            }
        }
    }
    Sym *ps = declare(s->g, SYM_POP, decl->kid[0], decl);
    if (!ps)
        return false;
    ps->data = p;
    vec_push(&m->pops, p);
    return true;
}

/* endpoint -> POP ['.' FAMILY] ['[' lo ':' hi ']'] */
static bool resolve_endpoint(Sema *s, Node *t, int *pop, int *lo, int *n)
{
    Node *pn = t->kid[0], *fn = t->kid[1];
    Sym *y = scope_find(s->g, pn->name);
    if (!y || y->kind != SYM_POP) {
        if (y)
            diag_error(pn->sp, "'%s' is a %s, not a population", pn->name, sym_what(y->kind));
        else {
            Suggest g;
            suggest_init(&g, pn->name);
            offer_kind(&g, s->g, SYM_POP);
            diag_error(pn->sp, "unknown population '%s'%s", pn->name, did_you_mean(&g));
        }
        return false;
    }
    Pop *p = y->data;
    *pop = p->index;
    *lo = 0;
    *n = p->size;
    if (fn) {
        Family *f = NULL;
        for (int i = 0; i < p->families.n; i++)
            if (strcmp(((Family *)p->families.v[i])->name, fn->name) == 0)
                f = p->families.v[i];
        if (!f) {
            Suggest g;
            suggest_init(&g, fn->name);
            for (int i = 0; i < p->families.n; i++)
                suggest_offer(&g, ((Family *)p->families.v[i])->name);
            diag_error(fn->sp, "population '%s' has no family '%s'%s", p->name, fn->name, did_you_mean(&g));
            diag_note(p->decl->kid[0]->sp, "'%s' declared here", p->name);
            return false;
        }
        *lo = f->start;
        *n = f->count;
    }
    if (t->kid[2]) {
        Ctx c = {s->g, 0, "a slice"};
        double a, b;
        if (!check_dim(t->kid[2], &c, &DIM_NONE, "a slice bound") ||
            !check_dim(t->kid[3], &c, &DIM_NONE, "a slice bound"))
            return false;
        if (!sema_const_eval(t->kid[2], &a) || !sema_const_eval(t->kid[3], &b) || a != floor(a) || b != floor(b)) {
            diag_error(t->sp, "slice bounds must be whole constants");
            return false;
        }
        if (a < 0 || b > *n || a >= b) {
            diag_error(t->sp, "slice [%g:%g] is outside 0..%d", a, b, *n);
            return false;
        }
        *lo += (int)a;
        *n = (int)(b - a);
    }
    return true;
}

static const char *node_text(Node *n)
{
    const SrcFile *f = src_get(n->sp.file);
    return arena_strndup(f->text + n->sp.lo, (size_t)(n->sp.hi - n->sp.lo));
}

/* A spelling-independent key of an expression: kernels with equal arguments
 * share state however the arguments were written ("5 ms", "5ms", "0.005 s"). */
static const char *canon(Node *e)
{
    if (!e)
        return "-";
    switch (e->kind) {
    case N_NUM:
        return arena_printf("%.17g", e->num);
    case N_NAME:
    case N_STR:
        return arena_printf("%s", e->name);
    default: {
        const char *k = arena_printf("(%d:%d", e->kind, e->op);
        for (int i = 0; i < e->nkid; i++)
            k = arena_printf("%s %s", k, canon(e->kid[i]));
        return arena_printf("%s)", k);
    }
    }
}

static int find_kernel(Sema *s, Pop *post, Node *call, Sym *port, Node *def)
{
    const char *key = arena_printf("%s|%s|%s", def->name, canon(call->kid[1]), port->name);
    for (int i = 0; i < post->kernels.n; i++)
        if (strcmp(((Kernel *)post->kernels.v[i])->key, key) == 0)
            return i;
    Kernel *k = arena_alloc(sizeof *k);
    k->def = def;
    k->call = call;
    k->pop = post->index;
    k->port = port;
    k->key = key;
    k->label = arena_printf("%s(%s) on %s", def->name, node_text(call->kid[1]), port->name);
    int same_port = 0;
    for (int i = 0; i < post->kernels.n; i++)
        same_port += ((Kernel *)post->kernels.v[i])->port == port;
    const char *prefix = same_port ? arena_printf("%s.%s%d", post->name, port->name, same_port + 1)
                                   : arena_printf("%s.%s", post->name, port->name);
    k->cname = arena_printf("k_%s_%s%d", post->name, port->name, same_port);
    Node *formals = def->kid[1];
    for (int i = 0; i < formals->nkid; i++) {
        Node *f = formals->kid[i];
        Node *a = find_arg(call->kid[1], f->name);
        Param *p = new_param(s->m, arena_printf("%s.%s", prefix, f->name), f->kid[1]->ty, a ? a->kid[1] : f->kid[1],
                             post->index, scope_find_local(def_scope(def), f->name));
        p->kernel = post->kernels.n;
        vec_push(&k->params, p);
    }
    Node *body = def->kid[3];
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ODE)
            mark_divisors(body->kid[i]->kid[1], &k->params);
    vec_push(&post->kernels, k);
    return post->kernels.n - 1;
}

static Node *kv_get(Node *kvs, const char *key)
{
    for (int i = 0; i < kvs->nkid; i++)
        if (strcmp(kvs->kid[i]->kid[0]->name, key) == 0)
            return kvs->kid[i]->kid[1];
    return NULL;
}

/* The connection rules and the arguments each takes (all positional). */
static const struct {
    const char *name;
    int nargs;
    const char *example;
} conn_rules[] = {
    {"all", 0, "all"},
    {"one_to_one", 0, "one_to_one"},
    {"probability", 1, "probability(0.1)"},
    {"indegree", 1, "indegree(10)"},
    {"file", 1, "file(\"pairs.csv\")"},
    {"when", 1, "when(i == j)"},
};

/* rule -> NAME | NAME '(' args ')': a known rule with as many arguments as it
 * takes, each positional; a wrong count is named as such. */
static bool check_rule_form(Node *rule)
{
    const char *rn = rule->kind == N_NAME ? rule->name : rule->kind == N_CALL ? rule->kid[0]->name : NULL;
    int r = -1;
    for (int i = 0; rn && i < (int)(sizeof conn_rules / sizeof conn_rules[0]); i++)
        if (strcmp(rn, conn_rules[i].name) == 0)
            r = i;
    if (r < 0) {
        Suggest g;
        suggest_init(&g, rn ? rn : "");
        for (size_t i = 0; rn && i < sizeof conn_rules / sizeof conn_rules[0]; i++)
            suggest_offer(&g, conn_rules[i].name);
        if (suggest_best(&g))
            diag_error(rule->kind == N_CALL ? rule->kid[0]->sp : rule->sp, "unknown connection rule '%s'%s", rn,
                       did_you_mean(&g));
        else
            diag_error(rule->sp, "unknown connection rule%s (all, one_to_one, probability(p), indegree(k), file(\"...\"), "
                                 "when(condition))", rn ? arena_printf(" '%s'", rn) : "");
        return false;
    }
    int want = conn_rules[r].nargs;
    if (rule->kind == N_NAME && want == 0)
        return true;
    if (rule->kind == N_NAME) {
        diag_error(rule->sp, "'%s' takes %d argument, as in %s", rn, want, conn_rules[r].example);
        return false;
    }
    Node *args = rule->kid[1];
    if (want == 0) {
        diag_error(rule->sp, "'%s' takes no arguments: write 'rule: %s'", rn, rn);
        return false;
    }
    if (args->nkid != want) {
        diag_error(rule->sp, "'%s' takes %d argument, not %d", rn, want, args->nkid);
        return false;
    }
    if (args->kid[0]->kid[0]) {
        diag_error(args->kid[0]->kid[0]->sp, "'%s' takes a positional argument, as in %s", rn, conn_rules[r].example);
        return false;
    }
    return true;
}

static bool check_connect(Sema *s, Node *decl)
{
    Model *m = s->m;
    Proj *pj = arena_alloc(sizeof *pj);
    pj->decl = decl;
    pj->index = m->projs.n;
    if (!resolve_endpoint(s, decl->kid[1], &pj->pre, &pj->pre_lo, &pj->pre_n) ||
        !resolve_endpoint(s, decl->kid[2], &pj->post, &pj->post_lo, &pj->post_n))
        return false;
    Pop *post = m->pops.v[pj->post];
    pj->name = decl->kid[0] ? decl->kid[0]->name
                            : arena_printf("%s->%s", node_text(decl->kid[1]), node_text(decl->kid[2]));
    for (int i = 0; i < m->projs.n; i++)
        if (strcmp(((Proj *)m->projs.v[i])->name, pj->name) == 0) {
            pj->name = arena_printf("%s_%d", pj->name, m->projs.n);
            break;
        }
    pj->cname = arena_printf("prj%d", pj->index);
    pj->mod = -1;
    Node *kvs = decl->kid[3];
    static const char *keys[] = {"rule", "synapse", "port", "weight", "delay", "autapses", "plasticity", "dynamics"};
    for (int i = 0; i < kvs->nkid; i++) {
        Node *k = kvs->kid[i]->kid[0];
        bool known = false;
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            known |= strcmp(k->name, keys[j]) == 0;
        if (!known) {
            Suggest g;
            suggest_init(&g, k->name);
            for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
                suggest_offer(&g, keys[j]);
            if (suggest_best(&g))
                diag_error(k->sp, "unknown key '%s' in connect%s", k->name, did_you_mean(&g));
            else
                diag_error(k->sp,
                           "unknown key '%s' in connect (rule, synapse, port, weight, delay, autapses, plasticity, dynamics)",
                           k->name);
            return false;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(kvs->kid[j]->kid[0]->name, k->name) == 0) {
                diag_error(k->sp, "'%s' given twice", k->name);
                return false;
            }
    }
    if (post->kind != POP_NEURON) {
        diag_error(decl->kid[2]->sp, "population '%s' is a spike source (%s) and cannot receive connections",
                   post->name, post->kind == POP_SPIKE_FILE     ? "spike_file"
                   : post->kind == POP_FIXED_TRAINS ? "fixed_trains"
                   : post->kind == POP_STIMSET      ? "stimulus_set"
                                                    : "templates");
        return false;
    }
    /* rule */
    Node *rule = kv_get(kvs, "rule");
    if (!rule) {
        diag_error(decl->sp, "connect needs a 'rule:' (all, one_to_one, probability(p), indegree(k), file(\"...\"))");
        return false;
    }
    Ctx cg = {s->g, 0, "a connection rule"};
    if (!check_rule_form(rule))
        return false;
    const char *rn = rule->kind == N_NAME ? rule->name : rule->kid[0]->name;
    if (strcmp(rn, "all") == 0)
        pj->rule = RULE_ALL;
    else if (strcmp(rn, "one_to_one") == 0) {
        pj->rule = RULE_ONE_TO_ONE;
        if (pj->pre_n != pj->post_n) {
            diag_error(rule->sp, "one_to_one needs equal sizes, but %d neurons connect to %d", pj->pre_n, pj->post_n);
            return false;
        }
    } else if (strcmp(rn, "when") != 0) { /* probability, indegree, file */
        Node *arg = rule->kid[1]->kid[0]->kid[1];
        pj->rule_arg = arg;
        if (strcmp(rn, "file") == 0) {
            pj->rule = RULE_FILE;
            if (arg->kind != N_STR) {
                diag_error(arg->sp, "file() takes a file name in quotes");
                return false;
            }
            Param *fp = new_param(m, arena_printf("%s.file", pj->name), DIM_NONE, arg, -1, NULL);
            fp->is_string = true;
        } else if (strcmp(rn, "probability") == 0) {
            pj->rule = RULE_PROB;
            double v;
            if (!check_dim(arg, &cg, &DIM_NONE, "a connection probability"))
                return false;
            if (sema_const_eval(arg, &v) && !(v >= 0 && v <= 1)) {
                diag_error(arg->sp, "connection probability %g is outside [0, 1]", v);
                return false;
            }
        } else {
            pj->rule = RULE_INDEGREE;
            int k;
            if (!const_count(arg, &cg, "the in-degree", &k))
                return false;
            if (k > pj->pre_n) {
                diag_error(arg->sp, "in-degree %d is larger than the %d presynaptic neurons", k, pj->pre_n);
                return false;
            }
        }
    } else {
        /* when(CONDITION): a synapse for every pair (i, j) where the condition holds; it may use the
         * indices i, j within the endpoints, the grid coordinates x_pre ... z_post and rand() */
        Node *cond = rule->kid[1]->kid[0]->kid[1];
        pj->rule = RULE_WHEN;
        pj->rule_arg = cond;
        Scope *ws = scope_new(s->g);
        static const char *names[] = {"i", "j", "x_pre", "y_pre", "z_pre", "x_post", "y_post", "z_post"};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            scope_add(ws, SYM_BUILTIN, names[k], NULL)->dim = DIM_NONE;
        Ctx wc = {ws, ALLOW_STEP_RAND, "a connection condition"};
        if (!check(cond, &wc))
            return false;
        if (!cond->is_bool) {
            diag_error(cond->sp, "when() takes a condition, such as i == j or rand() < 0.1");
            return false;
        }
        for (int side = 0; side < 2; side++) {
            Pop *p = m->pops.v[side ? pj->post : pj->pre];
            const char *c3[3] = {side ? "x_post" : "x_pre", side ? "y_post" : "y_pre", side ? "z_post" : "z_pre"};
            for (int d = 0; d < 3; d++)
                if (!p->grid[0] && uses_name(cond, c3[d])) {
                    diag_error(rule->sp, "'%s' needs a grid: population '%s' has none (add 'on grid(X, Y, Z)')", c3[d], p->name);
                    return false;
                }
        }
    }
    /* synapse kernel and port */
    Node *syn = kv_get(kvs, "synapse");
    if (!syn) {
        diag_error(decl->sp, "connect needs a 'synapse:' kernel, such as exp_cond(tau = 5 ms)");
        return false;
    }
    if (syn->kind == N_NAME)
        syn = ast_new(N_CALL, syn->sp, 2, syn, ast_list(syn->sp));
    if (syn->kind != N_CALL) {
        diag_error(syn->sp, "expected a synapse kernel such as exp_cond(tau = 5 ms)");
        return false;
    }
    Sym *sy = scope_find(s->g, syn->kid[0]->name);
    if (!sy || sy->kind != SYM_SYNAPSE) {
        unknown_definition(s, syn->kid[0]->sp, syn->kid[0]->name, SYM_SYNAPSE, "synapse kernel");
        return false;
    }
    if (!check_instance_args(s, sy->decl, syn->kid[1], "synapse"))
        return false;
    Node *sdef = sy->decl;
    Sym *w = scope_find_local(def_scope(sdef), "w");
    Scope *nsc = def_scope(post->neuron);
    Node *portn = kv_get(kvs, "port");
    Sym *port = NULL;
    if (portn) {
        if (portn->kind != N_NAME || !(port = scope_find_local(nsc, portn->name)) || port->kind != SYM_PORT) {
            diag_error(portn->sp, "neuron '%s' has no input '%s'", post->neuron->name,
                       portn->kind == N_NAME ? portn->name : "?");
            diag_note(post->neuron->kid[0]->sp, "'%s' defined here", post->neuron->name);
            return false;
        }
    } else {
        int count = 0;
        for (int i = 0; i < nsc->syms.n; i++) {
            Sym *z = nsc->syms.v[i];
            if (z->kind == SYM_PORT && dim_eq(z->dim, w->dim)) {
                port = z;
                count++;
            }
        }
        bool any = false;
        for (int i = 0; i < nsc->syms.n; i++)
            any |= ((Sym *)nsc->syms.v[i])->kind == SYM_PORT;
        if (!any) {
            diag_error(decl->kid[2]->sp, "neuron '%s' has no inputs, so population '%s' cannot receive connections",
                       post->neuron->name, post->name);
            return false;
        }
        if (count != 1) {
            diag_error(decl->sp, "%s: say which input of '%s' this connection feeds, with 'port: NAME'",
                       count ? "more than one input fits" : "no input of matching dimension", post->neuron->name);
            return false;
        }
    }
    if (!dim_eq(port->dim, w->dim)) {
        diag_error(syn->sp, "synapse '%s' produces %s but input '%s' of '%s' is %s", sdef->name, dim_str(w->dim),
                   port->name, post->neuron->name, dim_str(port->dim));
        diag_note(port->decl->sp, "'%s' declared here", port->name);
        return false;
    }
    pj->kernel = find_kernel(s, post, syn, port, sdef);
    /* weight and delay */
    Ctx cr = {s->g, ALLOW_RANDOM, "a weight"};
    pj->weight = kv_get(kvs, "weight");
    if (!pj->weight) {
        diag_error(decl->sp, "connect needs a 'weight:'");
        return false;
    }
    if (!check_dim(pj->weight, &cr, &w->dim, "the weight")) {
        diag_note(sdef->kid[2]->sp, "synapse '%s' takes %s weights", sdef->name, dim_short(w->dim));
        return false;
    }
    pj->delay = kv_get(kvs, "delay");
    if (pj->delay) {
        Dim t = dim_time();
        cr.where = "a delay";
        if (!check_dim(pj->delay, &cr, &t, "the delay"))
            return false;
        double v;
        if (sema_const_eval(pj->delay, &v) && !(v >= 0)) {
            diag_error(pj->delay->sp, "a delay cannot be negative");
            return false;
        }
    }
    /* dynamics: tsodyks(U = u, D = T, F = T): short-term depression and facilitation (Tsodyks-Markram,
     * CSIM convention); the arguments may be random, one value per synapse */
    Node *dy = kv_get(kvs, "dynamics");
    if (dy) {
        if (dy->kind != N_CALL || strcmp(dy->kid[0]->name, "tsodyks") != 0) {
            diag_error(dy->sp, "dynamics: is tsodyks(U = ..., D = ..., F = ...)");
            return false;
        }
        Ctx dc = {s->g, ALLOW_RANDOM, "a synapse parameter"};
        Dim t = dim_time();
        Node *args = dy->kid[1];
        for (int i = 0; i < args->nkid; i++) {
            Node *a = args->kid[i];
            const char *an = a->kid[0] ? a->kid[0]->name : "";
            bool isU = strcmp(an, "U") == 0, isD = strcmp(an, "D") == 0, isF = strcmp(an, "F") == 0;
            if (!isU && !isD && !isF) {
                diag_error(a->sp, "tsodyks takes U = (0..1), D = (a time) and F = (a time)");
                return false;
            }
            if (!check_dim(a->kid[1], &dc, isU ? &DIM_NONE : &t, isU ? "U" : isD ? "D" : "F"))
                return false;
            *(isU ? &pj->stp_U : isD ? &pj->stp_D : &pj->stp_F) = a->kid[1];
        }
        if (!pj->stp_U || !pj->stp_D || !pj->stp_F) {
            diag_error(dy->sp, "tsodyks needs U, D and F, as in tsodyks(U = 0.5, D = 1.1 s, F = 20 ms)");
            return false;
        }
        pj->stp = dy;
    }
    Node *pl = kv_get(kvs, "plasticity");
    if (pl) {
        if (pl->kind == N_NAME)
            pl = ast_new(N_CALL, pl->sp, 2, pl, ast_list(pl->sp));
        Sym *py = pl->kind == N_CALL ? scope_find(s->g, pl->kid[0]->name) : NULL;
        if (!py || py->kind != SYM_PLASTICITY) {
            if (pl->kind == N_CALL)
                unknown_definition(s, pl->sp, pl->kid[0]->name, SYM_PLASTICITY, "plasticity rule");
            else
                diag_error(pl->sp, "expected a plasticity rule, such as stdp_pair(w_max = 2 nS)");
            return false;
        }
        if (!check_instance_args(s, py->decl, pl->kid[1], "plasticity rule"))
            return false;
        Sym *pw = scope_find_local(def_scope(py->decl), "w");
        if (!dim_eq(pw->dim, w->dim)) {
            diag_error(pl->sp, "rule '%s' changes %s weights but synapse '%s' takes %s weights", py->decl->name,
                       dim_short(pw->dim), sdef->name, dim_short(w->dim));
            return false;
        }
        pj->plast = py->decl;
        pj->plast_call = pl;
    }
    pj->autapses = true;
    Node *au = kv_get(kvs, "autapses");
    if (au) {
        if (au->kind != N_NAME || (strcmp(au->name, "true") && strcmp(au->name, "false"))) {
            diag_error(au->sp, "autapses: is true or false");
            return false;
        }
        pj->autapses = strcmp(au->name, "true") == 0;
    }
    if (pj->plast) {
        Node *formals = pj->plast->kid[1];
        pj->mod = -1;
        for (int i = 0; i < formals->nkid; i++) {
            Node *f = formals->kid[i];
            Node *a = find_arg(pj->plast_call->kid[1], f->name);
            if (!f->kid[1]) { /* the modulator */
                if (!a) {
                    diag_error(pj->plast_call->sp, "rule '%s' needs a modulator for '%s', as in %s(%s = reward)",
                               pj->plast->name, f->name, pj->plast->name, f->name);
                    return false;
                }
                pj->mod = ((Modulator *)a->kid[1]->sym->data)->index;
                continue;
            }
            Param *p = new_param(m, arena_printf("%s.%s", pj->name, f->name), f->kid[1]->ty, a ? a->kid[1] : f->kid[1],
                                 pj->post, scope_find_local(def_scope(pj->plast), f->name));
            p->proj = pj->index;
            vec_push(&pj->plast_params, p);
        }
        Node *body = pj->plast->kid[3];
        for (int i = 0; i < body->nkid; i++)
            if (body->kid[i]->kind == N_TRACE)
                mark_divisors(ast_op(N_BINARY, body->kid[i]->sp, OP_DIV, 2, body->kid[i]->kid[2], body->kid[i]->kid[2]),
                              &pj->plast_params);
        Node *one = ast_num(decl->sp, 1, DIM_NONE, "1");
        pj->learning_param = m->params.n;
        new_param(m, arena_printf("%s.learning", pj->name), DIM_NONE, one, -1, NULL);
    }
    vec_push(&m->projs, pj);
    return true;
}

/* ---- experiment --------------------------------------------------------------- */

/* Whether e mentions the name n. */
static bool uses_name(Node *e, const char *n)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && strcmp(e->name, n) == 0)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (uses_name(e->kid[i], n))
            return true;
    return false;
}

/* The position of state `name` among a definition's 'state' declarations, or -1. */
static int state_index(Node *body, const char *name)
{
    for (int i = 0, n = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_STATE) {
            if (strcmp(body->kid[i]->name, name) == 0)
                return n;
            n++;
        }
    return -1;
}

/* The names of a definition's 'state' declarations, "'a', 'b'" (for messages). */
static const char *state_names(Node *body, const char *first)
{
    const char *out = first ? arena_printf("'%s'", first) : "";
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_STATE)
            out = arena_printf("%s%s'%s'", out, *out ? ", " : "", body->kid[i]->name);
    return out;
}

/* 'record WHAT of TARGETS [every T]', in the experiment (phase -1) or in a phase:
 * one Record per target */
static bool check_record(Sema *s, Ctx *cp, Node *it, int phase)
{
    Model *m = s->m;
    Ctx c = *cp;
    Dim t = dim_time();
    bool ok = true;
    const char *what = it->kid[0]->name;
    Node *ts = it->kid[1];
    for (int k = 0; k < ts->nkid; k++) {
        Record *r = arena_alloc(sizeof *r);
        r->sp = it->sp;
        r->phase = phase;
        r->mod = r->mvar = -1;
        Node *tg = ts->kid[k];
        bool whole = !tg->kid[1] && !tg->kid[2]; /* no [lo:hi] */
        /* record w (or a per-synapse state of the rule) of CONNECTION every T */
        Proj *wp = NULL;
        for (int q = 0; q < m->projs.n && whole; q++)
            if (strcmp(((Proj *)m->projs.v[q])->name, tg->name) == 0)
                wp = m->projs.v[q];
        Sym *ms = whole ? scope_find(s->g, tg->name) : NULL;
        if (wp) {
            if (!wp->plast) {
                diag_error(tg->sp, "connection '%s' is not plastic; its weights do not change", wp->name);
                ok = false;
                continue;
            }
            r->kind = REC_WEIGHTS;
            r->proj = wp->index;
            r->label = wp->name;
            Node *body = wp->plast->kid[3];
            r->svar = strcmp(what, "w") == 0 ? 0 : state_index(body, what) + 1; /* 0: w, k: the k-th state */
            if (r->svar == 0 && strcmp(what, "w") != 0) {
                diag_error(it->kid[0]->sp, "cannot record '%s' of connection '%s': the per-synapse states of rule '%s' are %s",
                           what, wp->name, wp->plast->name, state_names(body, "w"));
                ok = false;
                continue;
            }
            r->every = it->kid[2];
            if (!r->every) {
                diag_error(it->sp, "synapse states are recorded at intervals: add 'every T'");
                ok = false;
                continue;
            }
            if (!check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
            vec_push(&m->records, r);
            continue;
        }
        if (ms && ms->kind == SYM_MOD) { /* record output (or a state) of MODULATOR [every T] */
            Modulator *md = ms->data;
            r->kind = REC_STATE;
            r->pop = -1;
            r->mod = md->index;
            r->lo = 0;
            r->n = 1;
            r->label = md->name;
            Node *body = md->def->kid[2];
            if (strcmp(what, "output") != 0)
                r->mvar = state_index(body, what);
            if (strcmp(what, "output") != 0 && r->mvar < 0) {
                diag_error(it->kid[0]->sp, "cannot record '%s' of modulator '%s': it has %s", what, md->name,
                           state_names(body, "output"));
                ok = false;
                continue;
            }
            r->every = it->kid[2];
            if (r->every && !check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
            vec_push(&m->records, r);
            continue;
        }
        if (!resolve_endpoint(s, ts->kid[k], &r->pop, &r->lo, &r->n)) {
            ok = false;
            continue;
        }
        r->label = node_text(ts->kid[k]);
        Pop *p = m->pops.v[r->pop];
        if (strcmp(what, "spikes") == 0) {
            r->kind = REC_SPIKES;
            if (it->kid[2]) {
                diag_error(it->kid[2]->sp, "spikes are recorded as they happen; 'every' is for state variables");
                ok = false;
            }
        } else {
            r->kind = REC_STATE;
            Sym *y = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), what) : NULL;
            if (!y || (y->kind != SYM_STATE && y->kind != SYM_PORT)) {
                static const SymKind recordable[] = {SYM_STATE, SYM_PORT};
                Suggest g;
                suggest_init(&g, what);
                suggest_offer(&g, "spikes");
                if (p->kind == POP_NEURON)
                    offer_local(&g, def_scope(p->neuron), recordable, 2);
                diag_error(it->kid[0]->sp, "cannot record '%s': not 'spikes', a state variable or an input of '%s'%s",
                           what, p->name, did_you_mean(&g));
                ok = false;
                continue;
            }
            r->var = y;
            r->every = it->kid[2];
            if (r->every && !check_dim(r->every, &c, &t, "the recording interval")) {
                ok = false;
                continue;
            }
        }
        vec_push(&m->records, r);
    }
    return ok;
}

/* 'guard WHAT of TARGETS in [lo, hi] [every T]': a state of whole populations,
 * the rate of endpoints over windows of T, or the weights of plastic
 * connections; bounds are constants of the checked quantity's dimension. */
static bool check_guard(Sema *s, Ctx *c, Node *it)
{
    Model *m = s->m;
    const char *what = it->kid[0]->name;
    Node *ts = it->kid[1], *lo = it->kid[2]->kid[0], *hi = it->kid[2]->kid[1], *every = it->kid[3];
    bool rate = strcmp(what, "rate") == 0;
    Dim t = dim_time();
    if (rate && !every) {
        diag_error(it->sp, "a rate is counted over a window: add 'every T'");
        return false;
    }
    if (!rate && every) {
        diag_error(every->sp, "'every' is for rate guards; states and weights are checked whenever they change");
        return false;
    }
    double window = 0;
    if (rate && !check_dim(every, c, &t, "the guard's window"))
        return false;
    if (rate && (!sema_const_eval(every, &window) || !(window > 0))) {
        diag_error(every->sp, "the guard's window must be a positive constant");
        return false;
    }
    bool ok = true;
    for (int k = 0; k < ts->nkid; k++) {
        Node *tg = ts->kid[k];
        Guard *gd = arena_alloc(sizeof *gd);
        gd->sp = it->sp;
        gd->text = node_text(it);
        gd->label = node_text(tg);
        gd->window = window;
        gd->proj = -1;
        Dim want;
        Proj *wp = NULL;
        for (int q = 0; q < m->projs.n && !tg->kid[1] && !tg->kid[2]; q++)
            if (strcmp(((Proj *)m->projs.v[q])->name, tg->name) == 0)
                wp = m->projs.v[q];
        if (wp && !rate) {
            if (!wp->plast || strcmp(what, "w") != 0) {
                diag_error(wp->plast ? it->kid[0]->sp : tg->sp,
                           wp->plast ? "a guard on connection '%s' checks its weights: 'guard w of %s in [lo, hi]'"
                                     : "connection '%s' is not plastic; its weights do not change",
                           wp->name, wp->name);
                ok = false;
                continue;
            }
            gd->kind = GUARD_WEIGHT;
            gd->proj = wp->index;
            want = wp->weight->ty;
        } else {
            if (!resolve_endpoint(s, tg, &gd->pop, &gd->lo, &gd->n)) {
                ok = false;
                continue;
            }
            Pop *p = m->pops.v[gd->pop];
            if (rate) {
                gd->kind = GUARD_RATE;
                want = dim_div(DIM_NONE, t);
            } else {
                Sym *y = p->kind == POP_NEURON ? scope_find_local(def_scope(p->neuron), what) : NULL;
                if (!y || y->kind != SYM_STATE) {
                    static const SymKind states[] = {SYM_STATE};
                    Suggest g;
                    suggest_init(&g, what);
                    suggest_offer(&g, "rate");
                    if (p->kind == POP_NEURON)
                        offer_local(&g, def_scope(p->neuron), states, 1);
                    diag_error(it->kid[0]->sp, "cannot guard '%s': not 'rate' or a state variable of '%s'%s", what,
                               p->name, did_you_mean(&g));
                    ok = false;
                    continue;
                }
                if (gd->lo != 0 || gd->n != p->size) {
                    diag_error(tg->sp, "a state guard covers a whole population: 'guard %s of %s in [lo, hi]'", what, p->name);
                    ok = false;
                    continue;
                }
                for (int q = 0; q < m->guards.n; q++) {
                    Guard *o = m->guards.v[q];
                    if (o->kind == GUARD_STATE && o->pop == gd->pop && o->var == y) {
                        diag_error(it->sp, "a second guard on %s of '%s'", what, p->name);
                        diag_note(o->sp, "the first is here");
                        ok = false;
                    }
                }
                gd->kind = GUARD_STATE;
                gd->var = y;
                want = y->dim;
            }
        }
        if (!check_dim(lo, c, &want, "the guard's lower bound") || !check_dim(hi, c, &want, "the guard's upper bound")) {
            ok = false;
            continue;
        }
        if (!sema_const_eval(lo, &gd->min) || !sema_const_eval(hi, &gd->max)) {
            diag_error(it->kid[2]->sp, "the bounds of a guard are constants");
            ok = false;
            continue;
        }
        if (!(gd->min < gd->max)) {
            diag_error(it->kid[2]->sp, "the lower bound of a guard must be below its upper bound");
            ok = false;
            continue;
        }
        vec_push(&m->guards, gd);
    }
    return ok;
}

static bool check_experiment(Sema *s, Node *decl)
{
    Model *m = s->m;
    if (s->experiment) {
        diag_error(decl->sp, "second experiment block");
        diag_note(s->experiment->sp, "first experiment block is here");
        return false;
    }
    s->experiment = decl;
    Ctx c = {s->g, 0, "the experiment"};
    Dim t = dim_time();
    Node *items = decl->kid[0];
    bool ok = true;
    for (int i = 0; i < items->nkid; i++) {
        Node *it = items->kid[i];
        switch (it->kind) {
        case N_SEED: {
            double v;
            if (!check_dim(it->kid[0], &c, &DIM_NONE, "the seed"))
                ok = false;
            else if (!sema_const_eval(it->kid[0], &v) || v < 0 || v != floor(v) || v > 1.8e19) {
                diag_error(it->kid[0]->sp, "the seed must be a whole number from 0 to 1.8e19");
                ok = false;
            } else
                m->seed = it->kid[0];
            break;
        }
        case N_DT:
        case N_TIME: {
            const char *what = it->kind == N_DT ? "the time step" : "the simulated time";
            double v;
            if (!check_dim(it->kid[0], &c, &t, what))
                ok = false;
            else if (sema_const_eval(it->kid[0], &v) && !(v > 0)) {
                diag_error(it->kid[0]->sp, "%s must be positive", what);
                ok = false;
            } else if (it->kind == N_DT)
                m->dt = it->kid[0];
            else
                m->time = it->kid[0];
            break;
        }
        case N_RECORD:
            if (!check_record(s, &c, it, -1))
                ok = false;
            break;
        case N_GUARD:
            if (!check_guard(s, &c, it))
                ok = false;
            break;
        case N_KV: {
            Node *k = it->kid[0];
            if (strcmp(k->name, "trial") != 0) {
                diag_error(k->sp, "unknown item '%s' in the experiment", k->name);
                ok = false;
                break;
            }
            double v;
            if (!check_dim(it->kid[1], &c, &t, "the trial length"))
                ok = false;
            else if (sema_const_eval(it->kid[1], &v) && !(v > 0)) {
                diag_error(it->kid[1]->sp, "the trial length must be positive");
                ok = false;
            } else
                m->trial = it->kid[1];
            break;
        }
        case N_PHASE: {
            Phase *ph = arena_alloc(sizeof *ph);
            ph->name = it->name;
            ph->decl = it;
            ph->learning = -1;
            Node *items2 = it->kid[1];
            for (int k = 0; k < items2->nkid; k++) {
                Node *pi = items2->kid[k];
                if (pi->kind == N_KV && strcmp(pi->kid[0]->name, "trials") == 0) {
                    if (!const_count(pi->kid[1], &c, "the number of trials", &ph->trials))
                        ok = false;
                } else if (pi->kind == N_KV && strcmp(pi->kid[0]->name, "order") == 0) {
                    const char *v = pi->kid[1]->kind == N_NAME ? pi->kid[1]->name : "";
                    /* in the order of snn.h's SNN_ORDER_* */
                    static const char *const orders[] = {"sequential", "alternating", "random", "alternating_random",
                                                         "by_label"};
                    ph->order = -1;
                    for (int q = 0; q < 5; q++)
                        if (strcmp(v, orders[q]) == 0)
                            ph->order = q;
                    if (ph->order < 0) {
                        diag_error(pi->kid[1]->sp, "the stimulus order is 'sequential', 'alternating' (labels in turn), "
                                                   "'random', 'alternating_random' (labels in turn, a random entry of "
                                                   "each) or 'by_label' (all entries of each label in turn)");
                        ok = false;
                    }
                } else if (pi->kind == N_KV && strcmp(pi->kid[0]->name, "learning") == 0) {
                    const char *v = pi->kid[1]->kind == N_NAME ? pi->kid[1]->name : "";
                    if (strcmp(v, "on") && strcmp(v, "off")) {
                        diag_error(pi->kid[1]->sp, "learning is 'on' or 'off'");
                        ok = false;
                    }
                    ph->learning = strcmp(v, "on") == 0;
                } else if (pi->kind == N_ASSIGN && strcmp(pi->kid[0]->name, "set") == 0) {
                    const char *pname = arena_printf("%s.%s", pi->kid[1]->name, pi->kid[2]->name);
                    Param *target = NULL;
                    for (int q = 0; q < m->params.n; q++)
                        if (strcmp(((Param *)m->params.v[q])->name, pname) == 0)
                            target = m->params.v[q];
                    if (!target || target->is_string) {
                        Suggest g;
                        suggest_init(&g, pname);
                        for (int q = 0; q < m->params.n; q++)
                            if (!((Param *)m->params.v[q])->is_string)
                                suggest_offer(&g, ((Param *)m->params.v[q])->name);
                        Span at = span_join(pi->kid[1]->sp, pi->kid[2]->sp);
                        if (suggest_best(&g))
                            diag_error(at, "unknown parameter '%s'%s", pname, did_you_mean(&g));
                        else
                            diag_error(at, "unknown parameter '%s' (see --list-params of the executable)", pname);
                        ok = false;
                        continue;
                    }
                    /* neuron and synaptic-kernel parameters are re-evaluated at every phase start
                     * (refresh); the others are folded into connectivity, weights, rule and modulator
                     * tables or generated trains at start-up, and a change would silently not apply */
                    if (target->pop < 0 || target->fixed || target->proj >= 0 || target->mod >= 0 ||
                        ((Pop *)m->pops.v[target->pop])->kind != POP_NEURON) {
                        diag_error(pi->kid[1]->sp,
                                   "a phase cannot change '%s': only parameters of neurons and of their synapse "
                                   "kernels change during a run; this one is used once, at start-up",
                                   pname);
                        if (target->proj >= 0)
                            diag_note(pi->sp, "plasticity is switched with 'learning on|off'");
                        ok = false;
                        continue;
                    }
                    if (!check_dim(pi->kid[3], &c, &target->dim, arena_printf("the value of %s", pname))) {
                        ok = false;
                        continue;
                    }
                    vec_push(&ph->sets, target);
                    vec_push(&ph->values, pi->kid[3]);
                } else if (pi->kind == N_RECORD) {
                    if (!check_record(s, &c, pi, m->phases.n))
                        ok = false;
                } else {
                    diag_error(pi->sp, "a phase holds 'trials N', 'learning on|off', 'order ...', 'set POP.PARAM = value' and 'record'");
                    ok = false;
                }
            }
            if (ok && !ph->trials) {
                diag_error(it->kid[0]->sp, "phase '%s' needs 'trials N'", ph->name);
                ok = false;
            }
            vec_push(&m->phases, ph);
            break;
        }
        case N_TRIAL_RESET: { /* reset POP, ... every trial */
            if (strcmp(it->kid[1]->name, "trial") != 0) {
                diag_error(it->kid[1]->sp, "a population is reset at the start of every trial: 'reset POP every trial'");
                ok = false;
                break;
            }
            Node *ts = it->kid[0];
            for (int k = 0; k < ts->nkid; k++) {
                int pop, lo, n;
                if (!resolve_endpoint(s, ts->kid[k], &pop, &lo, &n)) {
                    ok = false;
                    continue;
                }
                Pop *p = m->pops.v[pop];
                if (p->kind != POP_NEURON || lo != 0 || n != p->size) {
                    diag_error(ts->kid[k]->sp, p->kind != POP_NEURON
                                                   ? "'%s' has no state to reset: it replays or generates spike trains"
                                                   : "a whole population is reset, not a part of '%s'",
                               p->name);
                    ok = false;
                    continue;
                }
                p->reset_trial = true;
            }
            break;
        }
        case N_REPORT: {
            if (strcmp(it->kid[0]->name, "rate") != 0 && !(it->kid[2] && strcmp(it->kid[0]->name, "spikes") == 0)) {
                diag_error(it->kid[0]->sp, "unknown report '%s' (rate, or spikes ... in [t0, t1] per trial)",
                           it->kid[0]->name);
                ok = false;
                break;
            }
            Node *win = it->kid[2];
            if (win && (!check_dim(win->kid[0], &c, &t, "the window start") || !check_dim(win->kid[1], &c, &t, "the window end"))) {
                ok = false;
                break;
            }
            Node *ts = it->kid[1];
            for (int k = 0; k < ts->nkid; k++) {
                Report *r = arena_alloc(sizeof *r);
                if (!resolve_endpoint(s, ts->kid[k], &r->pop, &r->lo, &r->n)) {
                    ok = false;
                    continue;
                }
                r->label = node_text(ts->kid[k]);
                if (win) {
                    r->t0 = win->kid[0];
                    r->t1 = win->kid[1];
                }
                vec_push(&m->reports, r);
            }
            break;
        }
        default:
            break;
        }
    }
    for (int i = 0; i < items->nkid; i++)
        if (items->kid[i]->kind == N_TRIAL_RESET && !m->trial) {
            diag_error(items->kid[i]->sp, "'reset ... every trial' needs trials: give the trial length with 'trial T'");
            ok = false;
        }
    return ok;
}

/* ---- values known at compile time ---------------------------------------------- */

/* A parameter's value if its default is made of literals (and global params). */
static bool param_value(Param *p, double *v) { return p->def && !p->is_string && sema_const_eval(p->def, v); }

static Param *pop_param(Pop *p, Sym *s)
{
    for (int i = 0; i < p->params.n; i++)
        if (((Param *)p->params.v[i])->sym == s)
            return p->params.v[i];
    return NULL;
}

/* Values the run would reject anyway are reported here, at their source. */
static bool check_constants(Model *m)
{
    bool ok = true;
    double dt = 1e-4, v;
    if (m->dt)
        sema_const_eval(m->dt, &dt);
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        if (p->positive && param_value(p, &v) && !(v > 0)) {
            diag_error(p->def->sp, "%s must be positive: it divides in an equation", p->name);
            ok = false;
        }
    }
    for (int i = 0; i < m->pops.n; i++) {
        Pop *p = m->pops.v[i];
        if (p->kind != POP_NEURON)
            continue;
        Node *body = p->neuron->kid[2];
        for (int k = 0; k < body->nkid; k++) {
            Node *st = body->kid[k];
            if (st->kind != N_REFRACTORY)
                continue;
            Node *e = st->kid[0];
            Param *pp = e->kind == N_NAME && e->sym && e->sym->kind == SYM_PARAM ? pop_param(p, e->sym) : NULL;
            if (pp ? param_value(pp, &v) : sema_const_eval(e, &v))
                if (!(v >= 0)) {
                    diag_error(pp ? pp->def->sp : e->sp, "the refractory period of '%s' cannot be negative", p->name);
                    ok = false;
                }
        }
    }
    for (int i = 0; i < m->projs.n; i++) {
        Proj *pj = m->projs.v[i];
        if (pj->delay && sema_const_eval(pj->delay, &v) && v < dt * (1 - 1e-9)) {
            diag_error(pj->delay->sp, "delay %g ms is shorter than the time step %g ms", v * 1e3, dt * 1e3);
            diag_note(pj->delay->sp, "spikes take at least one step to arrive");
            ok = false;
        }
    }
    for (int i = 0; i < m->records.n; i++) {
        Record *r = m->records.v[i];
        if (!r->every || !sema_const_eval(r->every, &v))
            continue;
        double k = v / dt;
        if (!(v > 0)) {
            diag_error(r->every->sp, "the recording interval must be positive");
            ok = false;
        } else if (fabs(k - round(k)) > 1e-6 * k) {
            diag_error(r->every->sp, "the recording interval %g ms is not a multiple of the time step %g ms", v * 1e3,
                       dt * 1e3);
            ok = false;
        }
    }
    return ok;
}

/* ---- driver ------------------------------------------------------------------- */

static void add_builtins(Scope *g)
{
    static const char *names[] = {"t", "dt", "true", "false", "pi"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Sym *y = scope_add(g, SYM_BUILTIN, names[i], NULL);
        y->dim = i < 2 ? dim_time() : DIM_NONE;
    }
}

Model *sema_load(int root, SearchPath *sp)
{
    Sema s = {0};
    Model *m = arena_alloc(sizeof *m);
    const char *path = src_get(root)->path;
    m->path = path;
    m->hash = 0xcbf29ce484222325ULL;
    s.m = m;
    s.path = sp;
    s.g = scope_new(NULL);
    m->globals = s.g;
    add_builtins(s.g);
    s.root = root;
    char *canon = realpath(path, NULL); /* a file that imports itself */
    vec_push(&s.loaded, canon ? arena_strdup(canon) : (void *)path);
    free(canon);
    if (!load_file(&s, root))
        return NULL;
    bool ok = true;
    /* sim.* parameters first, so that their indices are stable */
    Param *pt = new_param(m, "sim.time", dim_time(), NULL, -1, NULL);
    Param *pd = new_param(m, "sim.dt", dim_time(), NULL, -1, NULL);
    Param *ps = new_param(m, "sim.seed", DIM_NONE, NULL, -1, NULL);
    pt->positive = pd->positive = true;
    (void)ps;
    /* definitions and global parameters, in file order (imports first) */
    for (int f = 0; f < m->files.n; f++) {
        Node *items = ((Node *)m->files.v[f])->kid[0];
        for (int i = 0; i < items->nkid; i++) {
            Node *it = items->kid[i];
            if (it->kind == N_NEURON || it->kind == N_SYNAPSE) {
                Sym *y = declare(s.g, it->kind == N_NEURON ? SYM_NEURON : SYM_SYNAPSE, it->kid[0], it);
                if (!y || !check_definition(&s, it))
                    ok = false;
            } else if (it->kind == N_PLASTICITY) {
                Sym *y = declare(s.g, SYM_PLASTICITY, it->kid[0], it);
                if (!y || !check_plasticity(&s, it))
                    ok = false;
            } else if (it->kind == N_MODULATOR) {
                Sym *y = declare(s.g, SYM_MODDEF, it->kid[0], it);
                if (!y || !check_moddef(&s, it))
                    ok = false;
            } else if (it->kind == N_PARAM) {
                Ctx c = {s.g, 0, "a parameter"};
                if (!check_dim(it->kid[1], &c, NULL, arena_printf("parameter '%s'", it->name))) {
                    ok = false;
                    continue;
                }
                Sym *y = declare(s.g, SYM_GPARAM, it->kid[0], it);
                if (!y) {
                    ok = false;
                    continue;
                }
                y->dim = it->kid[1]->ty;
                y->data = new_param(m, it->name, y->dim, it->kid[1], -1, y);
            }
        }
    }
    if (!ok)
        return NULL;
    /* whether there are trials is needed before the experiment block is checked */
    for (int f = 0; f < m->files.n; f++) {
        Node *items = ((Node *)m->files.v[f])->kid[0];
        for (int i = 0; i < items->nkid; i++)
            if (items->kid[i]->kind == N_EXPERIMENT)
                for (int k = 0; k < items->kid[i]->kid[0]->nkid; k++) {
                    Node *it = items->kid[i]->kid[0]->kid[k];
                    if (it->kind == N_KV && strcmp(it->kid[0]->name, "trial") == 0)
                        m->trial = it->kid[1];
                }
    }
    for (int f = 0; f < m->files.n; f++) {
        Node *items = ((Node *)m->files.v[f])->kid[0];
        for (int i = 0; i < items->nkid; i++) {
            Node *it = items->kid[i];
            if (it->kind == N_POPULATION)
                ok = check_population(&s, it) && ok;
        }
    }
    /* then what refers to populations: modulators, connections, the experiment.
     * Every item of a kind is checked, so that all bad connections are
     * reported; a kind is checked only if those it refers to were fine, so
     * that one mistake does not come back as another's unknown name. */
    static const NodeKind later[] = {N_MODINST, N_CONNECT, N_EXPERIMENT};
    for (size_t k = 0; k < sizeof later / sizeof later[0] && ok; k++)
        for (int f = 0; f < m->files.n; f++) {
            Node *items = ((Node *)m->files.v[f])->kid[0];
            for (int i = 0; i < items->nkid; i++) {
                Node *it = items->kid[i];
                if (it->kind != later[k])
                    continue;
                ok = (later[k] == N_MODINST   ? check_modinst(&s, it)
                      : later[k] == N_CONNECT ? check_connect(&s, it)
                                              : check_experiment(&s, it)) &&
                     ok;
            }
        }
    if (!ok)
        return NULL;
    if (m->pops.n == 0) {
        const SrcFile *f = src_get(s.root);
        Span end = {s.root, (int)f->len, (int)f->len};
        diag_error(end, "the model has no population (a file of definitions is imported by a model, not built)");
        return NULL;
    }
    if (m->phases.n && !m->trial) {
        diag_error(((Phase *)m->phases.v[0])->decl->sp, "phases count trials: give the trial length, as in 'trial 3 s'");
        return NULL;
    }
    if (m->phases.n && m->time) {
        diag_error(m->time->sp, "with phases the simulated time is the sum of the trials; remove 'time'");
        return NULL;
    }
    for (int i = 0; i < m->reports.n; i++)
        if (((Report *)m->reports.v[i])->t0 && !m->trial) {
            diag_error(((Report *)m->reports.v[i])->t0->sp, "spikes are counted per trial: give the trial length, as in 'trial 3 s'");
            return NULL;
        }
    if (!check_constants(m))
        return NULL;
    for (int i = 0; i < m->params.n; i++) {
        Param *p = m->params.v[i];
        if (p->sym && p->sym->kind == SYM_GPARAM && p->sym->shapes_network)
            p->fixed = true;
    }
    return m;
}
