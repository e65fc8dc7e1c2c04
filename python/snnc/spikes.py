"""spikes.py: the spike trains of a run, per population.

Read from spikes.h5 (SONATA: /spikes/POP/timestamps in ms, node_ids 0-based
within the population) or spikes.csv (population,node_id,time_ms; the
population quoted as in RFC 4180 when it holds a comma or a quote).
"""
import csv

import numpy as np

from .errors import RunError, complete, reading


class Spikes:
    """One population's spikes: parallel arrays `times_ms` (float64, ascending)
    and `node_ids` (int64, within the population), `size` neurons observed over
    [0, `t_stop_ms`)."""

    def __init__(self, population, times_ms, node_ids, size, t_stop_ms):
        self.population = population
        self.times_ms = np.asarray(times_ms, dtype=np.float64)
        self.node_ids = np.asarray(node_ids, dtype=np.int64)
        self.size = size
        self.t_stop_ms = t_stop_ms

    def __len__(self):
        return len(self.times_ms)

    def __repr__(self):
        return '<Spikes %s: %d spikes of %d neurons>' % (self.population, len(self), self.size)

    def counts(self):
        """Spikes of each neuron (int64 [size])."""
        return np.bincount(self.node_ids, minlength=self.size)[:self.size]

    def rates(self):
        """Mean rate of each neuron over the run, in Hz."""
        return self.counts() / (self.t_stop_ms * 1e-3) if self.t_stop_ms > 0 else np.zeros(self.size)

    def rate(self, bin_ms):
        """The population's rate in bins of `bin_ms`: (bin starts in ms, Hz per neuron)."""
        nbins = max(1, int(np.ceil(self.t_stop_ms / bin_ms - 1e-9)))
        edges = np.minimum(np.arange(nbins + 1) * bin_ms, self.t_stop_ms)  # the last bin may be shorter
        hist, _ = np.histogram(self.times_ms, bins=edges)
        return edges[:-1], hist / max(self.size, 1) / (np.diff(edges) * 1e-3)

    def select(self, lo, hi, name=None):
        """The neurons lo..hi-1 (a family or a slice), numbered from 0."""
        keep = (self.node_ids >= lo) & (self.node_ids < hi)
        return Spikes(name or '%s[%d:%d]' % (self.population, lo, hi), self.times_ms[keep], self.node_ids[keep] - lo,
                      hi - lo, self.t_stop_ms)


def read_h5(path, sizes, t_stop_ms):
    """{population: Spikes} from a SONATA spike file; sizes: population -> neurons."""
    import h5py
    out = {}
    with reading(path), h5py.File(path, 'r') as f:
        if 'spikes' not in f:
            raise RunError('%s: not a SONATA spike file (no /spikes group)' % path)
        for pop, g in f['spikes'].items():
            ts, ids = g['timestamps'][:], g['node_ids'][:]
            if len(ts) != len(ids):
                raise RunError('%s: /spikes/%s: %d timestamps but %d node ids' % (path, pop, len(ts), len(ids)))
            out[pop] = Spikes(pop, ts, ids.astype(np.int64), _size(path, pop, ids, sizes), t_stop_ms)
    return out


def read_csv(path, sizes, t_stop_ms):
    """{population: Spikes} from spikes.csv; a population without a row has no entry."""
    cols = {}
    complete(path)
    with reading(path), open(path, newline='') as f:
        rd = csv.reader(f)
        if next(rd, None) != ['population', 'node_id', 'time_ms']:
            raise RunError('%s: not a spike file (expected the header population,node_id,time_ms)' % path)
        for line, row in enumerate(rd, 2):
            if len(row) != 3:
                raise RunError('%s:%d: expected 3 fields, found %d (truncated?)' % (path, line, len(row)))
            ids, ts = cols.setdefault(row[0], ([], []))
            ids.append(row[1])
            ts.append(row[2])
    out = {}
    with reading(path):
        for pop, (ids, ts) in cols.items():
            ids = np.array(ids, dtype=np.int64)
            out[pop] = Spikes(pop, np.array(ts, dtype=np.float64), ids, _size(path, pop, ids, sizes), t_stop_ms)
    return out


def _size(path, pop, ids, sizes):
    """The population's size from run.json, checked against the node ids."""
    if pop not in sizes:
        raise RunError('%s: population %r is not in run.json' % (path, pop))
    if len(ids) and int(ids.max()) >= sizes[pop]:
        raise RunError('%s: node id %d of %s beyond its %d neurons' % (path, int(ids.max()), pop, sizes[pop]))
    return sizes[pop]
