/*
 * manifest.c: what a run says about itself when it ends: run.json, the last
 * file written into the output folder, and the closing lines on stdout.
 *
 * run.json makes a folder of outputs self-describing: which model (path and
 * content hash) and seed, every override, whether the run completed (and if
 * not, what stopped it), the timings, the checkpoints, each population's and
 * family's spike count and rate, the phases' schedule (so that tools can find
 * a phase's time window) and the files beside it.
 */
#include "internal.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_version.h>

static uint64_t range_count(const snn_run *r, int pop, uint32_t lo, uint32_t n)
{
    uint64_t c = 0;
    for (uint32_t i = lo; i < lo + n; i++)
        c += r->counts[pop][i];
    return c;
}

/* The synapses of every connection and what they take (the run's largest
 * memory), what the run announced in all (budget.c), and the most the process
 * held (peak resident set, as /usr/bin/time -v reports it). */
static void put_memory(snn_json *j, const snn_run *r)
{
    uint64_t n = 0;
    double bytes = 0;
    snn_json_begin_object(j, "memory");
    if (r->nranks > 1) /* rank 0's: each rank holds the synapses onto its neurons */
        snn_json_int(j, "of_rank", r->rank);
    snn_json_begin_array(j, "connections");
    for (int k = 0; k < r->nmade; k++) {
        snn_json_begin_object(j, NULL);
        snn_json_string(j, "name", r->made[k].name);
        snn_json_uint(j, "synapses", r->made[k].synapses);
        snn_json_number(j, "bytes", r->made[k].bytes);
        snn_json_end_object(j);
        n += r->made[k].synapses;
        bytes += r->made[k].bytes;
    }
    snn_json_end_array(j);
    snn_json_uint(j, "synapses", n);
    snn_json_number(j, "synapse_bytes", bytes);
    if (n)
        snn_json_number(j, "bytes_per_synapse", bytes / (double)n);
    snn_json_number(j, "planned_bytes", r->mem_planned);
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) {
        snn_json_number(j, "peak_resident_bytes", (double)ru.ru_maxrss * 1024);
        if (n)
            snn_json_number(j, "peak_resident_bytes_per_synapse", (double)ru.ru_maxrss * 1024 / (double)n);
    }
    snn_json_end_object(j);
}

/* How, when and where the run was made: the command line, the start (UTC,
 * ISO 8601) and the host. */
static void put_provenance(snn_json *j, const snn_manifest *mf)
{
    snn_json_begin_array(j, "command");
    for (int k = 0; k < mf->argc; k++)
        snn_json_string(j, NULL, mf->argv[k]);
    snn_json_end_array(j);
    char date[32] = "", host[256] = "";
    struct tm tm;
    const time_t t = (time_t)mf->started;
    if (gmtime_r(&t, &tm))
        strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snn_json_string(j, "started", date);
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = 0;
    snn_json_string(j, "host", host);
}

