/*
 * sema_expr.c: expressions and their units.  Every expression gets a dimension
 * (units.c), is told apart as a value or a condition, and records what it
 * depends on (parameters, state, random draws, noise, time); where it stands
 * decides what it may contain (a Ctx: no draws in equations, no state in
 * parameters).  Also what is known at compile time: constant folding, the
 * whole counts that shape the network, and the source text of a node.
 */
#include "sema.h"

#include <math.h>
#include <string.h>

/* ---- checking an expression ---------------------------------------------- */

/* A plain number, perhaps negated, with no unit (a % is a unit). */
bool is_number_literal(const Node *e)
{
    if (e->kind == N_UNARY && e->op == OP_SUB)
        e = unary_operand(e);
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

const char *builtin_function(int i)
{
    return i >= 0 && (size_t)i < sizeof funcs / sizeof funcs[0] ? funcs[i].name : NULL;
}

static int find_func(const char *name)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool check_call(Node *e, Ctx *c)
{
    Node *callee = call_name(e), *args = call_args(e);
    int f = find_func(callee->name);
    if (f < 0) {
        Sym *y = scope_find(c->scope, callee->name);
        if (strcmp(callee->name, "file") == 0 && !y) {
            diag_error(e->sp, "file(...) cannot be used in %s", c->where);
            diag_note(e->sp, "only as the whole initial value of a population's state, as in 'state v = "
                             "file(\"v0.csv\", mV)', as the whole argument of a population's neuron, 'lif_cond(V_th = "
                             "file(\"v_th.csv\", mV))', and as a connection rule, 'rule: file(\"pairs.csv\")'");
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
        Node *a = list_at(args, i);
        if (arg_name(a)) {
            diag_error(arg_name(a)->sp, "'%s' takes positional arguments", callee->name);
            return false;
        }
        ok = check_expr(arg_value(a), c) && ok;
        a->ty = arg_value(a)->ty;
        a->dep = arg_value(a)->dep;
        e->dep |= a->dep;
    }
    if (!ok)
        return false;
    Node *k[3] = {NULL, NULL, NULL}; /* the arguments (N_ARG, with their value's type), by position */
    for (int i = 0; i < args->nkid && i < 3; i++)
        k[i] = list_at(args, i);
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
            diag_note(e->sp, "distributions are allowed in initial values, neuron arguments, weights and delays");
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
        if (y->kind == SYM_ALIAS && y->decl && alias_value(y->decl))
            e->dep |= alias_value(y->decl)->dep;
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
bool check_expr(Node *e, Ctx *c)
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
        Node *a = unary_operand(e);
        if (!check_expr(a, c))
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
        Node *test = cond_test(e), *then = cond_then(e), *other = cond_else(e);
        bool ok = check_expr(test, c) & check_expr(then, c) & check_expr(other, c);
        if (!ok)
            return false;
        if (!test->is_bool) {
            diag_error(test->sp, "the condition of '?:' must be a comparison");
            return false;
        }
        if (!dim_eq(then->ty, other->ty)) {
            mismatch(e, then, other, "choose between");
            return false;
        }
        e->ty = then->ty;
        e->dep = test->dep | then->dep | other->dep;
        return true;
    }
    case N_BOUNDED: {
        Node *draw = bounded_draw(e), *bounds[2] = {bounded_lo(e), bounded_hi(e)};
        bool ok = check_expr(draw, c) & check_expr(bounds[0], c) & check_expr(bounds[1], c);
        if (!ok)
            return false;
        if (!(draw->dep & DEP_RANDOM)) {
            diag_error(e->sp, "'in [lo, hi]' bounds a distribution, but this value is not random");
            return false;
        }
        for (int i = 0; i < 2; i++)
            if (!dim_eq(draw->ty, bounds[i]->ty)) {
                mismatch(e, draw, bounds[i], "bound");
                return false;
            }
        e->ty = draw->ty;
        e->dep = draw->dep | bounds[0]->dep | bounds[1]->dep;
        return true;
    }
    case N_BINARY: {
        Node *a = bin_lhs(e), *b = bin_rhs(e);
        bool ok = check_expr(a, c) & check_expr(b, c);
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
bool check_dim(Node *e, Ctx *c, const Dim *want, const char *what)
{
    if (!check_expr(e, c))
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

/* ---- values known at compile time ---------------------------------------- */

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
            return sema_const_eval(param_default(e->sym->decl), out);
        return false;
    case N_UNARY:
        if (e->op != OP_SUB || !sema_const_eval(unary_operand(e), &a))
            return false;
        *out = -a;
        return true;
    case N_BINARY:
        if (!sema_const_eval(bin_lhs(e), &a) || !sema_const_eval(bin_rhs(e), &b))
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
bool const_count(Node *e, Ctx *c, const char *what, int *out)
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

/* ---- reading expressions ------------------------------------------------- */

/* Whether e mentions the name n. */
/* The first use of the name n in e, or NULL. */
Node *uses_name(Node *e, const char *n)
{
    if (!e || (e->kind == N_NAME && strcmp(e->name, n) == 0))
        return e;
    for (int i = 0; i < e->nkid; i++) {
        Node *u = uses_name(e->kid[i], n);
        if (u)
            return u;
    }
    return NULL;
}

