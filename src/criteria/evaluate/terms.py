"""Fast phrase matching between event nodes and a patient's records.

Each event node's phrase set (its concept's phrases in the event lexicon, its group's, its own
name) is interned once at compile time as an integer key of the list it is matched against
(so a key is also its concept's absence tag), and every phrase points to the keys it belongs to. Per patient, each record's words are looked up as word n-grams once
(:func:`record_keys`, memoised per evaluation), giving the set of keys the record mentions; a
node then needs one set lookup to know whether any record can match, which is what keeps
dozens of event criteria within a few microseconds per patient.

"Mentions" means: the phrase's words occur contiguously in the record's words (case and
punctuation ignored), as in "neuroendocrine carcinoma of pancreas" mentioning "carcinoma".

A record also names a concept by code: a concept's phrase set holds code tokens
(:mod:`.codes`: ``code:snomed:254632001``, ``prefix:atc:l01``), and a record's ``code`` /
``codes`` are looked up as tokens, exactly or by prefix. A token holds a ``:``, which normalised
words never do, so names and codes never match each other.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from operator import attrgetter
from typing import Any, Callable

from .codes import record_tokens
from .facts import Facts
from .patient import ConditionRecord

_lock = threading.Lock()
_keys_by_phrase: dict[str, frozenset[int]] = {}
_key_by_phrases: dict[tuple[str, frozenset[str]], int] = {}
_keys_in: dict[str, frozenset[int]] = {}  # space (a list name, "site") → the keys interned in it
_longest = [1]  # words in the longest interned phrase
_version = [0]  # bumped whenever a phrase is added, so cached lookups never go stale


def norm(text: str) -> str:
    """Lower-case words and digits, single-spaced: the form phrases are compared in."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def intern(phrases: frozenset[str], space: str) -> int:
    """The key of a set of (normalised) phrases in ``space``: the list whose records it is
    matched against (or another name, such as "site", for keys read with :func:`keys_of_record`).
    The same set in the same space always gets the same key, and no key is in two spaces, so a
    key alone says which list a concept is looked for in (see :func:`tag`)."""
    with _lock:
        key = _key_by_phrases.get((space, phrases))
        if key is None:
            key = _key_by_phrases[(space, phrases)] = len(_key_by_phrases)
            _keys_in[space] = _keys_in.get(space, frozenset()) | {key}
            for phrase in phrases:
                _keys_by_phrase[phrase] = _keys_by_phrase.get(phrase, frozenset()) | {key}
                _longest[0] = max(_longest[0], len(phrase.split()))
            _version[0] += 1
        return key


def keys_of(text: str) -> frozenset[int]:
    """Keys of every interned phrase ``text`` mentions (cached: record names repeat)."""
    return _keys_of(text, _version[0])


@lru_cache(maxsize=65536)
def _keys_of(text: str, version: int) -> frozenset[int]:
    words = norm(text).split()
    longest, found = _longest[0], set()
    for i in range(len(words)):
        if i and words[i - 1] == "non":  # "non-small cell carcinoma" does not mention "small cell carcinoma"
            continue
        for j in range(i + 1, min(len(words), i + longest) + 1):
            keys = _keys_by_phrase.get(" ".join(words[i:j]))
            if keys:
                found |= keys
    return frozenset(found)


def keys_of_record(name: str, qualifiers: tuple[str, ...]) -> frozenset[int]:
    """:func:`keys_of` a record's name and qualifiers as one text, cached by the parts (no
    joined string to build and hash per call: site checks run once per record and node)."""
    return _keys_of_record(name, qualifiers, _version[0])


@lru_cache(maxsize=65536)
def _keys_of_record(name: str, qualifiers: tuple[str, ...], version: int) -> frozenset[int]:
    return _keys_of(" ".join((name, *qualifiers)), version)


def mentions(text: str, phrases: frozenset[str]) -> bool:
    """Whether ``text`` mentions one of ``phrases`` (for checks run only on matching records)."""
    padded = f" {norm(text)} "
    return any(f" {p} " in padded for p in phrases)


_FIELDS: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "conditions": attrgetter("name", "code", "codes"),
    "therapies": attrgetter("name", "classes", "codes"),
    "medications": attrgetter("name", "codes"),
    "procedures": attrgetter("name", "codes"),
}
"""The fields of a record of each list that say which concepts it names, read in one C call (an
``attrgetter``: a record's fields are read for every record of every patient)."""


