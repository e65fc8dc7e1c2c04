/*
 * arena.c: compiler memory.  Everything the compiler allocates lives until the
 * compilation ends, so one bump region freed once is simpler and faster than
 * per-node ownership.
 */
#include "snnc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct Block {
    struct Block *next;
    size_t used, cap;
    max_align_t data[];
} Block;

static Block *head;

void *arena_alloc(size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    if (!head || head->used + n > head->cap) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        Block *b = malloc(sizeof(Block) + cap);
        if (!b) {
            fprintf(stderr, "snnc: out of memory\n");
            exit(EXIT_INTERNAL);
        }
        b->next = head;
        b->used = 0;
        b->cap = cap;
        head = b;
    }
    void *p = (char *)head->data + head->used;
    head->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(const char *s, size_t n)
{
    char *p = arena_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(const char *s) { return arena_strndup(s, strlen(s)); }

/* Formats into a stack buffer first: most results fit, and gcc 12 with
 * -fsanitize=undefined misreads the usual vsnprintf(NULL, 0, ...) sizing call
 * as a null format (-Wformat-truncation). */
char *arena_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) { /* not through diag.c, which formats its messages here */
        fprintf(stderr, "snnc: internal error: cannot format '%s'\n", fmt);
        exit(EXIT_INTERNAL);
    }
    char *p = arena_alloc((size_t)n + 1);
    if ((size_t)n < sizeof buf) {
        memcpy(p, buf, (size_t)n + 1);
        return p;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free_all(void)
{
    while (head) {
        Block *n = head->next;
        free(head);
        head = n;
    }
}

void vec_push(Vec *a, void *p)
{
    if (a->n == a->cap) {
        int cap = a->cap ? 2 * a->cap : 8;
        void **v = arena_alloc(sizeof(void *) * (size_t)cap);
        if (a->n)
            memcpy(v, a->v, sizeof(void *) * (size_t)a->n);
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = p;
}
