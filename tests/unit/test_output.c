/*
 * test_output.c - unit tests for runtime/output.h: spike storage, the SONATA
 * and CSV writers, the JSON writer and atomic file creation.
 *
 * Everything happens in a fresh directory under $TMPDIR (or /tmp), removed at
 * the end.  The SONATA file is read back with the plain HDF5 C API, so the
 * checks follow the layout of the specification, not our writer's code.
 */
#define _POSIX_C_SOURCE 200809L

#include "output.h"
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mount.h>
#endif

static char base[1024];

/* base/rel in one of a few rotating buffers: for arguments only.  A path
   kept across calls goes into the caller's own buffer with keep(). */
static const char *at(const char *rel)
{
    static char buf[8][2048];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", base, rel);
    return buf[k];
}

#define keep(buf, rel) (snprintf(buf, sizeof buf, "%s/%s", base, rel), (const char *)buf)

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of leftover temporaries (".*.tmp.*") in dir. */
static int temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] == '.' && strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int contains(const char *s, const char *sub)
{
    return s && strstr(s, sub) != NULL;
}

static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            for (struct dirent *e; (e = readdir(d));) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                char sub[4096];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* ---- spike storage -------------------------------------------------------- */

static void push_all(snn_spikes *s, const uint32_t *node, const int64_t *step, int n)
{
    for (int i = 0; i < n; i++)
        snn_spikes_push(s, node[i], step[i]);
}

static void test_spikes(void)
{
    snn_spikes s = {.name = "big", .size = 1000};
    int ok = 1;
    for (uint32_t i = 0; i < 100000; i++)
        ok &= snn_spikes_push(&s, i % 1000, i / 7) == 0;
    CHECK("spikes_push_grows", ok && s.n == 100000 && s.cap >= s.n, "n=%llu cap=%llu",
          (unsigned long long)s.n, (unsigned long long)s.cap);
    CHECK("spikes_push_values", s.node[99999] == 999 && s.step[99999] == 99999 / 7 &&
          s.node[1234] == 234 && s.step[1234] == 1234 / 7, "stored values differ");
    CHECK("spikes_check_ok", snn_spikes_check("x", &s, 1) == 0, "%s", snn_output_error());

    s.node[5] = 1000;
    int rc = snn_spikes_check("out/spikes.h5", &s, 1);
    CHECK("spikes_check_range", rc == SNN_OUT_EINVAL &&
          !strcmp(snn_output_error(),
                  "out/spikes.h5: population 'big': node id 1000 out of range (size 1000)"),
          "rc=%d msg=%s", rc, snn_output_error());
    s.node[5] = 5;
    s.step[10] = 0;
    rc = snn_spikes_check(NULL, &s, 1);
    CHECK("spikes_check_order", rc == SNN_OUT_EINVAL && contains(snn_output_error(), "time order"),
          "rc=%d msg=%s", rc, snn_output_error());

    snn_spikes_free(&s);
    CHECK("spikes_free", s.n == 0 && s.cap == 0 && !s.node && !s.step, "not reset");
}

/* ---- SONATA ----------------------------------------------------------------- */

static const uint32_t exc_node[] = {1, 3, 0, 2, 1};
static const int64_t exc_step[] = {0, 0, 5, 12, 12};

static int read_u32_attr(hid_t obj, const char *name, uint32_t *v, int n, int *type_ok)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0)
        return -1;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    *type_ok = H5Tequal(t, H5T_STD_U32LE) > 0 && H5Sget_simple_extent_npoints(sp) == n;
    herr_t st = H5Aread(a, H5T_NATIVE_UINT32, v);
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
    return st;
}

