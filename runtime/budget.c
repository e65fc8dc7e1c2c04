/*
 * budget.c - the memory a run will need, counted before it is taken.
 *
 * A network too large for the machine used to grow until the kernel killed
 * it (100,000 neurons at p = 1: 44 s, then nothing).  Every large allocation
 * of a run is announced here first: the synapses of each connection at their
 * expected number (before the connectivity is drawn), neuron states, delay
 * rings, and the recordings over the whole run; past the limit (--max-memory,
 * else the memory the system has available) the run is refused with what
 * needs how much.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* "1.5G", "512M", "800k", "2GB", "2GiB", "1000000": bytes (powers of 1024), or -1. */
double snn_size_parse(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || !(v >= 0))
        return -1;
    static const char units[] = "KMGT";
    const char *u = *end ? strchr(units, end[0] & ~0x20) : NULL;
    if (*end && !u)
        return -1;
    if (u) {
        v *= pow(1024, (double)(u - units + 1));
        end++;
        if (end[0] == 'i' && end[1] == 'B')
            end += 2;
        else if (end[0] == 'B')
            end++;
    }
    return *end ? -1 : v;
}

/* A small file's text, read without the heap (see available()); "" if unreadable. */
static void slurp(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t k = fd >= 0 ? read(fd, buf, n - 1) : -1;
    if (fd >= 0)
        close(fd);
    buf[k > 0 ? k : 0] = 0;
}

/* What the system lets this process have: the cgroup's limit, or what
 * /proc/meminfo counts as available, whichever is less; 0 if unknown.  Read
 * with open/read into the stack, not stdio: a FILE's buffer, allocated and
 * freed before the model's arrays, moved them in the heap and made COBA's
 * step loop 4.5 % slower (0.4508 vs 0.4332 s, medians of 9). */
static double available(const char **from)
{
    char buf[4096];
    double avail = 0, cg = 0;
    slurp("/proc/meminfo", buf, sizeof buf);
    const char *p = strstr(buf, "MemAvailable:");
    if (p && sscanf(p, "MemAvailable: %lf kB", &avail) == 1) {
        avail *= 1024;
        *from = "the memory available (MemAvailable in /proc/meminfo)";
    }
    slurp("/sys/fs/cgroup/memory.max", buf, sizeof buf);
    if (sscanf(buf, "%lf", &cg) == 1 && cg > 0 && (avail <= 0 || cg < avail)) { /* "max": no limit */
        avail = cg;
        *from = "the memory limit of this process's cgroup (memory.max)";
    }
    return avail;
}

void snn_budget_init(snn_run *r, double max_memory)
{
    r->mem_planned = 0;
    r->mem_limit = max_memory;
    r->mem_from = "--max-memory";
    if (!(max_memory > 0))
        r->mem_limit = available(&r->mem_from);
}

static void human(char *buf, size_t n, double bytes)
{
    if (bytes >= 1e9)
        snprintf(buf, n, "%.3g GB", bytes / 1e9);
    else if (bytes >= 1e6)
        snprintf(buf, n, "%.3g MB", bytes / 1e6);
    else
        snprintf(buf, n, "%.3g kB", bytes / 1e3);
}

int snn_budget_add(snn_run *r, double bytes, const char *what)
{
    r->mem_planned += bytes;
    if (!(r->mem_limit > 0) || r->mem_planned <= r->mem_limit)
        return 0;
    char need[32], total[32], limit[32];
    human(need, sizeof need, bytes);
    human(total, sizeof total, r->mem_planned);
    human(limit, sizeof limit, r->mem_limit);
    return snn_fail(r, "%s would need about %s, making %s in all: more than %s (%s); use a smaller network, "
                       "record less, or run where there is more memory",
                    what, need, total, r->mem_from, limit);
}

int snn_budget_synapses(snn_run *r, const snn_conn_spec *s)
{
    double pairs = (double)s->pre_n * s->post_n, n;
    switch (s->rule) {
    case SNN_RULE_ALL: n = pairs; break;
    case SNN_RULE_ONE_TO_ONE: n = s->pre_n < s->post_n ? s->pre_n : s->post_n; break;
    case SNN_RULE_PROB: n = s->p * pairs; break;
    case SNN_RULE_INDEGREE: n = s->p * s->post_n; break;
    case SNN_RULE_TOTAL: n = round(s->p); break;
    default: return 0; /* a file (counted as it is read) or a condition: not known ahead */
    }
    if (r->nranks > 1) { /* this rank keeps the synapses onto its share of the targets */
        uint32_t from, to;
        snn_own_targets(r, s, &from, &to);
        n *= (double)(to - from) / (s->post_n ? s->post_n : 1);
    }
    char what[300];
    snprintf(what, sizeof what, "connection %s (about %.3g synapses of %g bytes)", s->name, n,
             s->synapse_bytes + 4);
    return snn_budget_add(r, n * (s->synapse_bytes + 4) + 8.0 * (s->pre_n + 1), what);
}

/* N zeroed items of SIZE bytes starting on a cache line (free() releases them):
 * where a state array starts decides whether its vector loads split lines, and
 * calloc's 16-byte placement moved with every unrelated change to the heap. */
void *snn_zalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size - 64)
        return NULL;
    size_t bytes = (n * size + 63) / 64 * 64;
    void *p = aligned_alloc(64, bytes ? bytes : 64);
    if (p)
        memset(p, 0, bytes ? bytes : 64);
    return p;
}
