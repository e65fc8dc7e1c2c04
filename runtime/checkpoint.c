/*
 * checkpoint.c - a run's complete state in one file, and back.
 *
 * The same code writes and reads: the driver and the generated model list
 * their state as named blocks (snn_ckpt_fixed for a block of known size,
 * snn_ckpt_array for one that grows), and a snn_ckpt either writes each block
 * or reads it back in place, checking that its name and size are the ones
 * stored.  A block that does not match means another model or a damaged file,
 * which is refused, never half-loaded into a run.
 *
 * File: "SNNCKPT" and a format byte, then blocks (u32 name length, name, u64
 * size, data), then the FNV-1a hash of everything before it.  Written under a
 * temporary name, flushed and renamed (outdir.c), so that a kill while writing
 * leaves the previous checkpoint.  Read in two passes: the hash is checked
 * over the whole file before anything is loaded.
 */
#include "internal.h"

#include <errno.h>

static const char MAGIC[8] = {'S', 'N', 'N', 'C', 'K', 'P', 'T', 1};

struct snn_ckpt {
    FILE *f;
    bool writing;
    uint64_t hash;
    const char *path;
    char tmp[SNN_PATH_MAX];
    char err[768];
};

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * 0x100000001b3ull;
}

static void fail(snn_ckpt *k, const char *fmt, const char *a, uint64_t x, uint64_t y)
{
    if (!k->err[0])
        snprintf(k->err, sizeof k->err, fmt, a, (unsigned long long)x, (unsigned long long)y);
}

static bool put(snn_ckpt *k, const void *p, size_t n)
{
    if (k->err[0])
        return false;
    fnv(&k->hash, p, n);
    if (n && fwrite(p, 1, n, k->f) != n) {
        fail(k, "cannot write the checkpoint: %s", strerror(errno), 0, 0);
        return false;
    }
    return true;
}

static bool get(snn_ckpt *k, void *p, size_t n)
{
    if (k->err[0])
        return false;
    if (n && fread(p, 1, n, k->f) != n) {
        fail(k, "the checkpoint is truncated%s", "", 0, 0);
        return false;
    }
    fnv(&k->hash, p, n);
    return true;
}

/* The head of a block: written, or read and compared with what is expected. */
static bool head(snn_ckpt *k, const char *name, uint64_t *size, bool any_size)
{
    uint32_t len = (uint32_t)strlen(name);
    if (k->writing)
        return put(k, &len, sizeof len) && put(k, name, len) && put(k, size, sizeof *size);
    uint32_t l2;
    char got[256];
    uint64_t s2;
    if (!get(k, &l2, sizeof l2))
        return false;
    if (l2 >= sizeof got || !get(k, got, l2) || !get(k, &s2, sizeof s2)) {
        fail(k, "the checkpoint does not hold '%s' where expected: it is of another model or damaged", name, 0, 0);
        return false;
    }
    got[l2] = 0;
    if (strcmp(got, name) != 0 || (!any_size && s2 != *size)) {
        fail(k, "the checkpoint holds another state than this model's ('%s', %llu bytes, where %llu are expected): "
                "it is of another model or damaged", name, s2, *size);
        return false;
    }
    *size = s2;
    return true;
}

void snn_ckpt_fixed(snn_ckpt *k, const char *name, void *p, size_t bytes)
{
    uint64_t size = bytes;
    if (head(k, name, &size, false))
        k->writing ? put(k, p, bytes) : get(k, p, bytes);
}

void snn_ckpt_copies(snn_ckpt *k, const char *name, void *p, size_t bytes, int copies)
{
    snn_ckpt_fixed(k, name, p, bytes);
    if (!k->writing) /* every thread's copy is the same: written once, read into each */
        for (int c = 1; c < copies; c++)
            memcpy((char *)p + (size_t)c * bytes, p, bytes);
}

