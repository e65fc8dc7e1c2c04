/*
 * runfolder.c - a run's output folder as a whole.
 *
 * Before the run the folder is claimed: created, checked, and refused if it
 * holds another run's outputs (unless replacing them was asked for) or
 * anything that is not a run's output.  After the run, the outputs are
 * written into a staging folder beside it, PARENT/.NAME.snn-staging.PID, which
 * then takes the folder's place in one renameat2(RENAME_EXCHANGE): at every
 * moment the path holds the previous complete result or the new one, never a
 * mix of two runs' files (a rename per file left a new spikes.h5 beside an old
 * run.json when killed in between).  The old folder, now at the staging name,
 * is removed; a staging folder whose process is gone is removed by the next
 * run claiming the folder.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */

#include "internal.h" /* snn_say */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char STAGING[] = ".snn-staging.";

/* A file a run writes (or the temporary of one being written). */
static bool run_output(const char *name)
{
    static const char *const whole[] = {"spikes.h5", "spikes.csv", "run.json", "summary.json", "trials.csv", "nodes.h5",
                                        "checkpoint.snnck", "checkpoint.spikes"};
    static const char *const series[] = {"weights_", "state_", "modulator_", "synapses_", "edges"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (strcmp(name, whole[i]) == 0)
            return true;
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof series / sizeof series[0]; i++)
        if (strncmp(name, series[i], strlen(series[i])) == 0 &&
            ((n > 4 && strcmp(name + n - 4, ".csv") == 0) || (n > 3 && strcmp(name + n - 3, ".h5") == 0)))
            return true;
    return name[0] == '.' && (strstr(name, ".tmp.") || strncmp(name, STAGING, sizeof STAGING - 1) == 0);
}

/* Whether dir could be made and written to, without making anything: dir is
 * a writable folder, or its nearest existing ancestor is. */
static int check_writable(const char *dir)
{
    if (!dir || !*dir)
        return snn_output_fail(SNN_OUT_EINVAL, NULL, "empty output directory name");
    size_t len = strlen(dir);
    if (len >= SNN_PATH_MAX)
        return snn_output_fail(SNN_OUT_EINVAL, dir, "the output folder's name is too long");
    char buf[SNN_PATH_MAX];
    memcpy(buf, dir, len + 1);
    for (;;) { /* the folder itself, else its parents, nearest first */
        struct stat st;
        if (stat(buf, &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                return snn_output_fail(SNN_OUT_EIO, dir, "cannot create the output folder: '%s' is not a folder", buf);
            if (access(buf, W_OK | X_OK) != 0)
                return snn_output_fail(SNN_OUT_EIO, dir, "cannot write into '%s': %s", buf, strerror(errno));
            return 0;
        }
        if (errno != ENOENT && errno != ENOTDIR) /* ENOTDIR: a file on the way, found going up */
            return snn_output_fail(SNN_OUT_EIO, dir, "cannot use '%s': %s", buf, strerror(errno));
        if (strcmp(buf, ".") == 0 || strcmp(buf, "/") == 0)
            return snn_output_fail(SNN_OUT_EIO, dir, "cannot use '%s': %s", buf, strerror(errno));
        char *slash = strrchr(buf, '/');
        while (slash && slash > buf && slash[-1] == '/')
            slash--;
        if (!slash)
            strcpy(buf, ".");
        else if (slash == buf)
            buf[1] = 0; /* "/" */
        else
            *slash = 0;
    }
}

/* The folder's real path split into its parent and its name. */
static int split(const char *dir, char *parent, char *name)
{
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return snn_output_fail(SNN_OUT_EIO, dir, "cannot resolve the folder's path: %s", strerror(errno));
    char *slash = strrchr(real, '/');
    if (!slash || !slash[1])
        return snn_output_fail(SNN_OUT_EINVAL, dir, "the root folder cannot hold a run's outputs");
    snprintf(name, NAME_MAX + 1, "%s", slash + 1);
    if (slash == real)
        strcpy(parent, "/");
    else {
        *slash = 0;
        snprintf(parent, PATH_MAX, "%s", real);
    }
    return 0;
}

/* Remove a folder of files (and folders of files: a staging folder that held
 * an older run's staging folder). */
static void remove_tree(const char *path, int depth)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[SNN_PATH_MAX];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub)
            continue;
        if (remove(sub) != 0 && depth > 0)
            remove_tree(sub, depth - 1);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

/* The staging folders PREFIX<pid> in dir whose process is gone: removed. */
static void sweep(const char *dir, const char *prefix, bool report)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t np = strlen(prefix);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, np) != 0)
            continue;
        char *end, path[SNN_PATH_MAX];
        long pid = strtol(e->d_name + np, &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its run is still going */
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        remove_tree(path, 1);
        if (report && access(path, F_OK) != 0)
            snn_say("note", "removed %s, left by a run (process %ld) that was stopped before it had put its "
                            "outputs in place", path, pid);
    }
    if (d)
        closedir(d);
}

/* The first entry of dir that a run did not write (NULL: none) and whether
 * there are run outputs, a checkpoint among them. */
static int survey(const char *dir, char *foreign, size_t n, int *outputs, bool *checkpoint)
{
    DIR *d = opendir(dir);
    if (!d)
        return snn_output_fail(SNN_OUT_EIO, dir, "cannot read the folder: %s", strerror(errno));
    struct dirent *e;
    foreign[0] = 0;
    *outputs = 0;
    *checkpoint = false;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!run_output(e->d_name)) {
            if (!foreign[0])
                snprintf(foreign, n, "%s", e->d_name);
        } else if (e->d_name[0] != '.') {
            (*outputs)++;
            *checkpoint |= strcmp(e->d_name, "checkpoint.snnck") == 0;
        }
    }
    closedir(d);
    return 0;
}

