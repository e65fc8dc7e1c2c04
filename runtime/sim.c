/*
 * sim.c: the driver every generated executable runs, and its step loop.
 *
 *   command line (cli.c) -> parameters -> the model's init (allocation,
 *   connectivity) -> the step loop -> output files (results.c, manifest.c).
 *
 * Each step is the model's three step functions (generated, see cgen.c),
 * run by every thread of the run on its share of the neurons (team.c); around
 * them thread 0 switches phases (their 'set's, learning on or off), resets
 * what a trial start resets, counts spikes, hands the step to the recordings
 * (record.c), checks the rate guards, writes checkpoints (resume.c) and shows
 * progress.  With a frozen sub-network computed ahead (ahead.c) only the rest
 * of the network is stepped here.  Outputs are written only after the run,
 * into a staging folder that replaces the output folder as a whole, so a
 * failure leaves nothing half-written; a run stopped by a signal or a check
 * still writes what it recorded, marked incomplete.  --seeds runs the
 * executable again per seed (seeds.c) instead.
 */
#include "internal.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* SIGINT or SIGTERM during the steps: the loop stops at the next step, and
 * what was recorded is written, marked incomplete (exit status 128 + signal).
 * A second signal while writing ends the process at once (default action). */
static volatile sig_atomic_t stop_signal;
static void on_stop(int sig) { stop_signal = sig; }

