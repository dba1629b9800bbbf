"""Plain English from the tree: ``criteria.render(tree, style="patient" | "clinician")``.

Two styles. ``patient`` writes short sentences a patient can read: an inclusion criterion
becomes "You must be 19 years or older when you sign the consent form.", an exclusion
criterion "You cannot take part if you are older than 75 years.", with units spelled for
reading and a small glossary (:mod:`criteria.render.plain_words`). ``clinician`` writes the
rule tersely ("age ≥ 19 years at consent") under "Inclusion" / "Exclusion" headers.

**Render what is understood, quote what is not.** A criterion the parser read whole becomes one
sentence from its tree, each statement said once (:mod:`criteria.render.english_lists`); a
criterion read in part is quoted whole, cleaned, followed by what we check from it ("We check
whether you are 19 years or older."). Leftover words are never quoted one by one: see
:mod:`criteria.render.english_document`, which lays out criteria and the document.

**Dispatch.** Every rule node is rendered by the function registered for its ``kind`` in
:data:`RENDERERS`; :func:`phrase` raises :class:`~criteria.errors.UnsupportedError` for a kind
with no function (never a silent skip), and a document holding such a kind quotes that
criterion's text instead of guessing. A leaf's function returns a :class:`Clause`: the
statement in the forms a sentence needs (after "must", after "if", negated) plus the
clinician's phrase; logic nodes combine their children's clauses. Adding a node kind is adding
one function::

    @renders("<kind>")
    def _my_kind(node, ctx):
        return Clause.have("<what the patient must have>", clinical="<the terse form>")

(a worked, tested example is at the end of docs/nodes.md).

The HTML renderers (:mod:`criteria.render.html`, :mod:`criteria.render.html_page`) reuse the
clinician phrase of any leaf kind registered here, so one function serves every output.
Wording that is domain knowledge (what to call an anchor event) lives in
``data/lexicons/plain_english*.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Callable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from ..errors import UnsupportedError
from ..tree.nodes import Age, AgeBound, Node, Not, Unparsed
from ..resources import load_jsonl
from . import english_lists as lists

Style = Literal["patient", "clinician"]
STYLES: tuple[Style, ...] = ("patient", "clinician")
NOT_SIMPLIFIED = "[not simplified]"
"""The mark on text shown as written because no rule understood it."""


# --- the clause: one statement in every form a sentence needs --------------------------------


@dataclass(frozen=True, slots=True)
class Context:
    """Where a phrase will stand: the style, the sentence frame, and whether it is negated.

    ``frame`` is ``"must"`` for inclusion ("You must …") and ``"if"`` for exclusion
    ("You cannot take part if …"); ``negated`` is true below an odd number of ``not``.
    """

    style: Style
    frame: Literal["must", "if"] = "must"
    negated: bool = False

    def flipped(self) -> "Context":
        return replace(self, negated=not self.negated)


@dataclass(frozen=True, slots=True)
class Clause:
    """A statement about the patient, in each form a sentence needs.

    ``base`` follows "must" ("be 19 years or older"); ``finite`` and ``negative`` follow
    "if" and carry their subject ("you are 19 years or older" / "you are not …");
    ``clinical`` is the clinician's phrase ("age ≥ 19 years"). Use the constructors
    :meth:`be`, :meth:`have` and :meth:`had` for the common verbs.
    """

    base: str
    finite: str
    negative: str
    clinical: str
    subject: str = "you"
    obj: str | None = None
    """The object every form ends with ("a platelet count of at least …"), when there is one:
    clauses with the same verb then share it in a list ("you must have A, B and C")."""

    @classmethod
    def be(cls, complement: str, *, clinical: str) -> "Clause":
        """"You (must) be …": a state."""
        return cls(f"be {complement}", f"you are {complement}", f"you are not {complement}", clinical,
                   obj=complement)

    @classmethod
    def have(cls, thing: str, *, clinical: str) -> "Clause":
        """"You (must) have …": something the patient has now."""
        return cls(f"have {thing}", f"you have {thing}", f"you do not have {thing}", clinical, obj=thing)

    @classmethod
    def had(cls, thing: str, *, clinical: str) -> "Clause":
        """"You had …": a past event ("had major surgery in the 28 days before …")."""
        return cls(f"have had {thing}", f"you had {thing}", f"you did not have {thing}", clinical, obj=thing)

    def verb(self, ctx: Context) -> str | None:
        """What the clause says in ``ctx`` before its object ("you must have "), or None."""
        said = self.say(ctx)
        if ctx.style == "clinician" or not self.obj or not said.endswith(self.obj):
            return None
        return said[: len(said) - len(self.obj)]

    def say(self, ctx: Context) -> str:
        """The clause as it reads in ``ctx``."""
        if ctx.style == "clinician":
            return f"not ({self.clinical})" if ctx.negated else self.clinical
        if ctx.frame == "must":
            return f"{self.subject} must {'not ' if ctx.negated else ''}{self.base}"
        return self.negative if ctx.negated else self.finite


Renderer = Callable[[Node, Context], Union[str, Clause]]
RENDERERS: dict[str, Renderer] = {}
"""``{kind: function}``: how each node kind reads in English. Fill it with :func:`renders`."""


def renders(kind: str, *, replace_existing: bool = False) -> Callable[[Renderer], Renderer]:
    """Register the decorated function as the English renderer of node ``kind``."""

    def register(function: Renderer) -> Renderer:
        if kind in RENDERERS and not replace_existing:
            raise ValueError(f"an English renderer for {kind!r} is already registered")
        RENDERERS[kind] = function
        return function

    return register


def supports(kind: str) -> bool:
    """Whether node ``kind`` has an English renderer."""
    return kind in RENDERERS


def said(node: Node, ctx: Context) -> "str | Clause":
    """What ``node``'s renderer returns in ``ctx`` (a Clause for a leaf, text for logic)."""
    renderer = RENDERERS.get(node.kind)
    if renderer is None:
        raise UnsupportedError(
            f"the English renderer has no form for node kind {node.kind!r}; "
            "register one with criteria.render.english.renders (see docs/nodes.md)"
        )
    return renderer(node, ctx)


