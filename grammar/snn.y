/*
 * snn.y: the grammar of .snn files (Bison, LALR(1), no conflicts).
 * Each action is one call to an ast_* constructor, whose children compiler/ast.h
 * lists and names (change both together); meaning is checked in sema*.c.
 * Statements need no separators: every statement starts with a keyword, a
 * derivative "dx/dt" or "name =", and an expression can never be followed by
 * an identifier, so the end of an expression is always visible.
 */
%code requires {
#include "snnc.h"
typedef Span YYLTYPE;   /* token locations are byte spans */
#define YYLTYPE_IS_DECLARED 1
}

%code {
#include <string.h>
int yylex(YYSTYPE *lval, YYLTYPE *lloc, Lexer *lx);
bool lex_open_block(Span *brace, Span *what);
bool lex_open_paren(Span *paren);
int lex_prev_token(int back, Span *sp);
void lex_reset(void);
static void yyerror(YYLTYPE *loc, Lexer *lx, Node **out, const char *msg);
#define SP(l) (l)
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
    do {                                                              \
        if (N) {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                       \
            (Cur).lo = YYRHSLOC(Rhs, 1).lo;                           \
            (Cur).hi = YYRHSLOC(Rhs, N).hi;                           \
        } else {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                       \
            (Cur).lo = (Cur).hi = YYRHSLOC(Rhs, 0).hi;                \
        }                                                             \
    } while (0)
}

%define api.pure full
%define api.prefix {yy}
%define api.token.prefix {T_}
%define parse.error custom
%locations
%expect 0
%param {Lexer *lx}
%parse-param {Node **out}
%initial-action { @$ = (Span){lx->file, 0, 0}; }

%union {
    Node *node;
}

%token END 0 "end of file"
%token IMPORT "'import'" PARAM "'param'" NEURON "'neuron'" SYNAPSE "'synapse'"
%token POPULATION "'population'" CONNECT "'connect'" EXPERIMENT "'experiment'"
%token PLASTICITY "'plasticity'" TRACE "'trace'" MODULATOR "'modulator'"
%token STATE "'state'" INPUT "'input'" NOISE "'noise'" THRESHOLD "'threshold'"
%token RESET "'reset'" REFRACTORY "'refractory'" ON "'on'" SPIKE "'spike'"
%token OUTPUT "'output'" METHOD "'method'" SPLIT "'split'" GRID "'grid'"
%token SEED "'seed'" TIME "'time'" RECORD "'record'" REPORT "'report'" GUARD "'guard'"
%token OF "'of'" EVERY "'every'" IN "'in'" PHASE "'phase'"
%token ARROW "'->'" ADDEQ "'+='" SUBEQ "'-='" MULEQ "'*='" EQ "'=='" NE "'!='"
%token LE "'<='" GE "'>='" AND "'&&'" OR "'||'"
%token <node> IDENT "identifier" NUMBER "number" STRING "string" DERIV "derivative"
%token <node> DT "'dt'"

%type <node> file items item import param neuron synapse plasticity modulator mod_opts formals formal_list formal
%type <node> body stmt assign assigns assign_block population pop_type popopts popopt
%type <node> families family connect source endpoint kvs kv key experiment eitems eitem
%type <node> targets recwhat every_opt expr primary args arg_list arg names name dimension pitems pitem

%right '?' ':'
%left OR
%left AND
%left EQ NE
%left '<' '>' LE GE
%left '+' '-'
%left '*' '/'
%precedence UMINUS '!'
%right '^'

%%

/* file -> item* */
file: items END                     { *out = $$ = ast_op(N_FILE, @$, 0, 1, $1); }
    ;
items: %empty                       { $$ = ast_list(@$); }
     | items item                   { $$ = ast_append($1, $2); }
     ;
item: import | param | neuron | synapse | plasticity | modulator | population | connect | experiment ;

/* import -> 'import' STRING */
import: IMPORT STRING               { $$ = ast_new(N_IMPORT, @$, 1, $2); }
      ;

