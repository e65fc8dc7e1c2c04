/*
 * lsp_pos.c: where things are, as the Language Server Protocol says it.  The
 * compiler keeps byte spans; LSP wants 0-based lines and columns counted in
 * UTF-16 code units (a character beyond the BMP counts two), and names files
 * by file:// URIs with percent-escapes.
 */
#define _DEFAULT_SOURCE /* realpath */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

/* UTF-16 units in the UTF-8 bytes [p, p + n) (a malformed byte counts one) */
static int utf16_units(const char *p, int n)
{
    int u = 0;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c & 0xC0) != 0x80)
            u += c >= 0xF0 ? 2 : 1;
    }
    return u;
}

static json_object *position(const SrcFile *f, int off)
{
    int line, col;
    src_linecol(f, off, &line, &col);
    int start = f->line_start[line - 1];
    json_object *p = json_object_new_object();
    json_object_object_add(p, "line", json_object_new_int(line - 1));
    json_object_object_add(p, "character", json_object_new_int(utf16_units(f->text + start, off - start)));
    return p;
}

json_object *lsp_range(Span sp)
{
    const SrcFile *f = src_get(sp.file);
    if (!f)
        return NULL;
    int lo = sp.lo < 0 ? 0 : (size_t)sp.lo > f->len ? (int)f->len : sp.lo;
    int hi = sp.hi < lo ? lo : (size_t)sp.hi > f->len ? (int)f->len : sp.hi;
    json_object *r = json_object_new_object();
    json_object_object_add(r, "start", position(f, lo));
    json_object_object_add(r, "end", position(f, hi));
    return r;
}

int lsp_offset(const SrcFile *f, int line, int character)
{
    if (line < 0)
        return 0;
    if (line >= f->nlines)
        return (int)f->len;
    int off = f->line_start[line];
    for (int u = 0; u < character && (size_t)off < f->len && f->text[off] != '\n';) {
        unsigned char c = (unsigned char)f->text[off];
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        u += c >= 0xF0 ? 2 : 1;
        for (off++, len--; len > 0 && (size_t)off < f->len && ((unsigned char)f->text[off] & 0xC0) == 0x80; len--)
            off++;
    }
    return off;
}

static bool plain(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c);
}

char *lsp_uri_of_path(const char *path)
{
    char *abs = realpath(path, NULL);
    const char *p = abs ? abs : path;
    char *u = malloc(8 + 3 * strlen(p) + 1);
    if (!u) {
        free(abs);
        return NULL;
    }
    char *o = u + sprintf(u, "file://");
    for (; *p; p++)
        o += plain(*p) ? sprintf(o, "%c", *p) : sprintf(o, "%%%02X", (unsigned char)*p);
    free(abs);
    return u;
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *lsp_path_of_uri(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') /* file://host/path: a local file has no host (or "localhost") */
        p = strncmp(p, "localhost/", 10) == 0 ? p + 9 : NULL;
    if (!p)
        return NULL;
    char *path = malloc(strlen(p) + 1), *o = path;
    if (!path)
        return NULL;
    for (; *p; p++) {
        if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            *o++ = (char)(hex(p[1]) * 16 + hex(p[2]));
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    if (strlen(path) != (size_t)(o - path)) { /* a %00 cut it short */
        free(path);
        return NULL;
    }
    return path;
}

json_object *lsp_location(const Analysis *a, Span sp)
{
    const SrcFile *f = src_get(sp.file);
    char *uri = !f ? NULL : sp.file == a->file ? strdup(a->uri) : lsp_uri_of_path(f->origin);
    if (!uri)
        return NULL;
    json_object *l = json_object_new_object();
    json_object_object_add(l, "uri", json_object_new_string(uri));
    json_object_object_add(l, "range", lsp_range(sp));
    free(uri);
    return l;
}