/* The highest folder the claim created ("" if none), for snn_outdir_unclaim. */
static char made[SNN_PATH_MAX];

/* The first prefix of dir that does not exist ("" if dir exists). */
static void first_missing(const char *dir, char *out, size_t n)
{
    out[0] = 0;
    size_t len = strlen(dir);
    for (size_t i = 1; i <= len && len < n; i++) {
        if ((dir[i] != '/' && dir[i] != 0) || dir[i - 1] == '/')
            continue;
        memcpy(out, dir, i);
        out[i] = 0;
        if (access(out, F_OK) != 0)
            return;
    }
    out[0] = 0;
}

void snn_outdir_unclaim(const char *dir)
{
    if (!made[0])
        return;
    char p[SNN_PATH_MAX];
    snprintf(p, sizeof p, "%s", dir);
    for (;;) { /* the folder, then its parents up to the highest one made (if empty) */
        if (rmdir(p) != 0 || strcmp(p, made) == 0)
            break;
        char *slash = strrchr(p, '/');
        if (!slash || slash == p)
            break;
        while (slash > p && slash[-1] == '/')
            slash--;
        *slash = 0;
    }
    made[0] = 0;
}

int snn_outdir_claim(const char *dir, bool replace, bool report)
{
    char parent[PATH_MAX], name[NAME_MAX + 1], prefix[NAME_MAX + 64], foreign[NAME_MAX + 1];
    int rc = check_writable(dir);
    if (rc)
        return rc;
    first_missing(dir, made, sizeof made);
    if ((rc = snn_mkdir_p(dir)) || (rc = split(dir, parent, name)))
        return rc;
    if (access(parent, W_OK | X_OK) != 0)
        return snn_output_fail(SNN_OUT_EIO, dir, "cannot write into '%s' (%s): a run writes its outputs beside the "
                                                 "folder and then puts them in its place",
                               parent, strerror(errno));
    snprintf(prefix, sizeof prefix, ".%s%s", name, STAGING);
    sweep(parent, prefix, report);
    sweep(dir, STAGING, report); /* where earlier versions staged */
    int outputs;
    bool checkpoint;
    if ((rc = survey(dir, foreign, sizeof foreign, &outputs, &checkpoint)))
        return rc;
    if (foreign[0])
        return snn_output_fail(SNN_OUT_EINVAL, dir, "the folder holds '%s', which is not a run's output; a run "
                                                    "replaces its whole folder: use an empty or new one",
                               foreign);
    if (outputs && !replace && checkpoint)
        return snn_output_fail(SNN_OUT_EINVAL, dir, "the folder holds the checkpoint of a run that was stopped: "
                                                    "continue it with --resume %s, or start again with --force",
                               dir);
    if (outputs && !replace)
        return snn_output_fail(SNN_OUT_EINVAL, dir, "the folder holds the outputs of another run; replace them "
                                                    "with --force, or choose another --out");
    return 0;
}

int snn_outdir_stage(const char *dir, char *stage, size_t n)
{
    char parent[PATH_MAX], name[NAME_MAX + 1];
    int rc = split(dir, parent, name);
    if (rc)
        return rc;
    int k = snprintf(stage, n, "%s/.%s%s%ld", strcmp(parent, "/") ? parent : "", name, STAGING, (long)getpid());
    if (k < 0 || (size_t)k >= n)
        return snn_output_fail(SNN_OUT_EINVAL, dir, "path too long");
    if (mkdir(stage, 0777) != 0)
        return snn_output_fail(SNN_OUT_EIO, stage, "cannot create a folder: %s", strerror(errno));
    return 0;
}

int snn_outdir_publish(const char *dir, const char *stage)
{
    char foreign[NAME_MAX + 1];
    int outputs;
    bool checkpoint;
    /* what appeared in the folder during the run would go with the old outputs */
    int rc = survey(dir, foreign, sizeof foreign, &outputs, &checkpoint);
    if (rc)
        return rc;
    if (foreign[0])
        return snn_output_fail(SNN_OUT_EINVAL, dir, "'%s' appeared in the folder during the run; the outputs are "
                                                    "in %s",
                               foreign, stage);
    if (renameat2(AT_FDCWD, stage, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        remove_tree(stage, 1); /* the old outputs */
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS) /* ENOSYS, EINVAL: the file system cannot exchange */
        return snn_output_fail(SNN_OUT_EIO, dir, "cannot put the outputs in place (%s); they are in %s", strerror(errno),
                               stage);
    /* without an exchange: the old folder aside, the new one in its place (a
     * kill between the two renames leaves no folder, never a mixed one) */
    char aside[SNN_PATH_MAX];
    if (snprintf(aside, sizeof aside, "%s.old", stage) >= (int)sizeof aside || rename(dir, aside) != 0)
        return snn_output_fail(SNN_OUT_EIO, dir, "cannot put the outputs in place (%s); they are in %s", strerror(errno),
                               stage);
    if (rename(stage, dir) != 0) {
        rc = snn_output_fail(SNN_OUT_EIO, dir, "cannot put the outputs in place (%s); they are in %s", strerror(errno),
                             stage);
        rename(aside, dir);
        return rc;
    }
    remove_tree(aside, 1);
    return 0;
}

void snn_outdir_discard(const char *stage)
{
    remove_tree(stage, 1);
}