def qualifiers_of(record: Any) -> tuple[str, ...]:
    """A record's qualifiers: a condition's, none for the other lists. Not ``getattr(record,
    "qualifiers", ())``: on a pydantic model a missing attribute raises and catches an
    AttributeError, 2 µs where a read takes 40 ns, once per record and check."""
    return record.qualifiers if isinstance(record, ConditionRecord) else ()


def record_codes(record: Any) -> tuple[str, ...]:
    """A record's ``code`` and ``codes``, in that order."""
    code = getattr(record, "code", None)
    codes = getattr(record, "codes", ())
    return (code, *codes) if code else codes


@lru_cache(maxsize=65536)
def _code_keys(codes: tuple[str, ...], list_name: str, version: int) -> frozenset[int]:
    """Keys of ``list_name``'s concepts that one of ``codes`` identifies (exactly or by prefix)."""
    found: set[int] = set()
    for code in codes:
        for token in record_tokens(code):
            keys = _keys_by_phrase.get(token)
            if keys:
                found |= keys
    return frozenset(found) & _keys_in.get(list_name, frozenset())


def matched_code(record: Any, list_name: str, key: int) -> str | None:
    """The first of the record's codes that identifies concept ``key`` (``None``: matched by name)."""
    for code in record_codes(record):
        if key in _code_keys((code,), list_name, _version[0]):
            return code
    return None


Rows = tuple[tuple[Any, frozenset[int]], ...]
LISTS = ("conditions", "therapies", "medications", "procedures")


def record_keys(facts: Facts, list_name: str) -> tuple[frozenset[int], Rows]:
    """Keys any record of ``list_name`` mentions, and each record with its keys (memoised)."""
    cached = facts.cache.get(list_name)
    if cached is None:
        cached = facts.cache[list_name] = _build(facts, list_name)
    return cached


_NONE: tuple[frozenset[int], Rows] = (frozenset(), ())


def _build(facts: Facts, list_name: str) -> tuple[frozenset[int], Rows]:
    records = getattr(facts.patient, list_name)
    if not records:  # the common case for some lists: no generator, no union
        return _NONE
    fields, version = _FIELDS[list_name], _version[0]
    keys = [_fields_keys(list_name, fields(record), version) for record in records]
    return frozenset().union(*keys), tuple(zip(records, keys))


@lru_cache(maxsize=65536)
def _fields_keys(list_name: str, fields: tuple[Any, ...], version: int) -> frozenset[int]:
    """Keys a record names by its words, and by its codes when it has any: ``fields`` are its
    :data:`_FIELDS` (cached by their values: records repeat across patients, a record's keys
    need only these fields, and the same values always name the same concepts)."""
    name, *middle, codes = fields
    if list_name == "conditions":  # the code also counts as words, and is a code
        (code,) = middle
        segments: tuple[str, ...] = (name, code or "")
        codes = (code, *codes) if code else codes
    else:
        segments = (name, *(middle[0] if middle else ()))  # a therapy's classes name it too
    keys = _segment_keys(segments, list_name, version)
    return keys | _code_keys(codes, list_name, version) if codes else keys


@lru_cache(maxsize=65536)
def _segment_keys(segments: tuple[str, ...], list_name: str, version: int) -> frozenset[int]:
    """Keys of ``list_name``'s concepts a record's name (and classes, code) mention; cached, as
    records repeat."""
    found = frozenset().union(*(_keys_of(s, version) for s in segments if s))
    return found & _keys_in.get(list_name, frozenset())


def tag(list_name: str, key: int) -> int:
    """One integer for (list, concept key): what an absence profile is made of. A key is
    interned in one list's space, so it is that integer already."""
    return key


def absence_profile(facts: Facts) -> tuple[frozenset[int], tuple[bool, ...]]:
    """Tags of every concept the patient's records name, and which lists are complete.

    An event rule none of whose concepts is named by any record has a verdict that depends on
    nothing else than the complete flags (each event is "not met" or "unknown"), which lets a
    compiled criterion reuse it across patients with the same flags.
    """
    cache = facts.cache
    cached = cache.get("absence")
    if cached is None:
        # record_keys of each list, inlined: this runs once for every patient
        present: frozenset[int] = frozenset()
        for name in LISTS:
            built = cache.get(name)
            if built is None:
                built = cache[name] = _build(facts, name)
            if built[0]:  # a list's keys are its concepts' tags
                present = present | built[0] if present else built[0]
        cached = cache["absence"] = (present, _flags(facts.patient.complete))
    return cached


@lru_cache(maxsize=128)
def _flags(complete: tuple[str, ...]) -> tuple[bool, ...]:
    """Which of :data:`LISTS` are in ``complete`` (cached: there are 65 orderings of subsets)."""
    return tuple(name in complete for name in LISTS)
