"""The setting a therapy was given in: "prior chemotherapy for metastatic disease", "no more than 2
regimens in the advanced setting", "systemic therapy for locally advanced or metastatic disease".

Oncology criteria count and exclude therapies by the stage of disease they treated: adjuvant
chemotherapy is no chemotherapy "for metastatic disease". Left unread beside the therapy, the words
kept every patient who had the therapy unknown, and no record could settle them. They are the
therapy's qualifier of intent (``lexicons/qualifiers.jsonl``: advanced, its kinds metastatic and
locally advanced, recurrent; each a contrast of adjuvant and neoadjuvant), so a record stating
the setting matches, one stating adjuvant does not, and one stating neither stays unknown.

Only words that say a setting and nothing else are read: "for advanced breast cancer" also names
the cancer treated, which no field holds, and stays as it was.
"""

from __future__ import annotations

import re
from functools import cache

from ...qualifiers import qualifier_lexicon
from ...tree.nodes import AllOf, AnyOf, Node, Not, Qualifier, Unparsed
from ...tree.spans import Span

_THERAPIES = frozenset({"prior_therapy", "medication"})
_REACH = 4  # parts back from a setting's words to its therapy (unread words may stand between, out of order)


@cache
def _settings() -> tuple[dict[str, str], str, re.Pattern[str]]:
    """Each phrase of a qualifier said after its event (``after`` in ``lexicons/qualifiers.jsonl``)
    → its value, the alternation of those phrases, and the pattern of words that say only a setting."""
    values = {phrase: row.value for row in qualifier_lexicon().rows.values() if row.after for phrase in row.phrases}
    word = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in values), key=len, reverse=True))
    setting = re.compile(
        rf"^(?:for|in)\s+(?:the\s+)?(?:treatment\s+of\s+)?(?P<words>(?:{word})(?:\s*(?:,|/|\bor\b|\band/or\b|\band\b)\s*(?:{word}))*)"
        r"\s+(?:disease|diseases|setting|settings|stage|cancer|malignancy|tumou?rs?)\s*[.;,]?$", re.IGNORECASE)
    return values, word, setting


def _qualifier(values: tuple[str, ...], span: Span) -> Qualifier:
    """The setting ``values`` as the qualifier of their axis (intent), pointing at ``span``."""
    return Qualifier(axis=qualifier_lexicon().rows[values[0]].axis, values=values, span=span)


def therapy_settings(parts: list[Node], original: str) -> list[Node]:
    """``parts`` with each unread setting ("for metastatic disease") right after a therapy, or a
    list of therapies, read as their qualifier; at any depth (under a "no", inside a list)."""
    if not any(n.kind in _THERAPIES for part in parts for n in part.walk()):
        return parts  # most criteria name no therapy: nothing to look for
    return _settled(parts, original)


def _settled(items: list[Node], original: str) -> list[Node]:
    items = [_within(item, original) for item in items]
    out: list[Node] = []
    read: list[Span] = []  # where settings were read: unread words inside them were read too
    for item in items:
        k = _therapy_before(out, item)
        found = _read_setting(out[k], item, original) if k is not None else None
        if found is not None and found.span is not None:
            out[k] = found  # type: ignore[index]
            read.append(found.span)
            continue
        out.append(item)
    return [n for n in out if not (isinstance(n, Unparsed) and n.span is not None
                                   and any(r.start <= n.span.start and n.span.end <= r.end for r in read))]


def _therapy_before(out: list[Node], item: Node) -> int | None:
    """The index in ``out`` of the typed part that ends last before ``item`` begins, when only unread
    words stand between (the list need not be in the text's order); else ``None``."""
    if item.span is None or not _words_or_conditions(item):
        return None
    near = range(max(0, len(out) - _REACH), len(out))  # the setting follows its therapy closely
    before = [k for k in near if out[k].span is not None and out[k].span.end <= item.span.start]  # type: ignore[union-attr]
    typed = [k for k in before if not isinstance(out[k], Unparsed)]
    if not typed:
        return None
    k = max(typed, key=lambda j: out[j].span.end)  # type: ignore[union-attr]
    between = [j for j in before if out[j].span.start >= out[k].span.end]  # type: ignore[union-attr]
    return k if all(isinstance(out[j], Unparsed) for j in between) else None


