// tests/editors/tokenize.js: runs the VS Code extension's TextMate grammar
// (editors/vscode, found through its package.json as VS Code finds it) with
// the engine VS Code uses, vscode-textmate on vscode-oniguruma, offline.
//
//   node tests/editors/tokenize.js [--out DIR] [--snnc SNNC] FILE...
//     --out DIR    writes DIR/FILE.scopes: one line per token that is not only
//                  blanks, "LINE:COL "TEXT" SCOPES" (the root source.snn left out)
//     --snnc SNNC  compares the tokens with the compiler's own scanner
//                  (SNNC --dump-tokens FILE): every scanner token must be whole
//                  grammar tokens of its kind (a number's unit a unit, a keyword
//                  a keyword, ...), and all text outside them blanks or comment;
//                  prints "PASS lexer FILE" or "FAIL lexer FILE: why"
//   node tests/editors/tokenize.js --probe FILE
//     checks the caret lines of FILE: "//   ^^^ scope !prefix" under a line
//     asserts that the tokens at the carets have each scope (exactly) and no
//     scope starting with a '!' prefix ("// <- scope": the line's first
//     column); prints a PASS or FAIL line per caret line
//
// tests/editors/grammar.test.sh runs it.  To regenerate the goldens after a
// deliberate change of the grammar (review the diff before committing):
//   make editors-deps
//   node tests/editors/tokenize.js --out tests/editors/golden models/*.snn stdlib/*.snn
// The npm packages come from $SNN_NODE_MODULES, else build/editors-test/node_modules
// (make editors-deps installs the versions of tests/editors/package-lock.json).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const MODULES = process.env.SNN_NODE_MODULES || path.join(ROOT, 'build', 'editors-test', 'node_modules');
const EXTENSION = path.join(ROOT, 'editors', 'vscode');

function need(name) {
    try {
        return require(path.join(MODULES, name));
    } catch (e) {
        console.log(`FAIL editors: cannot load ${name} from ${MODULES} (run make editors-deps): ${e.message}`);
        process.exit(1);
    }
}

// The grammar the manifest contributes for .snn files, as VS Code would load it.
function manifestGrammar() {
    const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
    const lang = (pkg.contributes.languages || []).find((l) => (l.extensions || []).includes('.snn'));
    if (!lang) throw new Error('editors/vscode/package.json contributes no language for .snn');
    const g = (pkg.contributes.grammars || []).find((x) => x.language === lang.id);
    if (!g) throw new Error(`editors/vscode/package.json contributes no grammar for language '${lang.id}'`);
    JSON.parse(fs.readFileSync(path.join(EXTENSION, lang.configuration), 'utf8'));
    return { file: path.join(EXTENSION, g.path), scopeName: g.scopeName };
}

async function loadGrammar() {
    const tm = need('vscode-textmate');
    const onig = need('vscode-oniguruma');
    const wasm = fs.readFileSync(path.join(MODULES, 'vscode-oniguruma', 'release', 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const { file, scopeName } = manifestGrammar();
    const registry = new tm.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
            createOnigString: (s) => new onig.OnigString(s),
        }),
        loadGrammar: async (name) =>
            name === scopeName ? tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null,
    });
    const grammar = await registry.loadGrammar(scopeName);
    if (!grammar) throw new Error(`no grammar ${scopeName} in ${file}`);
    // lines of {line, text, tokens: [{lo, hi, text, scopes}]}; the state carries over lines
    return (source) => {
        let state = tm.INITIAL;
        return source.split('\n').map((text, i) => {
            const r = grammar.tokenizeLine(text, state);
            state = r.ruleStack;
            const tokens = r.tokens.map((t) => ({
                lo: t.startIndex,
                hi: Math.min(t.endIndex, text.length),
                text: text.slice(t.startIndex, t.endIndex),
                scopes: t.scopes.slice(1),
            }));
            return { line: i + 1, text, tokens: tokens.filter((t) => t.hi > t.lo) };
        });
    };
}

function scopeList(lines) {
    const out = [];
    for (const l of lines)
        for (const t of l.tokens)
            if (t.text.trim() !== '') out.push(`${l.line}:${t.lo + 1} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`);
    return out.join('\n') + '\n';
}

const leaf = (t) => t.scopes[t.scopes.length - 1] || '';
const has = (t, prefix) => t.scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
// what the grammar's scope must be for each kind of scanner token
const KIND = [
    [/^identifier$/, /^(variable|entity\.name|support|constant\.language|keyword\.other\.unit)\./],
    [/^'[a-z]+'$/, /^(keyword|storage\.type|support\.type|constant\.language|variable\.language)\./],
    [/^'.+'$/, /^(keyword\.operator|punctuation)\./],
];

