"""Populations joined by "or" are alternatives: who may take part, each with its own rule.

"Women with breast cancer or men with prostate cancer", "Adults with diabetes or children aged 6-17
with asthma": each clause opens with whom it is about (a person word, an age group, a sex), and the
criterion admits (or, in an exclusion, excludes) either group. Read as one ``all_of`` the criterion
would ask every patient to be a woman and a man at once, and rule out everyone. "And" is left
alone: "…, and patients must not have residual toxicity" adds a requirement for the same patients.
"""

from __future__ import annotations

import re
from typing import Callable

from ...tree.nodes import AllOf, AnyOf, Node, Unparsed
from ...tree.spans import Span
from ..grammar.lexer import Lexeme

#: what a clause about a population opens with
_WHO = frozenset({"PERSON", "AGE_GROUP", "EV_SEX"})
_JOINS = frozenset({"OR"})  # "or", "and/or"
_SKIPPED = frozenset({"COMMA"})


_SENTENCE_END = re.compile(r"[.;:]\s+\S")


def population_alternatives(parts: list[Node], lexemes: list[Lexeme], to_span: Callable[[int, int], Span],
                            text: str) -> list[Node]:
    """``[any_of(all_of(clause parts) for each clause)]`` when the item is one sentence of clauses
    that each open with a population and are joined by "or" outside parentheses; else ``parts``
    unchanged. No typed part may straddle a join (the grammar read across it: "male and female
    patients"), and a second sentence ("… or female subjects sterilized. All female subjects must
    …") would be taken into the last clause, so an item of several is left as it is."""
    splits = _splits(lexemes)
    if not splits or len(parts) < 2 or _several_sentences(text[lexemes[0].start:lexemes[-1].end]):
        return parts
    original_parts = parts
    cuts = [to_span(lexemes[i].start, lexemes[i].end).start for i in splits]
    parts = _lists_cut(parts, cuts)
    if parts is None:
        return original_parts
    typed = [p for p in parts if not isinstance(p, Unparsed) and p.span is not None]
    if any(p.span.start < cut < p.span.end for p in typed for cut in cuts):
        return original_parts
    clauses: list[list[Node]] = [[] for _ in range(len(cuts) + 1)]
    for part in parts:
        start = part.span.start if part.span is not None else 0
        clauses[sum(1 for cut in cuts if cut <= start)].append(part)
    if not all(any(not isinstance(p, Unparsed) for p in clause) for clause in clauses):
        return original_parts  # a clause with nothing read: no evidence the text lists populations
    rules = [clause[0] if len(clause) == 1 else AllOf(items=tuple(clause), span=_cover(clause)) for clause in clauses]
    return [AnyOf(items=tuple(rules), span=_cover(rules))]


def _lists_cut(parts: list[Node], cuts: list[int]) -> list[Node] | None:
    """``parts`` with each list of alternatives a cut runs through split into the members on
    either side ("pregnant women, or women of childbearing potential" was read as one list before
    the clauses were seen: its members go to their clauses); ``None`` when a member straddles a cut."""
    out: list[Node] = []
    for part in parts:
        span = part.span
        if not isinstance(part, AnyOf) or span is None or not any(span.start < cut < span.end for cut in cuts):
            out.append(part)
            continue
        sides: dict[int, list[Node]] = {}
        for item in part.items:
            if item.span is None or any(item.span.start < cut < item.span.end for cut in cuts):
                return None
            sides.setdefault(sum(1 for cut in cuts if cut <= item.span.start), []).append(item)
        out += [items[0] if len(items) == 1 else AnyOf(items=tuple(items), span=_cover(items)) for items in sides.values()]
    return out


def _several_sentences(said: str) -> bool:
    """A sentence end outside parentheses ("(≥ 3 stools a day; symptomatic group)" is one aside)."""
    while (bare := re.sub(r"\([^()]*\)", "", said)) != said:
        said = bare
    return bool(_SENTENCE_END.search(said))


def _splits(lexemes: list[Lexeme]) -> list[int]:
    """Indices of the joins that open a new population clause, outside parentheses; none unless the
    item itself opens with a population. A reproductive status names one too ("pregnant women, or
    women of childbearing potential not using contraception"), but only a comma before the "or"
    closes a clause there: "pregnant or breastfeeding women" is one population."""
    first = next((lx for lx in lexemes if lx.type not in _SKIPPED), None)
    if first is None or not _population(first):
        return []
    out, depth = [], 0
    for i, lx in enumerate(lexemes):
        depth += (lx.type == "LPAR") - (lx.type == "RPAR")
        if depth or lx.type not in _JOINS or i == 0:
            continue
        after = next((x for x in lexemes[i + 1:] if x.type not in _SKIPPED), None)
        if after is None or not _population(after):
            continue
        before = lexemes[i - 1].type
        if (before not in _WHO) if after.type in _WHO else before == "COMMA":
            out.append(i)
    return out


#: reproductive statuses that name whom a clause is about
_POPULATIONS = frozenset({"pregnancy", "breastfeeding", "childbearing_potential", "reproductive_potential"})


def _population(lx: Lexeme) -> bool:
    return lx.type in _WHO or (lx.type == "EV_REPRO" and lx.value in _POPULATIONS)


def _cover(nodes: list[Node]) -> Span | None:
    spans = [n.span for n in nodes if n.span is not None]
    return Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None
