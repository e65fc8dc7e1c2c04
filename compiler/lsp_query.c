/*
 * lsp_query.c: an editor's questions about a position, answered from one run
 * of the front end (lsp_check.c).  The position is found in the document's
 * tree as a trail of nodes from the file down to the innermost one around it;
 * a name there means what sema bound it to, or else what the scopes around it
 * (or, when sema stopped before them, the files' top-level items) declare
 * under it.  Nothing here reports or changes anything: a model with errors is
 * asked what was checked before them.
 *
 *   hover       an expression's dimension and unit; a definition's parameters
 *               with their defaults; a parameter's declared value and unit
 *   definition  the name where it is declared, in whichever file (stdlib too)
 *   completion  units after a number; a definition's parameters inside its
 *               call; otherwise keywords, built-ins and the names in scope
 */
#include "ast.h"
#include "lsp.h"

#include <string.h>

/* ---- where a position is --------------------------------------------------- */

enum { TRAIL_MAX = AST_MAX_DEPTH + 32 };
typedef struct {
    Node *v[TRAIL_MAX];   /* from the file node down */
    int n;
} Trail;

static Node *doc_root(const Analysis *a)
{
    if (!a->m)
        return NULL;
    for (int i = 0; i < a->m->files.n; i++) {
        Node *f = a->m->files.v[i];
        if (f->sp.file == a->file)
            return f;
    }
    return NULL;
}

/* Depth first, the first child around off before its parent: spans of lists
 * need not cover their items, so every child is visited. */
static bool locate(Node *n, int file, int off, Trail *t)
{
    if (!n || t->n == TRAIL_MAX)
        return false;
    t->v[t->n++] = n;
    for (int i = 0; i < n->nkid; i++)
        if (locate(n->kid[i], file, off, t))
            return true;
    if (n->sp.file == file && n->sp.lo <= off && off < n->sp.hi)
        return true;
    t->n--;
    return false;
}

static bool is_leaf(const Node *n) { return n->kind == N_NAME || n->kind == N_NUM || n->kind == N_STR; }

/* The trail to the innermost node at off, or to a name or number that ends
 * there (the cursor just after the word); false if there is none. */
static bool trail_at(const Analysis *a, int off, Trail *t)
{
    Node *root = doc_root(a);
    if (!root)
        return false;
    t->n = 0;
    bool here = locate(root, a->file, off, t) && t->n > 1;
    if (here && is_leaf(t->v[t->n - 1]))
        return true;
    static Trail before; /* big: not on the stack */
    before.n = 0;
    if (off > 0 && locate(root, a->file, off - 1, &before) && before.n > 1 && is_leaf(before.v[before.n - 1])) {
        *t = before;
        return true;
    }
    return here;
}

static Node *parent(const Trail *t, int up) { return t->n - 1 - up >= 0 ? t->v[t->n - 1 - up] : NULL; }

/* ---- what a name means -------------------------------------------------------- */

/* A declaration: sema's symbol, when it got that far, and the declaring node. */
typedef struct {
    Sym *sym;
    Node *decl;           /* NULL for built-ins */
    Node *owner;          /* the definition a parameter belongs to, the population of a family */
} Target;

/* The top-level item of any loaded file that declares name. */
static Node *top_decl(const Analysis *a, const char *name)
{
    for (int f = 0; f < a->m->files.n; f++) {
        Node *items = file_items(a->m->files.v[f]);
        for (int i = 0; i < items->nkid; i++) {
            Node *it = list_at(items, i);
            Node *nm = is_def(it) ? def_name(it)
                       : it->kind == N_PARAM      ? param_name(it)
                       : it->kind == N_POPULATION ? population_name(it)
                       : it->kind == N_MODINST    ? modinst_name(it)
                                                  : NULL;
            if (nm && strcmp(nm->name, name) == 0)
                return it;
        }
    }
    return NULL;
}