static void catch_stops(bool on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_stop : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* A new phase at `step`: the earlier phase's 'set's undone, learning switched
 * (every weight first brought up to date under the old setting), this phase's
 * 'set's applied.  -1 with the message printed. */
static int enter_phase(snn_run *r, snn_loop *ls, int64_t step)
{
    const snn_model *m = r->model;
    if (ls->phase >= 0)
        for (int k = 0; k < m->phases[ls->phase].nsets && k < 64; k++)
            r->p[m->phases[ls->phase].set_param[k]] = ls->saved[k];
    const snn_phase *ph = &m->phases[++ls->phase];
    ls->phase_end += ph->trials;
    if (ph->learning >= 0) {
        for (int k = 0; k < m->nplastic; k++)
            m->plastic[k].sync(r, step);
        for (int k = 0; m->learning_params[k] >= 0; k++)
            r->p[m->learning_params[k]] = ph->learning;
    }
    for (int k = 0; k < ph->nsets && k < 64; k++) {
        ls->saved[k] = r->p[ph->set_param[k]];
        r->p[ph->set_param[k]] = ph->set_value[k];
    }
    if (m->refresh(r)) {
        snn_error("phase %s: %s", ph->name, r->err);
        return -1;
    }
    return 0;
}

/* After a step: its spikes into the per-neuron counts, the rate guards'
 * windows and the recordings, then the samples due; a guard whose window ends
 * with this step is checked (snn_halt if outside).  -1 (printed) out of memory.
 * A population without spikes costs a test, a step without samples a
 * comparison: the loop runs this millions of times. */
static int after_step(snn_run *r, snn_recording *rec, int64_t step, int64_t phase, uint64_t *gcount,
                      const int64_t *gsteps)
{
    const snn_model *m = r->model;
    for (int i = 0; i < m->npops; i++) {
        const snn_spikelist *sl = &r->now[i];
        if (!sl->n)
            continue;
        uint64_t *cnt = r->counts[i];
        for (uint32_t s = 0; s < sl->n; s++)
            cnt[sl->idx[s]]++;
        for (int k = 0; k < m->nrate_guards; k++)
            for (uint32_t s = 0; m->rate_guards[k].pop == i && s < sl->n; s++)
                gcount[k] += sl->idx[s] - m->rate_guards[k].lo < m->rate_guards[k].n;
        if (snn_recording_spikes(rec, r, i, step))
            return -1;
    }
    if (step + 1 >= rec->next && snn_recording_samples(rec, r, step, phase))
        return -1;
    for (int k = 0; k < m->nrate_guards; k++)
        if ((step + 1) % gsteps[k] == 0) {
            const snn_rate_guard *gd = &m->rate_guards[k];
            const double hz = (double)gcount[k] / gd->n / ((double)gsteps[k] * r->dt);
            char what[256];
            snprintf(what, sizeof what, "the rate of %s over the last %g s", gd->label, gd->every);
            if (!(hz >= gd->min && hz <= gd->max))
                snn_halt(r, step, step, what, hz, gd->min, gd->max, gd->text);
            gcount[k] = 0;
        }
    return 0;
}

/* Threads when --threads is not given: one per 20,000 neurons, at most one per
 * core.  A step synchronises the threads once or more; on the 2-core machine
 * this is developed on that costs about a microsecond, more than half of
 * COBA's 4,000-neuron steps, and two threads ran it slower than one, while
 * the 77,169-neuron microcircuit ran 1.4x faster on two (docs/results.md). */
static int default_threads(const snn_model *m)
{
    uint64_t n = 0;
    for (int p = 0; p < m->npops; p++)
        n += m->pops[p].size;
    const uint64_t t = n / 20000;
    return t < 1 ? 1 : t > (uint64_t)snn_cores() ? snn_cores() : (int)t;
}

/* What every thread of the step loop shares; thread 0 alone writes the
 * fields below the line, in the steps' serial parts. */
typedef struct {
    snn_run *r;
    const snn_options *o;
    snn_recording *rec;
    snn_loop *ls;
    snn_spikelog *slog;
    snn_ahead *ahead;
    snn_progress *prog;
    uint64_t *gcount;
    const int64_t *gsteps;
    char *settings;
    uint64_t nsettings;
    int64_t first_step, trial_steps, ntrials, ck_steps;
    bool use_ahead;
    /* ---- */
    bool stop[2];             /* a signal came before the step of this parity: it is the last */
    bool failed;              /* an error was printed: no outputs */
    int64_t step;             /* the first step not run */
    int nck;                  /* checkpoints written */
    double ck_s, ck_max;      /* and the time they took, in all and the longest */
} loop;

/* Before step `step` (thread 0, the others waiting): a checkpoint, a new
 * phase, a trial start.  false: stop (an error was printed). */
static bool before_step(loop *lp, int64_t step)
{
    snn_run *r = lp->r;
    const snn_model *m = r->model;
    const int64_t ts = lp->trial_steps;
    if (lp->ck_steps && step % lp->ck_steps == 0 && step > lp->first_step) {
        char err[1024];
        double c0 = now_s();
        lp->ls->step = step;
        if (snn_checkpoint_save(lp->o->outdir, r, lp->settings, lp->nsettings, lp->ls, lp->slog, lp->rec, lp->gcount,
                                lp->ahead, err, sizeof err))
            snn_say("warning", "no checkpoint at %.10g s: %s", (double)step * r->dt, err);
        else
            lp->nck++;
        lp->ck_s += now_s() - c0;
        lp->ck_max = fmax(lp->ck_max, now_s() - c0);
    }
    if (m->nphases && step % ts == 0 && step / ts == lp->ls->phase_end) {
        if (enter_phase(r, lp->ls, step))
            return false;
        snn_recording_phase(lp->rec, m, (int)lp->ls->phase);
    }
    /* with the frozen part computed ahead, only the rest is reset here */
    if (m->trial_start && ts && step % ts == 0 &&
        m->trial_start(r, step / ts, lp->use_ahead ? SNN_RESET_REST : SNN_RESET_ALL)) {
        snn_error("trial %lld: %s", (long long)(step / ts), r->err);
        return false;
    }
    return true;
}

/* Whether the serial work after STEP reads or changes what the threads work
 * on (states sampled, synapses scanned, a guard's window closed, the
 * modulators' running integrals): then the threads wait for it. */
static bool serial_after(const loop *lp, int64_t step)
{
    const snn_run *r = lp->r;
    const snn_model *m = r->model;
    if (m->sync_each_step || step + 1 >= lp->rec->next || (step + 1) % SNN_SCAN_SYNAPSES == 0 || step + 1 == r->nsteps)
        return true;
    for (int k = 0; k < m->nrate_guards; k++)
        if ((step + 1) % lp->gsteps[k] == 0)
            return true;
    return false;
}

/* The step loop, run by every thread (tid 0 does the serial parts).  A step
 * is: its updates (each thread its neurons), a barrier, the deliveries (each
 * thread the synapses onto its neurons), then thread 0 alone merges the
 * spikes, runs the model's serial end of step and the bookkeeping.  The other
 * threads go on to the next step's updates unless that work touches theirs
 * (serial_after), and wait at step starts that change the network. */
static void run_steps(void *arg, int tid)
{
    loop *lp = arg;
    snn_run *r = lp->r;
    const snn_model *m = r->model;
    const int64_t ts = lp->trial_steps;
    int64_t step;
    for (step = lp->first_step; step < r->nsteps; step++) {
        if ((ts && step % ts == 0) || (lp->ck_steps && step % lp->ck_steps == 0)) {
            snn_barrier(r);
            if (tid == 0 && !before_step(lp, step))
                lp->failed = true;
            snn_barrier(r);
            if (lp->failed)
                break;
        }
        if (tid == 0 && lp->use_ahead) { /* the frozen part's spikes as computed ahead */
            m->step_sources(r, step);
            snn_ahead_inject(lp->ahead, r, m, step);
        }
        m->step_update(r, step, tid, lp->use_ahead);
        if (tid == 0)
            lp->stop[step & 1] = stop_signal != 0;
        snn_barrier(r);
        if (r->nranks > 1) { /* every rank's spikes, before any are delivered */
            if (tid == 0 && snn_ranks_exchange(r, step, &lp->stop[step & 1]))
                lp->failed = true;
            snn_barrier(r);
            if (lp->failed)
                break;
        }
        /* the same in every thread: written before the barrier, and a check in
         * the next step's updates writes a later step */
        const int64_t h = snn_halted(r);
        const bool last = lp->stop[step & 1] || (h >= 0 && h <= step);
        m->step_deliver(r, step, tid, lp->use_ahead);
        const bool wait = serial_after(lp, step);
        if (wait)
            snn_barrier(r);
        if (tid == 0) {
            snn_merge_spikes(r, step);
            m->step_end(r, step);
            if (after_step(r, lp->rec, step, lp->ls->phase, lp->gcount, lp->gsteps))
                lp->failed = true;
            if ((step & 255) == 0)
                snn_progress_update(lp->prog, step, m->nphases ? m->phases[lp->ls->phase].name : NULL,
                                    ts ? step / ts : 0, lp->ntrials, now_s());
        }
        if (wait)
            snn_barrier(r);
        if (last || (wait && (snn_halted(r) >= 0 || lp->failed))) {
            step++;
            break;
        }
    }
    if (tid == 0)
        lp->step = step;
}

static int run_main(int argc, char **argv, const snn_model *m)
{
    const int64_t started = (int64_t)time(NULL); /* for run.json */
    /* Every failure jumps to done, which frees what was allocated so far (an
     * error exit leaks nothing); so everything it frees is declared here. */
    int status = 1;
    snn_options o;
    snn_run run = {0}, *r = &run;
    snn_recording rec = {0};
    uint64_t *gcount = NULL;  /* rate guards: spikes in the current window */
    int64_t *gsteps = NULL;   /* rate guards: steps per window */
    char **written = NULL;
    int nw = 0;
    snn_ahead ahead = {0};
    snn_ckpt *ck = NULL;      /* --resume: the checkpoint, read up to its state */
    snn_spikelog slog = {0};  /* the recorded spikes beside the checkpoints */
    char *settings = NULL;    /* the run's settings as stored in checkpoints: NUL-separated */
    uint64_t nsettings = 0;
    bool claimed = false, published = false; /* the output folder: made ready; the outputs put there */
    const int parsed = snn_options_parse(&o, argc, argv, m);
    if (parsed != SNN_CLI_RUN) {
        status = parsed == SNN_CLI_DONE ? 0 : 1;
        goto done;
    }
    if (o.resume) { /* the run's settings come from its checkpoint; its state is read after init */
        char err[1024];
        o.outdir = o.resume;
        o.force = true; /* the folder holds this run's checkpoint (and outputs, if it was stopped) */
        if (!(ck = snn_resume_begin(m, &o, &settings, &nsettings, err, sizeof err))) {
            snn_error("--resume %s", err);
            goto done;
        }
    }
    snn_outfmt fmt;
    if (snn_formats_parse(o.format, &fmt))
        goto done;
    if (!o.resume && !(settings = snn_settings_make(o.ov, o.nov, o.format, o.sequential, &nsettings))) {
        snn_error("out of memory");
        goto done;
    }
    int64_t ck_steps = 0; /* --checkpoint-every, in steps */
    r->model = m;
    r->p = calloc((size_t)m->nparams, sizeof(double));
    r->str = calloc((size_t)m->nparams, sizeof(char *));
    r->set = calloc((size_t)m->nparams, sizeof(bool));
    if (!r->p || !r->str || !r->set) {
        snn_error("out of memory");
        goto done;
    }
    if (snn_params_setup(r, o.ov, o.nov))
        goto done;
    if (o.list) {
        snn_params_list(r);
        status = 0;
        goto done;
    }
    if (o.ck_every && snn_checkpoint_every(o.ck_every, r->dt, &ck_steps))
        goto done;
    if (m->sizes && m->sizes(r)) {
        snn_error("%s", r->err);
        goto done;
    }
    /* with several MPI ranks the network is spread over them (ranks.c), unless
     * they farm out a frozen sub-network's trials (ahead.c) */
    const bool net_ranks = snn_mpi_size() > 1 && !m->nfrozen;
    if (net_ranks && (o.ck_every || o.resume || m->nweight_recs || m->nedges)) {
        if (snn_mpi_rank() == 0)
            snn_error("a network spread over MPI ranks has no %s yet; run it on one rank (threads: "
                      "--threads)", m->nedges ? "connectivity records ('record edges')"
                                  : m->nweight_recs ? "weight recordings ('record w')" : "checkpoints");
        goto done;
    }
    /* before anything is simulated; by the rank that writes the outputs */
    if (snn_mpi_rank() == 0 && snn_outdir_claim(o.outdir, o.force, !o.quiet)) {
        snn_error("--out %s", snn_output_error());
        goto done;
    }
    claimed = snn_mpi_rank() == 0;
    /* trials and phases: the run is the sum of the phases' trials */
    int64_t trial_steps = 0, ntrials = 0;
    if (m->trial_length) {
        double tl = m->trial_length(r) / r->dt;
        if (!(tl >= 0.5) || tl > 9e15) {
            snn_error("the trial length %g ms is shorter than the time step", m->trial_length(r) * 1e3);
            goto done;
        }
        trial_steps = llround(tl);
    }
    if (m->nphases) {
        if (r->set[SNN_P_TIME]) {
            snn_error("--set sim.time: with phases the simulated time is the sum of their trials");
            goto done;
        }
        for (int k = 0; k < m->nphases; k++)
            ntrials += m->phases[k].trials;
        r->nsteps = ntrials * trial_steps;
        r->p[SNN_P_TIME] = (double)r->nsteps * r->dt;
    } else if (trial_steps)
        ntrials = r->nsteps / trial_steps;
    double t0 = now_s();
    r->counts = calloc((size_t)m->npops, sizeof(uint64_t *));
    gcount = calloc((size_t)m->nrate_guards + 1, sizeof(uint64_t));
    gsteps = calloc((size_t)m->nrate_guards + 1, sizeof(int64_t));
    if (!r->counts || !gcount || !gsteps) {
        snn_error("out of memory");
        goto done;
    }
    for (int i = 0; i < m->npops; i++) {
        r->counts[i] = calloc(m->pops[i].size, sizeof(uint64_t));
        if (!r->counts[i]) {
            snn_error("out of memory");
            goto done;
        }
    }
    if (snn_recording_init(&rec, r, trial_steps, ntrials))
        goto done;
    if (snn_spikelog_init(&slog, m->npops)) {
        snn_error("out of memory");
        goto done;
    }
    snn_budget_init(r, o.max_memory);
    if (o.max_memory > 0)
        r->mem_from = o.max_memory_text;
    if (snn_team_init(r, o.threads ? (int)o.threads : default_threads(m), net_ranks ? snn_mpi_rank() : 0,
                      net_ranks ? snn_mpi_size() : 1)) {
        snn_error("%s", r->err);
        goto done;
    }
    if (m->init(r)) {
        snn_error("%s", r->err);
        goto done;
    }
    if (m->nphases && m->stimulus && m->stimulus() &&
        snn_templates_order(r, m->stimulus(), m->phases, m->nphases, snn_purpose(SNN_RNG_ORDER, 0, 0))) {
        snn_error("%s", r->err);
        goto done;
    }
    if (m->nlabels && m->stimulus && m->stimulus() &&
        snn_templates_check_labels(r, m->stimulus(), m->nlabels, m->labels, m->label_at)) {
        snn_error("%s", r->err);
        goto done;
    }
    if (snn_recording_intervals(&rec, r) ||
        snn_recording_plan(&rec, r, o.quiet, o.max_output, o.max_output_text))
        goto done;
    for (int k = 0; k < m->nrate_guards; k++) {
        const snn_rate_guard *gd = &m->rate_guards[k];
        if (!(gsteps[k] = snn_interval_steps(gd->every, r->dt))) {
            snn_error("%s: the window %g ms is not a positive multiple of the time step %g ms", gd->text,
                      gd->every * 1e3, r->dt * 1e3);
            goto done;
        }
    }
    /* the frozen sub-network's trials, all of them ahead, in parallel */
    bool use_ahead = m->nfrozen && trial_steps && ntrials && r->nsteps == ntrials * trial_steps && !o.sequential;
    double ta = now_s();
    if (use_ahead) {
        if (!o.quiet)
            fprintf(stderr, "  computing the frozen sub-network's %lld trials ahead on %ld processes\n", (long long)ntrials,
                    o.jobs);
        if (snn_ahead_run(r, m, ntrials, trial_steps, (int)o.jobs, !o.quiet && isatty(2), &ahead)) {
            snn_error("%s", r->err);
            goto done;
        }
    }
    if (!net_ranks && snn_mpi_rank() != 0) { /* with MPI: this rank's share is done; rank 0 runs the rest */
        if (!use_ahead)
            snn_say("note", "rank %d has nothing to do: the model has no frozen sub-network (or --sequential); "
                            "use --seeds to run replicates on several ranks", snn_mpi_rank());
        status = 0;
        goto done;
    }
    double t1 = now_s();

    snn_loop ls;
    memset(&ls, 0, sizeof ls);
    ls.phase = -1;
    if (ck) { /* --resume: the state of the step the checkpoint was written at */
        char err[1024];
        snn_checkpoint_state(ck, r, &ls, &slog, &rec, gcount, &ahead);
        int bad = snn_ckpt_read_end(ck, err, sizeof err);
        ck = NULL;
        bad = bad || snn_spikelog_load(&slog, o.outdir, rec.spikes, m->npops, err, sizeof err);
        if (bad || ls.step < 0 || ls.step > r->nsteps || ls.phase >= m->nphases) {
            snn_error("--resume %s", bad ? err : "the checkpoint's step is outside the run");
            goto done;
        }
        if (ls.phase >= 0 && m->refresh(r)) {
            snn_error("%s", r->err);
            goto done;
        }
        snn_recording_phase(&rec, m, (int)ls.phase);
        if (!o.quiet)
            fprintf(stderr, "resuming at %.10g s of %.10g s simulated\n", (double)ls.step * r->dt,
                    (double)r->nsteps * r->dt);
    }
    const int64_t first_step = ls.step;
    snn_progress prog;
    snn_progress_start(&prog, o.quiet ? SNN_PROGRESS_OFF : isatty(2) ? SNN_PROGRESS_LIVE
                                                   : o.progress_lines ? SNN_PROGRESS_LINES : SNN_PROGRESS_SPARSE,
                       r->nsteps, r->dt, t1);
    loop lp = {.r = r, .o = &o, .rec = &rec, .ls = &ls, .slog = &slog, .ahead = &ahead, .prog = &prog,
               .gcount = gcount, .gsteps = gsteps, .settings = settings, .nsettings = nsettings,
               .first_step = first_step, .trial_steps = trial_steps, .ntrials = ntrials, .ck_steps = ck_steps,
               .use_ahead = use_ahead};
    catch_stops(true);
    if (snn_team_run(r, run_steps, &lp)) {
        snn_error("%s", r->err);
        goto done;
    }
    snn_progress_end(&prog);
    catch_stops(false);
    if (lp.failed)
        goto done;
    int64_t step = lp.step;
    int nck = lp.nck;
    double ck_s = lp.ck_s, ck_max = lp.ck_max;
    bool ck_stop = false; /* a checkpoint of the step the signal stopped at, for --resume */
    if (stop_signal) {
        char err[1024];
        double c0 = now_s();
        ls.step = step;
        if (snn_checkpoint_save(o.outdir, r, settings, nsettings, &ls, &slog, &rec, gcount, &ahead, err, sizeof err))
            snn_say("warning", "no checkpoint: %s", err);
        else
            ck_stop = true, nck++;
        ck_s += now_s() - c0;
    }
    const int64_t planned_steps = r->nsteps;
    if (stop_signal || snn_halted(r) >= 0) { /* the run ends here: rates, weights and recordings up to this step */
        r->nsteps = step;
        rec.ntrials = trial_steps ? step / trial_steps : 0; /* the trials completed */
    }
    m->finish(r); /* every weight up to the end (which may find a value out of range) */
    if (r->nranks > 1) /* the first halt of any rank and its reason, on every rank */
        snn_ranks_end(r);
    /* stopped by a signal (its number) or by a check (-1: a value not finite or outside a guard) */
    const int stopped = stop_signal ? stop_signal : snn_halted(r) >= 0 ? -1 : 0;
    const char *stopped_by = stopped == SIGINT ? "SIGINT" : stopped == SIGTERM ? "SIGTERM" : "check";
    if (stopped && r->rank == 0) {
        if (stopped < 0)
            snn_error("%s", r->err);
        fprintf(stderr, "stopped by %s at %.6g s of %.6g s simulated: writing what was recorded, marked incomplete\n",
                stopped < 0 ? "a check" : stopped_by, (double)step * r->dt, (double)planned_steps * r->dt);
    }
    if (r->nranks > 1) {
        if (snn_results_gather(r)) {
            snn_error("%s", r->err);
            goto done;
        }
        if (r->rank != 0) { /* rank 0 writes the outputs */
            status = stopped < 0 ? 3 : stopped ? 128 + stopped : 0;
            goto done;
        }
    }
    double t2 = now_s();

    /* Outputs: every file is written into a private staging folder beside DIR,
     * which takes DIR's place only when all of them were written, so that a
     * failure or a kill never mixes old and new results (runfolder.c). */
    char path[SNN_PATH_MAX], stage[SNN_PATH_MAX];
    if (snn_outdir_stage(o.outdir, stage, sizeof stage)) {
        snn_error("%s", snn_output_error());
        goto done;
    }
    /* spikes.h5, spikes.csv, trials.csv, summary.json, run.json, the checkpoint,
     * one per plastic connection and per record */
    /* ... in two formats, and the edges' snapshots */
    uint64_t nfiles = 12 + 2 * (uint64_t)(m->nplastic + m->nweight_recs + m->nstate_recs);
    for (int q = 0; q < m->nweight_recs; q++)
        nfiles += m->weight_recs[q].edges ? 2 * (rec.weights[q].n + 2) : 0;
    written = calloc((size_t)nfiles + (m->nedges ? 5 : 0), sizeof *written);
    if (!written) {
        snn_error("out of memory");
        snn_outdir_discard(stage);
        goto done;
    }
    /* the summary's statistics are over the whole protocol: none for a stopped run */
    int bad = snn_results_write(stage, r, &rec, &fmt, !stopped, written, &nw);
    if (!bad && ck_stop) /* the checkpoint goes with the outputs it continues */
        bad = snn_checkpoint_keep(o.outdir, stage, written, &nw);
    double t3 = now_s();
    const snn_manifest mf = {
        .ov = o.ov, .nov = o.nov,
        .stopped_by = stopped ? stopped_by : NULL, .stop_reason = stopped < 0 ? r->err : NULL,
        .planned_s = (double)planned_steps * r->dt, .trial_steps = trial_steps,
        .init_s = ta - t0, .ahead_s = t1 - ta, .run_s = t2 - t1, .write_s = t3 - t2,
        .ahead = use_ahead, .ahead_jobs = ahead.jobs,
        .checkpoints = nck, .checkpoints_s = ck_s, .checkpoint_longest_s = ck_max,
        .checkpoint_every_s = (double)ck_steps * r->dt, .kept_at_s = ck_stop ? (double)step * r->dt : -1,
        .resumed_at_s = (double)first_step * r->dt, .files = written, .nfiles = nw,
        .argc = argc, .argv = argv, .started = started,
    };
    bad = bad || !snn_path_join(path, sizeof path, stage, "run.json") || snn_manifest_write(path, r, &mf);
    written[nw++] = strdup("run.json");
    if (bad || snn_outdir_publish(o.outdir, stage)) {
        snn_error("%s", snn_output_error());
        if (bad)
            snn_outdir_discard(stage);
        goto done;
    }
    if (!o.quiet)
        snn_manifest_print(r, o.outdir, written, nw, t2 - t1);
    status = stopped < 0 ? 3 : stopped ? 128 + stopped : 0;
    published = true;
done:
    if (claimed && !published)
        snn_outdir_unclaim(o.outdir);
    if (ck) {
        char err[8];
        snn_ckpt_read_end(ck, err, sizeof err);
    }
    free(settings);
    snn_spikelog_free(&slog);
    m->free(r);
    snn_results_gather_free(r);
    snn_ranks_free(r);
    snn_team_free(r);
    snn_ahead_free(&ahead);
    for (int i = 0; r->counts && i < m->npops; i++)
        free(r->counts[i]);
    snn_recording_free(&rec, m);
    for (int k = 0; k < nw; k++)
        free(written[k]);
    free(written);
    free(gcount);
    free(gsteps);
    free(r->counts);
    free(r->made);
    free(r->p);
    free(r->str);
    free(r->set);
    snn_options_free(&o);
    return status;
}

int snn_main(int argc, char **argv, const snn_model *m)
{
    snn_progname_set(argv[0]);
    snn_mpi_init(&argc, &argv);
    const char *list = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
            list = argv[i + 1];
        else if (strncmp(argv[i], "--seeds=", 8) == 0)
            list = argv[i] + 8;
    }
    int rc = list ? snn_seeds_run(argc, argv, list) : run_main(argc, argv, m);
    snn_mpi_finalize();
    return rc;
}
