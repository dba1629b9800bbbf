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
from ...resources import population_states, word_list
from ..grammar.lexer import Lexeme

#: what a clause about a population opens with
_WHO = frozenset({"PERSON", "AGE_GROUP", "EV_SEX"})
_JOINS = frozenset({"OR"})  # "or", "and/or"
_SKIPPED = frozenset({"COMMA"})
_ARTICLES = frozenset({"a", "an", "the"})


def _skipped(lexeme: Lexeme) -> bool:
    """What may stand between a join and the population word it opens with: a comma, an article."""
    return lexeme.type in _SKIPPED or (lexeme.type == "W" and lexeme.value.lower() in _ARTICLES)


_SENTENCE_END = re.compile(r"[.;:]\s+\S")


def population_alternatives(parts: list[Node], lexemes: list[Lexeme], to_span: Callable[[int, int], Span],
                            text: str) -> list[Node]:
    """``[any_of(all_of(clause parts) for each clause)]`` when the item is one sentence of clauses
    that each open with a population and are joined by "or" outside parentheses; else ``parts``
    unchanged. No typed part may straddle a join (the grammar read across it: "male and female
    patients"), and a second sentence ("… or female subjects sterilized. All female subjects must
    …") would be taken into the last clause, so an item of several is left as it is."""
    splits = clause_joins(lexemes, text)
    if not splits or len(parts) < 2:
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
    clauses, shared = _shared_ages(clauses)
    rules = [clause[0] if len(clause) == 1 else AllOf(items=tuple(clause), span=_cover(clause)) for clause in clauses]
    either = AnyOf(items=tuple(rules), span=_cover(rules))
    return [either, *shared]


def _shared_ages(clauses: list[list[Node]]) -> tuple[list[list[Node]], list[Node]]:
    """"A man or a postmenopausal woman aged 50 to 75": where every clause names a sex, an age after
    the last one's sex is everyone's, not that clause's alone, unless another clause has an age of
    its own (ages of age groups, "or children aged 6-17", open their clause with the group and stay
    in it)."""
    sexes = [next((n for p in clause for n in p.walk() if _names_whom(n)), None) for clause in clauses]
    last, sex = clauses[-1], sexes[-1]
    if any(s is None for s in sexes) or sex.span is None or any(p.kind == "age" for c in clauses[:-1] for p in c):
        return clauses, []  # "male aged 65 or older or female aged 55 or older": each its own
    ages = [p for p in last if p.kind == "age" and p.span is not None and p.span.start >= sex.span.end]
    kept = [p for p in last if all(p is not a for a in ages)]
    return ([*clauses[:-1], kept], ages) if ages and kept else (clauses, [])


def _lists_cut(parts: list[Node], cuts: list[int]) -> list[Node] | None:
    """``parts`` with each list of alternatives a cut runs through split into the members on
    either side ("pregnant women, or women of childbearing potential" was read as one list before
    the clauses were seen: its members go to their clauses); ``None`` when a member straddles a cut."""
    out: list[Node] = []
    for part in parts:
        span = part.span
        if not isinstance(part, (AnyOf, AllOf)) or span is None or not any(span.start < cut < span.end for cut in cuts):
            out.append(part)
            continue
        sides: dict[int, list[Node]] = {}
        for item in part.items:
            if item.span is None or any(item.span.start < cut < item.span.end for cut in cuts):
                return None
            sides.setdefault(sum(1 for cut in cuts if cut <= item.span.start), []).append(item)
        out += [items[0] if len(items) == 1 else type(part)(items=tuple(items), span=_cover(items)) for items in sides.values()]
    return out


def _several_sentences(said: str) -> bool:
    """A sentence end outside parentheses ("(≥ 3 stools a day; symptomatic group)" is one aside)."""
    while (bare := re.sub(r"\([^()]*\)", "", said)) != said:
        said = bare
    return bool(_SENTENCE_END.search(said))


