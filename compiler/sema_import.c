/*
 * sema_import.c: loading files.  The main file and, depth first, each file it
 * imports (found next to the importer, in -I directories, SNN_PATH or the
 * stdlib), every file once, imports before their importer so that definitions
 * come before uses; each file's bytes join the model's content hash.  Also what
 * the stdlib defines, so that an unknown neuron, kernel, rule or modulator kind
 * can be answered with the import that brings it in.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "sema.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- loading files and imports ------------------------------------------- */

/* After the -I directories: those of SNN_PATH, then the stdlib. */
void search_path_finish(SearchPath *sp, const char *stdlib_dir)
{
    const char *env = getenv("SNN_PATH");
    if (env && *env) {
        char *copy = arena_strdup(env);
        for (char *tok = strtok(copy, ":"); tok; tok = strtok(NULL, ":"))
            vec_push(&sp->include_dirs, tok);
    }
    if (stdlib_dir) {
        sp->stdlib_dir = stdlib_dir;
        vec_push(&sp->include_dirs, (void *)sp->stdlib_dir);
    }
}

static bool file_exists(const char *p) { return access(p, R_OK) == 0; }

static const char *resolve_import(Sema *s, const SrcFile *from, const char *name)
{
    if (name[0] == '/')
        return file_exists(name) ? name : NULL;
    const char *p = arena_printf("%s/%s", from->dir, name);
    if (file_exists(p))
        return p;
    for (int i = 0; i < s->path->include_dirs.n; i++) {
        const char *dir = s->path->include_dirs.v[i];
        p = arena_printf("%s/%s", dir, name);
        if (file_exists(p))
            return p;
        /* "stdlib/neurons.snn" also names a file of the built-in stdlib */
        if (strncmp(name, "stdlib/", 7) == 0) {
            p = arena_printf("%s/%s", dir, name + 7);
            if (file_exists(p))
                return p;
        }
    }
    return NULL;
}

static bool load(Sema *s, const char *path, Span from);

static bool load_imports(Sema *s, Node *file, int fid)
{
    bool ok = true;
    Node *items = file_items(file);
    for (int i = 0; i < items->nkid; i++) {
        Node *it = list_at(items, i);
        if (it->kind != N_IMPORT)
            continue;
        Node *path = import_path(it);
        const char *name = path->name;
        const char *p = resolve_import(s, src_get(fid), name);
        if (!p) {
            diag_error(path->sp, "cannot find import \"%s\"", name);
            diag_note(path->sp, "searched next to this file, in -I directories, SNN_PATH and the stdlib");
            ok = false;
            continue;
        }
        ok = load(s, p, path->sp) && ok;
    }
    return ok;
}

/* The file's content joins the model's hash; its imports come before it, so
 * that definitions precede uses. */
bool load_file(Sema *s, int fid)
{
    /* stdlib files are named as they are imported, not by where they are installed */
    const char *path = src_get(fid)->path;
    size_t sl = s->path->stdlib_dir ? strlen(s->path->stdlib_dir) : 0;
    if (sl && strncmp(path, s->path->stdlib_dir, sl) == 0 && path[sl] == '/')
        src_set_display(fid, arena_printf("stdlib%s", path + sl));
    const SrcFile *f = src_get(fid);
    s->m->hash = hash_bytes(s->m->hash, f->text, f->len);
    Node *root = parse_file(fid);
    if (!root)
        return false;
    bool ok = load_imports(s, root, fid);
    vec_push(&s->m->files, root);
    return ok;
}

/* An import: each file once (which also breaks import cycles). */
static bool load(Sema *s, const char *path, Span from)
{
    char *canon = realpath(path, NULL);
    const char *key = canon ? arena_strdup(canon) : path;
    free(canon);
    for (int i = 0; i < s->loaded.n; i++)
        if (strcmp(s->loaded.v[i], key) == 0)
            return true;
    vec_push(&s->loaded, (void *)key);
    const char *err;
    Span at;
    int fid = src_load(path, &err, &at);
    if (fid < 0) {
        if (at.file >= 0)
            diag_error(at, "%s", err);
        else
            diag_error(from, "cannot read \"%s\": %s", path, err);
        return false;
    }
    return load_file(s, fid);
}

/* ---- what the stdlib defines, for "add the import" hints ----------------- */

/* A definition in a stdlib file: 'neuron lif_cond(' in stdlib/neurons.snn. */
typedef struct {
    SymKind kind;         /* SYM_NEURON, SYM_SYNAPSE, SYM_PLASTICITY or SYM_MODDEF */
    const char *name;
    const char *file;     /* as imported: "stdlib/neurons.snn" */
} StdlibDef;

static bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The definitions of one stdlib file: lines that open with a definition
 * keyword, a name and '(' (a modulator instance, 'modulator x = ...', is not
 * a definition), outside comments.  Reading the text this way, not parsing it,
 * keeps a hint from printing messages about a file the model never asked for. */
static void index_stdlib_file(Sema *s, const char *text, const char *file)
{
    static const struct {
        const char *kw;
        SymKind kind;
    } kws[] = {{"neuron", SYM_NEURON}, {"synapse", SYM_SYNAPSE}, {"plasticity", SYM_PLASTICITY},
               {"modulator", SYM_MODDEF}};
    bool line_start = true;
    for (const char *p = text; *p;) {
        if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
            line_start = false;
            continue;
        }
        if (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r') {
            line_start |= *p == '\n';
            p++;
            continue;
        }
        if (line_start)
            for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++) {
                size_t n = strlen(kws[k].kw);
                if (strncmp(p, kws[k].kw, n) != 0 || (p[n] != ' ' && p[n] != '\t'))
                    continue;
                const char *q = p + n;
                while (*q == ' ' || *q == '\t')
                    q++;
                const char *name = q;
                while (is_ident_char(*q))
                    q++;
                if (q > name && *q == '(') {
                    StdlibDef *d = arena_alloc(sizeof *d);
                    d->kind = kws[k].kind;
                    d->name = arena_strndup(name, (size_t)(q - name));
                    d->file = file;
                    vec_push(&s->stdlib_defs, d);
                }
            }
        line_start = false;
        while (*p && *p != '\n' && !(p[0] == '/' && (p[1] == '/' || p[1] == '*')))
            p++;
    }
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The stdlib's definitions, read once per compilation (files in name order, so
 * that a name defined twice is always found in the same one). */
static Vec *stdlib_defs(Sema *s)
{
    if (s->stdlib_read || !s->path->stdlib_dir)
        return &s->stdlib_defs;
    s->stdlib_read = true;
    DIR *d = opendir(s->path->stdlib_dir);
    if (!d)
        return &s->stdlib_defs;
    Vec names = {0};
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".snn") == 0)
            vec_push(&names, arena_strdup(e->d_name));
    }
    closedir(d);
    if (names.n)
        qsort(names.v, (size_t)names.n, sizeof names.v[0], by_name);
    for (int i = 0; i < names.n; i++) {
        FILE *f = fopen(arena_printf("%s/%s", s->path->stdlib_dir, (char *)names.v[i]), "rb");
        if (!f)
            continue;
        long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
        char *text = len >= 0 && len <= SRC_MAX_BYTES ? arena_alloc((size_t)len + 1) : NULL;
        if (text) {
            rewind(f);
            text[fread(text, 1, (size_t)len, f)] = 0;
            index_stdlib_file(s, text, arena_printf("stdlib/%s", (char *)names.v[i]));
        }
        fclose(f);
    }
    return &s->stdlib_defs;
}

/* The stdlib file that defines name as a k, or NULL. */
static const char *stdlib_file_of(Sema *s, SymKind k, const char *name)
{
    Vec *defs = stdlib_defs(s);
    for (int i = 0; i < defs->n; i++) {
        StdlibDef *d = defs->v[i];
        if (d->kind == k && strcmp(d->name, name) == 0)
            return d->file;
    }
    return NULL;
}

/* "unknown neuron model 'X'" at sp (what: "neuron model"), with the name
 * probably meant among the definitions of kind k in scope and in the stdlib,
 * and the import that brings a stdlib one in. */
void unknown_definition(Sema *s, Span sp, const char *name, SymKind k, const char *what)
{
    const char *file = stdlib_file_of(s, k, name);
    Suggest g;
    suggest_init(&g, name);
    if (!file) {
        offer_kind(&g, s->g, k);
        Vec *defs = stdlib_defs(s);
        for (int i = 0; i < defs->n; i++)
            if (((StdlibDef *)defs->v[i])->kind == k)
                suggest_offer(&g, ((StdlibDef *)defs->v[i])->name);
    }
    diag_error(sp, "unknown %s '%s'%s", what, name, did_you_mean(&g));
    const char *meant = file ? name : suggest_best(&g);
    Sym *y = meant ? scope_find(s->g, meant) : NULL;
    if (meant && !(y && y->kind == k) && (file = stdlib_file_of(s, k, meant)))
        diag_note(sp, "'%s' is defined in %s: add 'import \"%s\"'", meant, file, file);
}
