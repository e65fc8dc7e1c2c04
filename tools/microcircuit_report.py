#!/usr/bin/python3
"""Rates and irregularity of a run of models/microcircuit.snn, beside NEST's.

usage: tools/microcircuit_report.py RUN [--transient 0.5] [--json FILE]

Reads RUN/spikes.h5 (SONATA) and RUN/run.json. For each population: the mean
rate after the transient, the mean CV of the inter-spike intervals (neurons
with at least 3 spikes there) and the same for NEST's stored full-scale run.
The check, of the issue that asked for the model (ours, not the paper's): each
rate within 15 % of NEST's full-scale run, or within the spread of the
published full-scale runs where that is wider. Exit status 0 when all hold.
"""
import argparse
import json
import os
import sys

import numpy as np

from microcircuit_data import CV_NETPYNE, NEST_2022, POPS, PUBLISHED

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import snnc  # noqa: E402  (the run's reader, python/snnc)


def measure(run, transient):
    r = snnc.load(run)
    meta = r.meta
    size = {p["name"]: p["size"] for p in meta["populations"]}
    t_end = meta["time_s"]
    out = {}
    for p in POPS:
        g = r.spikes.get(p)
        ts = g.times_ms * 1e-3 if g is not None else np.zeros(0)
        ids = g.node_ids if g is not None else np.zeros(0, int)
        keep = ts >= transient
        ts, ids = ts[keep], ids[keep]
        rate = len(ts) / size[p] / (t_end - transient)
        order = np.lexsort((ts, ids))
        ts, ids = ts[order], ids[order]
        cvs = []
        for n in np.unique(ids):
            isi = np.diff(ts[ids == n])
            if len(isi) >= 2 and isi.mean() > 0:
                cvs.append(isi.std() / isi.mean())
        out[p] = {"n": size[p], "rate_hz": rate, "cv_isi": float(np.mean(cvs)) if cvs else None,
                  "cv_neurons": len(cvs)}
    return meta, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run")
    ap.add_argument("--transient", type=float, default=0.5, help="seconds left out at the start")
    ap.add_argument("--json", help="write the table here as JSON")
    a = ap.parse_args()
    try:
        meta, m = measure(a.run, a.transient)
    except snnc.RunError as e:
        sys.exit(f"microcircuit_report.py: {e}")
    print(f"{a.run}: {sum(v['n'] for v in m.values())} neurons, {meta['time_s'] - a.transient:g} s after a "
          f"{a.transient:g} s transient, seed {meta['seed']}")
    print(f"{'pop':6} {'rate Hz':>8} {'NEST':>7} {'ratio':>6} {'spread':>13} {'CV ISI':>7} {'NetPyNE':>8}  check (ours)")
    ok_all = True
    for i, p in enumerate(POPS):
        r = m[p]["rate_hz"]
        runs = [NEST_2022[i]] + [row[i] for row in PUBLISHED]
        lo, hi = min(min(runs), 0.85 * NEST_2022[i]), max(max(runs), 1.15 * NEST_2022[i])
        ok = lo <= r <= hi
        ok_all &= ok
        m[p].update(nest_hz=NEST_2022[i], lo_hz=lo, hi_hz=hi, ok=ok)
        cv = m[p]["cv_isi"]
        print(f"{p:6} {r:8.3f} {NEST_2022[i]:7.3f} {r / NEST_2022[i]:6.2f} {lo:6.2f}..{hi:5.2f} "
              f"{cv if cv is not None else float('nan'):7.3f} {CV_NETPYNE[i]:8.3f}  {'ok' if ok else 'OUTSIDE'}")
    print("every rate within 15 % of NEST's full-scale run or the published spread (our target): "
          + ("yes" if ok_all else "no"))
    if a.json:
        json.dump({"run": a.run, "transient_s": a.transient, "populations": m, "ok": ok_all}, open(a.json, "w"),
                  indent=2)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
