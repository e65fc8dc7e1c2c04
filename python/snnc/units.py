"""units.py: the units a run writes its values in, and their scale to SI.

The HDF5 files name their units (docs/outputs.md): mV, nS, pA, ms, pF, Hz,
1, or SI base units written out.  CSV files of the runtime before issue 16
hold SI values without saying so: their units are None, which scales by 1.
"""
import numpy as np

# one unit of each name, in SI
_SCALE = {'mV': 1e-3, 'V': 1.0, 'nS': 1e-9, 'S': 1.0, 'pA': 1e-12, 'A': 1.0, 'ms': 1e-3, 's': 1.0,
          'pF': 1e-12, 'F': 1.0, 'Hz': 1.0, '1': 1.0, '': 1.0}
_BASE = {'m', 'kg', 's', 'A', 'K', 'mol', 'cd'}


def scale(units):
    """How many SI units one `units` is (None: the values are SI already)."""
    if units is None:
        return 1.0
    if units in _SCALE:
        return _SCALE[units]
    if all(tok.split('^')[0] in _BASE for tok in units.split()):
        return 1.0  # SI base units written out ("m^2 kg s^-3 A^-1")
    raise ValueError('unknown unit %r' % units)


def to_si(values, units):
    """`values` in `units` as float64 SI values."""
    return np.asarray(values, dtype=np.float64) * scale(units)


def text(units):
    """The units for an axis label ("SI" when a CSV file did not name them)."""
    return 'SI' if units is None else units