/* param -> 'param' NAME '=' expr */
param: PARAM name '=' expr          { $$ = ast_new(N_PARAM, @$, 2, $2, $4); }
     ;

/* neuron -> 'neuron' NAME '(' formals ')' '{' body '}' */
neuron: NEURON name '(' formals ')' '{' body '}'
                                    { $$ = ast_new(N_NEURON, @$, 3, $2, $4, $7); }
      ;

/* synapse -> 'synapse' NAME '(' formals ')' ':' DIMENSION '{' body '}' */
synapse: SYNAPSE name '(' formals ')' ':' dimension '{' body '}'
                                    { $$ = ast_new(N_SYNAPSE, @$, 4, $2, $4, $7, $9); }
       ;

/* plasticity -> 'plasticity' NAME '(' formals ')' ':' DIMENSION '{' body '}' */
plasticity: PLASTICITY name '(' formals ')' ':' dimension '{' body '}'
                                    { $$ = ast_new(N_PLASTICITY, @$, 4, $2, $4, $7, $9); }
          ;

/* modulator -> 'modulator' NAME '(' formals ')' '{' body '}'                    (a kind of signal)
 *            | 'modulator' NAME '=' TYPE ['(' args ')'] 'of' endpoint [',' endpoint] ['{' kvs '}'] (one signal) */
modulator: MODULATOR name '(' formals ')' '{' body '}'
                                    { $$ = ast_new(N_MODULATOR, @$, 3, $2, $4, $7); }
         | MODULATOR name '=' pop_type OF endpoint mod_opts
                                    { $$ = ast_new(N_MODINST, @$, 5, $2, $4, $6, $7, NULL); }
         | MODULATOR name '=' pop_type OF endpoint ',' endpoint mod_opts
                                    { $$ = ast_new(N_MODINST, @$, 5, $2, $4, $6, $9, $8); }
         ;
mod_opts: %empty                    { $$ = ast_list(@$); }
        | '{' kvs '}'               { $$ = $2; }
        ;

formals: %empty                     { $$ = ast_list(@$); }
       | formal_list
       ;
formal_list: formal                 { $$ = ast_append(ast_list(@1), $1); }
           | formal_list ',' formal { $$ = ast_append($1, $3); }
           ;
formal: name '=' expr               { $$ = ast_new(N_PARAM, @$, 3, $1, $3, NULL); }
      | name ':' dimension '=' expr { $$ = ast_new(N_PARAM, @$, 3, $1, $5, $3); }
      | name ':' dimension          { $$ = ast_new(N_PARAM, @$, 3, $1, NULL, $3); }
      | name ':' MODULATOR          { $$ = ast_new(N_PARAM, @$, 3, $1, NULL, ast_leaf(N_NAME, @3, "modulator")); }
      ;

body: %empty                        { $$ = ast_list(@$); }
    | body stmt                     { $$ = ast_append($1, $2); }
    | body ';'                      { $$ = $1; }
    ;

/* stmt -> state | input | noise | ode | threshold | reset | refractory | on spike | on pre/post | trace
 *         | bounds | output | method | alias */