int snn_manifest_write(const char *path, const snn_run *r, const snn_manifest *mf)
{
    const snn_model *m = r->model;
    const double sim_s = (double)r->nsteps * r->dt;
    snn_json *j = snn_json_new();
    snn_json_begin_object(j, NULL);
    snn_json_string(j, "model", m->source);
    snn_json_string(j, "model_hash", m->hash);
    snn_json_string(j, "snnc_version", snn_version); /* the build of snnc and the runtime (version.h) */
    snn_json_string(j, "snnc_revision", snn_revision);
    put_provenance(j, mf);
    snn_json_uint(j, "seed", r->seed);
    snn_json_number(j, "dt_ms", r->dt * 1e3);
    snn_json_number(j, "time_s", sim_s);
    snn_json_int(j, "steps", r->nsteps);
    snn_json_bool(j, "complete", !mf->stopped_by);
    if (mf->stopped_by) {
        snn_json_string(j, "stopped_by", mf->stopped_by);
        if (mf->stop_reason)
            snn_json_string(j, "stop_reason", mf->stop_reason);
        snn_json_number(j, "planned_time_s", mf->planned_s);
    }
    snn_json_begin_object(j, "overrides");
    for (int k = 0; k < mf->nov; k++)
        snn_json_string(j, mf->ov[k].name, mf->ov[k].value);
    snn_json_end_object(j);
    snn_json_begin_object(j, "versions");
    snn_json_string(j, "snnc", m->compiler);
    snn_json_string(j, "gsl", GSL_VERSION);
    snn_json_end_object(j);
    snn_json_begin_object(j, "timings"); /* how it ran: nothing here changes a result */
    snn_json_int(j, "threads", r->nthreads);
    if (r->nranks > 1) { /* one network over MPI ranks (ranks.c): each rank's threads, and what it sent per step */
        snn_json_int(j, "ranks", r->nranks);
        snn_json_begin_array(j, "sent_bytes_per_step");
        for (int q = 0; q < r->nranks && r->rank_bytes; q++)
            snn_json_number(j, NULL, r->rank_bytes[q] / (double)(r->nsteps ? r->nsteps : 1));
        snn_json_end_array(j);
    }
    snn_json_number(j, "init_s", mf->init_s);
    if (mf->ahead) { /* computing the frozen sub-network ahead, and with how many processes */
        snn_json_number(j, "ahead_s", mf->ahead_s);
        snn_json_int(j, "ahead_jobs", mf->ahead_jobs);
    }
    snn_json_number(j, "run_s", mf->run_s);
    snn_json_number(j, "write_s", mf->write_s);
    if (mf->checkpoints) {
        snn_json_number(j, "checkpoints_s", mf->checkpoints_s);
        snn_json_number(j, "checkpoint_longest_s", mf->checkpoint_longest_s);
    }
    snn_json_end_object(j);
    put_memory(j, r);
    if (mf->resumed_at_s > 0)
        snn_json_number(j, "resumed_at_s", mf->resumed_at_s);
    if (mf->checkpoint_every_s > 0 || mf->kept_at_s >= 0) {
        snn_json_begin_object(j, "checkpoints");
        if (mf->checkpoint_every_s > 0)
            snn_json_number(j, "every_s", mf->checkpoint_every_s);
        snn_json_int(j, "written", mf->checkpoints);
        if (mf->kept_at_s >= 0) /* this folder holds one: continue with --resume */
            snn_json_number(j, "kept_at_s", mf->kept_at_s);
        snn_json_end_object(j);
    }
    snn_json_begin_array(j, "populations");
    for (int i = 0; i < m->npops; i++) {
        const snn_pop_info *pi = &m->pops[i];
        for (int f = -1; f < pi->nfamilies; f++) {
            uint32_t lo = f < 0 ? 0 : pi->families[f].start, n = f < 0 ? pi->size : pi->families[f].count;
            char name[256];
            if (f < 0)
                snprintf(name, sizeof name, "%s", pi->name);
            else
                snprintf(name, sizeof name, "%s.%s", pi->name, pi->families[f].name);
            uint64_t cnt = range_count(r, i, lo, n);
            snn_json_begin_object(j, NULL);
            snn_json_string(j, "name", name);
            snn_json_uint(j, "size", n);
            snn_json_uint(j, "spikes", cnt);
            snn_json_number(j, "rate_hz", sim_s > 0 && n ? (double)cnt / n / sim_s : 0);
            if (f < 0 && pi->grid[0]) {
                snn_json_begin_array(j, "grid");
                for (int d = 0; d < 3; d++)
                    snn_json_uint(j, NULL, pi->grid[d]);
                snn_json_end_array(j);
                snn_json_bool(j, "grid_shuffled", pi->place != NULL);
            }
            snn_json_end_object(j);
        }
    }
    snn_json_end_array(j);
    if (m->nphases) { /* the schedule, so that tools can find a phase's time window */
        snn_json_begin_array(j, "phases");
        int64_t first = 0; /* trial */
        for (int k = 0; k < m->nphases; k++) {
            snn_json_begin_object(j, NULL);
            snn_json_string(j, "name", m->phases[k].name);
            snn_json_number(j, "start_s", (double)(first * mf->trial_steps) * r->dt);
            snn_json_int(j, "trials", m->phases[k].trials);
            if (m->phases[k].learning >= 0)
                snn_json_bool(j, "learning", m->phases[k].learning);
            snn_json_end_object(j);
            first += m->phases[k].trials;
        }
        snn_json_end_array(j);
    }
    snn_json_begin_array(j, "files");
    for (int k = 0; k < mf->nfiles; k++)
        snn_json_string(j, NULL, mf->files[k]);
    snn_json_string(j, NULL, "run.json");
    snn_json_end_array(j);
    snn_json_end_object(j);
    const int rc = snn_json_save(j, path);
    snn_json_free(j);
    return rc;
}

void snn_manifest_print(const snn_run *r, const char *outdir, char *const *files, int nfiles, double run_s)
{
    const snn_model *m = r->model;
    const double sim_s = (double)r->nsteps * r->dt;
    uint64_t total = 0, neurons = 0;
    for (int i = 0; i < m->npops; i++) {
        total += range_count(r, i, 0, m->pops[i].size);
        neurons += m->pops[i].size;
    }
    printf("%s: %llu neurons, %.6g s simulated in %.3g s (seed %llu), %llu spikes\n", m->source,
           (unsigned long long)neurons, sim_s, run_s, (unsigned long long)r->seed, (unsigned long long)total);
    if (m->nreports)
        for (int k = 0; k < m->nreports; k++) {
            const snn_range *rp = &m->reports[k];
            uint64_t cnt = range_count(r, rp->pop, rp->lo, rp->n);
            printf("  %-16s %7u neurons %10llu spikes %9.3f Hz\n", rp->label, rp->n, (unsigned long long)cnt,
                   sim_s > 0 ? (double)cnt / rp->n / sim_s : 0);
        }
    else
        for (int i = 0; i < m->npops; i++) {
            uint64_t cnt = range_count(r, i, 0, m->pops[i].size);
            printf("  %-16s %7u neurons %10llu spikes %9.3f Hz\n", m->pops[i].name, m->pops[i].size,
                   (unsigned long long)cnt, sim_s > 0 ? (double)cnt / m->pops[i].size / sim_s : 0);
        }
    printf("outputs in %s/:", outdir);
    for (int k = 0; k < nfiles; k++)
        printf(" %s", files[k]);
    printf("\n");
}
