/*
 * lsp.c: 'snnc lsp', a language server on stdin/stdout.  JSON-RPC 2.0 messages
 * framed by a Content-Length header (the Language Server Protocol's base
 * protocol), parsed and printed with json-c.  The editor sends whole texts
 * (full synchronisation); at each open and change the document is checked
 * (lsp_check.c) and its diagnostics published, and a question about a
 * position is answered from a run over that document's current text
 * (lsp_query.c).  A malformed message gets a JSON-RPC error, never an exit;
 * the server ends at 'exit' (status 0 after 'shutdown') or end of input.
 */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { PARSE_ERROR = -32700, INVALID_REQUEST = -32600, NO_METHOD = -32601, INVALID_PARAMS = -32602 };
enum { MAX_MESSAGE = 64 << 20, MAX_HEADER = 1024 };

/* ---- framing ---------------------------------------------------------------- */

/* One header line without its line end into buf; false at end of input. */
static bool header_line(char *buf, size_t cap)
{
    size_t n = 0;
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        if (n + 1 < cap)
            buf[n++] = (char)c;
    if (c == EOF && n == 0)
        return false;
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = 0;
    return true;
}

/* Reads one message: 1 with its body in *body (malloc'd), 0 at end of input,
 * -1 for headers without a valid Content-Length (*why says what is wrong). */
static int read_message(char **body, size_t *len, const char **why)
{
    char line[MAX_HEADER];
    long long length = -1;
    bool bad = false, any = false;
    for (;;) {
        if (!header_line(line, sizeof line))
            return 0;
        if (!line[0] && any)
            break;
        if (!line[0])
            continue; /* blank lines between messages */
        any = true;
        char *colon = strchr(line, ':');
        if (!colon) {
            bad = true;
            *why = "a header line without ':'";
        } else if (strncasecmp(line, "Content-Length", 14) == 0 && colon == line + 14) {
            char *p = colon + 1, *end;
            while (*p == ' ' || *p == '\t')
                p++;
            length = *p >= '0' && *p <= '9' ? strtoll(p, &end, 10) : -1;
            if (length < 0 || *end || length > MAX_MESSAGE) {
                bad = true;
                *why = "bad Content-Length (a byte count up to 64 MiB)";
            }
        }
    }
    if (!bad && length < 0) {
        bad = true;
        *why = "no Content-Length header";
    }
    if (bad)
        return -1;
    *len = (size_t)length;
    *body = malloc(*len + 1);
    if (!*body || fread(*body, 1, *len, stdin) != *len) {
        free(*body);
        return 0;
    }
    (*body)[*len] = 0;
    return 1;
}

static void send(json_object *msg)
{
    json_object_object_add(msg, "jsonrpc", json_object_new_string("2.0"));
    const char *s = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    printf("Content-Length: %zu\r\n\r\n%s", strlen(s), s);
    fflush(stdout);
    json_object_put(msg);
}

static void reply(json_object *id, json_object *result)
{
    json_object *m = json_object_new_object();
    json_object_object_add(m, "id", json_object_get(id));
    json_object_object_add(m, "result", result);
    send(m);
}

static void reply_error(json_object *id, int code, const char *text)
{
    json_object *m = json_object_new_object(), *e = json_object_new_object();
    json_object_object_add(e, "code", json_object_new_int(code));
    json_object_object_add(e, "message", json_object_new_string(text));
    json_object_object_add(m, "id", json_object_get(id));
    json_object_object_add(m, "error", e);
    send(m);
}

static void notify(const char *method, json_object *params)
{
    json_object *m = json_object_new_object();
    json_object_object_add(m, "method", json_object_new_string(method));
    json_object_object_add(m, "params", params);
    send(m);
}

/* o[key] if it has type ty, else NULL */
static json_object *get(json_object *o, const char *key, json_type ty)
{
    json_object *v;
    return o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, key, &v) &&
                   json_object_is_type(v, ty)
               ? v
               : NULL;
}

static const char *get_str(json_object *o, const char *key)
{
    json_object *v = get(o, key, json_type_string);
    return v ? json_object_get_string(v) : NULL;
}

/* ---- open documents --------------------------------------------------------- */