/* The formal parameter name of definition def, or NULL. */
static Node *formal(Node *def, const char *name)
{
    Node *ps = def_params(def);
    for (int i = 0; i < ps->nkid; i++)
        if (strcmp(param_name(list_at(ps, i))->name, name) == 0)
            return list_at(ps, i);
    return NULL;
}

static Scope *scope_around(const Analysis *a, const Trail *t)
{
    for (int i = t->n - 1; i >= 0; i--)
        if (is_def(t->v[i]) && t->v[i]->scope)
            return t->v[i]->scope;
    return a->m->globals;
}

static Target from_sym(Sym *y)
{
    Target r = {y, y ? y->decl : NULL, y ? y->owner : NULL};
    return r;
}

/* The definition called name ('lif_cond' in 'lif_cond(C_m = 200 pF)'). */
static Node *def_named(const Analysis *a, const char *name)
{
    Sym *y = scope_find(a->m->globals, name);
    Node *d = y && y->decl && is_def(y->decl) ? y->decl : top_decl(a, name);
    return d && is_def(d) ? d : NULL;
}

/* The family name of population pop, or NULL. */
static Node *family_in(Node *pop, const char *name)
{
    Node *opts = population_opts(pop);
    for (int i = 0; i < opts->nkid; i++) {
        Node *o = list_at(opts, i);
        for (int k = 0; o->kind == N_LIST && k < o->nkid; k++)
            if (list_at(o, k)->kind == N_FAMILY && strcmp(family_name(list_at(o, k))->name, name) == 0)
                return list_at(o, k);
    }
    return NULL;
}

/* What name means in the neuron of the population an endpoint names ('g_e'
 * in 'port: g_e', 'v' in 'record v of net'). */
static Target in_target_neuron(const Analysis *a, Node *target, const char *name)
{
    Target r = {0};
    Node *pop = target && target->kind == N_TARGET ? top_decl(a, target_pop(target)->name) : NULL;
    Node *def = pop && pop->kind == N_POPULATION ? def_named(a, call_name(population_type(pop))->name) : NULL;
    Sym *y = def && def->scope ? scope_find_local(def->scope, name) : NULL;
    if (y)
        r = from_sym(y);
    return r;
}

/* The endpoint whose neuron the names of an item mean: a connection's target,
 * the first population recorded or guarded. */
static Node *item_target(const Trail *t)
{
    for (int i = t->n - 1; i >= 0; i--) {
        Node *x = t->v[i];
        if (x->kind == N_CONNECT)
            return connect_post(x);
        Node *ts = x->kind == N_RECORD ? record_targets(x) : x->kind == N_GUARD ? guard_targets(x) : NULL;
        if (ts && ts->nkid)
            return list_at(ts, 0);
    }
    return NULL;
}

/* The node kinds whose first child is the name they declare. */
static bool declares(const Node *d)
{
    return is_def(d) || d->kind == N_PARAM || d->kind == N_STATE || d->kind == N_INPUT || d->kind == N_ALIAS ||
           d->kind == N_TRACE || d->kind == N_POPULATION || d->kind == N_MODINST || d->kind == N_FAMILY ||
           d->kind == N_CONNECT;
}

