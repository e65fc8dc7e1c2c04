"""names.py: what a file of a run holds, from its name (docs/outputs.md).

A record's file is PREFIX_WHAT[_PHASE][_N].EXT: WHAT names the population,
modulator or connection and the variable, _PHASE a record inside a phase,
_N (2, 3, ...) a second record of the same thing.  Names may hold
underscores themselves, so the known names -- populations and connections
from run.json, phases -- are matched, longest first, instead of splitting.
"""
import re

PREFIXES = ('state', 'modulator', 'synapses', 'weights')


def sanitize(name):
    """A connection's name as it appears in file names."""
    return re.sub(r'[/> ]', '_', name)


def split_known(rest, names):
    """(name, remainder) for the longest of `names` that `rest` starts with,
    followed by '_' or nothing; (None, rest) if none does."""
    for name in sorted(names, key=len, reverse=True):
        if rest == name or rest.startswith(name + '_'):
            return name, rest[len(name):]
    return None, rest


def split_tail(rest, phases):
    """(core, phase, copy) of CORE[_PHASE][_N]: the phase None outside phases,
    the copy 1 for the first record of its kind."""
    copy = 1
    m = re.match(r'^(.+)_(\d+)$', rest)
    if m and int(m.group(2)) >= 2:
        rest, copy = m.group(1), int(m.group(2))
    for p in sorted(phases, key=len, reverse=True):
        if rest.endswith('_' + p) and len(rest) > len(p) + 1:
            return rest[:-len(p) - 1], p, copy
    return rest, None, copy


def classify(filename):
    """(kind, stem, extension) of a file in a run folder: kind is one of
    'manifest', 'spikes', 'trials', 'summary', 'edges', PREFIXES or None."""
    stem, dot, ext = filename.rpartition('.')
    if not dot:
        return None, filename, ''
    fixed = {'run': 'manifest', 'spikes': 'spikes', 'trials': 'trials', 'summary': 'summary', 'edges': 'edges',
             'edges_end': 'edges'}
    if stem in fixed:
        return fixed[stem], stem, ext
    if stem.startswith('edges_at_'):
        return 'edges', stem, ext
    prefix = stem.split('_', 1)[0]
    if prefix in PREFIXES and '_' in stem:
        return prefix, stem, ext
    return None, stem, ext


def snapshot(stem):
    """The key of an edges snapshot: 'start' (edges), 'end', or the time after
    edges_at_ ('10s')."""
    return {'edges': 'start', 'edges_end': 'end'}.get(stem) or stem[len('edges_at_'):]