typedef struct {
    char *uri, *path, *text;
    size_t len;
    unsigned long gen;    /* changes with every new text */
    char **others;        /* imported files' URIs this document's run published for */
    int nothers;
} Doc;

static Doc **docs;
static int ndocs;
static unsigned long generation;
static Analysis an;
static unsigned long analysed; /* the gen of the text 'an' is about; 0: none */

static Doc *find_doc(const char *uri)
{
    for (int i = 0; uri && i < ndocs; i++)
        if (strcmp(docs[i]->uri, uri) == 0)
            return docs[i];
    return NULL;
}

static void set_text(Doc *d, const char *text, size_t len)
{
    free(d->text);
    d->text = malloc(len + 1);
    memcpy(d->text, text, len);
    d->text[len] = 0;
    d->len = len;
    d->gen = ++generation;
}

static Doc *open_doc(const char *uri)
{
    Doc *d = find_doc(uri);
    if (d)
        return d;
    d = calloc(1, sizeof *d);
    d->uri = strdup(uri);
    d->path = lsp_path_of_uri(uri);
    if (!d->path) /* an unsaved buffer: its imports are looked up from here */
        d->path = strdup("untitled.snn");
    docs = realloc(docs, sizeof *docs * (size_t)(ndocs + 1));
    docs[ndocs++] = d;
    return d;
}

static void forget_others(Doc *d)
{
    for (int i = 0; i < d->nothers; i++)
        free(d->others[i]);
    free(d->others);
    d->others = NULL;
    d->nothers = 0;
}

static void close_doc(Doc *d)
{
    for (int i = 0; i < ndocs; i++)
        if (docs[i] == d)
            docs[i] = docs[--ndocs];
    forget_others(d);
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d);
}

static Analysis *analyse(Doc *d)
{
    if (analysed != d->gen) {
        lsp_check(&an, d->uri, d->path, d->text, d->len);
        analysed = d->gen;
    }
    return &an;
}

/* ---- diagnostics -------------------------------------------------------------- */

/* One file's diagnostics, by URI. */
typedef struct {
    char *uri;
    json_object *list;
} Published;

static json_object *diagnostic(const LspDiag *g, const char *doc_path, int severity)
{
    json_object *o = json_object_new_object();
    json_object *r = lsp_range(g->sp);
    if (!r) /* a message about no place in particular: the document's start */
        r = json_tokener_parse("{\"start\": {\"line\": 0, \"character\": 0}, \"end\": {\"line\": 0, \"character\": 0}}");
    const char *msg = g->msg;
    if (strcmp(g->kind, "internal error") == 0)
        msg = arena_printf("internal error: %s; this is a bug in snnc, please report it with the model", msg);
    else if (g->path && strcmp(g->path, doc_path) != 0)
        msg = arena_printf("%s: %s", g->path, msg);
    json_object_object_add(o, "range", r);
    json_object_object_add(o, "severity", json_object_new_int(severity));
    json_object_object_add(o, "source", json_object_new_string("snnc"));
    json_object_object_add(o, "message", json_object_new_string(msg));
    return o;
}

static json_object *list_for(Published *p, int *np, char *uri)
{
    for (int i = 0; i < *np; i++)
        if (strcmp(p[i].uri, uri) == 0) {
            free(uri);
            return p[i].list;
        }
    p[*np].uri = uri;
    p[*np].list = json_object_new_array();
    return p[(*np)++].list;
}

static void publish_one(const char *uri, json_object *list)
{
    json_object *params = json_object_new_object();
    json_object_object_add(params, "uri", json_object_new_string(uri));
    json_object_object_add(params, "diagnostics", list);
    notify("textDocument/publishDiagnostics", params);
}

/* The run's messages, by file: a note joins the message before it as related
 * information.  Files other than the document (imports) get theirs too, unless
 * they are open themselves (their own runs speak for them); those this
 * document reported on last time and not now are cleared. */
