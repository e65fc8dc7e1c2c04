/*
 * ast.c: syntax tree nodes and their stable text dump (snnc --dump-ast), which
 * the golden tests compare.  Nodes are generic: a kind, a span, children, and
 * a few literal fields; ast.h names each kind's children, sema (sema*.c) gives
 * them meaning.  Construction, depth and the dump treat every child alike.
 */
#include "snnc.h"

#include <stdarg.h>
#include <string.h>

static const char *kind_names[N__COUNT] = {
    [N_FILE] = "file", [N_IMPORT] = "import", [N_PARAM] = "param", [N_NEURON] = "neuron",
    [N_SYNAPSE] = "synapse", [N_PLASTICITY] = "plasticity", [N_MODULATOR] = "modulator",
    [N_MODINST] = "modulator-instance", [N_POPULATION] = "population", [N_CONNECT] = "connect",
    [N_EXPERIMENT] = "experiment", [N_STATE] = "state", [N_INPUT] = "input", [N_NOISE] = "noise",
    [N_ODE] = "ode", [N_THRESHOLD] = "threshold", [N_RESET] = "reset",
    [N_REFRACTORY] = "refractory", [N_ONSPIKE] = "on-spike", [N_OUTPUT] = "output",
    [N_METHOD] = "method", [N_ALIAS] = "alias", [N_ASSIGN] = "assign", [N_ON] = "on",
    [N_TRACE] = "trace", [N_BOUNDS] = "bounds", [N_FAMILY] = "family",
    [N_GRID] = "grid", [N_KV] = "kv", [N_SEED] = "seed", [N_DT] = "dt", [N_TIME] = "time",
    [N_RECORD] = "record", [N_REPORT] = "report", [N_GUARD] = "guard", [N_TARGET] = "target", [N_PHASE] = "phase", [N_TRIAL_RESET] = "trial_reset", [N_NUM] = "num",
    [N_STR] = "str", [N_NAME] = "name", [N_CALL] = "call", [N_ARG] = "arg", [N_UNARY] = "unary",
    [N_BINARY] = "binary", [N_COND] = "cond", [N_BOUNDED] = "bounded", [N_LIST] = "list",
};

const char *ast_kind_name(NodeKind k) { return kind_names[k]; }

const char *op_str(int op)
{
    switch (op) {
    case OP_LE: return "<=";
    case OP_GE: return ">=";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_AND: return "&&";
    case OP_OR: return "||";
    case OP_ADDEQ: return "+=";
    case OP_SUBEQ: return "-=";
    case OP_MULEQ: return "*=";
    case OP_ASSIGN: return "=";
    default: {
        static char b[2];
        b[0] = (char)op;
        return b;
    }
    }
}

static void deepen(Node *n, const Node *kid)
{
    if (!kid || kid->depth < n->depth)
        return;
    n->depth = kid->depth + 1;
    /* only expressions can nest without bound; the declarations around them add a few levels */
    if (n->depth == AST_MAX_DEPTH + 1 && n->kind >= N_NUM && n->kind != N_LIST)
        diag_error(n->sp, "expression nested too deeply (at most %d levels)", AST_MAX_DEPTH);
}

static Node *make(NodeKind k, Span sp, int op, int nkid, va_list ap)
{
    Node *n = arena_alloc(sizeof *n);
    n->kind = k;
    n->sp = sp;
    n->op = op;
    if (nkid)
        n->kid = arena_alloc(sizeof(Node *) * (size_t)nkid);
    for (int i = 0; i < nkid; i++)
        n->kid[i] = va_arg(ap, Node *);
    n->nkid = nkid;
    for (int i = 0; i < nkid; i++)
        deepen(n, n->kid[i]);
    /* declarations and assignments are named by their first child */
    if (nkid && n->kid[0] && n->kid[0]->kind == N_NAME && k != N_BINARY && k != N_UNARY)
        n->name = n->kid[0]->name;
    return n;
}

Node *ast_new(NodeKind k, Span sp, int nkid, ...)
{
    va_list ap;
    va_start(ap, nkid);
    Node *n = make(k, sp, 0, nkid, ap);
    va_end(ap);
    return n;
}

Node *ast_op(NodeKind k, Span sp, int op, int nkid, ...)
{
    va_list ap;
    va_start(ap, nkid);
    Node *n = make(k, sp, op, nkid, ap);
    va_end(ap);
    return n;
}

Node *ast_leaf(NodeKind k, Span sp, const char *name)
{
    Node *n = arena_alloc(sizeof *n);
    n->kind = k;
    n->sp = sp;
    n->name = name;
    return n;
}

Node *ast_num(Span sp, double v, Dim d, const char *spelling)
{
    Node *n = ast_leaf(N_NUM, sp, spelling);
    n->num = v;
    n->dim = d;
    return n;
}

Node *ast_list(Span sp) { return ast_leaf(N_LIST, sp, NULL); }

/* Lists grow by doubling; the child array is over-allocated in the arena. */
Node *ast_append(Node *list, Node *item)
{
    if ((list->nkid & (list->nkid - 1)) == 0) {
        int cap = list->nkid ? 2 * list->nkid : 1;
        Node **k = arena_alloc(sizeof(Node *) * (size_t)cap);
        if (list->nkid)
            memcpy(k, list->kid, sizeof(Node *) * (size_t)list->nkid);
        list->kid = k;
    }
    list->kid[list->nkid++] = item;
    deepen(list, item);
    if (item)
        list->sp = span_join(list->sp, item->sp);
    return list;
}

static void dump(FILE *o, const Node *n, int depth)
{
    fprintf(o, "%*s", 2 * depth, "");
    if (!n) {
        fprintf(o, "-\n");
        return;
    }
    int line = 0, col = 0;
    const SrcFile *f = src_get(n->sp.file);
    if (f)
        src_linecol(f, n->sp.lo, &line, &col);
    fprintf(o, "%s", kind_names[n->kind]);
    if (n->kind == N_BINARY || n->kind == N_UNARY || n->kind == N_ASSIGN)
        fprintf(o, " %s", op_str(n->op));
    if (n->kind == N_NUM)
        fprintf(o, " %.17g [%s] '%s'", n->num, dim_short(n->dim), n->name);
    else if (n->kind == N_STR)
        fprintf(o, " \"%s\"", n->name);
    else if (n->name && n->kind != N_ASSIGN)
        fprintf(o, " %s", n->name);
    fprintf(o, " @%d:%d\n", line, col);
    if (n->kind == N_NAME || n->kind == N_NUM || n->kind == N_STR)
        return;
    for (int i = 0; i < n->nkid; i++)
        dump(o, n->kid[i], depth + 1);
}

void ast_dump(FILE *o, const Node *n) { dump(o, n, 0); }

bool ast_calls(const Node *e, const char *fn)
{
    if (!e)
        return false;
    if (e->kind == N_CALL && strcmp(e->kid[0]->name, fn) == 0)
        return true;
    for (int i = 0; i < e->nkid; i++)
        if (ast_calls(e->kid[i], fn))
            return true;
    return false;
}

/* The source text of a node, for labels and messages. */
const char *node_text(Node *n)
{
    const SrcFile *f = src_get(n->sp.file);
    return arena_strndup(f->text + n->sp.lo, (size_t)(n->sp.hi - n->sp.lo));
}
