"""trials.py: trials.csv, the spikes of every trial in each report's window.

Columns: trial, phase, label, entry (when the run shows a stimulus set), then
one count per `report ... per trial` endpoint, named by it ("readout",
"el[193:194]").  Read into a dict of numpy columns in file order: phase as
strings, everything else as integers.
"""
import csv

import numpy as np

from .errors import RunError, complete, reading


def read_csv(path):
    complete(path)
    with reading(path), open(path, newline='') as f:
        rd = csv.reader(f)
        head = next(rd, None)
        if not head or head[:3] != ['trial', 'phase', 'label']:
            raise RunError('%s: not a trials file (expected the header trial,phase,label,...)' % path)
        rows = list(rd)
        for line, row in enumerate(rows, 2):
            if len(row) != len(head):
                raise RunError('%s:%d: expected %d fields, found %d (truncated?)' % (path, line, len(head), len(row)))
        cols = list(zip(*rows)) if rows else [()] * len(head)
        return {h: np.array(c, dtype=str if h == 'phase' else np.int64) for h, c in zip(head, cols)}
