"""tests/lsp/client.py: a scripted LSP client for `snnc lsp` (run by lsp.test.sh).

  client.py SNNC SCRATCH_DIR ROOT

Starts the server, speaks to it the way an editor does, and prints one
PASS/FAIL line per check: the diagnostics of a model with an error (message
and range the same as `snnc --check` prints for the file, on a line with
non-ASCII text before the error so that UTF-16 columns matter), their
clearing when the error is fixed, the time to publish the diagnostics of a
model with 30 errors, hover, definition and completion, malformed messages
answered with JSON-RPC errors, and shutdown/exit with status 0.  Standard
library only; every read has a deadline, so a hung server fails the test.
"""
import glob
import json
import os
import re
import select
import statistics
import subprocess
import sys
import time

SNNC, T, ROOT = sys.argv[1:4]
DEADLINE = 10.0  # seconds for any one reply
failures = 0


def check(name, ok, why=""):
    global failures
    if ok:
        print("PASS lsp " + name)
    else:
        failures += 1
        print("FAIL lsp %s: %s" % (name, why))


class Server:
    def __init__(self):
        self.p = subprocess.Popen([SNNC, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b""
        self.next_id = 0

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _fill(self, end):
        left = end - time.monotonic()
        if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
            raise TimeoutError("no reply within %g s" % DEADLINE)
        chunk = os.read(self.p.stdout.fileno(), 65536)
        if not chunk:
            raise EOFError("the server closed its output (exit status %s)" % self.p.poll())
        self.buf += chunk

    def recv(self):
        end = time.monotonic() + DEADLINE
        while b"\r\n\r\n" not in self.buf:
            self._fill(end)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        length = [int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")][0]
        while len(self.buf) < length:
            self._fill(end)
        body, self.buf = self.buf[:length], self.buf[length:]
        return json.loads(body)

    def request(self, method, params=None):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params or {}})
        while True:
            m = self.recv()
            if m.get("id") == self.next_id:
                return m

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def diagnostics(self, uri):
        """the next publishDiagnostics for uri, and the seconds it took to come"""
        t0 = time.monotonic()
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"], time.monotonic() - t0


def at(text, line, word, into=0):
    """the LSP position of a word on a 0-based line, plus into characters"""
    prefix = text.split("\n")[line].split(word)[0]
    return {"line": line, "character": utf16(prefix.encode()) + into}


def utf16(b):
    return len(b.decode().encode("utf-16-le")) // 2


def cli_diagnostic(path):
    """(message, range) of the first error `snnc --check` prints for path"""
    err = subprocess.run([SNNC, "--check", path], capture_output=True).stderr.decode().split("\n")
    head, caret = err[0], err[2]
    where, msg = head.split(": error: ", 1)
    line, col = (int(x) for x in where.split(":")[-2:])
    width = caret.count("^") + caret.count("~")
    src = open(path, "rb").read().split(b"\n")[line - 1]
    start = utf16(src[: col - 1])
    end = utf16(src[: col - 1 + width])
    return msg, {"start": {"line": line - 1, "character": start}, "end": {"line": line - 1, "character": end}}


# the model: a neuron of its own, a stdlib neuron, an error after non-ASCII text
MODEL = """import "stdlib/neurons.snn"
import "stdlib/synapses.snn"

neuron leaky(tau_m = 20 ms, E_L = -65 mV, C_m = 250 pF) {
  input I_syn : current
  state v = E_L
  dv/dt = (E_L - v) / tau_m + I_syn / C_m
  threshold v > -50 mV
  reset v = E_L
}

population net = 100 lif_cond(V_th = -50 mV)
population own = 10 leaky(tau_m = 10 ms)
connect net -> own { rule: all; synapse: exp_curr(tau = 5 ms); weight: 1 pA }
/* 𝜏 é */ param drive = 20 mV + 5 ms

experiment {
  time 100 ms
}
"""
FIXED = MODEL.replace("20 mV + 5 ms", "20 mV + 5 mV")
path = os.path.join(T, "model.snn")
open(path, "w").write(MODEL)
uri = "file://" + path
doc = {"uri": uri}

s = Server()
init = s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
caps = init.get("result", {}).get("capabilities", {})
check("initialize", caps.get("hoverProvider") and caps.get("definitionProvider") and "completionProvider" in caps,
      json.dumps(init))
s.notify("initialized", {})

# diagnostics as the command line gives them
s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "snn", "version": 1, "text": MODEL}})
diags, _ = s.diagnostics(uri)
msg, rng = cli_diagnostic(path)
check("didOpen publishes the error", len(diags) == 1 and diags[0]["message"] == msg and diags[0]["severity"] == 1,
      "got %s, snnc --check says %r" % (json.dumps(diags), msg))
