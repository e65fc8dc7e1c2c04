/*
 * linsys.c: the one linear-system type of the lowered form (ir.h), shared by a
 * neuron's exact block, modulators and plasticity rules.
 */
#include "ir.h"

static void *rows(int n, size_t each)
{
    return arena_alloc(each * (size_t)(n ? n : 1));
}

LinSys *linsys_new(int n, Sym **x)
{
    LinSys *s = arena_alloc(sizeof *s);
    s->n = n;
    s->x = x;
    s->A = rows(n, sizeof(Node **));
    s->reach = rows(n, sizeof(bool *));
    for (int i = 0; i < n; i++) {
        s->A[i] = rows(n, sizeof(Node *));
        s->reach[i] = rows(n, sizeof(bool));
    }
    s->b = rows(n, sizeof(Node *));
    s->gain = rows(n, sizeof(Node *));
    s->out = rows(n + 1, sizeof(Node *));
    s->out_mod = rows(n, sizeof(Node *));
    return s;
}

/* Entry (i,j) of exp(A dt) can be non-zero only if j reaches i through
 * non-zero entries of A (or i == j): the transitive closure of A's pattern. */
void linsys_reach(LinSys *s)
{
    int n = s->n;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s->reach[i][j] = s->A[i][j] != NULL || i == j;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (s->reach[i][k] && s->reach[k][j])
                    s->reach[i][j] = true;
}