def phrase(node: Node, ctx: Context) -> str:
    """``node`` as a phrase in ``ctx``; raises UnsupportedError for a kind with no renderer."""
    out = said(node, ctx)
    return out.say(ctx) if isinstance(out, Clause) else out


def readable(node: Node) -> bool:
    """Whether every node of ``node`` has an English renderer (a kind added later may not)."""
    return all(supports(n.kind) for n in node.walk())


def statements(items, ctx: Context, word: str, short: bool = False) -> list[str]:
    """Children of a list said in ``ctx``, each once; clauses with the same verb share it.

    "you must have A", "you must have B" → "you must have A and B" (``word`` joins the objects:
    the list's own word, "and" or "or", even under a negation — "you must not be A or B" —
    where separate statements take De Morgan's). A negated item's objects take the other word:
    "not A and not B" reads "you do not have A or B". Nested lists of the same kind, and
    negated lists of the other kind, are read flat first (``_flattened``), so a statement a
    nested list repeats is still said once. ``short`` (for lists whose logic is not said) cuts a
    long list into several statements (:func:`criteria.render.english_lists.groups`).
    """
    verbs: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, object]] = []
    other = "or" if word == "and" else "and"
    for item in _flattened(items, "all_of" if word == "and" else "any_of"):
        out, here, joined = said(item, ctx), ctx, word
        if item.kind == "not" and ctx.style == "patient":
            inner = said(item.item, ctx.flipped())  # type: ignore[attr-defined]
            if isinstance(inner, Clause):
                out, here, joined = inner, ctx.flipped(), other
        verb = out.verb(here) if isinstance(out, Clause) else None
        if verb is None:
            text = out.say(here) if isinstance(out, Clause) else out
            if ("text", text) not in order:
                order.append(("text", text))
            continue
        key = (verb, joined)
        if key not in verbs:
            verbs[key] = []
            order.append(("verb", key))
        verbs[key].append(out.obj)  # type: ignore[arg-type]
    _now_or_before(verbs, order)
    said_list = []
    for what, value in order:
        if what == "text":
            said_list.append(value)
        elif verbs[value]:  # type: ignore[index]
            objects, joined = verbs[value], value[1]  # type: ignore[index]
            merged = lists.groups(objects, joined) if short else [lists.merge(objects, joined)]
            said_list += [value[0] + part for part in merged]  # type: ignore[index]
    return said_list


def _flattened(items, kind: str):
    """``items`` of an ``all_of`` (or ``any_of``) with nested lists of the same kind spread out and
    a negated list of the other kind read as negated items: not (A or B) is not A and not B."""
    other = "any_of" if kind == "all_of" else "all_of"
    for item in items:
        if item.kind == kind:
            yield from _flattened(item.items, kind)
        elif item.kind == "not" and item.item.kind == other:
            yield from _flattened(tuple(Not(item=x) for x in item.item.items), kind)
        else:
            yield item


_NOW_OR_BEFORE = {  # the same thing now and in the past: one statement ("you have or had X")
    ("you must have ", "you must have had "): "you must have or have had ",
    ("you must not have ", "you must not have had "): "you must not have or have had ",
    ("you have ", "you had "): "you have or had ",
}