// One scanner token against the grammar tokens that cover it; returns why not, or ''.
function checkToken(lx, toks) {
    const inner = toks.filter((t) => t.lo >= lx.lo && t.hi <= lx.hi);
    const whole = inner.length > 0 && inner[0].lo === lx.lo && inner[inner.length - 1].hi === lx.hi;
    if (!whole) return 'not whole grammar tokens';
    const words = inner.filter((t) => t.text.trim() !== '');
    if (words.some((t) => has(t, 'comment') || has(t, 'invalid'))) return 'inside a comment or marked invalid';
    if (lx.kind === 'number') {
        if (!has(words[0], 'constant.numeric')) return 'the number is not constant.numeric';
        const unit = /[A-Za-z%]+$/.exec(lx.text);
        if (unit && !(words.length === 2 && words[1].text === unit[0] && has(words[1], 'keyword.other.unit')))
            return `'${unit[0]}' is not one keyword.other.unit token`;
        return '';
    }
    if (lx.kind === 'string') return words.every((t) => has(t, 'string.quoted.double')) ? '' : 'not a string';
    if (lx.kind === 'derivative') return words.every((t) => has(t, 'meta.derivative')) ? '' : 'not a derivative';
    if (inner.length !== 1) return 'split into several grammar tokens';
    const rule = KIND.find(([k]) => k.test(lx.kind));
    if (rule && !rule[1].test(leaf(inner[0]))) return `scope ${leaf(inner[0])}`;
    return '';
}

function checkLexer(file, lines, snnc) {
    const dump = execFileSync(snnc, ['--dump-tokens', file], { encoding: 'utf8' });
    const lexed = new Map(); // line -> [{lo, hi, kind, text}]
    for (const d of dump.split('\n')) {
        const m = /^(\d+):(\d+) (\S+)(?: \S+)? '(.*)'$/.exec(d);
        if (!m) continue;
        const lo = Buffer.from(lines[+m[1] - 1].text).subarray(0, +m[2] - 1).toString().length;
        const lx = { lo, hi: lo + m[4].length, kind: m[3], text: m[4] };
        if (!lexed.has(+m[1])) lexed.set(+m[1], []);
        lexed.get(+m[1]).push(lx);
    }
    const bad = [];
    let count = 0;
    for (const l of lines) {
        const lxs = lexed.get(l.line) || [];
        for (const lx of lxs) {
            count++;
            const why = checkToken(lx, l.tokens);
            if (why) bad.push(`${l.line}:${lx.lo + 1} ${lx.kind} '${lx.text}': ${why}`);
        }
        // everything the scanner skips is blanks or comment
        for (const t of l.tokens)
            if (t.text.trim() !== '' && !has(t, 'comment') && !lxs.some((lx) => t.lo >= lx.lo && t.hi <= lx.hi))
                bad.push(`${l.line}:${t.lo + 1} '${t.text}' (${leaf(t)}) is neither a scanner token nor a comment`);
    }
    if (count === 0) bad.push('snnc --dump-tokens gave no tokens');
    if (bad.length) console.log(`FAIL lexer ${file}: ${bad.length} disagreements, first: ${bad.slice(0, 5).join('; ')}`);
    else console.log(`PASS lexer ${file}`);
}

function checkProbes(file, lines) {
    let target = null;
    for (const l of lines) {
        const m = /^(\s*\/\/\s*)(\^+|<-+)\s+(.*)$/.exec(l.text);
        if (!m) {
            target = l;
            continue;
        }
        // "^^^" under the columns it checks, "<-" for the first column of the line
        const col = m[2][0] === '<' ? 0 : m[1].length;
        const width = m[2][0] === '<' ? m[2].length - 1 : m[2].length;
        const want = m[3].trim().split(/\s+/);
        const name = `probe ${file}:${l.line} '${target.text.slice(col, col + width)}' ${want.join(' ')}`;
        const bad = [];
        for (let c = col; c < col + width; c++) {
            const t = target.tokens.find((x) => x.lo <= c && c < x.hi);
            const scopes = t ? t.scopes : [];
            for (const w of want)
                if (w.startsWith('!') ? scopes.some((s) => s.startsWith(w.slice(1))) : !scopes.includes(w))
                    bad.push(`column ${c + 1} has ${scopes.join(' ') || 'no token'}`);
        }
        console.log(bad.length ? `FAIL ${name}: ${bad[0]}` : `PASS ${name}`);
    }
}

async function main() {
    const args = process.argv.slice(2);
    const opt = {};
    while (args.length && args[0].startsWith('--')) opt[args.shift().slice(2)] = args.shift();
    const tokenize = await loadGrammar();
    for (const file of opt.probe ? [opt.probe] : args) {
        const lines = tokenize(fs.readFileSync(file, 'utf8'));
        if (opt.probe) checkProbes(file, lines);
        if (opt.out) {
            const dest = path.join(opt.out, file + '.scopes');
            fs.mkdirSync(path.dirname(dest), { recursive: true });
            fs.writeFileSync(dest, scopeList(lines));
        }
        if (opt.snnc) checkLexer(file, lines, opt.snnc);
    }
}

main().catch((e) => {
    console.log(`FAIL editors: ${e.stack || e}`);
    process.exit(1);
});
