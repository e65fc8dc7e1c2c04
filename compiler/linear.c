/*
 * linear.c: linear forms of expressions.  Whether an expression is constant
 * during a run, and e written as a*x + b with neither a nor b mentioning x.
 * sema checks with them that modulator and rule equations have the linear
 * shape later passes need; ode.c and lower.c take the coefficients apart with
 * the same functions, so what sema accepted always decomposes.
 */
#include "ast.h"

#include <string.h>

static Node *mk(NodeKind k, int op, Node *a, Node *b)
{
    Node *n = ast_op(k, a->sp, op, b ? 2 : 1, a, b);
    n->ty = a->ty;
    return n;
}

Node *lin_num(double v) { return ast_num((Span){-1, 0, 0}, v, DIM_NONE, ""); }

/* Constant during the run: literals, parameters, dt. */
bool lin_is_const(const Node *e)
{
    if (!e)
        return true;
    switch (e->kind) {
    case N_NUM:
        return true;
    case N_NAME:
        if (!e->sym)
            return false;
        if (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_GPARAM)
            return true;
        return e->sym->kind == SYM_BUILTIN && strcmp(e->sym->name, "t") != 0;
    case N_CALL:
        if (strcmp(call_name(e)->name, "rand") == 0)
            return false;
        return lin_is_const(call_args(e));
    case N_ARG:
        return lin_is_const(arg_value(e));
    default:
        for (int i = 0; i < e->nkid; i++)
            if (!lin_is_const(e->kid[i]))
                return false;
        return true;
    }
}

static bool is_num(const Node *e, double v) { return e && e->kind == N_NUM && e->num == v; }
static bool is_neg_one(const Node *e) { return e && e->kind == N_UNARY && e->op == OP_SUB && is_num(unary_operand(e), 1); }

/* Builders that keep the generated expressions readable: 1*x -> x, -1*x -> -x. */
Node *lin_add(Node *a, Node *b) { return !a ? b : !b ? a : mk(N_BINARY, OP_ADD, a, b); }
static Node *neg(Node *a)
{
    if (!a)
        return NULL;
    if (a->kind == N_UNARY && a->op == OP_SUB)
        return unary_operand(a);
    return mk(N_UNARY, OP_SUB, a, NULL);
}
static Node *mul(Node *a, Node *b)
{
    if (is_num(a, 1))
        return b;
    if (is_num(b, 1))
        return a;
    if (is_neg_one(a))
        return neg(b);
    if (is_neg_one(b))
        return neg(a);
    return mk(N_BINARY, OP_MUL, a, b);
}

static bool match_sym(const Node *e, const void *x) { return e->kind == N_NAME && e->sym == x; }

static bool contains(const Node *e, LinMatch m, const void *x)
{
    if (!e)
        return false;
    if (m(e, x))
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (contains(e->kid[i], m, x))
            return true;
    return false;
}

/* Write e as a*x + b where neither a nor b mentions x ("m" decides what x
 * is).  Returns false when e is not affine in x.  NULL means zero. */
bool lin_affine(Node *e, LinMatch m, const void *x, Node **a, Node **b)
{
    if (!contains(e, m, x)) {
        *a = NULL;
        *b = e;
        return true;
    }
    if (m(e, x)) {
        *a = lin_num(1);
        *b = NULL;
        return true;
    }
    Node *a1, *b1, *a2, *b2;
    if (e->kind == N_UNARY && e->op == OP_SUB) {
        if (!lin_affine(unary_operand(e), m, x, &a1, &b1))
            return false;
        *a = neg(a1);
        *b = neg(b1);
        return true;
    }
    if (e->kind != N_BINARY)
        return false;
    Node *l = bin_lhs(e), *r = bin_rhs(e);
    switch (e->op) {
    case OP_ADD:
    case OP_SUB:
        if (!lin_affine(l, m, x, &a1, &b1) || !lin_affine(r, m, x, &a2, &b2))
            return false;
        if (e->op == OP_SUB) {
            a2 = neg(a2);
            b2 = neg(b2);
        }
        *a = lin_add(a1, a2);
        *b = lin_add(b1, b2);
        return true;
    case OP_MUL:
        if (!contains(l, m, x)) {
            if (!lin_affine(r, m, x, &a2, &b2))
                return false;
            *a = a2 ? mul(l, a2) : NULL;
            *b = b2 ? mul(l, b2) : NULL;
            return true;
        }
        if (!contains(r, m, x)) {
            if (!lin_affine(l, m, x, &a1, &b1))
                return false;
            *a = a1 ? mul(a1, r) : NULL;
            *b = b1 ? mul(b1, r) : NULL;
            return true;
        }
        return false;
    case OP_DIV:
        if (contains(r, m, x) || !lin_affine(l, m, x, &a1, &b1))
            return false;
        *a = a1 ? mk(N_BINARY, OP_DIV, a1, r) : NULL;
        *b = b1 ? mk(N_BINARY, OP_DIV, b1, r) : NULL;
        return true;
    default:
        return false;
    }
}

bool lin_affine_sym(Node *e, const Sym *x, Node **a, Node **b) { return lin_affine(e, match_sym, x, a, b); }

/* e as sum_j a_j xs_j + rest, every a_j constant; false when it is not. */
bool lin_in(Node *e, Sym **xs, int n, Node **a, Node **rest)
{
    for (int j = 0; j < n; j++) {
        Node *b;
        if (!lin_affine_sym(e, xs[j], &a[j], &b) || (a[j] && !lin_is_const(a[j])))
            return false;
        e = b;
    }
    *rest = e;
    return true;
}

/* Names a symbol of kind k. */
bool lin_mentions(const Node *e, SymKind k)
{
    if (!e)
        return false;
    if (e->kind == N_NAME && e->sym && e->sym->kind == k)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (lin_mentions(e->kid[i], k))
            return true;
    return false;
}

/* The states declared in a body, in order: the variables of its linear system. */
int lin_states(Node *body, Sym ***out)
{
    int n = 0;
    for (int i = 0; i < body->nkid; i++)
        n += body->kid[i]->kind == N_STATE;
    Sym **v = arena_alloc(sizeof(Sym *) * (size_t)(n ? n : 1));
    for (int i = 0, k = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_STATE)
            v[k++] = body->kid[i]->sym;
    *out = v;
    return n;
}

/* Whether a rule's body has equations; *wode its dw/dt, or NULL. */
bool lin_rule_equations(Node *body, Node **wode)
{
    bool any = false;
    *wode = NULL;
    for (int i = 0; i < body->nkid; i++)
        if (body->kid[i]->kind == N_ODE) {
            any = true;
            if (body->kid[i]->sym->kind == SYM_WEIGHT)
                *wode = body->kid[i];
        }
    return any;
}