check("error range in UTF-16 columns", diags and diags[0]["range"] == rng,
      "got %s, expected %s" % (json.dumps(diags and diags[0]["range"]), json.dumps(rng)))

s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": FIXED}]})
diags, _ = s.diagnostics(uri)
check("didChange that fixes it clears the diagnostics", diags == [], json.dumps(diags))


def ask(method, line, word, into=1):
    r = s.request("textDocument/" + method, {"textDocument": doc, "position": at(FIXED, line, word, into)})
    return r.get("result")


def hover_text(h):
    return h["contents"]["value"] if h else ""


h = ask("hover", 6, "E_L - v", 4)  # the '-' of (E_L - v)
check("hover: unit of an expression", "voltage (mV)" in hover_text(h), json.dumps(h))
h = ask("hover", 13, "5 ms")
check("hover: unit of a quantity", "time (ms)" in hover_text(h), json.dumps(h))
h = ask("hover", 11, "lif_cond")
check("hover: a stdlib neuron's parameters with defaults",
      all(p in hover_text(h) for p in ("neuron lif_cond(", "V_th = -50 mV", "t_ref = 5 ms")), json.dumps(h))
h = ask("hover", 12, "tau_m")
check("hover: a parameter's value and unit", "= 20 ms" in hover_text(h) and "time (ms)" in hover_text(h), json.dumps(h))

d = ask("definition", 11, "lif_cond")
stdlib = open(os.path.join(ROOT, "stdlib", "neurons.snn")).read().split("\n")
line = next(i for i, l in enumerate(stdlib) if l.startswith("neuron lif_cond("))
want = {"uri": "file://" + os.path.realpath(os.path.join(ROOT, "stdlib", "neurons.snn")),
        "range": {"start": {"line": line, "character": 7}, "end": {"line": line, "character": 15}}}
check("definition: into the stdlib", d == want, "got %s, expected %s" % (json.dumps(d), json.dumps(want)))
d = ask("definition", 13, "own")
check("definition: a population in the model", d and d["uri"] == uri and d["range"]["start"] == {"line": 12, "character": 11},
      json.dumps(d))
d = ask("definition", 6, "tau_m")
check("definition: a parameter of the enclosing neuron", d and d["range"]["start"] == {"line": 3, "character": 13},
      json.dumps(d))


def labels(r):
    items = r["items"] if isinstance(r, dict) else r or []
    return {i["label"] for i in items}


c = labels(ask("completion", 14, "param", 0))
check("completion: population names and keywords", {"net", "own", "population", "lif_cond"} <= c, sorted(c)[:40])
c = labels(ask("completion", 6, "tau_m", 0))
check("completion: the enclosing neuron's parameters and states", {"tau_m", "E_L", "v"} <= c, sorted(c)[:40])
c = labels(ask("completion", 11, "V_th", 0))
check("completion: a stdlib neuron's parameters in its call", {"V_th", "C_m", "t_ref"} <= c and "net" not in c,
      sorted(c)[:40])