/* sorting: an enum whose value is named "by_time" and has the value 2 */
static int check_sorting(hid_t grp, char *why, size_t n)
{
    hid_t a = H5Aopen(grp, "sorting", H5P_DEFAULT);
    if (a < 0)
        return snprintf(why, n, "no sorting attribute"), 0;
    hid_t t = H5Aget_type(a);
    int ok = 0;
    if (H5Tget_class(t) != H5T_ENUM) {
        snprintf(why, n, "sorting is not an enum");
    } else {
        hid_t super = H5Tget_super(t);
        uint8_t v = 0xff;
        char name[16] = "";
        /* read in the file's own type (8-bit) and name the value */
        if (H5Tget_size(super) != 1)
            snprintf(why, n, "enum base is %zu bytes", H5Tget_size(super));
        else if (H5Aread(a, t, &v) < 0 || H5Tenum_nameof(t, &v, name, sizeof name) < 0)
            snprintf(why, n, "cannot read sorting");
        else if (v != 2 || strcmp(name, "by_time") != 0)
            snprintf(why, n, "sorting = %u (%s)", v, name);
        else
            ok = 1;
        /* and the full member list, by value */
        const char *want[] = {"none", "by_id", "by_time"};
        for (uint8_t k = 0; ok && k < 3; k++)
            if (H5Tenum_nameof(t, &k, name, sizeof name) < 0 || strcmp(name, want[k]) != 0)
                ok = 0, snprintf(why, n, "member %u is not %s", k, want[k]);
        H5Tclose(super);
    }
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

static int check_units(hid_t ds, char *why, size_t n)
{
    hid_t a = H5Aopen(ds, "units", H5P_DEFAULT);
    if (a < 0)
        return snprintf(why, n, "no units attribute"), 0;
    hid_t t = H5Aget_type(a);
    int ok = 0;
    if (H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) <= 0 ||
        H5Tget_cset(t) != H5T_CSET_UTF8) {
        snprintf(why, n, "units is not a variable-length UTF-8 string");
    } else {
        char *s = NULL;
        if (H5Aread(a, t, &s) < 0 || !s)
            snprintf(why, n, "cannot read units");
        else if (strcmp(s, "ms") != 0)
            snprintf(why, n, "units = '%s'", s);
        else
            ok = 1;
        H5free_memory(s);
    }
    H5Tclose(t);
    H5Aclose(a);
    return ok;
}

