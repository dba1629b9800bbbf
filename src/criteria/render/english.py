"""Plain English from the tree: ``criteria.render(tree, style="patient" | "clinician")``.

Two styles. ``patient`` writes whole sentences a patient can read: an inclusion criterion
becomes "You must be 19 years or older when you sign the consent form.", an exclusion
criterion "You cannot take part if you are older than 75 years.". ``clinician`` writes the
rule tersely ("age ≥ 19 years at consent") under "Inclusion" / "Exclusion" headers.
Text no rule understood (``unparsed``) is never reworded: it is shown as written, marked
:data:`NOT_SIMPLIFIED`.

**Dispatch.** Every rule node is rendered by the function registered for its ``kind`` in
:data:`RENDERERS`; a kind with no function raises :class:`~criteria.errors.UnsupportedError`
(never a silent skip). A leaf's function returns a :class:`Clause`: the statement in the
forms a sentence needs (after "must", after "if", negated) plus the clinician's phrase;
logic nodes combine their children's clauses. Adding a node kind is adding one function::

    @renders("<kind>")
    def _my_kind(node, ctx):
        return Clause.have("<what the patient must have>", clinical="<the terse form>")

(a worked, tested example is at the end of docs/nodes.md).

The HTML renderer (:mod:`criteria.render.html`) reuses the clinician phrase of any leaf kind
registered here, so one function serves both. Wording that is domain knowledge (what to call
an anchor event) lives in ``data/lexicons/plain_english.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Callable, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputValueError, UnsupportedError
from ..nodes import Age, AgeBound, AllOf, Criteria, Criterion, Node, StructuredEligibility, Unparsed
from ..resources import load_jsonl

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

    @classmethod
    def be(cls, complement: str, *, clinical: str) -> "Clause":
        """"You (must) be …": a state."""
        return cls(f"be {complement}", f"you are {complement}", f"you are not {complement}", clinical)

    @classmethod
    def have(cls, thing: str, *, clinical: str) -> "Clause":
        """"You (must) have …": something the patient has now."""
        return cls(f"have {thing}", f"you have {thing}", f"you do not have {thing}", clinical)

    @classmethod
    def had(cls, thing: str, *, clinical: str) -> "Clause":
        """"You had …": a past event ("had major surgery in the 28 days before …")."""
        return cls(f"have had {thing}", f"you had {thing}", f"you did not have {thing}", clinical)

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


def phrase(node: Node, ctx: Context) -> str:
    """``node`` as a phrase in ``ctx``; raises UnsupportedError for a kind with no renderer."""
    renderer = RENDERERS.get(node.kind)
    if renderer is None:
        raise UnsupportedError(
            f"the English renderer has no form for node kind {node.kind!r}; "
            "register one with criteria.render.english.renders (see docs/nodes.md)"
        )
    said = renderer(node, ctx)
    return said.say(ctx) if isinstance(said, Clause) else said


# --- logic and unparsed ------------------------------------------------------------------------


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 2:
        return f" {word} ".join(parts)
    return ", ".join(parts[:-1]) + f", {word} " + parts[-1]


@renders("all_of")
def _all_of(node, ctx: Context) -> str:
    if ctx.style == "clinician":
        return "(" + " and ".join(phrase(item, ctx) for item in node.items) + ")"
    # not (A and B) reads as "not A, or not B" (De Morgan): a patient needs no brackets
    return _join([phrase(item, ctx) for item in node.items], "or" if ctx.negated else "and")


@renders("any_of")
def _any_of(node, ctx: Context) -> str:
    if ctx.style == "clinician":
        return "(" + " or ".join(phrase(item, ctx) for item in node.items) + ")"
    joined = _join([phrase(item, ctx) for item in node.items], "and" if ctx.negated else "or")
    return joined if ctx.negated else f"either {joined}"


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
    return f"{NOT_SIMPLIFIED} “{as_written(node.text)}”"


# --- age ---------------------------------------------------------------------------------------


def number(value: float) -> str:
    """19.0 → "19", 1.5 → "1.5" (never scientific notation)."""
    return str(int(value)) if value == int(value) else f"{value:f}".rstrip("0")


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


# --- sentences, criteria and the document ------------------------------------------------------------


def sentence(rule: Node, section: str, style: Style) -> str:
    """One rule as a whole sentence of its section ("You must …." / "You cannot take part if …")."""
    if rule.kind == "unparsed":
        return phrase(rule, Context(style))  # as written: no frame around words we did not read
    if style == "clinician":
        return _capital(phrase(rule, Context(style)))
    if rule.kind == "permitted":  # asks nothing, in either section: no "must", no "cannot"
        return f"{_capital(phrase(rule, Context(style)))}."
    if section == "exclusion":
        return f"You cannot take part if {phrase(rule, Context(style, 'if'))}."
    if rule.kind == "all_of":  # "You must be 18 or older and [not simplified] “Male”" reads badly: split it
        typed = tuple(item for item in rule.items if item.kind != "unparsed")
        verbatim = [phrase(item, Context(style)) for item in rule.items if item.kind == "unparsed"]
        if typed and verbatim:
            head = typed[0] if len(typed) == 1 else AllOf(items=typed)
            quoted = "; ".join(text.removeprefix(NOT_SIMPLIFIED).strip() for text in verbatim)
            return f"{sentence(head, section, style)} Also {NOT_SIMPLIFIED}: {quoted}."
    return f"{_capital(phrase(rule, Context(style, 'must')))}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_SECTION_TITLES = {
    "patient": ("Who can take part (inclusion criteria)", "Who cannot take part (exclusion criteria)"),
    "clinician": ("Inclusion (all required)", "Exclusion (any one excludes)"),
}


def criterion_lines(criterion: Criterion, style: Style, depth: int = 0, outer_scope: str | None = None,
                    lead: str | None = None) -> list[str]:
    """One criterion and its sub-criteria as indented bullet lines.

    ``lead`` replaces the sentence frame: an exemption bullet reads "Except if …" and the
    conditions under it "Provided that …" (its rule is already inside its parent's ``except``).
    """
    pad = "  " * depth
    label = f"{criterion.id}  " if style == "clinician" else "• "
    scope = f"For {criterion.scope}: " if criterion.scope and criterion.scope != outer_scope else ""
    if criterion.role == "exception":
        lead = "Except if" if style == "patient" else "Except:"
    if criterion.rule is not None and lead is not None and criterion.rule.kind != "unparsed":
        body = f"{lead} {phrase(criterion.rule, Context(style, 'if'))}."
    elif criterion.rule is not None:
        body = sentence(criterion.rule, criterion.section, style)
    else:  # a lead-in ("Adequate organ function, defined as follows:"): its words were not read either
        body = f"{NOT_SIMPLIFIED} “{as_written(criterion.text)}”"
    if criterion.subcriteria and criterion.subcriteria_logic == "any_of":
        body += " — at least one of these:"  # "all of" is the default reading of a list: not said
    if criterion.subcriteria and criterion.subcriteria_logic == "at_least":
        body += f" — at least {criterion.at_least} of these:"
    lines = [f"{pad}{label}{scope}{body}"]
    under = ("Provided that" if style == "patient" else "Provided:") if criterion.role == "exception" else None
    for sub in criterion.subcriteria:
        lines += criterion_lines(sub, style, depth + 1, criterion.scope or outer_scope,
                                 None if sub.role == "exception" else under)
    return lines


def render_english(criteria: Criteria, style: Style = "patient") -> str:
    """The whole tree in plain English (see the module docstring for the two styles)."""
    if style not in STYLES:
        raise InputValueError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    lines = [_title(criteria, style)]
    if criteria.structured is not None:
        lines += ["", render_structured(criteria.structured, style)]
    if criteria.cohorts:
        lines += ["", "This trial has separate groups (cohorts):" if style == "patient" else "Cohorts:"]
        lines += [f"• {c.name}" + (f" — {c.label.strip('() ')}" if c.label else "") for c in criteria.cohorts]
    for title, group in zip(_SECTION_TITLES[style], (criteria.inclusion, criteria.exclusion)):
        if group:
            lines += ["", title]
            lines += _section_lines(group, style)
    if criteria.notices:
        lines += ["", "Notes:"] + [f"• {notice.message}" for notice in criteria.notices]
    if style == "patient":
        lines += ["", _footer(sum(line.count(NOT_SIMPLIFIED) for line in lines))]
    return "\n".join(lines) + "\n"


def _section_lines(group: tuple[Criterion, ...], style: Style) -> list[str]:
    """Criteria of one section, under a sub-heading wherever the cohort or heading changes."""
    lines: list[str] = []
    current: str | None = None
    for criterion in group:
        label = (f"For {criterion.scope}" if criterion.scope
                 else as_written(criterion.heading).rstrip(":") if criterion.heading else None)
        if label is None and current is not None:
            label = "For everyone"  # back from a scoped group: say so, or the list reads as still scoped
        if label != current:
            lines.append(f"{label}:")
        current = label
        lines += criterion_lines(criterion, style, depth=1 if label else 0, outer_scope=criterion.scope)
    return lines


def _title(criteria: Criteria, style: Style) -> str:
    trial = f" {criteria.nct_id}" if criteria.nct_id else " this trial"
    if style == "patient":
        return f"Who can take part in{trial} — the eligibility criteria in plain English"
    return f"Eligibility criteria of{trial} — clinician summary"


def render_structured(fields: StructuredEligibility, style: Style) -> str:
    """The record's structured fields in one line."""
    parts = []
    if style == "patient":
        sex = {"all": "people of any sex", "female": "female participants only", "male": "male participants only"}
        if fields.sex:
            parts.append(sex[fields.sex])
        if fields.minimum_age or fields.maximum_age:
            parts.append(f"aged {age_words(fields.minimum_age, fields.maximum_age)}")
        if fields.healthy_volunteers is not None:
            parts.append(f"healthy volunteers {'can' if fields.healthy_volunteers else 'cannot'} take part")
        return "The study record says: " + ("; ".join(parts) if parts else "nothing more about who can join") + "."
    if fields.sex:
        parts.append(f"sex {fields.sex}")
    if fields.minimum_age or fields.maximum_age:
        parts.append(f"age {age_symbols(fields.minimum_age, fields.maximum_age)}")
    if fields.healthy_volunteers is not None:
        parts.append(f"healthy volunteers {'yes' if fields.healthy_volunteers else 'no'}")
    if fields.std_ages:
        parts.append(f"age groups {', '.join(fields.std_ages)}")
    return "Registry fields: " + ("; ".join(parts) if parts else "none") + "."


def _footer(unread: int) -> str:
    note = "Only the study team can confirm whether you can take part."
    if unread:
        note = (f"{unread} point(s) marked {NOT_SIMPLIFIED} are shown as the trial wrote them: they could not be "
                f"put in plain words automatically. Ask your doctor or the study team about them. " + note)
    return note


# issue-4 kinds (events, windows, at_least, except) register themselves on import
from . import english_events  # noqa: E402,F401
from . import english_thresholds  # noqa: E402,F401  (registers the threshold kinds; needs the names above)