/* What the name at the end of the trail declares or refers to. */
static Target target_of(const Analysis *a, const Trail *t)
{
    Node *n = parent(t, 0), *arg = parent(t, 1), *call = parent(t, 3);
    Target none = {0};
    if (n->kind != N_NAME || !n->name)
        return none;
    /* the parameter an argument names: 'C_m' in 'lif_cond(C_m = 200 pF)' */
    if (arg && arg->kind == N_ARG && arg_name(arg) == n && call && call->kind == N_CALL) {
        Node *def = def_named(a, call_name(call)->name);
        Node *p = def ? formal(def, n->name) : NULL;
        if (!p)
            return none;
        Target r = {def->scope ? scope_find_local(def->scope, n->name) : NULL, p, def};
        return r;
    }
    /* 'exc' in 'net.exc': a family of the population */
    if (arg && arg->kind == N_TARGET && target_family(arg) == n) {
        Node *pop = top_decl(a, target_pop(arg)->name);
        Target r = {NULL, pop && pop->kind == N_POPULATION ? family_in(pop, n->name) : NULL, pop};
        return r;
    }
    /* 'state v = ...' in a population: the neuron's state */
    Node *pop = parent(t, 3);
    if (arg && arg->kind == N_STATE && state_name(arg) == n && pop && pop->kind == N_POPULATION) {
        Node *def = def_named(a, call_name(population_type(pop))->name);
        Sym *y = def && def->scope ? scope_find_local(def->scope, n->name) : NULL;
        return y ? from_sym(y) : none;
    }
    /* a declaration itself: the name of a definition, parameter, state, ... */
    if (arg && declares(arg) && arg->kid[0] == n) {
        Sym *y = n->sym;
        Node *owner = NULL;
        for (int i = t->n - 2; i >= 0 && !owner; i--)
            if ((is_def(t->v[i]) || t->v[i]->kind == N_POPULATION) && t->v[i] != arg)
                owner = t->v[i];
        if (!y && owner && is_def(owner) && owner->scope)
            y = scope_find_local(owner->scope, n->name);
        if (!y && !owner)
            y = scope_find_local(a->m->globals, n->name);
        Target r = {y && y->decl == arg ? y : NULL, arg, owner};
        return r;
    }
    if (n->sym)
        return from_sym(n->sym);
    Sym *y = scope_find(scope_around(a, t), n->name);
    if (y)
        return from_sym(y);
    Target r = {NULL, top_decl(a, n->name), NULL};
    return r.decl ? r : in_target_neuron(a, item_target(t), n->name);
}

/* The name node a declaration is known by, for its span. */
static Node *decl_name(const Target *r)
{
    Node *d = r->decl;
    if (!d)
        return NULL;
    if (d->kind == N_NAME)
        return d;
    const char *name = r->sym ? r->sym->name : NULL;
    if (d->nkid && d->kid[0] && d->kid[0]->kind == N_NAME && (!name || strcmp(d->kid[0]->name, name) == 0))
        return d->kid[0];
    return d;
}

/* ---- hover ------------------------------------------------------------------ */

/* "voltage (mV)", as the unit checker names a dimension */
static const char *dim_text(Dim d)
{
    if (dim_is_none(d))
        return "dimensionless";
    double scale;
    const char *u = dim_unit(d, &scale);
    return u ? arena_printf("%s (%s)", dim_short(d), u) : dim_short(d);
}

/* Whether sema got to e: its names are bound and its literals typed. */
static bool checked(const Node *e)
{
    if (!e)
        return true;
    if (e->kind == N_NAME)
        return e->sym != NULL;
    if (e->kind == N_NUM)
        return dim_eq(e->ty, e->dim);
    for (int i = 0; i < e->nkid; i++)
        if (!(e->kind == N_CALL && i == 0) && !checked(e->kid[i]))
            return false;
    return true;
}

static bool is_expr(const Node *e)
{
    return e->kind == N_NUM || e->kind == N_NAME || e->kind == N_CALL || e->kind == N_UNARY ||
           e->kind == N_BINARY || e->kind == N_COND || e->kind == N_BOUNDED;
}

static const char *def_keyword(const Node *d)
{
    return d->kind == N_NEURON       ? "neuron"
           : d->kind == N_SYNAPSE    ? "synapse"
           : d->kind == N_PLASTICITY ? "plasticity"
                                     : "modulator";
}

/* The '//' comment lines right above a node (the stdlib documents its
 * definitions that way), or "". */