static void publish(Doc *d)
{
    Analysis *a = analyse(d);
    Published *p = calloc((size_t)a->diags.n + 1, sizeof *p);
    int np = 0;
    list_for(p, &np, strdup(d->uri));
    json_object *last = NULL;
    for (int i = 0; i < a->diags.n; i++) {
        LspDiag *g = a->diags.v[i];
        bool note = strcmp(g->kind, "note") == 0;
        json_object *where = lsp_location(a, g->sp);
        if (note && last && where) {
            json_object *rel = get(last, "relatedInformation", json_type_array), *info = json_object_new_object();
            if (!rel) {
                rel = json_object_new_array();
                json_object_object_add(last, "relatedInformation", rel);
            }
            json_object_object_add(info, "location", where);
            json_object_object_add(info, "message", json_object_new_string(g->msg));
            json_object_array_add(rel, info);
            continue;
        }
        json_object *uri = where ? get(where, "uri", json_type_string) : NULL;
        char *u = strdup(uri ? json_object_get_string(uri) : d->uri);
        json_object_put(where);
        if (find_doc(u) && strcmp(u, d->uri) != 0) {
            free(u);
            last = NULL;
            continue;
        }
        last = diagnostic(g, d->path, note ? 3 : strcmp(g->kind, "warning") == 0 ? 2 : 1);
        json_object_array_add(list_for(p, &np, u), last);
    }
    for (int i = 0; i < d->nothers; i++) {
        bool again = false;
        for (int k = 1; k < np; k++)
            again |= strcmp(p[k].uri, d->others[i]) == 0;
        if (!again && !find_doc(d->others[i]))
            publish_one(d->others[i], json_object_new_array());
    }
    forget_others(d);
    d->others = malloc(sizeof *d->others * (size_t)np);
    for (int i = 0; i < np; i++) {
        publish_one(p[i].uri, p[i].list);
        if (i > 0)
            d->others[d->nothers++] = p[i].uri;
        else
            free(p[i].uri);
    }
    free(p);
}

/* ---- requests and notifications ------------------------------------------------ */

static json_object *capabilities(void)
{
    json_object *c = json_object_new_object(), *sync = json_object_new_object(), *r = json_object_new_object();
    json_object_object_add(sync, "openClose", json_object_new_boolean(1));
    json_object_object_add(sync, "change", json_object_new_int(1)); /* full texts */
    json_object_object_add(c, "textDocumentSync", sync);
    json_object_object_add(c, "hoverProvider", json_object_new_boolean(1));
    json_object_object_add(c, "definitionProvider", json_object_new_boolean(1));
    json_object_object_add(c, "completionProvider", json_object_new_object());
    json_object *info = json_object_new_object();
    json_object_object_add(info, "name", json_object_new_string("snnc"));
    json_object_object_add(info, "version", json_object_new_string(snn_version));
    json_object_object_add(r, "capabilities", c);
    json_object_object_add(r, "serverInfo", info);
    return r;
}

/* hover, definition, completion: the document and the byte offset asked
 * about (-1 when its text was refused: a NUL byte) */
static bool position_of(json_object *params, Doc **d, int *off)
{
    json_object *pos = get(params, "position", json_type_object);
    json_object *line = get(pos, "line", json_type_int), *ch = get(pos, "character", json_type_int);
    *d = find_doc(get_str(get(params, "textDocument", json_type_object), "uri"));
    if (!*d || !line || !ch)
        return false;
    const SrcFile *f = src_get(analyse(*d)->file);
    *off = f ? lsp_offset(f, json_object_get_int(line), json_object_get_int(ch)) : -1;
    return true;
}

/* Completion is asked while a line is half typed, which seldom parses: then
 * the model is read with that line blank (offsets stay), the names come from
 * the rest, and the context (a number before, an open call) from the text. */
static json_object *complete(Doc *d, int off)
{
    Analysis *a = analyse(d);
    if (!lsp_parsed(a)) {
        char *t = malloc(d->len + 1); /* not strdup: the text may hold a NUL (refused, but asked about) */
        memcpy(t, d->text, d->len + 1);
        int lo = off, hi = off;
        while (lo > 0 && t[lo - 1] != '\n')
            lo--;
        while ((size_t)hi < d->len && t[hi] != '\n')
            hi++;
        memset(t + lo, ' ', (size_t)(hi - lo));
        lsp_check(&an, d->uri, d->path, t, d->len);
        analysed = 0;
        free(t);
    }
    return lsp_completion(&an, d->text, off);
}

