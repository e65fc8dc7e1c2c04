/*
 * lsp.h: what the files of the language server (snnc lsp) share.
 *
 *   lsp.c        the JSON-RPC loop on stdio, the open documents, notifications
 *   lsp_check.c  one run of the front end over a document's text, collecting
 *                diagnostics through diag.c's sink instead of printing them
 *   lsp_query.c  hover, definition and completion over the checked model
 *   lsp_pos.c    LSP positions (0-based lines, UTF-16 columns) and file URIs
 *
 * Each run frees the previous one's arena: an Analysis is valid until the
 * next lsp_check, so a question is answered from a run of its own document.
 */
#ifndef LSP_H
#define LSP_H

#include "snnc.h"

#include <json-c/json.h>

/* ---- lsp_check.c ---------------------------------------------------------- */
typedef struct {
    const char *kind;     /* "error", "warning", "note", "internal error" */
    Span sp;              /* file -1: none (then path may name the file) */
    const char *path;
    const char *msg;
} LspDiag;

typedef struct {
    const char *uri;      /* the document's, as the editor named it */
    int file;             /* source id of the document, -1 if its text was refused */
    Model *m;             /* checked as far as it went; NULL without one */
    bool ok;              /* no errors */
    Vec diags;            /* LspDiag*, in the order they were reported */
    SearchPath sp;
} Analysis;

/* Runs the front end (as snnc --check does) on text, as the file at path. */
void lsp_check(Analysis *a, const char *uri, const char *path, const char *text, size_t len);

/* ---- lsp_pos.c ------------------------------------------------------------- */
json_object *lsp_range(Span sp);                     /* NULL for a span without a file */
int lsp_offset(const SrcFile *f, int line, int character); /* byte offset, clamped to the text */
char *lsp_uri_of_path(const char *path);             /* malloc'd "file:///..." (absolute) */
char *lsp_path_of_uri(const char *uri);              /* malloc'd path, NULL if not a file: URI */
json_object *lsp_location(const Analysis *a, Span sp); /* {uri, range}, NULL without a file */

/* ---- lsp_query.c ----------------------------------------------------------- */
/* Each returns the result object of the request (json null when there is none). */
json_object *lsp_hover(Analysis *a, int off);
json_object *lsp_definition(Analysis *a, int off);
json_object *lsp_completion(Analysis *a, const char *text, int off); /* text: the editor's */
bool lsp_parsed(const Analysis *a);                  /* the document's text parsed */

/* ---- lsp.c ----------------------------------------------------------------- */
int lsp_main(void);                                  /* the server; its exit status */

#endif
