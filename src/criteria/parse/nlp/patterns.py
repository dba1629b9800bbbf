"""The lexicon matchers' patterns, precompiled: token hashes shipped in the wheel.

A ``PhraseMatcher`` pattern is the sequence of one token attribute (``LOWER`` or ``ORTH``) of
a phrase as our tokenizer splits it. Building the patterns from the lexicons' ~7,400 phrases
means tokenizing each phrase into a ``Doc`` and the matcher checking each Doc's annotations:
about a third of a second of every cold start. ``PhraseMatcher.add`` also takes the attribute
hashes themselves, so ``data/compiled/patterns.json`` keeps them, phrase by phrase.

The lexicons stay the source of truth. The shipped hashes are used only when they were made by
this tokenizer (spaCy's version and our tokenizer rules, :func:`tokenizer_digest`) and from these
phrases: either the files they were made from (the lexicons and the modules that turn them into
phrase rows) are byte for byte the files installed now, and then no lexicon is read at all until
a match needs it (the unit lexicon is validated with pint: a text without a lab or unit never
imports pint), or the rows the component builds from its lexicon now are the rows they were made
from. Otherwise the phrases are tokenized as before: slower, never different.
``tests/test_patterns.py`` checks that the shipped file is current; ``make patterns`` rebuilds it
(``tools/patterns_build.py``).
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Callable, Sequence

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from ...errors import ResourceError
from ...resources import data_path

#: one matcher's rows: (match key, its phrases), in the order they are added
Rows = Sequence[tuple[str, Sequence[str]]]

_FILE = ("compiled", "patterns.json")
_lock = threading.Lock()
_loaded: list[dict] = []
#: how each matcher was last built: "shipped" (from the hashes) or "tokenized" (from its phrases)
built_from: dict[str, str] = {}


def tokenizer_digest(nlp: Language) -> str:
    """What decides how a phrase is split: spaCy's version and the tokenizer's rules (its
    prefix, suffix and infix expressions and which special cases it holds)."""
    tokenizer = nlp.tokenizer
    parts = [spacy.__version__]
    for search in (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer,
                   tokenizer.token_match, tokenizer.url_match):
        parts.append(getattr(getattr(search, "__self__", None), "pattern", repr(search)))
    parts.append("\n".join(sorted(tokenizer.rules)))  # the cases' texts: their splits come with spaCy's version
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def phrase_matcher(nlp: Language, name: str, attr: str, rows: Callable[[], Rows],
                   sources: Sequence[str]) -> tuple[PhraseMatcher, list[str]]:
    """A ``PhraseMatcher`` on ``attr`` holding the phrase rows ``rows()`` makes, and its match keys
    in order. ``sources``: the package files (relative to the package) the rows are made from.
    From the shipped hashes when they are current (see module doc), else by tokenizing each phrase:
    the same matcher either way. The matcher keeps its match keys in a vocabulary of its own
    (:func:`_key_vocab`)."""
    matcher = PhraseMatcher(_key_vocab(), attr=attr)
    shipped = _shipped(name, attr, rows, sources, nlp)
    built_from[name] = "tokenized" if shipped is None else "shipped"
    if shipped is None:
        made = rows()
        for key, phrases in made:
            matcher.add(key, [nlp.make_doc(phrase) for phrase in phrases])
        return matcher, [key for key, _ in made]
    keys, patterns = shipped
    for key, key_patterns in zip(keys, patterns):
        matcher.add(key, key_patterns)
    return matcher, keys


def _key_vocab() -> Vocab:
    """A bare vocabulary for one matcher's match keys.

    ``PhraseMatcher.add`` makes a lexeme of each match key in the matcher's vocabulary. In the
    pipeline's, each of those ~2,300 keys (entry indexes: "0", "1"…) ran the English lexical
    attribute functions (shape, ``like_num``, ``is_stop``…): 14 ms of a cold start for lexemes no
    text reads. A matcher reads a ``Doc`` only through its tokens' attribute hashes (``LOWER`` or
    ``ORTH``), which hash a text the same way in any vocabulary, and reads its own vocabulary only
    to find ``on_match`` callbacks (we add none) and the labels of ``as_spans`` (we ask for none):
    the matches are the same. ``tests/test_patterns.py`` compares them with a matcher on the
    pipeline's vocabulary."""
    return Vocab()


