"""The whole tree in plain English: sections, scopes, and each criterion as one body of text.

A criterion reads in one of three ways (:func:`criterion_body`):

* **read whole** — its rule holds no ``unparsed`` text and every kind has a renderer: one
  sentence from the tree, each statement once ("You must have cancer of the stomach, esophagus
  … or kidney.");
* **read in part** — the trial's words quoted whole, cleaned (:mod:`criteria.render.english_source`),
  then what we check from them ("The trial says: “…” We check whether you have …."); a kind
  added to the tree later with no English form yet reads this way too, so it degrades to the
  trial's own sentence, never to a splice of fragments;
* **a lead-in** with no rule of its own ("Adequate organ function, defined as follows:"):
  quoted, its sub-criteria below it.

An exemption bullet's rule is already inside its parent's ``except``; the parent says only its
own words and the bullet says "Except if …", so no exemption is said twice.
"""

from __future__ import annotations

from ..errors import InputValueError, UnsupportedError
from ..tree.nodes import Criteria, Criterion, Node, StructuredEligibility
from .english import (
    STYLES, Context, Style, age_symbols, age_words, checked, leaves, phrase, sentence, whole,
)
from .english_source import LIST_LINE, clean, definitions
from .plain_words import common_words

_SECTION_TITLES = {
    "patient": ("Who can take part (inclusion criteria)", "Who cannot take part (exclusion criteria)"),
    "clinician": ("Inclusion (all required)", "Exclusion (any one excludes)"),
}
LEADS = {  # (patient, clinician) leads of an exemption bullet and of the conditions under it
    "exception": ("Except if", "Except:"),
    "provided": ("Provided that", "Provided:"),
}
QUOTE_LEAD = "The trial says:"
"""How a patient-style line opens when it quotes the trial's own words."""


def _inside(node: Node, outer: Node) -> bool:
    if node.span is None or outer.span is None:
        return True
    return outer.span.start <= node.span.start and node.span.end <= outer.span.end


def own_rule(criterion: Criterion) -> Node | None:
    """The criterion's rule without the exempt cases its exemption bullets state (they say them)."""
    rule = criterion.rule
    if rule is None or rule.kind != "except":
        return rule
    kept = tuple(e for e in rule.exceptions if _inside(e, criterion))  # type: ignore[attr-defined]
    if not kept:
        return rule.item  # type: ignore[attr-defined]
    return rule.model_copy(update={"exceptions": kept})


def quoted(text: str, style: Style, defined: dict[str, str] | None = None) -> str:
    """The criterion's own words in quotation marks, cleaned for ``style``; a sentence either way."""
    words = clean(text, style, defined)
    return f"“{words}”" if words[-1:] in (".", ":", "?", "!") else f"“{words}”."


def ours(text: str, style: Style) -> str:
    """Words we wrote from the tree, in the glossary's common words for a patient (the quote is cleaned alike)."""
    return common_words(text) if style == "patient" else text


def criterion_body(criterion: Criterion, style: Style, defined: dict[str, str] | None = None,
                   lead: str | None = None) -> str:
    """One criterion's own text in ``style`` (see the module): a sentence, or a quote and what we check."""
    rule = own_rule(criterion)
    if rule is None:
        return f"{lead} {quoted(criterion.text, style, defined)}" if lead else quoted(criterion.text, style, defined)
    if whole(rule):
        if lead is None:
            return ours(sentence(rule, criterion.section, style), style)
        return f"{lead} {ours(phrase(rule, Context(style, 'if')), style)}."
    quote = quoted(criterion.text, style, defined)
    check = ours(checked(rule, style, nodes=[n for n in leaves(rule) if _inside(n, criterion)]), style)
    if style == "clinician":
        return " — ".join(part for part in (f"{lead} {quote}" if lead else quote, check) if part)
    opening = f"{lead}: {quote}" if lead else f"{QUOTE_LEAD} {quote}"
    return f"{opening} {check}".rstrip()


def _who(criterion: Criterion, style: Style) -> str:
    """ "If you are female" (patient), "Only if sex: female" (clinician): who a criterion is about
    (``Criterion.population``)."""
    population = getattr(criterion, "population", None)
    if population is None:
        return ""
    try:
        said = ours(phrase(population, Context(style, "if")), style)
        return f"If {said}" if style == "patient" else f"Only if {said}"
    except UnsupportedError:  # a kind with no English form yet: say who in the trial's words
        return ""


def _remarks(criterion: Criterion, style: Style) -> str:
    """How the rule is established ("12-lead ECG"), for clinicians; patients read the rule alone."""
    remarks = getattr(criterion, "remarks", ())
    if style != "clinician" or not remarks:
        return ""
    return " (" + "; ".join(r.text for r in remarks) + ")"


def hanging(text: str, pad: str) -> list[str]:
    """A bullet's text as lines: the items of a quoted list (one a line, :func:`~criteria.render.
    english_source.listed`) indented under the bullet's words."""
    first, *more = text.split(LIST_LINE)
    return [first] + [f"{pad}    {line}" for line in more]