static const char *comment_above(const Node *d)
{
    const SrcFile *f = src_get(d->sp.file);
    int line, col;
    src_linecol(f, d->sp.lo, &line, &col);
    int first = line - 1; /* 0-based lines [first, line - 1) are the comment */
    while (first > 0) {
        const char *p = f->text + f->line_start[first - 1];
        while (*p == ' ' || *p == '\t')
            p++;
        if (p[0] != '/' || p[1] != '/')
            break;
        first--;
    }
    if (first == line - 1)
        return "";
    const char *out = "";
    for (int l = first; l < line - 1; l++) {
        const char *p = f->text + f->line_start[l];
        while (*p == ' ' || *p == '\t' || *p == '/')
            p++;
        const char *e = strchr(p, '\n');
        out = arena_printf("%s%.*s\n", out, e ? (int)(e - p) : (int)strlen(p), p);
    }
    return out;
}

/* A formal parameter: its default and its dimension, as far as they are known. */
static const char *formal_text(Node *p, Scope *sc)
{
    Sym *y = sc ? scope_find_local(sc, param_name(p)->name) : NULL;
    const char *s = param_name(p)->name;
    if (param_type(p))
        s = arena_printf("%s : %s", s, param_type(p)->name);
    if (param_default(p))
        s = arena_printf("%s = %s", s, node_text(param_default(p)));
    if (y && y->kind != SYM_MODPARAM)
        s = arena_printf("%-24s // %s", s, dim_text(y->dim));
    return s;
}

static const char *describe_def(Node *d)
{
    const char *s = arena_printf("```snn\n%s %s(\n", def_keyword(d), def_name(d)->name);
    Node *ps = def_params(d);
    for (int i = 0; i < ps->nkid; i++)
        s = arena_printf("%s    %s\n", s, formal_text(list_at(ps, i), d->scope));
    s = arena_printf("%s)", s);
    if (has_weight_dim(d))
        s = arena_printf("%s : %s", s, def_weight_dim(d)->name);
    return arena_printf("%s\n```\n%s\ndefined in %s", s, comment_above(d), src_get(d->sp.file)->path);
}

static const char *describe(const Target *r)
{
    Node *d = r->decl;
    Sym *y = r->sym;
    if (d && is_def(d))
        return describe_def(d);
    if (d && d->kind == N_PARAM) {
        const char *of = "";
        if (r->owner && is_def(r->owner))
            of = arena_printf(" of %s `%s`", def_keyword(r->owner), def_name(r->owner)->name);
        const char *v = param_default(d) ? arena_printf(" = %s", node_text(param_default(d))) : "";
        const char *dim = y ? arena_printf(": %s", dim_text(y->dim)) : "";
        return arena_printf("parameter `%s`%s%s%s", param_name(d)->name, of, v, dim);
    }
    if (d && d->kind == N_FAMILY && r->owner && r->owner->kind == N_POPULATION)
        return arena_printf("family `%s` of population `%s`: %s", family_name(d)->name, population_name(r->owner)->name,
                            node_text(family_size(d)));
    if (d && d->kind == N_POPULATION)
        return arena_printf("population `%s` = %s %s", population_name(d)->name, node_text(population_size(d)),
                            call_name(population_type(d))->name);
    if (!y)
        return NULL;
    return arena_printf("%s `%s`: %s", sym_what(y->kind), y->name, dim_text(y->dim));
}

json_object *lsp_hover(Analysis *a, int off)
{
    Trail t;
    if (!trail_at(a, off, &t))
        return NULL;
    Node *n = parent(&t, 0);
    const char *text = NULL;
    if (n->kind == N_NAME) {
        Target r = target_of(a, &t);
        text = describe(&r);
        Node *up = parent(&t, 1);
        if (!text && up && up->kind == N_CALL && call_name(up) == n) /* exp in exp(x): the call's value */
            n = up;
    }
    if (!text && is_expr(n) && checked(n) && n->kind != N_NAME)
        text = arena_printf("`%s`: %s", node_text(n), n->is_bool ? "a condition" : dim_text(n->ty));
    if (!text)
        return NULL;
    json_object *h = json_object_new_object(), *c = json_object_new_object();
    json_object_object_add(c, "kind", json_object_new_string("markdown"));
    json_object_object_add(c, "value", json_object_new_string(text));
    json_object_object_add(h, "contents", c);
    json_object_object_add(h, "range", lsp_range(n->sp));
    return h;
}