static void request(const char *method, json_object *id, json_object *params, bool *shutdown)
{
    Doc *d = NULL;
    int off = 0;
    bool query = !strcmp(method, "textDocument/hover") || !strcmp(method, "textDocument/definition") ||
                 !strcmp(method, "textDocument/completion");
    if (!strcmp(method, "initialize"))
        reply(id, capabilities());
    else if (!strcmp(method, "shutdown")) {
        *shutdown = true;
        reply(id, NULL);
    } else if (query && !position_of(params, &d, &off))
        reply_error(id, INVALID_PARAMS, "expected the URI of an open document and a position");
    else if (query && off < 0)
        reply(id, NULL);
    else if (!strcmp(method, "textDocument/hover"))
        reply(id, lsp_hover(&an, off));
    else if (!strcmp(method, "textDocument/definition"))
        reply(id, lsp_definition(&an, off));
    else if (!strcmp(method, "textDocument/completion"))
        reply(id, complete(d, off));
    else
        reply_error(id, NO_METHOD, arena_printf("unknown method '%s'", method));
}

static void notification(const char *method, json_object *params)
{
    json_object *td = get(params, "textDocument", json_type_object);
    const char *uri = get_str(td, "uri");
    if (!strcmp(method, "textDocument/didOpen") && uri && get_str(td, "text")) {
        Doc *d = open_doc(uri);
        json_object *text = get(td, "text", json_type_string);
        set_text(d, json_object_get_string(text), (size_t)json_object_get_string_len(text));
        publish(d);
    } else if (!strcmp(method, "textDocument/didChange") && find_doc(uri)) {
        json_object *changes = get(params, "contentChanges", json_type_array);
        size_t n = changes ? json_object_array_length(changes) : 0;
        json_object *text = n ? get(json_object_array_get_idx(changes, n - 1), "text", json_type_string) : NULL;
        if (!text)
            return;
        set_text(find_doc(uri), json_object_get_string(text), (size_t)json_object_get_string_len(text));
        publish(find_doc(uri));
    } else if (!strcmp(method, "textDocument/didClose") && find_doc(uri)) {
        Doc *d = find_doc(uri);
        for (int i = 0; i < d->nothers; i++)
            publish_one(d->others[i], json_object_new_array());
        publish_one(d->uri, json_object_new_array());
        close_doc(d);
    }
    /* initialized, $/cancelRequest, didSave, ...: nothing to do */
}

int lsp_main(void)
{
    bool shutdown = false;
    int status = -1;
    json_tokener *tok = json_tokener_new();
    while (status < 0) {
        char *body = NULL;
        size_t len = 0;
        const char *why = NULL;
        int r = read_message(&body, &len, &why);
        if (r == 0)
            status = shutdown ? 0 : 1;
        if (r <= 0) {
            if (r < 0)
                reply_error(NULL, PARSE_ERROR, why);
            continue;
        }
        json_tokener_reset(tok);
        json_object *msg = json_tokener_parse_ex(tok, body, (int)len);
        bool whole = msg && json_tokener_get_error(tok) == json_tokener_success && json_tokener_get_parse_end(tok) == len;
        free(body);
        json_object *id = get(msg, "id", json_type_int) ? get(msg, "id", json_type_int) : get(msg, "id", json_type_string);
        const char *method = get_str(msg, "method");
        if (!whole)
            reply_error(NULL, PARSE_ERROR, "the message is not JSON");
        else if (!method) {
            if (!json_object_object_get_ex(msg, "result", NULL) && !json_object_object_get_ex(msg, "error", NULL))
                reply_error(id, INVALID_REQUEST, "expected an object with a 'method'");
            /* else: a reply to a request of ours (we send none) */
        } else if (!strcmp(method, "exit"))
            status = shutdown ? 0 : 1;
        else if (id)
            request(method, id, get(msg, "params", json_type_object), &shutdown);
        else
            notification(method, get(msg, "params", json_type_object));
        json_object_put(msg);
    }
    json_tokener_free(tok);
    while (ndocs)
        close_doc(docs[0]);
    free(docs);
    arena_free_all();
    src_reset();
    return status;
}
