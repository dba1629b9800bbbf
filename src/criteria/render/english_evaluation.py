"""An evaluation in plain English: ``criteria.render(evaluation, style="patient" | "clinician")``.

The reader wants three answers, in this order: can the patient take part; if not, what rules
them out; if it is not decided, what is still missing and which data would settle it. So the
text is grouped by what each top-level criterion means for the patient (see
:mod:`criteria.render.verdicts`), not by section:

1. a status line (and the cohort, ``as_of`` and options it was computed with);
2. **rules out** — with each criterion's one-line reason and the sub-criteria that decided it;
3. **still open** — unknown criteria with their reasons, then ``Evaluation.missing``: the data
   that would settle them, each with the criteria it settles;
4. **met** — criteria in the patient's favour (an exclusion that does not apply counts here);
5. **not applicable** — scoped to another cohort, or set aside;
6. listed apart: text not understood, rules not computable from patient data, kinds the
   evaluator cannot check. No data settles them, so they are not "missing data".

``patient`` style states each criterion as the English renderer words it for patients ("You
must …") and explains in plain words; ``clinician`` style is terse: ids, verdicts, reasons.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import InputValueError
from ..evaluate.logic import Status
from .english import STYLES, Style, as_written
from .english_document import QUOTE_LEAD, criterion_bodies, hanging
from .english_numbers import human_units
from .english_thresholds import threshold_reason
from .verdicts import causes, criterion_of, open_notes, shorten, top_level

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate.result import CriterionResult, Evaluation, Note

_REASON_WIDTH = 160  # a reason is one line; the full text is in Evaluation.to_dict()
_TEXT_WIDTH = 90

_HEADINGS = {
    "patient": {
        "against": "What rules you out",
        "open": "Still to find out",
        "for": "What you meet",
        "not_applicable": "Does not apply to you",
    },
    "clinician": {
        "against": "Rules the patient out",
        "open": "Unknown",
        "for": "Satisfied (inclusion met / exclusion not met)",
        "not_applicable": "Not applicable",
    },
}

_STATUS = {
    "patient": {
        Status.ELIGIBLE: "From the information given, you meet every criterion that could be checked.",
        Status.INELIGIBLE: "From the information given, you cannot take part in this trial.",
        Status.UNKNOWN: "Not decided yet: some criteria cannot be settled from the information given.",
    },
    "clinician": {
        Status.ELIGIBLE: "Status: ELIGIBLE",
        Status.INELIGIBLE: "Status: INELIGIBLE",
        Status.UNKNOWN: "Status: UNKNOWN",
    },
}


def render_evaluation(evaluation: "Evaluation", style: Style = "patient") -> str:
    """``evaluation`` in plain English, grouped by what each criterion means for the patient."""
    if style not in STYLES:
        raise InputValueError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    lines = _head(evaluation, style)
    groups = top_level(evaluation)
    bodies = criterion_bodies(evaluation.program.criteria, "patient") if style == "patient" else {}
    for effect in ("against", "open", "for", "not_applicable"):
        if groups[effect]:
            lines += ["", f"{_HEADINGS[style][effect]} ({len(groups[effect])})"]
            lines += [line for r in groups[effect] for line in _entry(evaluation, r, effect, style, bodies)]
        if effect == "open":
            lines += _missing(evaluation, style)
    lines += _apart(evaluation, style)
    if style == "patient":
        lines += ["", "Only the study team can confirm whether you can take part."]
    return "\n".join(lines) + "\n"


# --- the head: status, what it was computed against ---------------------------------------------


def _head(evaluation: "Evaluation", style: Style) -> list[str]:
    nct_id = evaluation.program.criteria.nct_id
    trial = nct_id or "this trial"
    if style == "patient":
        title = f"Can you take part in {trial}? — checked on {evaluation.as_of.isoformat()}"
    else:
        title = f"Eligibility of one patient for {trial} — as of {evaluation.as_of.isoformat()}"
    lines = [title]
    settings = []
    if evaluation.cohort:
        settings.append(f"screened for {evaluation.cohort}")
    if evaluation.program.options.ignore_noncomputable:
        settings.append("rules no patient data can settle (consent, judgement) set aside")
    if settings:
        lines.append(_capital("; ".join(settings)) + ".")
    if not evaluation.criteria:  # "unknown" here is not about missing data: say why
        lines += ["", "No criteria were found in this trial's text, so nothing can be decided."]
        return lines
    lines += ["", _STATUS[style][evaluation.status]]
    if style == "clinician":
        lines.append(evaluation.reason)
    return lines


# --- one criterion --------------------------------------------------------------------------------


def _entry(evaluation: "Evaluation", result: "CriterionResult", effect: str, style: Style,
           bodies: dict[str, str]) -> list[str]:
    """A top-level criterion: its statement, why, and (when it decides) the sub-criteria that did.

    In the patient style a lead-in (no rule of its own) whose deciding sub-criteria are listed
    under it gets no "Why:": its reason only counts them ("all of 6 sub-criteria: 2 met …"),
    which says less to a patient than the item below that decided. A criterion with a rule of
    its own keeps its reason, since that rule may be what decided.
    """
    chain = [(0, result)] + (list(causes(evaluation, result)) if effect in ("against", "open") else [])
    lines = []
    for n, (depth, item) in enumerate(chain):
        lead_in = criterion_of(evaluation, item.id).rule is None
        explained = lead_in and n + 1 < len(chain) and chain[n + 1][0] > depth
        why = style == "clinician" or (effect != "for" and not explained)
        body = bodies.get(item.id, "")
        lines.append(_line(evaluation, item, style, depth, body if effect in ("against", "open") else brief(body), why))
    return lines


def _line(evaluation: "Evaluation", result: "CriterionResult", style: Style, depth: int, body: str,
          why: bool = True) -> str:
    pad = "  " * depth
    if style == "clinician":
        verdict = result.verdict.value.replace("_", " ")
        reason = human_units(shorten(result.reason, _REASON_WIDTH))
        return f"{pad}{result.id}  {verdict} — {shorten(as_written(result.text), _TEXT_WIDTH)} — {reason}"
    bullet = "•" if depth == 0 else "◦"
    text = "\n".join(hanging(f"{pad}{bullet} {body} ({result.id})", pad))
    return f"{text}\n{pad}  Why: {reason_for_patient(evaluation, result)}" if why else text


def reason_for_patient(evaluation: "Evaluation", result: "CriterionResult") -> str:
    """Why, for a patient: a threshold's value against its bound in words; for an open criterion
    what is missing and whether words of it could not be read (never the leftover words themselves);
    else the evaluator's reason with its numbers formatted for people."""
    criterion = criterion_of(evaluation, result.id)
    said = threshold_reason(criterion.rule, criterion.section, result.facts, result.verdict.value)
    if said:
        return said
    if result.verdict.value == "unknown":
        parts = []
        if result.missing:
            parts.append("we do not have this information yet: " + ", ".join(result.missing))
        if any(note.criterion == result.id for note in evaluation.not_understood + evaluation.unsupported):
            parts.append("part of it could not be read by the program, so the study team must check it")
        if any(note.criterion == result.id for note in evaluation.noncomputable):
            parts.append("part of it only the study team can judge")
        if parts:
            return "; ".join(parts) + "."
    return human_units(shorten(result.reason, _REASON_WIDTH))