stmt: STATE name '=' expr           { $$ = ast_new(N_STATE, @$, 3, $2, $4, NULL); }
    | STATE name ':' dimension      { $$ = ast_new(N_STATE, @$, 3, $2, NULL, $4); }
    | STATE name ':' dimension '=' expr
                                    { $$ = ast_new(N_STATE, @$, 3, $2, $6, $4); }
    | INPUT name ':' dimension      { $$ = ast_new(N_INPUT, @$, 2, $2, $4); }
    | NOISE names                   { $$ = ast_new(N_NOISE, @$, 1, $2); }
    | DERIV '=' expr                { $$ = ast_new(N_ODE, @$, 2, $1, $3); }
    | THRESHOLD expr                { $$ = ast_new(N_THRESHOLD, @$, 1, $2); }
    | RESET assign_block            { $$ = ast_new(N_RESET, @$, 1, $2); }
    | REFRACTORY expr               { $$ = ast_new(N_REFRACTORY, @$, 1, $2); }
    | ON SPIKE assign_block         { $$ = ast_new(N_ONSPIKE, @$, 1, $3); }
    | ON name assign_block          { $$ = ast_new(N_ON, @$, 2, $2, $3); }
    | TRACE name ':' name ',' name expr
                                    { $$ = ast_new(N_TRACE, @$, 6, $2, $4, $7, $6, NULL, NULL); }
    | TRACE name ':' name ',' name expr ',' name expr
                                    { $$ = ast_new(N_TRACE, @$, 6, $2, $4, $7, $6, $9, $10); }
    | name IN '[' expr ',' expr ']' { $$ = ast_new(N_BOUNDS, @$, 3, $1, $4, $6); }
    | OUTPUT expr                   { $$ = ast_new(N_OUTPUT, @$, 1, $2); }
    | METHOD name                   { $$ = ast_new(N_METHOD, @$, 1, $2); }
    | name '=' expr                 { $$ = ast_new(N_ALIAS, @$, 2, $1, $3); }
    ;

names: name                         { $$ = ast_append(ast_list(@1), $1); }
     | names ',' name               { $$ = ast_append($1, $3); }
     ;

assign_block: assign                { $$ = ast_append(ast_list(@1), $1); }
            | '{' assigns '}'       { $$ = $2; }
            ;
assigns: %empty                     { $$ = ast_list(@$); }
       | assigns assign             { $$ = ast_append($1, $2); }
       | assigns ';'                { $$ = $1; }
       ;
/* assign -> NAME ('=' | '+=' | '-=' | '*=') expr */
assign: name '=' expr               { $$ = ast_op(N_ASSIGN, @$, OP_ASSIGN, 2, $1, $3); }
      | name ADDEQ expr             { $$ = ast_op(N_ASSIGN, @$, OP_ADDEQ, 2, $1, $3); }
      | name SUBEQ expr             { $$ = ast_op(N_ASSIGN, @$, OP_SUBEQ, 2, $1, $3); }
      | name MULEQ expr             { $$ = ast_op(N_ASSIGN, @$, OP_MULEQ, 2, $1, $3); }
      ;

/* population -> 'population' NAME '=' size TYPE ['(' args ')'] ('on' 'grid' '(' args ')' ['shuffled'] | 'state' NAME '=' expr | 'split' families)* */
population: POPULATION name '=' expr pop_type popopts
                                    { $$ = ast_new(N_POPULATION, @$, 4, $2, $4, $5, $6); }
          ;
pop_type: name                      { $$ = ast_new(N_CALL, @$, 2, $1, ast_list(@1)); }
        | name '(' args ')'         { $$ = ast_new(N_CALL, @$, 2, $1, $3); }
        ;
popopts: %empty                     { $$ = ast_list(@$); }
       | popopts popopt             { $$ = ast_append($1, $2); }
       ;
popopt: ON GRID '(' args ')'        { $$ = ast_new(N_GRID, @$, 1, $4); }
      | ON GRID '(' args ')' name   { $$ = ast_new(N_GRID, @$, 2, $4, $6); } /* 'shuffled', checked by sema */
      | STATE name '=' expr         { $$ = ast_new(N_STATE, @$, 3, $2, $4, NULL); }
      | SPLIT families              { $$ = $2; }
      ;
families: family                    { $$ = ast_append(ast_list(@1), $1); }
        | families ',' family       { $$ = ast_append($1, $3); }
        ;
family: name expr                   { $$ = ast_new(N_FAMILY, @$, 2, $1, $2); }
      ;

/* connect -> 'connect' [NAME '='] source '->' endpoint '{' (key ':' expr)* '}' */
connect: CONNECT source ARROW endpoint '{' kvs '}'
                                    { $$ = ast_new(N_CONNECT, @$, 4, NULL, $2, $4, $6); }
       | CONNECT name '=' source ARROW endpoint '{' kvs '}'
                                    { $$ = ast_new(N_CONNECT, @$, 4, $2, $4, $6, $8); }
       ;
