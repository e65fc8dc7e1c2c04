/*
 * sema_scope.c: scopes and the names in them.  A scope is a list of symbols
 * with a parent (a definition's scope hangs below the globals); lookup walks
 * outwards.  Declaring checks the clashes every kind of name shares (a second
 * definition, a unit symbol), and when a lookup fails the same scopes supply
 * the candidates for "did you mean" (diag.c decides which one is close enough).
 */
#include "sema.h"

#include <string.h>

/* ---- scopes and declarations --------------------------------------------- */

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

const char *sym_what(SymKind k)
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
Sym *declare(Scope *s, SymKind k, Node *name, Node *decl)
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

/* ---- suggestions: the name a misspelt one probably meant ----------------- */

/* Offers the names of kind k visible from s (inner scopes first). */
void offer_kind(Suggest *g, Scope *s, SymKind k)
{
    for (; s; s = s->parent)
        for (int i = 0; i < s->syms.n; i++) {
            Sym *y = s->syms.v[i];
            if (y->kind == k)
                suggest_offer(g, y->name);
        }
}

/* Offers the names declared in s itself whose kind is one of ks (n of them). */
void offer_local(Suggest *g, Scope *s, const SymKind *ks, int n)
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
void offer_values(Suggest *g, Scope *s)
{
    static const SymKind values[] = {SYM_GPARAM, SYM_PARAM,   SYM_STATE, SYM_PORT,    SYM_NOISE,
                                     SYM_ALIAS,  SYM_BUILTIN, SYM_WEIGHT, SYM_TRACE, SYM_MODPARAM};
    for (; s; s = s->parent)
        offer_local(g, s, values, (int)(sizeof values / sizeof values[0]));
    if (strlen(g->wrong) > 1)
        unit_suggest(g, true);
}

/* "; did you mean 'x'?" for a state of the definition whose scope is s, or "" */
const char *misspelt_state(Scope *s, const char *name)
{
    static const SymKind states[] = {SYM_STATE};
    Suggest g;
    suggest_init(&g, name);
    offer_local(&g, s, states, 1);
    return did_you_mean(&g);
}

/* "unknown dimension 'X'", naming the one probably meant or else all of them */
void unknown_dimension(Node *n)
{
    Suggest g;
    suggest_init(&g, n->name);
    dim_suggest(&g);
    if (suggest_best(&g))
        diag_error(n->sp, "unknown dimension '%s'%s", n->name, did_you_mean(&g));
    else
        diag_error(n->sp, "unknown dimension '%s' (one of: %s)", n->name, dim_names_list());
    if (strcmp(n->name, "weight") == 0)
        diag_note(n->sp, "'weight' names the dimension of w in a plasticity rule, and a rule declared ': weight' is "
                         "generic: each use takes the weight of its synapse kernel");
}
