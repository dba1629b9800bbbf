"""The analysed grammar kept between processes: the ``Lark`` object itself, pickled.

Analysing the grammar (LALR tables for about 1,300 rules) takes 0.3 s. Lark's own cache
(``Lark(..., cache=FILE)``) keeps its analysis as plain data and rebuilds every rule, symbol and
table entry from it in Python at each start: 34 ms of a cold start of about 1.2 s, where a pickle
of the objects themselves loads in 10 ms (measured with the collector paused, as the one-time
build runs). So the cache file holds the ``Lark`` object, pickled as it is: references to
modules and to Lark's two parser actions (``Shift`` and ``Reduce``, which the parser compares by
identity) are pickled by name, everything else by value.

*Trust.* The file is a pickle, so it lives in a per-user folder (``$XDG_CACHE_HOME/criteria``,
else ``~/.cache/criteria``), like pint's cache, never in the shared temp folder: only its owner
can write a file we load. Where that folder cannot be made or written, the grammar is analysed
at every start.

*When a file is used.* Its name holds a digest of everything the object depends on (the grammar's
text, the Lark options of :mod:`.facade`, Lark's version and Python's), and its first record is the
whole digest, checked before the object is read: an edited grammar, another Lark or Python gets a
file of its own (several worktrees or versions on one machine no longer take turns overwriting
one file, each start analysing anew). A file that is unreadable, truncated or made by other Lark
classes is analysed anew and replaced; files are written whole and renamed into place, so a
process never reads one half written. Files of other grammars unused for two weeks go when a new
one is written.
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import os
import pickle
import sys
import tempfile
import time
import types
from pathlib import Path

from lark import Lark
from lark import __version__ as lark_version
from lark.parsers import lalr_analysis

#: cache files of other grammars older than this are removed when a new one is written
KEEP_DAYS = 14
#: what a file holds; part of the key, so a file of another layout is never read
FORMAT = "Lark object without its grammar definitions, v2"


def cache_key(source: str, options: str) -> str:
    """What a cached object depends on, as a sha256: the grammar, the options, Lark's and Python's versions."""
    python = "%d.%d" % sys.version_info[:2]
    return hashlib.sha256("\x00".join((source, options, lark_version, python, FORMAT)).encode()).hexdigest()


def cache_file(key: str) -> Path | None:
    """The file for ``key`` in the per-user cache folder, or None where no such folder can be written."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "criteria"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # a read-only home, or none
        return None
    if not os.access(folder, os.W_OK):
        return None
    python = "%d.%d" % sys.version_info[:2]
    return folder / f"grammar-lark-{lark_version}-py{python}-objects-{key[:16]}.pickle"


def load(path: Path, key: str) -> Lark | None:
    """The ``Lark`` object kept in ``path`` for ``key``, or None (no file, another key, unreadable)."""
    try:
        with open(path, "rb") as file:
            if pickle.load(file) != key:
                return None
            lark = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - truncated, foreign, or made by other classes: analysed anew
        return None
    return lark if isinstance(lark, Lark) else None


def save(path: Path, key: str, lark: Lark) -> None:
    """Keep ``lark`` in ``path`` for ``key`` (best effort: a failure only costs the next start time)."""
    _prune(path)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=".grammar-", delete=False) as file:
            temporary = Path(file.name)
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            _Pickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(_parser_only(lark))
        os.replace(temporary, path)  # whole, or not at all
    except Exception:  # noqa: BLE001 - an unwritable folder, a full disk, an object Lark made unpicklable
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _parser_only(lark: Lark) -> Lark:
    """``lark`` without the definitions it was compiled from (``lark.grammar``: the grammar files
    parsed into trees), which only the analysis reads; Lark's own cache leaves them out too. They
    are 18,000 of the 31,000 objects the file would load, and every object a process holds is walked
    by each full collection of the garbage collector, including those at exit."""
    kept = copy.copy(lark)
    kept.__dict__.pop("grammar", None)
    return kept


class _Pickler(pickle.Pickler):
    """Pickles modules and Lark's parser actions by name: the parser tests an action with ``is``."""

    def reducer_override(self, obj):
        if isinstance(obj, types.ModuleType):
            return importlib.import_module, (obj.__name__,)
        if obj is lalr_analysis.Shift:
            return getattr, (lalr_analysis, "Shift")
        if obj is lalr_analysis.Reduce:
            return getattr, (lalr_analysis, "Reduce")
        return NotImplemented


def _prune(keep: Path) -> None:
    """Remove cache files of other grammars (any format) not used for :data:`KEEP_DAYS` (best effort)."""
    horizon = time.time() - KEEP_DAYS * 86400
    for old in keep.parent.glob("grammar-*.pickle"):
        try:
            if old != keep and old.stat().st_atime < horizon and old.stat().st_mtime < horizon:
                old.unlink()
        except OSError:
            pass