/* ---- definition ---------------------------------------------------------------- */

/* The file an import loaded: named as imported (stdlib), or ending in it. */
static int imported_file(const char *name)
{
    size_t n = strlen(name);
    for (int id = 0; src_get(id); id++) {
        const char *p = src_get(id)->path;
        size_t pl = strlen(p);
        if (strcmp(p, name) == 0 || (pl > n && p[pl - n - 1] == '/' && strcmp(p + pl - n, name) == 0))
            return id;
    }
    return -1;
}

json_object *lsp_definition(Analysis *a, int off)
{
    Trail t;
    if (!trail_at(a, off, &t))
        return NULL;
    Node *n = parent(&t, 0), *up = parent(&t, 1);
    if (n->kind == N_STR && up && up->kind == N_IMPORT) {
        int id = imported_file(n->name);
        return id >= 0 ? lsp_location(a, (Span){id, 0, 0}) : NULL;
    }
    Target r = target_of(a, &t);
    Node *nm = decl_name(&r);
    return nm ? lsp_location(a, nm->sp) : NULL;
}

/* ---- completion ----------------------------------------------------------------- */

/* LSP's CompletionItemKind */
enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_CLASS = 7, CK_PROPERTY = 10, CK_UNIT = 11,
       CK_KEYWORD = 14, CK_CONSTANT = 21 };

typedef struct {
    json_object *items;
    Vec seen;             /* labels already offered */
} Items;

static void add_item(Items *it, const char *label, int kind, const char *detail)
{
    for (int i = 0; i < it->seen.n; i++)
        if (strcmp(it->seen.v[i], label) == 0)
            return;
    vec_push(&it->seen, (void *)label);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "label", json_object_new_string(label));
    json_object_object_add(o, "kind", json_object_new_int(kind));
    if (detail)
        json_object_object_add(o, "detail", json_object_new_string(detail));
    json_object_array_add(it->items, o);
}

static void add_unit(void *it, const char *sym) { add_item(it, sym, CK_UNIT, NULL); }

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The word being typed starts at the returned offset. */
static int word_start(const char *text, int off)
{
    while (off > 0 && ident_char(text[off - 1]))
        off--;
    return off;
}

/* A number ends before the word being typed: '5 m|' wants a unit. */
static bool after_number(const char *text, int off)
{
    int p = word_start(text, off);
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
        p--;
    if (p == 0 || !((text[p - 1] >= '0' && text[p - 1] <= '9') || text[p - 1] == '.'))
        return false;
    int q = p;
    while (q > 0 && (ident_char(text[q - 1]) || text[q - 1] == '.'))
        q--;
    return text[q] >= '0' && text[q] <= '9'; /* the token is a number, not a name like x2 */
}

/* The name before the innermost '(' still open at off, if the argument being
 * typed has no '=' yet (then a parameter's name is wanted); NULL otherwise. */
static const char *open_call(const char *text, int off)
{
    enum { LOOK_BACK = 4000 };
    int depth = 0;
    bool value = false, settled = false; /* settled: back past the start of the argument being typed */
    for (int p = off - 1; p >= 0 && p > off - LOOK_BACK; p--) {
        char c = text[p];
        if (c == ')' || c == ']')
            depth++;
        else if ((c == '(' || c == '[') && depth > 0)
            depth--;
        else if (c == '(' && depth == 0) {
            int e = p;
            while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t'))
                e--;
            int s = word_start(text, e);
            return s < e && !value ? arena_strndup(text + s, (size_t)(e - s)) : NULL;
        } else if (depth == 0 && (c == '{' || c == '}' || c == '['))
            return NULL;
        else if (depth == 0 && !settled && c == '=' && p > 0 && !strchr("=!<>", text[p - 1]) && text[p + 1] != '=')
            value = true;
        else if (depth == 0 && c == ',') {
            if (value)
                return NULL;
            settled = true; /* an earlier argument's '=' is not ours */
        }
    }
    return NULL;
}