def _now_or_before(verbs: dict[tuple[str, str], list[str]], order: list) -> None:
    """In an "or" list, move objects said both with "have" and "have had" to one "have or have had"
    statement (an "and" would say both, not either)."""
    for (now_verb, before_verb), both_verb in _NOW_OR_BEFORE.items():
        now, before, both = (now_verb, "or"), (before_verb, "or"), (both_verb, "or")
        shared = [o for o in verbs.get(now, []) if o in verbs.get(before, [])]
        if not shared:
            continue
        verbs[now] = [o for o in verbs[now] if o not in shared]
        verbs[before] = [o for o in verbs[before] if o not in shared]
        if both not in verbs:
            verbs[both] = []
            order.insert(order.index(("verb", now)), ("verb", both))
        verbs[both] += shared


# --- logic and unparsed ------------------------------------------------------------------------


_join = lists.join


_QUALIFIED = re.compile(r"^(.+?) \(([^()]+)\)$")


def _clinical_list(node, ctx: Context, word: str) -> str:
    parts = list(dict.fromkeys(phrase(item, ctx) for item in _flattened(node.items, node.kind)))
    if len(parts) == 1:
        return parts[0]
    matches = [_QUALIFIED.match(part) for part in parts]
    if all(matches) and len({m.group(1) for m in matches}) == 1:  # "cancer (stomach or esophagus)"
        return f"{matches[0].group(1)} ({f' {word} '.join(m.group(2) for m in matches)})"
    return "(" + f" {word} ".join(parts) + ")"


def _join_levels(parts: list[str], word: str) -> str:
    """``parts`` joined by ``word``; with semicolons when a part is a list itself, so a patient reads
    "A and B; or C and D" for (A and B) or (C and D), never the flat "A and B or C and D"."""
    other = " or " if word == "and" else " and "
    if len(parts) > 1 and any(other in part for part in parts):  # only where the reading could change
        return "; ".join(parts[:-1]) + f"; {word} " + parts[-1]
    return _join(parts, word)


@renders("all_of")
def _all_of(node, ctx: Context) -> str:
    if ctx.style == "clinician":
        return _clinical_list(node, ctx, "and")
    # not (A and B) reads as "not A, or not B" (De Morgan): a patient needs no brackets
    return _join_levels(statements(node.items, ctx, "and"), "or" if ctx.negated else "and")


@renders("any_of")
def _any_of(node, ctx: Context) -> str:
    if ctx.style == "clinician":
        return _clinical_list(node, ctx, "or")
    parts = statements(node.items, ctx, "or")
    joined = _join_levels(parts, "and" if ctx.negated else "or")
    return joined if ctx.negated or len(parts) == 1 else f"either {joined}"


@renders("not")
def _not(node, ctx: Context) -> str:
    if ctx.style == "clinician":
        return f"not ({phrase(node.item, ctx)})"
    return phrase(node.item, ctx.flipped())


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^~|])")


def as_written(text: str) -> str:
    """Source text for display: markdown escapes (``\\>``) undone, runs of whitespace made one space."""
    return " ".join(_MARKDOWN_ESCAPE.sub(r"\1", text).split())


@renders("unparsed")
def _unparsed(node: Unparsed, ctx: Context) -> str:
    """Standalone only: a criterion read in part is quoted whole (english_document), never in pieces."""
    return f"“{as_written(node.text)}”"


# --- age ---------------------------------------------------------------------------------------


def number(value: float) -> str:
    """19.0 → "19", 1.5 → "1.5" (never scientific notation)."""
    return str(int(value)) if value == int(value) else f"{value:f}".rstrip("0")


def human_number(value: float) -> str:
    """A number for people: :func:`number`, with thousands separated from 10,000 up ("150,000")."""
    if abs(value) >= 10_000 and value == int(value):
        return f"{int(value):,}"
    return number(value)


def quantity(value: float, unit: str) -> str:
    """19, "year" → "19 years"."""
    return f"{number(value)} {unit}{'' if value == 1 else 's'}"


def age_words(low: AgeBound | None, high: AgeBound | None) -> str:
    """Bounds as a patient says them: "19 years or older", "between 18 and 75 years old"."""
    if low and high:
        if (low.value, low.unit) == (high.value, high.unit):
            return f"{quantity(low.value, low.unit)} old"
        if low.inclusive and high.inclusive and low.unit == high.unit:
            return f"between {number(low.value)} and {quantity(high.value, high.unit)} old"
        return f"{age_words(low, None)} and {age_words(None, high)}"
    if low:
        amount = quantity(low.value, low.unit)
        return f"{amount} or older" if low.inclusive else f"older than {amount}"
    amount = quantity(high.value, high.unit)  # type: ignore[union-attr]
    return f"{amount} or younger" if high.inclusive else f"younger than {amount}"  # type: ignore[union-attr]