def criterion_lines(criterion: Criterion, style: Style, depth: int = 0, outer_scope: str | None = None,
                    lead: str | None = None, defined: dict[str, str] | None = None) -> list[str]:
    """One criterion and its sub-criteria as indented bullet lines.

    ``lead`` replaces the sentence frame: an exemption bullet reads "Except if …" and the
    conditions under it "Provided that …" (its rule is already inside its parent's ``except``).
    """
    pad = "  " * depth
    label = f"{criterion.id}  " if style == "clinician" else "• "
    scope = f"For {criterion.scope}: " if criterion.scope and criterion.scope != outer_scope else ""
    voice = 0 if style == "patient" else 1
    if criterion.role == "exception":
        lead = LEADS["exception"][voice]
    body = criterion_body(criterion, style, defined, lead) + _remarks(criterion, style)
    who = _who(criterion, style)
    if who:  # "If you are female, you must use contraception."; "Only if sex: female — …"
        body = f"{who}, {body[:1].lower()}{body[1:]}" if style == "patient" else f"{who} — {body}"
    if criterion.subcriteria and criterion.subcriteria_logic == "any_of":
        body += " — at least one of these:"  # "all of" is the default reading of a list: not said
    if criterion.subcriteria and criterion.subcriteria_logic == "at_least":
        body += f" — at least {criterion.at_least} of these:"
    lines = hanging(f"{pad}{label}{scope}{body}", pad)
    under = LEADS["provided"][voice] if criterion.role == "exception" else None
    for sub in criterion.subcriteria:
        lines += criterion_lines(sub, style, depth + 1, criterion.scope or outer_scope,
                                 None if sub.role == "exception" else under, defined)
    return lines


def criterion_bodies(criteria: Criteria, style: Style) -> dict[str, str]:
    """``{criterion id: its body}`` for every criterion, each led as the text list leads it."""
    defined = definitions(criteria.text) if style == "patient" else None
    voice = 0 if style == "patient" else 1
    bodies: dict[str, str] = {}

    def walk(criterion: Criterion, lead: str | None) -> None:
        if criterion.role == "exception":
            lead = LEADS["exception"][voice]
        bodies[criterion.id] = criterion_body(criterion, style, defined, lead)
        under = LEADS["provided"][voice] if criterion.role == "exception" else None
        for sub in criterion.subcriteria:
            walk(sub, None if sub.role == "exception" else under)

    for top in criteria.inclusion + criteria.exclusion:
        walk(top, None)
    return bodies


def render_english(criteria: Criteria, style: Style = "patient") -> str:
    """The whole tree in plain English (see :mod:`criteria.render.english` for the two styles)."""
    if style not in STYLES:
        raise InputValueError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    defined = definitions(criteria.text) if style == "patient" else None
    lines = [_title(criteria, style)]
    if criteria.structured is not None:
        lines += ["", render_structured(criteria.structured, style)]
    if criteria.cohorts:
        lines += ["", "This trial has separate groups (cohorts):" if style == "patient" else "Cohorts:"]
        lines += [f"• {c.name}" + (f" — {c.label.strip('() ')}" if c.label else "") for c in criteria.cohorts]
    for title, group in zip(_SECTION_TITLES[style], (criteria.inclusion, criteria.exclusion)):
        if group:
            lines += ["", title]
            lines += _section_lines(group, style, defined)
    if criteria.notices:
        lines += ["", "Notes:"] + [f"• {notice.message}" for notice in criteria.notices]
    if style == "patient":
        lines += ["", _footer(any("“" in line for line in lines))]
    return "\n".join(lines) + "\n"


def _section_lines(group: tuple[Criterion, ...], style: Style, defined: dict[str, str] | None) -> list[str]:
    """Criteria of one section, under a sub-heading wherever the cohort or heading changes."""
    lines: list[str] = []
    current: str | None = None
    for criterion in group:
        label = (f"For {criterion.scope}" if criterion.scope
                 else " ".join(clean(criterion.heading, style).split()).rstrip(":") if criterion.heading else None)
        if label is None and current is not None:
            label = "For everyone"  # back from a scoped group: say so, or the list reads as still scoped
        if label != current:
            lines.append(f"{label}:")
        current = label
        lines += criterion_lines(criterion, style, depth=1 if label else 0, outer_scope=criterion.scope,
                                 defined=defined)
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


def _footer(quotes: bool) -> str:
    note = "Only the study team can confirm whether you can take part."
    if quotes:
        # say how the quotes differ from the text as written (the trial page shows it as written)
        note = ("Words in quotation marks are the trial's own, with short forms spelled out, some medical "
                "words put in common words and long lists set out one item a line: we could not put all of "
                "them in plain words, so we show them with what we check from them. Ask your doctor or the "
                "study team about them. " + note)
    return note


__all__ = ["LEADS", "QUOTE_LEAD", "criterion_bodies", "criterion_body", "criterion_lines", "hanging", "own_rule", "quoted",
           "render_english", "render_structured"]