# a half-typed line (does not parse): units after a number, names from the rest
TYPING = FIXED.replace("weight: 1 pA }", "weight: 1 pA }\nconnect own -> net { delay: 2 m")
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": TYPING}]})
s.diagnostics(uri)
r = s.request("textDocument/completion", {"textDocument": doc, "position": {"line": 14, "character": len("connect own -> net { delay: 2 m")}})
c = labels(r.get("result"))
check("completion: units after a number in a half-typed line", {"ms", "mV", "s"} <= c, sorted(c)[:40])
TYPING = FIXED.replace("weight: 1 pA }", "weight: 1 pA }\npopulation q = 3 lif_cond(C_m = 200 pF, V_")
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": TYPING}]})
s.diagnostics(uri)
r = s.request("textDocument/completion", {"textDocument": doc, "position": {"line": 14, "character": len("population q = 3 lif_cond(C_m = 200 pF, V_")}})
c = labels(r.get("result"))
check("completion: parameters after an earlier argument in a half-typed call", {"V_th", "V_reset"} <= c and "net" not in c,
      sorted(c)[:40])

# a file of the user's imported: definition into it, its errors published for it
LIB = "neuron mine(tau = 10 ms) {\n  state v = 0 mV\n  dv/dt = -v / tau\n  threshold v > 1 mV\n}\n"
open(os.path.join(T, "lib.snn"), "w").write(LIB.replace("-v / tau", "-v / tau + 1 ms"))
luri = "file://" + os.path.realpath(os.path.join(T, "lib.snn"))
USER = 'import "lib.snn"\npopulation p = 5 mine()\n'
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 100}, "contentChanges": [{"text": USER}]})
got = {}
while uri not in got or luri not in got:
    m = s.recv()
    if m.get("method") == "textDocument/publishDiagnostics":
        got[m["params"]["uri"]] = m["params"]["diagnostics"]
check("an error in an imported file is published for that file",
      len(got[luri]) == 1 and got[luri][0]["message"].startswith("unit mismatch") and got[luri][0]["range"]["start"]["line"] == 2,
      json.dumps(got))
open(os.path.join(T, "lib.snn"), "w").write(LIB)
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 101}, "contentChanges": [{"text": USER + "\n"}]})
got = {}
while uri not in got or luri not in got:
    m = s.recv()
    if m.get("method") == "textDocument/publishDiagnostics":
        got[m["params"]["uri"]] = m["params"]["diagnostics"]
check("... and cleared when it is fixed", got[luri] == [], json.dumps(got))
r = s.request("textDocument/definition", {"textDocument": doc, "position": {"line": 1, "character": 17}})
check("definition: into an imported file", r.get("result") and r["result"]["uri"] == luri and
      r["result"]["range"]["start"] == {"line": 0, "character": 7}, json.dumps(r))

# 30 errors, all published, each time in under 100 ms (median of 5 edits)
MANY = 'import "stdlib/neurons.snn"\n' + "".join("param p%d = 1 mV + %d ms\n" % (i, i) for i in range(30)) + \
       "population net = 10 lif_cond()\n"
times = []
for k in range(5):
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4 + k}, "contentChanges": [{"text": MANY + "\n" * k}]})
    diags, dt = s.diagnostics(uri)
    times.append(dt)
check("30 errors published", len(diags) == 30 and all(g["range"]["start"]["line"] == i + 1 for i, g in enumerate(diags)),
      "%d diagnostics" % len(diags))
check("30 errors in under 100 ms", statistics.median(times) < 0.1, "median %.1f ms" % (1e3 * statistics.median(times)))
print("# publishDiagnostics with 30 errors: median %.1f ms of 5" % (1e3 * statistics.median(times)))

# every golden case of tests/diag checked with --check: the same messages, in
# the same order (notes as related information), at the same places
KINDS = {1: "error", 2: "warning", 3: "note"}