/* source -> endpoint | NAME '(' args ')': a drive such as poisson(rate = 8 kHz) */
source: endpoint
      | name '(' args ')'           { $$ = ast_new(N_CALL, @$, 2, $1, $3); }
      ;
/* endpoint -> POP ['.' FAMILY] ['[' lo ':' hi ']'] */
endpoint: name                      { $$ = ast_new(N_TARGET, @$, 4, $1, NULL, NULL, NULL); }
        | name '.' name             { $$ = ast_new(N_TARGET, @$, 4, $1, $3, NULL, NULL); }
        | name '[' expr ':' expr ']'
                                    { $$ = ast_new(N_TARGET, @$, 4, $1, NULL, $3, $5); }
        | name '.' name '[' expr ':' expr ']'
                                    { $$ = ast_new(N_TARGET, @$, 4, $1, $3, $5, $7); }
        ;
kvs: %empty                         { $$ = ast_list(@$); }
   | kvs kv                         { $$ = ast_append($1, $2); }
   | kvs ';'                        { $$ = $1; }
   ;
kv: key ':' expr                    { $$ = ast_new(N_KV, @$, 2, $1, $3); }
  ;
key: name
   | SYNAPSE                        { $$ = ast_leaf(N_NAME, @1, "synapse"); }
   | PLASTICITY                     { $$ = ast_leaf(N_NAME, @1, "plasticity"); }
   | RESET                          { $$ = ast_leaf(N_NAME, @1, "reset"); }
   ;

/* experiment -> 'experiment' '{' (seed | dt | time | trial | phase | record | report | guard | reset)* '}' */
experiment: EXPERIMENT '{' eitems '}'
                                    { $$ = ast_new(N_EXPERIMENT, @$, 1, $3); }
          ;
eitems: %empty                      { $$ = ast_list(@$); }
      | eitems eitem                { $$ = ast_append($1, $2); }
      | eitems ';'                  { $$ = $1; }
      ;
eitem: SEED expr                    { $$ = ast_new(N_SEED, @$, 1, $2); }
     | DT expr                      { $$ = ast_new(N_DT, @$, 1, $2); }
     | TIME expr                    { $$ = ast_new(N_TIME, @$, 1, $2); }
     | RECORD recwhat OF targets every_opt
                                    { $$ = ast_new(N_RECORD, @$, 3, $2, $4, $5); }
     | REPORT name OF targets       { $$ = ast_new(N_REPORT, @$, 3, $2, $4, NULL); }
     | REPORT name OF targets IN '[' expr ',' expr ']'
                                    { $$ = ast_new(N_REPORT, @$, 3, $2, $4, ast_op(N_LIST, @6, 0, 2, $7, $9)); }
     | GUARD recwhat OF targets IN '[' expr ',' expr ']' every_opt
                                    { $$ = ast_new(N_GUARD, @$, 4, $2, $4, ast_op(N_LIST, @6, 0, 2, $7, $9), $11); }
     | name expr                    { $$ = ast_new(N_KV, @$, 2, $1, $2); }
     | PHASE name '{' pitems '}'    { $$ = ast_new(N_PHASE, @$, 2, $2, $4); }
     | RESET targets EVERY name     { $$ = ast_new(N_TRIAL_RESET, @$, 2, $2, $4); }
     ;
/* phase items: 'trials N', 'learning on|off', 'set POP.PARAM = value', 'record ...' */
pitems: %empty                      { $$ = ast_list(@$); }
      | pitems pitem                { $$ = ast_append($1, $2); }
      | pitems ';'                  { $$ = $1; }
      ;
pitem: name expr                    { $$ = ast_new(N_KV, @$, 2, $1, $2); }
     | name ON                      { $$ = ast_new(N_KV, @$, 2, $1, ast_leaf(N_NAME, @2, "on")); }
     | name name '.' name '=' expr  { $$ = ast_new(N_ASSIGN, @$, 4, $1, $2, $4, $6); }
     | RECORD recwhat OF targets every_opt
                                    { $$ = ast_new(N_RECORD, @$, 3, $2, $4, $5); }
     ;