def _read_setting(before: Node, item: Node, original: str) -> Node | None:
    """``before`` with the setting ``item`` ends ("for metastatic disease") read onto its therapies,
    or ``None``. The setting's first words may have stayed in ``before`` as its last, unread member
    ("chemotherapy for advanced" + "/metastatic disease", the condition the lexicon knows)."""
    values = _setting(before, item, original)
    if values is not None and before.span is not None and item.span is not None:
        gap = original[before.span.end:item.span.start]
        span = Span(start=before.span.end + len(gap) - len(gap.lstrip(" \t\n([")), end=item.span.end)
        return _qualified(before, _qualifier(values, span), span)
    if not (isinstance(before, AllOf) and len(before.items) >= 2 and isinstance(before.items[-1], Unparsed)):
        return None
    therapy, words = before.items[-2], before.items[-1]
    values = _setting(therapy, item, original)
    if values is None or words.span is None or item.span is None:
        return None
    span = Span(start=words.span.start, end=item.span.end)
    qualified = _qualified(therapy, _qualifier(values, span), span)
    if qualified is None:
        return None
    rest = before.items[:-2]
    return qualified if not rest else before.model_copy(update={"items": (*rest, qualified), "span": Span(
        start=before.span.start, end=span.end) if before.span is not None else None})


def _within(node: Node, original: str) -> Node:
    """``node`` with the settings among its own items read (an ``all_of`` or ``any_of``, or what a
    ``not`` denies)."""
    if isinstance(node, (AllOf, AnyOf)):
        items = _settled(list(node.items), original)
        if len(items) == 1 and isinstance(node, AllOf):
            return items[0]  # the therapy and its setting were all there was
        return node.model_copy(update={"items": tuple(items)})
    if isinstance(node, Not):
        return node.model_copy(update={"item": _within(node.item, original)})
    return node


def _setting(before: Node, node: Node, original: str) -> tuple[str, ...] | None:
    """The setting values the words from the end of ``before`` to the end of ``node`` say (unread
    words, or a condition the lexicon read: "metastatic disease"), when they say only a setting;
    else ``None``. The words between count: "in the" metastatic setting, which the unread text
    leaves out."""
    if not _words_or_conditions(node) or node.span is None or before.span is None or before.span.end > node.span.start:
        return None  # a condition is read when the words hold only a setting: "for metastatic disease"
    said = " ".join(original[before.span.end:node.span.end].split()).lstrip("([ ")  # not after a closing bracket
    values, word, setting = _settings()
    found = setting.match(said)
    if found is None:
        return None
    words = re.findall(word, found.group("words").lower())
    return tuple(dict.fromkeys(values[" ".join(w.split())] for w in words))


def _words_or_conditions(node: Node) -> bool:
    """Whether ``node`` is unread words, a condition, or a list of them ("for recurrent" or
    "metastatic disease"): what a setting's words become when read apart."""
    if isinstance(node, AnyOf):
        return all(_words_or_conditions(n) for n in node.items)
    return node.kind in ("unparsed", "condition")


def _qualified(node: Node, qualifier: Qualifier, span: Span) -> Node | None:
    """``node`` with ``qualifier`` on each therapy it asks for (itself, every member of a list of
    therapies, what a "no" denies), its span reaching the words; ``None`` if it is no such thing."""
    widened = node.span.model_copy(update={"end": span.end}) if node.span is not None else None
    if node.kind in _THERAPIES:
        return node.model_copy(update={"qualifiers": (*node.qualifiers, qualifier), "span": widened})  # type: ignore[attr-defined]
    if isinstance(node, AnyOf) and node.items and all(n.kind in _THERAPIES for n in node.items):
        items = tuple(_qualified(n, qualifier, n.span or span) for n in node.items)
        if any(n is None for n in items):
            return None
        return node.model_copy(update={"items": items, "span": widened})
    if isinstance(node, Not):
        inner = _qualified(node.item, qualifier, span)
        return None if inner is None else node.model_copy(update={"item": inner, "span": widened})
    return None