/* Dataset of n elements of file type `type`, read as `mem` into buf. */
static int check_dataset(hid_t grp, const char *name, hid_t type, hid_t mem, hsize_t n,
                         void *buf, char *why, size_t wn)
{
    hid_t ds = H5Dopen2(grp, name, H5P_DEFAULT);
    if (ds < 0)
        return snprintf(why, wn, "no dataset %s", name), 0;
    hid_t t = H5Dget_type(ds), sp = H5Dget_space(ds);
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
    int ok = 0;
    if (H5Tequal(t, type) <= 0)
        snprintf(why, wn, "%s has the wrong type", name);
    else if (rank != 1 || dims[0] != n)
        snprintf(why, wn, "%s has rank %d, %llu elements", name, rank,
                 (unsigned long long)dims[0]);
    else if (n > 0 && H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
        snprintf(why, wn, "cannot read %s", name);
    else
        ok = 1;
    H5Sclose(sp);
    H5Tclose(t);
    H5Dclose(ds);
    return ok;
}

static void test_sonata(void)
{
    snn_spikes pops[2] = {{.name = "exc", .size = 4}, {.name = "empty", .size = 3}};
    push_all(&pops[0], exc_node, exc_step, 5);
    char pbuf[2048];
    const char *path = keep(pbuf, "run1/spikes.h5");

    int rc = snn_mkdir_p(at("run1"));
    CHECK("mkdir_p", rc == 0 && exists(at("run1")), "%s", snn_output_error());
    rc = snn_write_sonata(path, pops, 2, 0.1);
    CHECK("sonata_write", rc == 0, "rc=%d %s", rc, snn_output_error());
    CHECK("sonata_no_temp", temp_files(at("run1")) == 0, "temporary left behind");

    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK("sonata_open", f >= 0, "cannot open %s", path);
    if (f < 0)
        goto out;

    uint32_t magic = 0, version[2] = {9, 9};
    int tok = 0;
    rc = read_u32_attr(f, "magic", &magic, 1, &tok);
    CHECK("sonata_magic", rc >= 0 && tok && magic == 0x0A7A, "magic %#x type_ok %d", magic, tok);
    rc = read_u32_attr(f, "version", version, 2, &tok);
    CHECK("sonata_version", rc >= 0 && tok && version[0] == 0 && version[1] == 1,
          "version %u.%u type_ok %d", version[0], version[1], tok);

    char why[256] = "";
    hid_t g = H5Gopen2(f, "/spikes/exc", H5P_DEFAULT);
    CHECK("sonata_group", g >= 0, "no /spikes/exc");
    if (g >= 0) {
        CHECK("sonata_sorting", check_sorting(g, why, sizeof why), "%s", why);
        hid_t ds = H5Dopen2(g, "timestamps", H5P_DEFAULT);
        CHECK("sonata_units", ds >= 0 && check_units(ds, why, sizeof why), "%s", why);
        if (ds >= 0)
            H5Dclose(ds);

        double t[5];
        uint64_t id[5];
        int ok = check_dataset(g, "timestamps", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 5, t,
                               why, sizeof why);
        for (int i = 0; ok && i < 5; i++)
            if (t[i] != (double)exc_step[i] * 0.1)
                ok = 0, snprintf(why, sizeof why, "timestamps[%d] = %.17g", i, t[i]);
        CHECK("sonata_timestamps", ok, "%s", why);
        ok = check_dataset(g, "node_ids", H5T_STD_U64LE, H5T_NATIVE_UINT64, 5, id,
                           why, sizeof why);
        for (int i = 0; ok && i < 5; i++)
            if (id[i] != exc_node[i])
                ok = 0, snprintf(why, sizeof why, "node_ids[%d] = %llu", i,
                                 (unsigned long long)id[i]);
        CHECK("sonata_node_ids", ok, "%s", why);
        H5Gclose(g);
    }

    g = H5Gopen2(f, "/spikes/empty", H5P_DEFAULT);
    CHECK("sonata_empty_group", g >= 0, "no /spikes/empty");
    if (g >= 0) {
        CHECK("sonata_empty_sorting", check_sorting(g, why, sizeof why), "%s", why);
        int ok = check_dataset(g, "timestamps", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0, NULL,
                               why, sizeof why) &&
                 check_dataset(g, "node_ids", H5T_STD_U64LE, H5T_NATIVE_UINT64, 0, NULL,
                               why, sizeof why);
        CHECK("sonata_empty_datasets", ok, "%s", why);
        H5Gclose(g);
    }
    H5Fclose(f);

    /* Rewriting replaces the file in one step. */
    rc = snn_write_sonata(path, pops, 1, 1.0);
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK("sonata_overwrite", rc == 0 && f >= 0 && H5Lexists(f, "/spikes/empty", H5P_DEFAULT) == 0,
          "rc=%d %s", rc, snn_output_error());
    if (f >= 0)
        H5Fclose(f);

    rc = snn_write_sonata(at("run1/bad.h5"), (snn_spikes[]){{.name = "a/b", .size = 1}}, 1, 0.1);
    CHECK("sonata_bad_name", rc == SNN_OUT_EINVAL && contains(snn_output_error(), "'a/b'") &&
          !exists(at("run1/bad.h5")), "rc=%d %s", rc, snn_output_error());
out:
    snn_spikes_free(&pops[0]);
}

/* ---- CSV -------------------------------------------------------------------- */

static void test_csv(void)
{
    static const uint32_t inh_node[] = {0, 1, 1};
    static const int64_t inh_step[] = {0, 5, 30};
    snn_spikes pops[4] = {{.name = "exc", .size = 4}, {.name = "empty", .size = 3},
                          {.name = "inh", .size = 2}, {.name = "odd,\"name\"", .size = 1}};
    push_all(&pops[0], exc_node, exc_step, 5);
    push_all(&pops[2], inh_node, inh_step, 3);
    snn_spikes_push(&pops[3], 0, 12);

    char pbuf[2048];
    const char *path = keep(pbuf, "run1/spikes.csv");
    int rc = snn_write_spikes_csv(path, pops, 4, 0.1);
    CHECK("csv_write", rc == 0, "rc=%d %s", rc, snn_output_error());
    const char *want =
        "population,node_id,time_ms\n"
        "exc,1,0.0000\n"
        "exc,3,0.0000\n"
        "inh,0,0.0000\n"
        "exc,0,0.5000\n"
        "inh,1,0.5000\n"
        "exc,2,1.2000\n"
        "exc,1,1.2000\n"
        "\"odd,\"\"name\"\"\",0,1.2000\n"
        "inh,1,3.0000\n";
    const char *got = slurp(path);
    CHECK("csv_content", got && !strcmp(got, want), "got:\n%s", got ? got : "(no file)");

    rc = snn_write_spikes_csv(at("run1/none.csv"), NULL, 0, 0.1);
    got = slurp(at("run1/none.csv"));
    CHECK("csv_no_populations", rc == 0 && got && !strcmp(got, "population,node_id,time_ms\n"),
          "rc=%d %s", rc, snn_output_error());
    CHECK("csv_no_temp", temp_files(at("run1")) == 0, "temporary left behind");
    for (int p = 0; p < 4; p++)
        snn_spikes_free(&pops[p]);
}

/* ---- JSON ------------------------------------------------------------------- */

static void test_json(void)
{
    snn_json *j = snn_json_new();
    snn_json_begin_object(j, NULL);
    snn_json_string(j, "model", "coba");
    snn_json_string(j, "esc", "say \"hi\" \\ back\nline\x01\x1f\ttab \xc2\xb5 \xff!");
    snn_json_uint(j, "seed", 18446744073709551615ULL);
    snn_json_begin_object(j, "overrides");
    snn_json_end_object(j);
    snn_json_begin_object(j, "timings");
    snn_json_number(j, "tenth", 0.1);
    snn_json_number(j, "third", 1.0 / 3);
    snn_json_number(j, "big", -1e300);
    snn_json_number(j, "nan", NAN);
    snn_json_number(j, "inf", INFINITY);
    snn_json_end_object(j);
    snn_json_begin_array(j, "populations");
    snn_json_begin_object(j, NULL);
    snn_json_string(j, "name", "exc");
    snn_json_int(j, "size", -4);
    snn_json_bool(j, "on", 1);
    snn_json_null(j, "nothing");
    snn_json_string(j, "null_string", NULL);
    snn_json_end_object(j);
    snn_json_begin_array(j, NULL);
    snn_json_end_array(j);
    snn_json_end_array(j);
    int rc = snn_json_end_object(j);
    CHECK("json_build", rc == 0, "rc=%d %s", rc, snn_output_error());

    const char *want =
        "{\n"
        "  \"model\": \"coba\",\n"
        "  \"esc\": \"say \\\"hi\\\" \\\\ back\\nline\\u0001\\u001f\\ttab \xc2\xb5 \\ufffd!\",\n"
        "  \"seed\": 18446744073709551615,\n"
        "  \"overrides\": {},\n"
        "  \"timings\": {\n"
        "    \"tenth\": 0.1,\n"
        "    \"third\": 0.3333333333333333,\n"
        "    \"big\": -1e+300,\n"
        "    \"nan\": null,\n"
        "    \"inf\": null\n"
        "  },\n"
        "  \"populations\": [\n"
        "    {\n"
        "      \"name\": \"exc\",\n"
        "      \"size\": -4,\n"
        "      \"on\": true,\n"
        "      \"nothing\": null,\n"
        "      \"null_string\": null\n"
        "    },\n"
        "    []\n"
        "  ]\n"
        "}\n";
    size_t len = 0;
    const char *text = snn_json_text(j, &len);
    CHECK("json_text", !strcmp(text, want) && len == strlen(want), "got:\n%s", text);

    char pbuf[2048];
    const char *path = keep(pbuf, "run1/run.json");
    rc = snn_json_save(j, path);
    const char *got = slurp(path);
    CHECK("json_save", rc == 0 && got && !strcmp(got, want), "rc=%d %s", rc, snn_output_error());
    snn_json_free(j);

    /* Misuse is refused, stays refused, and nothing is saved. */
    j = snn_json_new();
    snn_json_begin_array(j, NULL);
    rc = snn_json_string(j, "key", "x");
    int rc2 = snn_json_end_array(j);
    CHECK("json_misuse", rc == SNN_OUT_EINVAL && rc2 == SNN_OUT_EINVAL &&
          !strchr(snn_json_text(j, NULL), 'x'), "rc=%d rc2=%d", rc, rc2);
    rc = snn_json_save(j, at("run1/bad.json"));
    CHECK("json_misuse_save", rc != 0 && !exists(at("run1/bad.json")) &&
          contains(snn_output_error(), "run1/bad.json: key 'key' inside an array"),
          "rc=%d %s", rc, snn_output_error());
    snn_json_free(j);

    /* What snn_json_new() returns out of memory is accepted everywhere. */
    rc = snn_json_begin_object(NULL, NULL);
    rc2 = snn_json_save(NULL, at("run1/null.json"));
    CHECK("json_null_writer", rc == SNN_OUT_ENOMEM && rc2 == SNN_OUT_ENOMEM &&
          !exists(at("run1/null.json")), "rc=%d rc2=%d", rc, rc2);

    j = snn_json_new();
    snn_json_begin_object(j, NULL);
    rc = snn_json_save(j, at("run1/open.json"));
    CHECK("json_incomplete", rc == SNN_OUT_EINVAL && !exists(at("run1/open.json")) &&
          contains(snn_output_error(), "incomplete"), "rc=%d %s", rc, snn_output_error());
    snn_json_free(j);
}

/* ---- failures --------------------------------------------------------------- */

static void test_failures(void)
{
    snn_spikes pop = {.name = "exc", .size = 4};
    push_all(&pop, exc_node, exc_step, 5);
    char want[2100];
    int rc;

    /* Into a directory that does not exist. */
    char pbuf[2048];
    const char *path = keep(pbuf, "nope/spikes.h5");
    rc = snn_write_sonata(path, &pop, 1, 0.1);
    snprintf(want, sizeof want, "%s: cannot create file: No such file or directory", path);
    CHECK("fail_missing_dir_sonata", rc != 0 && !strcmp(snn_output_error(), want) &&
          !exists(at("nope")), "rc=%d msg=%s", rc, snn_output_error());
    rc = snn_write_spikes_csv(at("nope/spikes.csv"), &pop, 1, 0.1);
    CHECK("fail_missing_dir_csv", rc != 0 && contains(snn_output_error(), "nope/spikes.csv: "),
          "rc=%d msg=%s", rc, snn_output_error());

    /* Through a regular file: unwritable even for root. */
    FILE *f = fopen(at("afile"), "w");
    if (f)
        fclose(f);
    path = keep(pbuf, "afile/spikes.h5");
    rc = snn_write_sonata(path, &pop, 1, 0.1);
    snprintf(want, sizeof want, "%s: cannot create file: Not a directory", path);
    CHECK("fail_not_a_dir", rc != 0 && !strcmp(snn_output_error(), want), "rc=%d msg=%s", rc,
          snn_output_error());
    rc = snn_mkdir_p(at("afile/sub"));
    CHECK("fail_mkdir_p", rc != 0 && contains(snn_output_error(), "Not a directory"),
          "rc=%d msg=%s", rc, snn_output_error());

    /* A read-only directory; root ignores permissions, so only as a user. */
    if (geteuid() != 0) {
        snn_mkdir_p(at("ro"));
        chmod(at("ro"), 0555);
        path = keep(pbuf, "ro/spikes.h5");
        rc = snn_write_sonata(path, &pop, 1, 0.1);
        snprintf(want, sizeof want, "%s: cannot create file: Permission denied", path);
        CHECK("fail_read_only_dir", rc != 0 && !strcmp(snn_output_error(), want) &&
              temp_files(at("ro")) == 0, "rc=%d msg=%s", rc, snn_output_error());
    } else {
        SKIP("fail_read_only_dir", "running as root, which may write into a read-only directory");
    }

    /* Failing at the very end: the final name is taken by a directory. */
    snn_mkdir_p(at("run2/spikes.csv"));
    rc = snn_write_spikes_csv(at("run2/spikes.csv"), &pop, 1, 0.1);
    CHECK("fail_rename", rc != 0 && contains(snn_output_error(), "cannot rename into place") &&
          temp_files(at("run2")) == 0, "rc=%d msg=%s temps=%d", rc, snn_output_error(),
          temp_files(at("run2")));

    /* Failing half-way through: a file-size limit makes write() fail with
       EFBIG once the temporary reaches 4 kB.  The SONATA writer, whose HDF5
       phase must not meet I/O errors, refuses such a limit up front. */
    snn_spikes big = {.name = "big", .size = 100000};
    for (uint32_t i = 0; i < 20000; i++)
        snn_spikes_push(&big, i, i);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 4096;
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
        rc = snn_write_spikes_csv(at("run2/big.csv"), &big, 1, 0.1);
        int rc_csv = rc;
        char msg_csv[1024];
        snprintf(msg_csv, sizeof msg_csv, "%s", snn_output_error());
        rc = snn_write_sonata(at("run2/big.h5"), &big, 1, 0.1);
        setrlimit(RLIMIT_FSIZE, &old);
        CHECK("fail_midway_csv", rc_csv == SNN_OUT_EIO && !exists(at("run2/big.csv")) &&
              contains(msg_csv, "big.csv: cannot write file: File too large"),
              "rc=%d msg=%s", rc_csv, msg_csv);
        CHECK("fail_size_limit_sonata", rc == SNN_OUT_EIO && !exists(at("run2/big.h5")) &&
              contains(snn_output_error(), "big.h5: file would exceed the file size limit"),
              "rc=%d msg=%s", rc, snn_output_error());
        CHECK("fail_midway_no_temp", temp_files(at("run2")) == 0, "temporary left behind");
    } else {
        CHECK("fail_midway_setrlimit", 0, "setrlimit: %s", strerror(errno));
    }
    signal(SIGXFSZ, SIG_DFL);
    snn_spikes_free(&big);
    snn_spikes_free(&pop);
    CHECK("no_temp_anywhere", temp_files(base) == 0 && temp_files(at("run1")) == 0,
          "temporary left behind");
}

