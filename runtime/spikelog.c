/*
 * spikelog.c - the recorded spikes beside a checkpoint, appended, never
 * rewritten.
 *
 * A run records every spike of simulation 1 (16 million in its first 600 s);
 * stored in each checkpoint they made writing one grow with the run (0.5 s on
 * average over the first 600 s, more later).  Instead each checkpoint appends
 * only the spikes since the previous one to DIR/checkpoint.spikes, flushed to
 * disk first, and stores the length and hash of the log so far: a resumed run
 * reads that prefix (whatever a killed run appended after it is cut off) and
 * refuses a log whose prefix does not hash to the stored value.
 *
 * A record: population (u32), neuron (u32), step (i64), in the order recorded.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <unistd.h>

typedef struct {
    uint32_t pop, node;
    int64_t step;
} record;

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * 0x100000001b3ull;
}

static bool log_path(char *out, size_t n, const char *dir)
{
    int k = snprintf(out, n, "%s/checkpoint.spikes", dir);
    return k > 0 && (size_t)k < n;
}

int snn_spikelog_init(snn_spikelog *L, int npops)
{
    memset(L, 0, sizeof *L);
    L->hash = 0xcbf29ce484222325ull;
    L->saved = calloc((size_t)npops + 1, sizeof *L->saved);
    return L->saved ? 0 : -1;
}

void snn_spikelog_free(snn_spikelog *L)
{
    free(L->saved);
    L->saved = NULL;
}

int snn_spikelog_append(snn_spikelog *L, const char *dir, const snn_spikes *rec, int npops, char *err, size_t n)
{
    char path[SNN_PATH_MAX];
    if (!log_path(path, sizeof path, dir)) {
        snprintf(err, n, "%s: path too long", dir);
        return -1;
    }
    FILE *f = fopen(path, L->bytes ? "r+b" : "wb"); /* a new run starts the log afresh */
    if (!f || fseeko(f, (off_t)L->bytes, SEEK_SET) != 0) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    uint64_t bytes = L->bytes, hash = L->hash;
    bool ok = true;
    for (int i = 0; i < npops && ok; i++)
        for (uint64_t k = L->saved[i]; k < rec[i].n && ok; k++) {
            record x = {(uint32_t)i, rec[i].node[k], rec[i].step[k]};
            ok = fwrite(&x, sizeof x, 1, f) == 1;
            fnv(&hash, &x, sizeof x);
            bytes += sizeof x;
        }
    ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if ((fclose(f) != 0 || !ok)) {
        snprintf(err, n, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    L->bytes = bytes;
    L->hash = hash;
    for (int i = 0; i < npops; i++)
        L->saved[i] = rec[i].n;
    return 0;
}

int snn_spikelog_load(snn_spikelog *L, const char *dir, snn_spikes *rec, int npops, char *err, size_t n)
{
    char path[SNN_PATH_MAX];
    if (!log_path(path, sizeof path, dir)) {
        snprintf(err, n, "%s: path too long", dir);
        return -1;
    }
    FILE *f = L->bytes ? fopen(path, "r+b") : NULL;
    if (L->bytes && !f) {
        snprintf(err, n, "%s: the checkpoint's spike log is missing: %s", path, strerror(errno));
        return -1;
    }
    uint64_t hash = 0xcbf29ce484222325ull;
    record x;
    for (uint64_t at = 0; at < L->bytes; at += sizeof x) {
        if (fread(&x, sizeof x, 1, f) != 1 || x.pop >= (uint32_t)npops || x.node >= rec[x.pop].size) {
            snprintf(err, n, "%s: the checkpoint's spike log is truncated or damaged", path);
            fclose(f);
            return -1;
        }
        fnv(&hash, &x, sizeof x);
        if (snn_spikes_push(&rec[x.pop], x.node, x.step)) {
            snprintf(err, n, "out of memory while reading %s", path);
            fclose(f);
            return -1;
        }
    }
    bool bad = hash != L->hash;
    for (int i = 0; i < npops; i++)
        bad |= rec[i].n != L->saved[i];
    /* what a killed run appended after this checkpoint is cut off */
    if (f && (fflush(f) != 0 || ftruncate(fileno(f), (off_t)L->bytes) != 0) && !bad) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        fclose(f);
        return -1;
    }
    if (f)
        fclose(f);
    if (bad) {
        snprintf(err, n, "%s: the checkpoint's spike log does not match the checkpoint (damaged, or of another run)",
                 path);
        return -1;
    }
    return 0;
}
