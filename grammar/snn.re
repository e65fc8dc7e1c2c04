/*
 * snn.re: the scanner, one rule per token (re2c).  The whole file is in memory
 * with a NUL sentinel, so there is no refill logic.  A number directly followed
 * by a unit symbol ("5 ms", "-60 mV" after the minus, "80 %") is one quantity
 * token: juxtaposition means a unit only there, which keeps the grammar LALR(1)
 * without statement separators.
 */
#include "snnc.h"
#include "parser.h"

#include <stdlib.h>
#include <string.h>

/* The innermost open block, for "expected '}' to close 'neuron' opened at ..." */
typedef struct {
    Span brace, what;
} Open;
enum { MAX_OPEN = 64 };
static Open opens[MAX_OPEN];
static int nopen;
static Span last_block_kw = {-1, 0, 0};
static Span parens[MAX_OPEN];          /* open '(' */
static int nparen;
/* The most recent tokens, newest first, for messages about what came before
 * the token a syntax error stopped at. */
enum { HISTORY = 3 };
static int recent_tok[HISTORY];
static Span recent_span[HISTORY];

bool lex_open_paren(Span *paren)
{
    if (!nparen)
        return false;
    *paren = parens[nparen > MAX_OPEN ? MAX_OPEN - 1 : nparen - 1];
    return true;
}

/* The token `back` places before the one that caused a syntax error (1: the
 * one just before it), or 0 if there is none. */
int lex_prev_token(int back, Span *sp)
{
    if (back < 1 || back >= HISTORY)
        return 0;
    *sp = recent_span[back];
    return recent_tok[back];
}

bool lex_open_block(Span *brace, Span *what)
{
    if (!nopen)
        return false;
    *brace = opens[nopen - 1].brace;
    *what = opens[nopen - 1].what;
    return true;
}

static Span here(Lexer *lx)
{
    return (Span){lx->file, (int)(lx->tok - lx->base), (int)(lx->cur - lx->base)};
}

static int tok(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc, int t)
{
    Span sp = here(lx);
    for (int i = HISTORY - 1; i > 0; i--) {
        recent_tok[i] = recent_tok[i - 1];
        recent_span[i] = recent_span[i - 1];
    }
    recent_tok[0] = t;
    recent_span[0] = sp;
    lloc->file = sp.file;
    lloc->lo = sp.lo;
    lloc->hi = sp.hi;
    lval->node = NULL;
    return t;
}

static int ident(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc, int t)
{
    tok(lx, lval, lloc, t);
    lval->node = ast_leaf(N_NAME, here(lx), arena_strndup(lx->tok, (size_t)(lx->cur - lx->tok)));
    return t;
}

static int block_kw(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc, int t)
{
    last_block_kw = here(lx);
    return tok(lx, lval, lloc, t);
}


/* number, optionally followed by blanks and a unit symbol */
static int quantity(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc)
{
    const char *p = lx->tok;
    char *end;
    double v = strtod(p, &end);
    while (end < lx->cur && (*end == ' ' || *end == '\t'))
        end++;
    double scale = 1;
    Dim d = DIM_NONE;
    const char *unit = arena_strndup(end, (size_t)(lx->cur - end));
    if (*unit && !unit_lookup(unit, &scale, &d))
        diag_internal("scanner matched unknown unit '%s'", unit);
    /* every number reaches the generated C, some as a float: 0 or within
     * NUM_MIN .. NUM_MAX in SI units, so that no literal becomes inf or 0 there */
    bool zero = true;
    for (const char *q = p; q < end && *q != 'e' && *q != 'E'; q++)
        zero &= *q < '1' || *q > '9';
    v *= scale;
    tok(lx, lval, lloc, T_NUMBER);
    /* reported, and parsing goes on to find the next mistake (parse_file fails) */
    if ((!zero && !(v >= NUM_MIN)) || !(v <= NUM_MAX)) {
        diag_error(here(lx), "number too %s: numbers are 0 or, in SI units, 1e-30 .. 1e30", v <= NUM_MAX ? "small" : "large");
        v = 0;
    }
    lval->node = ast_num(here(lx), v, d, arena_strndup(lx->tok, (size_t)(lx->cur - lx->tok)));
    return T_NUMBER;
}