def clause_joins(lexemes: list[Lexeme], text: str) -> list[int]:
    """Indices of the joins that open a new population clause, outside parentheses; none unless the
    item itself opens with a population. A reproductive status names one too ("pregnant women, or
    women of childbearing potential not using contraception"), but only a comma before the "or"
    closes a clause there: "pregnant or breastfeeding women" is one population. A population word
    a qualifier or two leads ("or surgically sterile females", "or healthy females") opens a clause
    of its own: "men or women with X" shares what follows, "men, or healthy women" does not. Once an
    "or" opens a clause, the commas of its series before it do too ("Male, postmenopausal female or
    surgically sterile female"). An item of several sentences has none (see
    :func:`population_alternatives`); ``text`` is what the lexemes' offsets point into."""
    if not lexemes or _several_sentences(text[lexemes[0].start:lexemes[-1].end]):
        return []
    first = next((lx for lx in lexemes if lx.type not in _SKIPPED), None)
    if first is None or not (_population(first) or _qualified_population(lexemes, -1)):
        return []
    out, commas, depth = [], [], 0
    for i, lx in enumerate(lexemes):
        depth += (lx.type == "LPAR") - (lx.type == "RPAR")
        if depth or lx.type not in (*_JOINS, "COMMA") or i == 0:
            continue
        after = next((x for x in lexemes[i + 1:] if not _skipped(x)), None)  # "or a female subject of …"
        if lx.type == "COMMA":
            if after is not None and (after.type in _WHO or _qualified_population(lexemes, i)):
                commas.append(i)
            elif after is None or after.type not in _JOINS:
                commas = []  # a comma that opens no population ends the series
            continue
        if after is not None and _population(after):
            before = lexemes[i - 1].type
            opens = (before not in _WHO) if after.type in _WHO else before == "COMMA"
        else:  # "healthy males, or healthy females": not "post-menopausal or sterilized women"
            opens = (lexemes[i - 1].type == "COMMA" or lexemes[i - 1].type in _WHO) and _qualified_population(lexemes, i)
        if opens:
            out += [c for c in commas if c + 1 < len(lexemes) and lexemes[c + 1].type not in _JOINS] + [i]
        commas = []
    return sorted(set(out))


_QUALIFIER_REACH = 3  # lexemes of qualifiers before the population word of a clause


def _qualified_population(lexemes: list[Lexeme], i: int) -> bool:
    """Whether a person or sex word follows join ``i`` after a qualifier or two, before any other
    separator: "or surgically sterile females", ", healthy males"."""
    ahead = [x for x in lexemes[i + 1 : i + 2 + _QUALIFIER_REACH] if x.type not in _SKIPPED]
    plain = word_list("function_words.txt")
    for k, x in enumerate(ahead):
        if _population(x):  # "or a woman" has no qualifier of its own; "or non-pregnant women" has
            return any(not (y.type == "W" and y.value.lower() in _ARTICLES) for y in ahead[:k])
        if not (x.type in _QUALIFIERS or (x.type == "W" and (x.value.lower() in _ARTICLES or x.value.lower() not in plain))):
            return False  # "or whose male partner": not whom the clause is about
    return False


_QUALIFIERS = frozenset({"EV_JUDGE", "EV_REPRO", "STATUS", "NEG"})
_ARTICLES = frozenset({"a", "an", "the"})


def _names_whom(node: Node) -> bool:
    """A sex, or a reproductive status that names a population ("non-pregnant women")."""
    return node.kind == "sex" or (node.kind == "reproductive" and node.name in population_states()[0])  # type: ignore[attr-defined]


def _population(lx: Lexeme) -> bool:
    return lx.type in _WHO or (lx.type == "EV_REPRO" and lx.value in population_states()[0])


def _cover(nodes: list[Node]) -> Span | None:
    spans = [n.span for n in nodes if n.span is not None]
    return Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None
