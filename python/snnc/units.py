"""units.py: the units a run writes its values in, and their scale to SI.

The HDF5 files name their units (docs/outputs.md): the unit snnc's messages
use for the dimension (mV, nS, nA, pF, ms, Hz, MOhm, mV/ms, ...), 1 for a
dimensionless value, else a product of SI base units (m^2*kg*s^-3*A^-1).
CSV files hold SI values without saying so: their units are None, which
scales by 1.
"""
import re

import numpy as np

_PREFIX = {'f': 1e-15, 'p': 1e-12, 'n': 1e-9, 'u': 1e-6, '\u00b5': 1e-6, 'm': 1e-3, 'c': 1e-2, 'k': 1e3,
           'M': 1e6, 'G': 1e9}
# SI units by symbol ('weight': the model's own dimension of weights, kept as it is)
_BASE = {'1': 1.0, 's': 1.0, 'm': 1.0, 'kg': 1.0, 'g': 1e-3, 'A': 1.0, 'V': 1.0, 'S': 1.0, 'F': 1.0, 'Ohm': 1.0,
         'C': 1.0, 'Hz': 1.0, 'W': 1.0, 'J': 1.0, 'weight': 1.0}


def _symbol(sym, units):
    if sym in _BASE:  # 'm' is the metre and 'kg' the kilogram, not prefixed
        return _BASE[sym]
    if len(sym) > 1 and sym[0] in _PREFIX and sym[1:] in _BASE:
        return _PREFIX[sym[0]] * _BASE[sym[1:]]
    raise ValueError('unknown unit %r in %r' % (sym, units))


def scale(units):
    """How many SI units one `units` is (None: the values are SI already)."""
    if units is None:
        return 1.0
    out = 1.0
    for k, part in enumerate(units.split('/')):
        for tok in re.split(r'[* ]+', part.strip()):
            if not tok:
                continue
            sym, _, exp = tok.partition('^')
            x = _symbol(sym, units) ** float(exp or 1)
            out = out * x if k == 0 else out / x
    return out


def to_si(values, units):
    """`values` in `units` as float64 SI values."""
    return np.asarray(values, dtype=np.float64) * scale(units)


def text(units):
    """The units for an axis label ("SI" for a CSV file's values)."""
    return 'SI' if units is None else units