static int derivative(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc)
{
    tok(lx, lval, lloc, T_DERIV);
    /* "dv/dt": the variable is between the leading d and the slash */
    const char *slash = strchr(lx->tok, '/');
    lval->node = ast_leaf(N_NAME, here(lx), arena_strndup(lx->tok + 1, (size_t)(slash - lx->tok - 1)));
    return T_DERIV;
}

static int string(Lexer *lx, YYSTYPE *lval, YYLTYPE *lloc)
{
    tok(lx, lval, lloc, T_STRING);
    lval->node = ast_leaf(N_STR, here(lx), arena_strndup(lx->tok + 1, (size_t)(lx->cur - lx->tok - 2)));
    return T_STRING;
}


static int scan_error(Lexer *lx, YYLTYPE *lloc, const char *msg);

/* "5msec": a number glued to a word that is not a unit; the word starts where
 * the number (digits, a fraction, an exponent with digits) ends. */
static int unknown_unit(Lexer *lx, YYLTYPE *lloc)
{
    const char *p = lx->tok;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    const char *e = p + 1;
    if (*p == 'e' || *p == 'E') {
        if (*e == '+' || *e == '-')
            e++;
        if (*e >= '0' && *e <= '9') {
            while (*e >= '0' && *e <= '9')
                e++;
            p = e;
        }
    }
    Suggest s;
    suggest_init(&s, arena_strndup(p, (size_t)(lx->cur - p)));
    unit_suggest(&s, false);
    if (suggest_best(&s))
        return scan_error(lx, lloc, arena_printf("unknown unit '%s' after a number%s", s.wrong, did_you_mean(&s)));
    return scan_error(lx, lloc, "unknown unit after number (units: mV, ms, nS, pA, pF, Hz, MOhm, %, ... with prefixes p n u m k M G)");
}

static int scan_error(Lexer *lx, YYLTYPE *lloc, const char *msg)
{
    Span sp = here(lx);
    lloc->file = sp.file;
    lloc->lo = sp.lo;
    lloc->hi = sp.hi;
    diag_error(sp, "%s", msg);
    return T_YYerror;
}