/* A full disk half-way through each writer, on a 64 kB tmpfs.  Regression
   test for the HDF5 exit-time crash after a failed close (see sonata.c).
   Needs the right to mount, so it runs only where it can (root on Linux). */
static void test_disk_full(void)
{
#if defined(__linux__)
    char dbuf[2048];
    const char *dir = keep(dbuf, "small");
    snn_mkdir_p(dir);
    if (geteuid() != 0 || mount("tmpfs", dir, "tmpfs", 0, "size=64k") != 0) {
        static const char *const names[] = {"disk_full_sonata", "disk_full_csv", "disk_full_no_temp", "disk_full_then_ok"};
        for (int k = 0; k < 4; k++)
            SKIP(names[k], "mounting a small tmpfs needs root (%s)", geteuid() ? "not root" : strerror(errno));
        return;
    }
    snn_spikes big = {.name = "big", .size = 100000};
    for (uint32_t i = 0; i < 20000; i++)
        snn_spikes_push(&big, i, i);
    int rc = snn_write_sonata(at("small/spikes.h5"), &big, 1, 0.1);
    CHECK("disk_full_sonata", rc == SNN_OUT_EIO && !exists(at("small/spikes.h5")) &&
          contains(snn_output_error(), "spikes.h5: cannot write file: No space left on device"),
          "rc=%d msg=%s", rc, snn_output_error());
    rc = snn_write_spikes_csv(at("small/spikes.csv"), &big, 1, 0.1);
    CHECK("disk_full_csv", rc == SNN_OUT_EIO && !exists(at("small/spikes.csv")) &&
          contains(snn_output_error(), "spikes.csv: cannot write file: No space left on device"),
          "rc=%d msg=%s", rc, snn_output_error());
    CHECK("disk_full_no_temp", temp_files(dir) == 0, "temporary left behind");
    /* The library is still usable afterwards (and exit must not crash). */
    rc = snn_write_sonata(at("after.h5"), &big, 1, 0.1);
    CHECK("disk_full_then_ok", rc == 0, "rc=%d msg=%s", rc, snn_output_error());
    snn_spikes_free(&big);
    umount2(dir, MNT_DETACH);
#endif
}

int main(void)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/snn_test_output.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(base)) {
        printf("FAIL setup: mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    test_spikes();
    test_sonata();
    test_csv();
    test_json();
    test_failures();
    test_disk_full();
    rm_rf(base);
    return check_done();
}