void snn_ckpt_array(snn_ckpt *k, const char *name, void **p, size_t elem, uint64_t *n)
{
    uint64_t size = *n * elem;
    if (!head(k, name, &size, true))
        return;
    if (k->writing) {
        put(k, *p, size);
        return;
    }
    if (size % elem || size / elem > SIZE_MAX / elem) {
        fail(k, "the checkpoint's block '%s' has a size (%llu bytes) that is not a whole number of elements", name,
             size, 0);
        return;
    }
    void *q = realloc(*p, size ? size : 1);
    if (!q) {
        fail(k, "out of memory while reading the checkpoint's '%s'", name, 0, 0);
        return;
    }
    *p = q;
    *n = size / elem;
    get(k, q, size);
}

void snn_ckpt_mod(snn_ckpt *k, const char *name, snn_mod *m)
{
    char b[200];
    snprintf(b, sizeof b, "%s.y", name);
    snn_ckpt_fixed(k, b, m->y, sizeof(double) * (size_t)m->ny);
    uint64_t n = m->n, ny = m->n * (uint64_t)m->ny;
    snprintf(b, sizeof b, "%s.history_steps", name);
    snn_ckpt_array(k, b, (void **)&m->ev_step, sizeof(int64_t), &n);
    snprintf(b, sizeof b, "%s.history_states", name);
    snn_ckpt_array(k, b, (void **)&m->ev_y, sizeof(double), &ny);
    if (!k->writing && !k->err[0]) {
        if (ny != n * (uint64_t)m->ny)
            fail(k, "the checkpoint's history of '%s' is inconsistent", name, 0, 0);
        m->n = m->cap = n;
    }
}

void snn_ckpt_lzg(snn_ckpt *k, const char *name, snn_lzg *g, const snn_lazy *L)
{
    char b[200];
    const size_t nx = (size_t)L->nx, tab = (size_t)(g->len + 1) * (nx + nx * nx) * sizeof(double);
    snprintf(b, sizeof b, "%s.running", name); /* G, F, Ep, Fend: the block before Pinv */
    snn_ckpt_fixed(k, b, g->G, (size_t)(g->Pinv - g->G) * sizeof(double));
    snprintf(b, sizeof b, "%s.epoch", name);
    snn_ckpt_fixed(k, b, g->tab[0], tab);
    snprintf(b, sizeof b, "%s.previous_epoch", name);
    snn_ckpt_fixed(k, b, g->tab[1], tab);
    int64_t at[3] = {g->now, g->start, g->prev};
    snprintf(b, sizeof b, "%s.steps", name);
    snn_ckpt_fixed(k, b, at, sizeof at);
    g->now = at[0];
    g->start = at[1];
    g->prev = at[2] != 0;
}

void snn_ckpt_spikefile(snn_ckpt *k, const char *name, snn_spikefile *f)
{
    snn_ckpt_fixed(k, name, &f->pos, sizeof f->pos);
}

void snn_ckpt_templates(snn_ckpt *k, const char *name, snn_templates *tp)
{
    char b[200];
    for (int j = 0; j < tp->k; j++) {
        snprintf(b, sizeof b, "%s.entry%d", name, j);
        snn_ckpt_spikefile(k, b, &tp->t[j]);
    }
}

snn_ckpt *snn_ckpt_write_begin(const char *path, char *err, size_t n)
{
    snn_ckpt *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    k->writing = true;
    k->path = path;
    k->hash = 0xcbf29ce484222325ull;
    if (snn_atomic_begin(path, k->tmp, sizeof k->tmp) || !(k->f = fopen(k->tmp, "wb"))) {
        snprintf(err, n, "%s", snn_output_error()[0] ? snn_output_error() : strerror(errno));
        if (k->tmp[0])
            snn_atomic_abort(k->tmp);
        free(k);
        return NULL;
    }
    put(k, MAGIC, sizeof MAGIC);
    return k;
}

int snn_ckpt_write_end(snn_ckpt *k, char *err, size_t n)
{
    uint64_t h = k->hash;
    put(k, &h, sizeof h);
    int bad = k->err[0] != 0;
    if ((ferror(k->f) | fclose(k->f)) && !bad)
        fail(k, "cannot write the checkpoint: %s", strerror(errno), 0, 0);
    bad = k->err[0] != 0;
    if (bad)
        snn_atomic_abort(k->tmp);
    else if (snn_atomic_commit(k->tmp, k->path)) {
        snprintf(k->err, sizeof k->err, "%s", snn_output_error());
        bad = 1;
    }
    if (bad)
        snprintf(err, n, "%s: %s", k->path, k->err);
    free(k);
    return bad ? -1 : 0;
}