targets: endpoint                   { $$ = ast_append(ast_list(@1), $1); }
       | targets ',' endpoint       { $$ = ast_append($1, $3); }
       ;
/* what a record samples: a state, w, or a modulator's 'output' */
recwhat: name
       | OUTPUT                     { $$ = ast_leaf(N_NAME, @1, "output"); }
       ;
every_opt: %empty                   { $$ = NULL; }
         | EVERY expr               { $$ = $2; }
         ;

name: IDENT
    ;

/* dimension -> NAME | 'time': 'time' is also the experiment's keyword */
dimension: name
         | TIME                     { $$ = ast_leaf(N_NAME, @1, "time"); }
         ;

/* expr -> expr op expr | '-' expr | '!' expr | expr '?' expr ':' expr | expr 'in' '[' expr ',' expr ']' | primary */
expr: expr '+' expr                 { $$ = ast_op(N_BINARY, @$, OP_ADD, 2, $1, $3); }
    | expr '-' expr                 { $$ = ast_op(N_BINARY, @$, OP_SUB, 2, $1, $3); }
    | expr '*' expr                 { $$ = ast_op(N_BINARY, @$, OP_MUL, 2, $1, $3); }
    | expr '/' expr                 { $$ = ast_op(N_BINARY, @$, OP_DIV, 2, $1, $3); }
    | expr '^' expr                 { $$ = ast_op(N_BINARY, @$, OP_POW, 2, $1, $3); }
    | expr '<' expr                 { $$ = ast_op(N_BINARY, @$, OP_LT, 2, $1, $3); }
    | expr '>' expr                 { $$ = ast_op(N_BINARY, @$, OP_GT, 2, $1, $3); }
    | expr LE expr                  { $$ = ast_op(N_BINARY, @$, OP_LE, 2, $1, $3); }
    | expr GE expr                  { $$ = ast_op(N_BINARY, @$, OP_GE, 2, $1, $3); }
    | expr EQ expr                  { $$ = ast_op(N_BINARY, @$, OP_EQ, 2, $1, $3); }
    | expr NE expr                  { $$ = ast_op(N_BINARY, @$, OP_NE, 2, $1, $3); }
    | expr AND expr                 { $$ = ast_op(N_BINARY, @$, OP_AND, 2, $1, $3); }
    | expr OR expr                  { $$ = ast_op(N_BINARY, @$, OP_OR, 2, $1, $3); }
    | '-' expr %prec UMINUS         { $$ = ast_op(N_UNARY, @$, OP_SUB, 1, $2); }
    | '!' expr                      { $$ = ast_op(N_UNARY, @$, OP_NOT, 1, $2); }
    | expr '?' expr ':' expr        { $$ = ast_new(N_COND, @$, 3, $1, $3, $5); }
    | primary
    | primary IN '[' expr ',' expr ']'
                                    { $$ = ast_new(N_BOUNDED, @$, 3, $1, $4, $6); }
    ;
primary: NUMBER
       | STRING
       | name
       | DT
       | name '(' args ')'          { $$ = ast_new(N_CALL, @$, 2, $1, $3); }
       | '(' expr ')'               { $$ = $2; }
       ;
args: %empty                        { $$ = ast_list(@$); }
    | arg_list
    ;
arg_list: arg                       { $$ = ast_append(ast_list(@1), $1); }
        | arg_list ',' arg          { $$ = ast_append($1, $3); }
        ;
arg: expr                           { $$ = ast_new(N_ARG, @$, 2, NULL, $1); }
   | name '=' expr                  { $$ = ast_new(N_ARG, @$, 2, $1, $3); }
   ;

%%

static void yyerror(YYLTYPE *loc, Lexer *lx, Node **out, const char *msg)
{
    (void)lx;
    (void)out;
    if (strcmp(msg, "memory exhausted") == 0)
        msg = "nested too deeply";
    diag_error(SP(*loc), "%s", msg);
}