/* The names a definition's body declares, and its parameters. */
static void add_def_names(Items *it, Node *d)
{
    Node *ps = def_params(d);
    for (int i = 0; i < ps->nkid; i++) {
        Node *p = list_at(ps, i);
        add_item(it, param_name(p)->name, CK_FIELD,
                 param_default(p) ? arena_printf("parameter = %s", node_text(param_default(p))) : "parameter");
    }
    Node *b = def_body(d);
    for (int i = 0; i < b->nkid; i++) {
        Node *st = list_at(b, i);
        static const char *what[N__COUNT] = {[N_STATE] = "state variable", [N_INPUT] = "input",
                                             [N_ALIAS] = "expression", [N_TRACE] = "trace"};
        if (what[st->kind])
            add_item(it, st->kid[0]->name, CK_PROPERTY, what[st->kind]);
        else if (st->kind == N_NOISE)
            for (int k = 0; k < noise_names(st)->nkid; k++)
                add_item(it, list_at(noise_names(st), k)->name, CK_PROPERTY, "noise source");
    }
    if (has_weight_dim(d))
        add_item(it, "w", CK_PROPERTY, "weight");
}

static void add_globals(Items *it, const Analysis *a)
{
    for (int f = 0; f < a->m->files.n; f++) {
        Node *items = file_items(a->m->files.v[f]);
        for (int i = 0; i < items->nkid; i++) {
            Node *x = list_at(items, i);
            if (is_def(x))
                add_item(it, def_name(x)->name, CK_CLASS,
                         arena_printf("%s (%s)", def_keyword(x), src_get(x->sp.file)->path));
            else if (x->kind == N_PARAM)
                add_item(it, param_name(x)->name, CK_CONSTANT, arena_printf("param = %s", node_text(param_default(x))));
            else if (x->kind == N_POPULATION)
                add_item(it, population_name(x)->name, CK_VARIABLE,
                         arena_printf("population = %s %s", node_text(population_size(x)),
                                      call_name(population_type(x))->name));
            else if (x->kind == N_MODINST)
                add_item(it, modinst_name(x)->name, CK_VARIABLE, "modulator");
        }
    }
}

json_object *lsp_completion(Analysis *a, const char *text, int off)
{
    Items it = {json_object_new_array(), {0}};
    if (after_number(text, off)) /* '5 m': a unit; '= 100 li': a neuron (names follow) */
        unit_each(add_unit, &it, false);
    const char *callee = open_call(text, off);
    Node *def = callee && a->m ? def_named(a, callee) : NULL;
    if (def) {
        Node *ps = def_params(def);
        for (int i = 0; i < ps->nkid; i++)
            add_item(&it, param_name(list_at(ps, i))->name, CK_FIELD, formal_text(list_at(ps, i), def->scope));
        return it.items;
    }
    Node *root = doc_root(a);
    if (root) {
        Node *items = file_items(root);
        for (int i = 0; i < items->nkid; i++) {
            Node *x = list_at(items, i);
            if (is_def(x) && x->sp.lo <= off && off <= x->sp.hi)
                add_def_names(&it, x);
        }
    }
    if (a->m) {
        add_globals(&it, a);
        Vec *g = &a->m->globals->syms;
        for (int i = 0; i < g->n; i++)
            if (((Sym *)g->v[i])->kind == SYM_BUILTIN)
                add_item(&it, ((Sym *)g->v[i])->name, CK_CONSTANT, "built-in");
    }
    for (int i = 0; builtin_function(i); i++)
        add_item(&it, builtin_function(i), CK_FUNCTION, "function");
    for (int i = 0; parse_keyword(i); i++)
        add_item(&it, parse_keyword(i), CK_KEYWORD, NULL);
    return it.items;
}

bool lsp_parsed(const Analysis *a) { return doc_root(a) != NULL; }