snn_ckpt *snn_ckpt_read_begin(const char *path, char *err, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, n, "%s: cannot open the checkpoint: %s", path, strerror(errno));
        return NULL;
    }
    /* pass 1: the checksum over everything before the last 8 bytes */
    char magic[8];
    uint64_t h = 0xcbf29ce484222325ull, want;
    unsigned char buf[1 << 16];
    long total = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (total < (long)(sizeof magic + sizeof want) || fseek(f, 0, SEEK_SET) != 0 || fread(magic, 1, 8, f) != 8 ||
        memcmp(magic, MAGIC, 7) != 0) {
        snprintf(err, n, "%s: not a checkpoint of a snnc run", path);
        fclose(f);
        return NULL;
    }
    if (magic[7] != MAGIC[7]) {
        snprintf(err, n, "%s: a checkpoint in another format (%d; this executable reads %d)", path, magic[7], MAGIC[7]);
        fclose(f);
        return NULL;
    }
    fnv(&h, magic, 8);
    for (long left = total - 16; left > 0;) {
        size_t c = fread(buf, 1, left < (long)sizeof buf ? (size_t)left : sizeof buf, f);
        if (!c)
            break;
        fnv(&h, buf, c);
        left -= (long)c;
    }
    if (fread(&want, sizeof want, 1, f) != 1 || want != h) {
        snprintf(err, n, "%s: the checkpoint is damaged (its checksum does not match its contents)", path);
        fclose(f);
        return NULL;
    }
    snn_ckpt *k = calloc(1, sizeof *k);
    if (!k || fseek(f, 8, SEEK_SET) != 0) {
        snprintf(err, n, "%s: out of memory", path);
        free(k);
        fclose(f);
        return NULL;
    }
    k->f = f;
    k->path = path;
    k->hash = h; /* not checked again */
    return k;
}

int snn_ckpt_read_end(snn_ckpt *k, char *err, size_t n)
{
    int bad = k->err[0] != 0;
    if (bad)
        snprintf(err, n, "%s: %s", k->path, k->err);
    fclose(k->f);
    free(k);
    return bad ? -1 : 0;
}

bool snn_ckpt_writing(const snn_ckpt *k) { return k->writing; }

int snn_ckpt_check(snn_ckpt *k, char *err, size_t n)
{
    if (!k->err[0])
        return 0;
    if (k->writing) {
        fclose(k->f);
        snn_atomic_abort(k->tmp);
        snprintf(err, n, "%s: %s", k->path, k->err);
        free(k);
        return -1;
    }
    return snn_ckpt_read_end(k, err, n);
}

/* A string block: written, or read into *out (malloc'd). */
static void text(snn_ckpt *k, const char *name, const char *in, char **out)
{
    uint64_t n = in ? strlen(in) + 1 : 0;
    char *p = k->writing ? (char *)in : NULL;
    snn_ckpt_array(k, name, (void **)&p, 1, &n);
    if (k->writing)
        return;
    if (!k->err[0] && (!n || p[n - 1] != 0))
        fail(k, "the checkpoint's '%s' is not a string", name, 0, 0);
    *out = p;
}

int snn_ckpt_identity(snn_ckpt *k, const char *source, const char *hash, const char *compiler)
{
    char *s = NULL, *h = NULL, *c = NULL;
    text(k, "model", source, &s);
    text(k, "model_hash", hash, &h);
    text(k, "compiler", compiler, &c);
    if (!k->writing && !k->err[0]) {
        if (strcmp(h, hash) != 0)
            snprintf(k->err, sizeof k->err, "a checkpoint of another model (%.200s, hash %.40s); this executable runs %.200s "
                     "(hash %.40s)", s, h, source, hash);
        else if (strcmp(c, compiler) != 0)
            snprintf(k->err, sizeof k->err, "written by an executable built by %.100s; this one was built by %.100s "
                     "(resume with the executable that wrote it)", c, compiler);
    }
    if (!k->writing) {
        free(s);
        free(h);
        free(c);
    }
    return k->err[0] ? -1 : 0;
}
