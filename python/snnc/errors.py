"""errors.py: the one exception a run's reader raises.

Every problem with a run folder -- not a run, a file missing, truncated or not
in the layout of docs/outputs.md -- becomes a RunError whose message starts
with the file's path, so that a tool can print it as it is and exit, and a
reader never sees a bare KeyError or an HDF5 traceback.
"""
import contextlib
import os


class RunError(Exception):
    """A run folder or one of its files cannot be read; str() names the file."""


@contextlib.contextmanager
def reading(path):
    """Turn any failure while reading `path` into a RunError naming it."""
    try:
        yield
    except RunError:
        raise
    except FileNotFoundError:
        raise RunError('%s: no such file' % path) from None
    except (OSError, KeyError, ValueError, IndexError, TypeError, UnicodeDecodeError) as e:
        raise RunError('%s: cannot read: %s' % (path, e or type(e).__name__)) from None


def complete(path):
    """Refuse a text file cut short: the runtime ends every line, the last too."""
    with reading(path), open(path, 'rb') as f:
        f.seek(0, os.SEEK_END)
        if f.tell():
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b'\n':
                raise RunError('%s: truncated (the last line is cut short)' % path)