static const char *block_name(Span what)
{
    const SrcFile *f = src_get(what.file);
    const char *kw = arena_strndup(f->text + what.lo, (size_t)(what.hi - what.lo));
    return strcmp(kw, "on") == 0 ? "on spike" : kw;
}

static bool top_level_keyword(yysymbol_kind_t k)
{
    return k == YYSYMBOL_IMPORT || k == YYSYMBOL_PARAM || k == YYSYMBOL_NEURON || k == YYSYMBOL_SYNAPSE ||
           k == YYSYMBOL_PLASTICITY || k == YYSYMBOL_MODULATOR ||
           k == YYSYMBOL_POPULATION || k == YYSYMBOL_CONNECT || k == YYSYMBOL_EXPERIMENT;
}

/* The text of the token at sp. */
static const char *word_at(Span sp)
{
    const SrcFile *f = src_get(sp.file);
    return arena_strndup(f->text + sp.lo, (size_t)(sp.hi - sp.lo));
}

/* The unit symbol the word at sp is a clear misspelling of, or NULL. */
static const char *unit_guess(Span sp)
{
    Suggest s;
    suggest_init(&s, word_at(sp));
    unit_suggest(&s, false);
    return suggest_best(&s);
}

/* An identifier after a number where a unit would be: say which unit it may
 * have meant, or list the units. */
static void not_a_unit(Span sp)
{
    const char *unit = unit_guess(sp);
    if (unit)
        diag_error(sp, "unexpected identifier '%s' after a number; did you mean the unit '%s'?", word_at(sp), unit);
    else
        diag_error(sp, "unexpected identifier '%s' after a number; if it is meant as a unit, the units are "
                       "V, A, S, F, Ohm, s, Hz, C, m with prefixes p n u m k M G (e.g. mV, ms, nS, pA), and %%",
                   word_at(sp));
}

/* a and b (a before b) are separated by blanks only, as a number and its unit */
static bool on_one_line(Span a, Span b)
{
    const SrcFile *f = src_get(a.file);
    if (a.file != b.file || a.hi >= b.lo)
        return false;
    for (int i = a.hi; i < b.lo; i++)
        if (f->text[i] != ' ' && f->text[i] != '\t')
            return false;
    return true;
}

/* Whether the parser, where it stopped, could have taken token k. */
static bool expects(const yypcontext_t *ctx, yysymbol_kind_t k)
{
    yysymbol_kind_t e[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, e, YYNTOKENS);
    for (int i = 0; i < n; i++)
        if (e[i] == k)
            return true;
    return false;
}

/* "unexpected X, expected A, B or C"; at end of file inside a block, name the
 * block that is still open and where it was opened. */