def age_symbols(low: AgeBound | None, high: AgeBound | None) -> str:
    """Bounds as a clinician writes them: "≥ 19 years", "18–75 years"."""
    if low and high and low.inclusive and high.inclusive and low.unit == high.unit:
        return f"{number(low.value)}–{quantity(high.value, high.unit)}"
    parts = []
    if low:
        parts.append(f"{'≥' if low.inclusive else '>'} {quantity(low.value, low.unit)}")
    if high:
        parts.append(f"{'≤' if high.inclusive else '<'} {quantity(high.value, high.unit)}")
    return " and ".join(parts)


class Wording(BaseModel):
    """One row of ``lexicons/plain_english.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str = Field(min_length=1, description="canonical value, e.g. an anchor event")
    patient: str = Field(min_length=1, description="the words for a patient")
    clinician: str = Field(min_length=1, description="the words for a clinician")


@cache
def _wordings() -> dict[str, Wording]:
    return {row.term: row for row in load_jsonl("lexicons/plain_english.jsonl", Wording)}


def event_words(term: str, style: Style) -> str:
    """How to say "at <event>" in ``style`` ("consent" → "when you sign the consent form")."""
    row = _wordings().get(term)
    if row is None:
        return f"at {term.replace('_', ' ')}"
    return row.patient if style == "patient" else row.clinician


@renders("age")
def _age(node: Age, ctx: Context) -> Clause:
    at_patient = f" {event_words(node.at, 'patient')}" if node.at else ""
    at_clinician = f" {event_words(node.at, 'clinician')}" if node.at else ""
    assumed_patient = " (the criteria give no unit; years assumed)" if node.unit_assumed else ""
    assumed_clinician = " (unit not stated; years assumed)" if node.unit_assumed else ""
    return Clause.be(
        f"{age_words(node.low, node.high)}{at_patient}{assumed_patient}",
        clinical=f"age {age_symbols(node.low, node.high)}{at_clinician}{assumed_clinician}",
    )


# --- one rule as a sentence --------------------------------------------------------------------


def sentence(rule: Node, section: str, style: Style) -> str:
    """One rule read whole as the sentence(s) of its section ("You must …." / "You cannot take part if …").

    A rule holding text no rule understood (``unparsed``) is said as what we check from it; the
    criterion it belongs to is quoted whole by :func:`criteria.render.english_document.criterion_body`.
    """
    if not whole(rule):
        return checked(rule, style) or " ".join(phrase(n, Context(style)) for n in rule.walk()
                                                if n.kind == "unparsed")
    if style == "clinician":
        return _capital(phrase(rule, Context(style)))
    if rule.kind == "permitted":  # asks nothing, in either section: no "must", no "cannot"
        return f"{_capital(phrase(rule, Context(style)))}."
    if section == "exclusion":
        return f"You cannot take part if {phrase(rule, Context(style, 'if'))}."
    if rule.kind == "all_of":  # short sentences: one per statement
        return " ".join(f"{_capital(part)}." for part in statements(rule.items, Context(style, "must"), "and"))
    return f"{_capital(phrase(rule, Context(style, 'must')))}."


def whole(rule: Node) -> bool:
    """Whether the parser read all of ``rule``: no ``unparsed`` text and every kind renderable."""
    return all(n.kind != "unparsed" and supports(n.kind) for n in rule.walk())


def leaves(rule: Node):
    """The typed statements under ``rule``, in text order: what a reader can be told we check.

    Generic on purpose: a composite kind added later is walked through without this module knowing it.
    """
    children = rule.children()
    if not children:
        if rule.kind != "unparsed" and supports(rule.kind):
            yield rule
        return
    for child in children:
        yield from leaves(child)


def checked(rule: Node, style: Style, nodes=None) -> str:
    """What we check from a rule read in part: "We check whether you …." ("" when nothing is typed).

    Polarity and logic are left out on purpose: the reader has the criterion's own words beside
    this, and "whether" is true to both.
    """
    found = list(nodes if nodes is not None else leaves(rule))
    if not found:
        return ""
    if style == "clinician":
        return "checked: " + "; ".join(dict.fromkeys(phrase(n, Context(style)) for n in found))
    parts = statements(found, Context(style, "if"), "and", short=True)
    # short sentences: one per verb, and a long list of objects cut into a few ("We check whether you
    # have A and B. We also check whether you took C.")
    return " ".join(f"We {'also ' if n else ''}check whether {part}." for n, part in enumerate(parts))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_english(criteria, style: Style = "patient") -> str:
    """The whole tree in plain English: see :func:`criteria.render.english_document.render_english`."""
    from .english_document import render_english as document  # the layout module imports this one

    return document(criteria, style)


def render_structured(fields, style: Style) -> str:
    """The record's structured fields in one line (:mod:`criteria.render.english_document`)."""
    from .english_document import render_structured as structured

    return structured(fields, style)


# the kinds of issue 4 and the thresholds register themselves on import
from . import english_events  # noqa: E402,F401
from . import english_thresholds  # noqa: E402,F401  (registers the threshold kinds; needs the names above)