int yylex(YYSTYPE *lval, YYLTYPE *lloc, Lexer *lx)
{
    const char *YYMARKER = NULL, *YYCTXMARKER = NULL;
    (void)YYCTXMARKER;
loop:
    lx->tok = lx->cur;
#define YYCURSOR lx->cur
    /*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:flags:utf-8 = 0;

    id     = [a-zA-Z_][a-zA-Z0-9_]*;
    digits = [0-9]+;
    num    = (digits ("." [0-9]*)? | "." digits) ([eE] [+-]? digits)?;
    prefix = [pnumkMG];
    unit   = prefix? ("V" | "A" | "S" | "F" | "Ohm" | "s" | "Hz" | "C" | "m") | "min" | "h";
    blank  = [ \t]*;

    "\x00"          { if (lx->cur - 1 < lx->base + src_get(lx->file)->len) return scan_error(lx, lloc, "NUL byte in source"); lx->cur--; return tok(lx, lval, lloc, T_END); }
    [ \t\r\n]+      { goto loop; }
    "//" [^\n\x00]* { goto loop; }
    "/*"            { goto comment; }

    "import"        { return tok(lx, lval, lloc, T_IMPORT); }
    "param"         { return tok(lx, lval, lloc, T_PARAM); }
    "neuron"        { return block_kw(lx, lval, lloc, T_NEURON); }
    "synapse"       { return block_kw(lx, lval, lloc, T_SYNAPSE); }
    "plasticity"    { return block_kw(lx, lval, lloc, T_PLASTICITY); }
    "modulator"     { return block_kw(lx, lval, lloc, T_MODULATOR); }
    "trace"         { return tok(lx, lval, lloc, T_TRACE); }
    "population"    { return tok(lx, lval, lloc, T_POPULATION); }
    "connect"       { return block_kw(lx, lval, lloc, T_CONNECT); }
    "experiment"    { return block_kw(lx, lval, lloc, T_EXPERIMENT); }
    "state"         { return tok(lx, lval, lloc, T_STATE); }
    "input"         { return tok(lx, lval, lloc, T_INPUT); }
    "noise"         { return tok(lx, lval, lloc, T_NOISE); }
    "threshold"     { return tok(lx, lval, lloc, T_THRESHOLD); }
    "reset"         { return block_kw(lx, lval, lloc, T_RESET); }
    "refractory"    { return tok(lx, lval, lloc, T_REFRACTORY); }
    "on"            { return block_kw(lx, lval, lloc, T_ON); }
    "spike"         { return tok(lx, lval, lloc, T_SPIKE); }
    "output"        { return tok(lx, lval, lloc, T_OUTPUT); }
    "method"        { return tok(lx, lval, lloc, T_METHOD); }
    "split"         { return tok(lx, lval, lloc, T_SPLIT); }
    "grid"          { return tok(lx, lval, lloc, T_GRID); }
    "seed"          { return tok(lx, lval, lloc, T_SEED); }
    "dt"            { return ident(lx, lval, lloc, T_DT); }
    "time"          { return tok(lx, lval, lloc, T_TIME); }
    "record"        { return tok(lx, lval, lloc, T_RECORD); }
    "phase"         { return block_kw(lx, lval, lloc, T_PHASE); }
    "report"        { return tok(lx, lval, lloc, T_REPORT); }
    "guard"         { return tok(lx, lval, lloc, T_GUARD); }
    "of"            { return tok(lx, lval, lloc, T_OF); }
    "every"         { return tok(lx, lval, lloc, T_EVERY); }
    "in"            { return tok(lx, lval, lloc, T_IN); }

    "d" id "/dt" / [^a-zA-Z0-9_] { return derivative(lx, lval, lloc); }
    id              { return ident(lx, lval, lloc, T_IDENT); }
    num blank unit / [^a-zA-Z0-9_] { return quantity(lx, lval, lloc); }
    num blank "%"   { return quantity(lx, lval, lloc); }
    num             { return quantity(lx, lval, lloc); }
    num id          { return unknown_unit(lx, lloc); }
    ["] [^"\n\x00]* ["] { return string(lx, lval, lloc); }
    ["]             { return scan_error(lx, lloc, "unterminated string"); }

    "->"            { return tok(lx, lval, lloc, T_ARROW); }
    "+="            { return tok(lx, lval, lloc, T_ADDEQ); }
    "-="            { return tok(lx, lval, lloc, T_SUBEQ); }
    "*="            { return tok(lx, lval, lloc, T_MULEQ); }
    "=="            { return tok(lx, lval, lloc, T_EQ); }
    "!="            { return tok(lx, lval, lloc, T_NE); }
    "<="            { return tok(lx, lval, lloc, T_LE); }
    ">="            { return tok(lx, lval, lloc, T_GE); }
    "&&"            { return tok(lx, lval, lloc, T_AND); }
    "||"            { return tok(lx, lval, lloc, T_OR); }
    "{"             {
                      if (nopen < MAX_OPEN)
                          opens[nopen++] = (Open){here(lx), last_block_kw};
                      return tok(lx, lval, lloc, '{');
                    }
    "}"             { if (nopen) nopen--; return tok(lx, lval, lloc, '}'); }
    "("             { if (nparen < MAX_OPEN) parens[nparen] = here(lx); nparen++; return tok(lx, lval, lloc, '('); }
    ")"             { if (nparen) nparen--; return tok(lx, lval, lloc, ')'); }
    "%"             { return scan_error(lx, lloc, "'%' must follow a number, as in 80 %"); }
    [-+*/^[\],;:=<>!?.]  { return tok(lx, lval, lloc, (unsigned char)lx->tok[0]); }
    *               { return scan_error(lx, lloc, arena_printf("unexpected character '%c'", lx->tok[0] >= 32 && lx->tok[0] < 127 ? lx->tok[0] : '?')); }
    */
comment:
    /*!re2c
    "*" "/"         { goto loop; }
    "\x00"          { return scan_error(lx, lloc, "unterminated comment"); }
    [^]             { goto comment; }
    */
}

void lex_reset(void)
{
    nopen = 0;
    nparen = 0;
    for (int i = 0; i < HISTORY; i++)
        recent_tok[i] = 0;
    last_block_kw = (Span){-1, 0, 0};
}