static int yyreport_syntax_error(const yypcontext_t *ctx, Lexer *lx, Node **out)
{
    (void)lx;
    (void)out;
    YYLTYPE eof_loc = *yypcontext_location(ctx);
    const YYLTYPE *loc = &eof_loc;
    yysymbol_kind_t got = yypcontext_token(ctx);
    /* at the end of the file, point just after the last line, not below it */
    const SrcFile *src = src_get(eof_loc.file);
    while (got == YYSYMBOL_YYEOF && eof_loc.lo > 0 && (src->text[eof_loc.lo - 1] == '\n' || src->text[eof_loc.lo - 1] == ' '))
        eof_loc.lo = eof_loc.hi = eof_loc.lo - 1;
    Span brace, what, paren, prev;
    /* a block still open at the end of the file or at the next definition */
    if ((got == YYSYMBOL_YYEOF || top_level_keyword(got)) && lex_open_block(&brace, &what)) {
        const SrcFile *f = src_get(brace.file);
        int line, col;
        src_linecol(f, brace.lo, &line, &col);
        const char *before = got == YYSYMBOL_YYEOF ? "" : arena_printf(" before %s", yysymbol_name(got));
        if (what.file >= 0)
            diag_error(SP(*loc), "expected '}' to close '%s' block opened at line %d%s", block_name(what), line, before);
        else
            diag_error(SP(*loc), "expected '}' to close the block opened at line %d%s", line, before);
        diag_note(brace, "block opened here");
        return 0;
    }
    if (got != YYSYMBOL_YYEOF && lex_open_paren(&paren)) {
        yysymbol_kind_t e[YYNTOKENS];
        int ne = yypcontext_expected_tokens(ctx, e, YYNTOKENS);
        for (int i = 0; i < ne; i++)
            if (strcmp(yysymbol_name(e[i]), "')'") == 0) {
                int line, col;
                src_linecol(src_get(paren.file), paren.lo, &line, &col);
                diag_error(SP(*loc), "expected ')' to close '(' opened at line %d, column %d, before %s", line, col,
                           yysymbol_name(got));
                diag_note(paren, "'(' opened here");
                return 0;
            }
    }
    /* "5 mv": a number followed by a word that is not a unit */
    if (got == YYSYMBOL_IDENT && lex_prev_token(1, &prev) == T_NUMBER && prev.hi < loc->lo) {
        not_a_unit(*loc);
        return 0;
    }
    /* "time 5 sec": the word after the number began an item ('sec' EXPR), and
     * the error shows only at the next token.  The word is the mistake if it
     * looks like a unit or ends its line; in 'trials 5 learning }' it is a key
     * whose value is missing, and the error stays where it is. */
    Span word;
    if (lex_prev_token(1, &word) == T_IDENT && lex_prev_token(2, &prev) == T_NUMBER && on_one_line(prev, word) &&
        expects(ctx, YYSYMBOL_NUMBER) && (unit_guess(word) || !on_one_line(word, *loc))) {
        not_a_unit(word);
        return 0;
    }
    enum { N = 6 };
    yysymbol_kind_t exp[N];
    int n = yypcontext_expected_tokens(ctx, exp, N);
    char buf[512];
    size_t len = (size_t)snprintf(buf, sizeof buf, "unexpected %s", yysymbol_name(got));
    if (n > 0 && n < N) {
        for (int i = 0; i < n; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                    i == 0 ? ", expected " : i == n - 1 ? " or " : ", ",
                                    yysymbol_name(exp[i]));
    }
    diag_error(SP(*loc), "%s", buf);
    return 0;
}

Node *parse_file(int file)
{
    const SrcFile *f = src_get(file);
    Lexer lx = {file, f->text, f->text, f->text};
    Node *root = NULL;
    lex_reset();
    int before = diag_errors();
    if (yyparse(&lx, &root) != 0 || diag_errors() > before)
        return NULL;
    return root;
}

/* The keyword tokens by their aliases ("'neuron'"), unquoted, for completion:
 * the list is the grammar's, so it cannot fall behind it. */
const char *parse_keyword(int i)
{
    for (int k = 0; k < YYNTOKENS; k++) {
        const char *a = yysymbol_name((yysymbol_kind_t)k);
        size_t n = strlen(a);
        if (n < 3 || a[0] != '\'' || a[n - 1] != '\'' || !(a[1] >= 'a' && a[1] <= 'z'))
            continue;
        if (i-- == 0)
            return arena_strndup(a + 1, n - 2);
    }
    return NULL;
}

/* --dump-tokens: one token per line, "line:col kind text", for golden tests */
int lex_dump(FILE *o, int file)
{
    const SrcFile *f = src_get(file);
    Lexer lx = {file, f->text, f->text, f->text};
    lex_reset();
    int before = diag_errors();
    for (;;) {
        YYSTYPE v;
        YYLTYPE l;
        int t = yylex(&v, &l, &lx);
        if (t == T_YYerror)
            break;
        int line, col;
        src_linecol(f, l.lo, &line, &col);
        fprintf(o, "%d:%d %s", line, col, yysymbol_name(YYTRANSLATE(t)));
        if (v.node && v.node->kind == N_NUM)
            fprintf(o, " %.17g", v.node->num);
        if (t != T_END)
            fprintf(o, " '%.*s'", l.hi - l.lo, f->text + l.lo);
        fputc('\n', o);
        if (t == T_END)
            break;
    }
    return diag_errors() - before;
}