def golden(err):
    """(kind, message, uri, start, end) of each message of an .err file; start
    and end are LSP positions (end None where the caret was cut at the line end)"""
    out, lines = [], open(err).read().split("\n")
    for i, l in enumerate(lines):
        m = re.match(r"^([^: ]+):(\d+):(\d+): (error|warning|note): (.*)$", l)
        if not m:
            m = re.match(r"^[^: ]+: (error): (.*)$", l)
            if m:
                out.append(("error", m.group(2), None, None, None))
            continue
        path = os.path.realpath(os.path.join(ROOT, m.group(1)))
        line, col = int(m.group(2)) - 1, int(m.group(3)) - 1
        width = lines[i + 2].count("^") + lines[i + 2].count("~")
        src = open(path, "rb").read().split(b"\n")
        text = src[line] if line < len(src) else b""
        start = {"line": line, "character": utf16(text[:col])}
        end = {"line": line, "character": utf16(text[:col + width])} if col + width < len(text) else None
        out.append((m.group(4), m.group(5), "file://" + path, start, end))
    return out


def flat(diags, uri):
    """the published diagnostics as the command line orders them"""
    out = []
    for g in diags:
        out.append((KINDS[g["severity"]], g["message"], g["range"], uri))
        for r in g.get("relatedInformation", []):
            out.append(("note", r["message"], r["location"]["range"], r["location"]["uri"]))
    return out


bad = []
cases = sorted(f for f in glob.glob(os.path.join(ROOT, "tests/diag/*.snn")) if open(f, "rb").readline().strip() in
               (b"// RUN: snnc --check", b"// RUN: snnc --check %s"))
for f in cases:
    furi = "file://" + f
    src = open(f, "rb").read()
    s.notify("textDocument/didOpen", {"textDocument": {"uri": furi, "version": 1, "text": src.decode("utf-8", "replace")}})
    got = flat(s.diagnostics(furi)[0], furi)
    s.notify("textDocument/didClose", {"textDocument": {"uri": furi}})
    s.diagnostics(furi)
    want = golden(f[:-4] + ".err")
    if b"\0" in src:  # refused before any line table: the message is about the whole text
        want = [(k, m, None, None, None) for k, m, _, _, _ in want]
    for k, (w, g) in enumerate(zip(want, got + [None] * len(want))):
        if g is None or w[:2] != g[:2] or (w[2] and (w[2] != g[3] or w[3] != g[2]["start"] or
                                                     (w[4] and w[4] != g[2]["end"]))):
            bad.append("%s message %d: want %s, got %s" % (os.path.basename(f), k + 1, w, g))
            break
check("the diagnostics of all %d --check cases of tests/diag as the command line prints them" % len(cases),
      cases and not bad, "; ".join(bad[:4]))

# malformed messages: errors, and the server still answers afterwards
s.raw(b"Content-Length: 9\r\n\r\n{not json")
e = s.recv()
check("bad JSON: parse error", e.get("error", {}).get("code") == -32700 and e.get("id") is None, json.dumps(e))
s.raw(b"Content-Length: twelve\r\n\r\n")
e = s.recv()
check("bad Content-Length: parse error", e.get("error", {}).get("code") == -32700, json.dumps(e))
s.raw(b"Content-Length: 2\r\n\r\n[]")
e = s.recv()
check("not a request: invalid request", e.get("error", {}).get("code") == -32600, json.dumps(e))
e = s.request("no/such/method")
check("unknown method", e.get("error", {}).get("code") == -32601, json.dumps(e))
e = s.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.snn"}, "position": {"line": 0, "character": 0}})
check("hover on a document never opened: invalid params", e.get("error", {}).get("code") == -32602, json.dumps(e))
check("still answering after bad input", s.request("textDocument/hover", {"textDocument": doc, "position": {"line": 0, "character": 0}}).get("error") is None, "")

r = s.request("shutdown")
check("shutdown", "result" in r and r["result"] is None, json.dumps(r))
s.notify("exit", {})
try:
    status = s.p.wait(timeout=DEADLINE)
except subprocess.TimeoutExpired:
    s.p.kill()
    status = "hung"
check("exit status 0 after shutdown", status == 0, "status %s" % status)
sys.exit(0)