def brief(body: str) -> str:
    """A body for a list of criteria already settled in the patient's favour: a quote cut to its
    first whole sentence, without what we check (the full text is in the criteria rendering)."""
    start = body.find("“")
    if start < 0 or not body.startswith((QUOTE_LEAD, "Except if", "Provided that")):
        return body
    quote = body[start + 1: body.find("”", start)]
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", quote, maxsplit=1)
    more = " …" if len(first) > 1 else ""
    return f"{body[:start]}“{first[0]}”{more}"


# --- missing data and the notes listed apart -----------------------------------------------------


def _missing(evaluation: "Evaluation", style: Style) -> list[str]:
    if not evaluation.missing:
        return []
    title = "Information that would settle them:" if style == "patient" else "Missing data:"
    return ["", title] + [f"• {m.item} ({', '.join(m.criteria)})" for m in evaluation.missing]


_APART = {
    "patient": (
        ("not_understood", "Parts the program could not read (ask the study team about them)"),
        ("noncomputable", "Not something your records can answer (the study team decides)"),
        ("unsupported", "Not checked by this program yet"),
    ),
    "clinician": (
        ("not_understood", "Not understood (unparsed text)"),
        ("noncomputable", "Not computable from patient data"),
        ("unsupported", "Kinds the evaluator cannot check yet"),
    ),
}


def _apart(evaluation: "Evaluation", style: Style) -> list[str]:
    """Not understood / not computable / unsupported rules, for the criteria they leave open."""
    lines: list[str] = []
    for attribute, title in _APART[style]:
        grouped, settled = open_notes(evaluation, getattr(evaluation, attribute))
        if not grouped and not settled:
            continue
        lines += ["", f"{title}: in {_count(len(grouped), 'open criterion', 'open criteria')}"]
        if style == "patient":  # their words are quoted whole above: no leftover words one by one
            lines += [f"• {', '.join(grouped)}"] if grouped else []
        else:
            lines += [_notes_line(criterion_id, notes) for criterion_id, notes in grouped.items()]
        if settled:
            counted = _count(settled, "criterion", "criteria")
            lines.append(f"  (and in {counted} that other parts already settle)")
    return lines


def _notes_line(criterion_id: str, notes: list["Note"]) -> str:
    """One criterion's notes on one line: the first few distinct passages, then how many more."""
    passages = list(dict.fromkeys(shorten(as_written(n.text), 50) for n in notes))
    shown = "; ".join(f"“{text}”" for text in passages[:3])
    more = f" and {len(passages) - 3} more" if len(passages) > 3 else ""
    return f"• {criterion_id}: {shown}{more}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