def _shipped(name: str, attr: str, rows: Callable[[], Rows], sources: Sequence[str],
             nlp: Language) -> tuple[list[str], list[list[list[int]]]] | None:
    """The match keys and patterns shipped for matcher ``name``, if they are current."""
    entry = _take(name)
    if not entry or entry.get("attr") != attr or entry.get("tokenizer") != _digest(nlp):
        return None
    if entry.get("sources") != sources_digest(sources) and entry.get("rows") != _plain(rows()):
        return None
    return [key for key, _ in entry["rows"]], entry["patterns"]


def sources_digest(sources: Sequence[str]) -> str | None:
    """sha256 of the package files ``sources`` (paths relative to the package), ``None`` if one is
    missing (an install without sources: then the rows are compared instead)."""
    from ...resources import _package_dir

    digest = hashlib.sha256()
    root = _package_dir()
    for relative in sources:
        try:
            digest.update(root.joinpath(*relative.split("/")).read_bytes())
        except OSError:
            return None
        digest.update(b"\x00")
    return digest.hexdigest()


def _plain(rows: Rows) -> list[list]:
    """``rows`` as JSON reads them back (lists, not tuples), for comparison."""
    return [[key, list(phrases)] for key, phrases in rows]


_digests: dict[int, str] = {}


def _digest(nlp: Language) -> str:
    """:func:`tokenizer_digest`, once per tokenizer (the special cases take a few ms to hash)."""
    key = id(nlp.tokenizer)
    if key not in _digests:
        _digests[key] = tokenizer_digest(nlp)
    return _digests[key]


def _take(name: str) -> dict | None:
    """Matcher ``name``'s entry of the shipped file, which the store then lets go of.

    Why: the decoded file is about 21,000 lists (a pattern per phrase, a row per key), all
    tracked by the garbage collector, which walks them at every full collection (several run as
    the interpreter exits) although nothing reads them once the matchers are built. So each
    entry is handed out once, the store is dropped when the last one is, and a pipeline built
    later in the same process reads the file again (5 ms)."""
    with _lock:
        if not _loaded or name not in _loaded[0].get("matchers", {}):
            _loaded[:] = [_read()]
        matchers = _loaded[0].get("matchers", {})
        entry = matchers.pop(name, None)
        if not matchers:
            _loaded.clear()
    return entry


def _read() -> dict:
    """The shipped file decoded; an empty store if it is missing or unreadable (then every
    matcher is built from its phrases: slower, not different)."""
    try:
        return json.loads(data_path(*_FILE).read_text(encoding="utf-8"))
    except (ResourceError, OSError, ValueError):
        return {}


def _store() -> dict:
    """The whole shipped file, read anew (for inspection: the matchers take their entries with
    :func:`_take`)."""
    return _read()


def compile_patterns(nlp: Language, attr: str, rows: Rows, sources: Sequence[str]) -> dict:
    """One matcher's entry of the shipped file: its rows, the digest of the files they are made
    from and, per phrase, the ``attr`` hashes of its tokens (what ``PhraseMatcher.add`` reads from a
    pattern Doc)."""
    patterns = [[[int(h) for h in nlp.make_doc(phrase).to_array(attr)] for phrase in phrases]
                for _, phrases in rows]
    return {"attr": attr, "tokenizer": tokenizer_digest(nlp), "sources": sources_digest(sources),
            "rows": _plain(rows), "patterns": patterns}


def _sources() -> dict[str, tuple[str, Rows, Sequence[str]]]:
    """The matchers whose patterns are shipped: name -> (attr, rows, source files)."""
    from .labs import LAB_SOURCES, lab_rows
    from .pipeline import CUE_SOURCES, EVENT_SOURCES, cue_rows, event_rows

    lower, exact = lab_rows()
    return {"cues": ("LOWER", cue_rows(), CUE_SOURCES), "labs_lower": ("LOWER", lower, LAB_SOURCES),
            "labs_exact": ("ORTH", exact, LAB_SOURCES), "events": ("LOWER", event_rows(), EVENT_SOURCES)}


def build_store() -> dict:
    """The whole shipped file, made from the lexicons by the project's tokenizer."""
    from .pipeline import blank_nlp

    nlp = blank_nlp()
    return {
        "_format": "criteria matcher patterns: per matcher, its rows [key, phrases] and per phrase the token "
                   "attribute hashes; made by `make patterns` from data/lexicons, used only when they match",
        "matchers": {name: compile_patterns(nlp, attr, rows, sources)
                     for name, (attr, rows, sources) in _sources().items()},
    }


def shipped_path() -> Path:
    """Where the shipped file lives in the package."""
    from ...resources import _package_dir

    return _package_dir().joinpath("data", *_FILE)
