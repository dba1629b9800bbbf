"""An evaluation as collapsible HTML, for notebooks (``Evaluation._repr_html_``).

The head says the status, why, and what it was computed against; then the data that would
settle the unknown criteria; then each section's criteria as ``<details>`` elements, their
summary a coloured verdict badge, the id and the start of the text. Inside: the source text
with its typed rules highlighted, the reason, the data it needs, and the sub-criteria. A
criterion that rules the patient out is open from the start; the others are closed.

Verdict badges are coloured by verdict (met / not_met / unknown / not_applicable); because a
*met exclusion* rules the patient out, each criterion also has a left border coloured by its
effect on eligibility (:func:`criteria.render.verdicts.effect`). The source text, its
highlighting, the scope label and the stylesheet are those of :mod:`criteria.render.html`;
every text is escaped there or here.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .english_document import criterion_bodies
from .english_numbers import human_units
from .html import STYLE, scope_badge, source_html, summary_text
from .verdicts import children, criterion_of, effect, open_notes

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate.result import CriterionResult, Evaluation

EVAL_STYLE = """<style>
.criteria-eval .ce-status{font-size:15px;padding:4px 8px;border-radius:4px;display:inline-block}
.criteria-eval .ce-s-eligible{background:#d9f2d9}
.criteria-eval .ce-s-ineligible{background:#f8d7d7}
.criteria-eval .ce-s-unknown{background:#fbeccb}
.criteria-eval .ce-v{font-family:monospace;font-size:11px;border-radius:3px;padding:0 4px;margin-right:6px}
.criteria-eval .ce-v-met{background:#d9f2d9}
.criteria-eval .ce-v-not_met{background:#f8d7d7}
.criteria-eval .ce-v-unknown{background:#fbeccb}
.criteria-eval .ce-v-not_applicable{background:#e6e6e6;color:#666}
.criteria-eval details.ce-e-against{border-left:3px solid #c62828;padding-left:4px}
.criteria-eval details.ce-e-for{border-left:3px solid #2e7d32;padding-left:4px}
.criteria-eval details.ce-e-open{border-left:3px solid #e0a000;padding-left:4px}
.criteria-eval details.ce-e-not_applicable{border-left:3px solid #bbb;padding-left:4px}
.criteria-eval .ce-why{margin:2px 0}
.criteria-eval .ce-needs{color:#8a5a00}
.criteria-eval .ce-plain{margin:2px 0;font-style:italic;white-space:pre-line}
</style>"""


def render_evaluation_html(evaluation: "Evaluation") -> str:
    """The whole evaluation as one self-contained HTML fragment (no script)."""
    parts = [STYLE, EVAL_STYLE, '<div class="criteria-tree criteria-eval">']
    parts += _head(evaluation)
    parts += _missing(evaluation)
    parts += _cohorts(evaluation)
    text = evaluation.program.criteria.text
    plain = criterion_bodies(evaluation.program.criteria, "patient")
    for title, section in (("Inclusion", "inclusion"), ("Exclusion", "exclusion")):
        top = [r for r in evaluation.criteria if r.parent is None and r.section == section]
        if top:
            body = "".join(_criterion(evaluation, r, text, plain) for r in top)
            parts.append(f"<details open><summary><b>{title}</b> ({_tally(top)})</summary>{body}</details>")
    parts += _apart(evaluation)
    parts.append("</div>")
    return "".join(parts)


def _head(evaluation: "Evaluation") -> list[str]:
    status = evaluation.status.value
    facts = [f"as of {evaluation.as_of.isoformat()}"]
    nct_id = evaluation.program.criteria.nct_id
    if nct_id:
        facts.insert(0, nct_id)
    if evaluation.cohort:
        facts.append(f"screened for {evaluation.cohort}")
    if evaluation.program.options.ignore_noncomputable:
        facts.append("non-computable rules set aside")
    return [
        f'<div><span class="ce-status ce-s-{escape(status)}"><b>{escape(status.upper())}</b></span> '
        f"{escape(' · '.join(facts))}</div>",
        f'<div class="ce-why">{escape(human_units(evaluation.reason))}</div>',
    ]


def _missing(evaluation: "Evaluation") -> list[str]:
    if not evaluation.missing:
        return []
    items = "".join(
        f'<li>{escape(m.item)} <span class="ct-id">{escape(", ".join(m.criteria))}</span></li>'
        for m in evaluation.missing
    )
    return [f"<details open><summary><b>Missing data</b> ({len(evaluation.missing)})</summary>"
            f"<ul>{items}</ul></details>"]


def _cohorts(evaluation: "Evaluation") -> list[str]:
    if not evaluation.cohorts:
        return []
    items = "".join(
        f'<li>{_badge(c.verdict.value)}{escape(c.name)}: {escape(c.reason)}</li>' for c in evaluation.cohorts
    )
    count = len(evaluation.cohorts)
    return [f"<details><summary><b>Cohorts</b> ({count})</summary><ul>{items}</ul></details>"]


def _badge(verdict: str) -> str:
    return f'<span class="ce-v ce-v-{escape(verdict)}">{escape(verdict.replace("_", " "))}</span>'


def _tally(results: list["CriterionResult"]) -> str:
    """Verdict counts for a section's summary line ("3 met, 1 unknown"), in a fixed order."""
    counts = {}
    for result in results:
        counts[result.verdict.value] = counts.get(result.verdict.value, 0) + 1
    order = ("met", "not_met", "unknown", "not_applicable")
    return ", ".join(f"{counts[v]} {v.replace('_', ' ')}" for v in order if v in counts)


def _criterion(evaluation: "Evaluation", result: "CriterionResult", text: str, plain: dict[str, str]) -> str:
    """One criterion and its sub-criteria (its plain English under its text); open when it rules the patient out."""
    criterion = criterion_of(evaluation, result.id)
    bearing = effect(result)
    needs = (f'<div class="ce-needs">would be settled by: {escape(", ".join(result.missing))}</div>'
             if result.missing else "")
    subs = "".join(_criterion(evaluation, sub, text, plain) for sub in children(evaluation, result.id))
    opened = " open" if bearing == "against" else ""
    return (f'<details class="ce-e-{bearing}"{opened}><summary>{_badge(result.verdict.value)}'
            f'<span class="ct-id">{escape(result.id)}</span>{scope_badge(criterion.scope)}'
            f"{escape(summary_text(result.text))}</summary>"
            f'<div class="ct-src">{source_html(criterion, text)}</div>'
            f'<div class="ce-plain">{escape(plain.get(result.id, ""))}</div>'
            f'<div class="ce-why">{escape(human_units(result.reason))}</div>{needs}{subs}</details>')


_APART = (
    ("not_understood", "Not understood"),
    ("noncomputable", "Not computable from patient data"),
    ("unsupported", "Not checked by the evaluator yet"),
)


def _apart(evaluation: "Evaluation") -> list[str]:
    """Rules no patient data settles, for the criteria they leave open (see ``open_notes``)."""
    parts = []
    for attribute, title in _APART:
        grouped, settled = open_notes(evaluation, getattr(evaluation, attribute))
        if not grouped:
            continue
        items = "".join(
            f'<li><span class="ct-id">{escape(criterion_id)}</span>'
            + "; ".join(f"“{escape(note.text)}”" for note in notes) + "</li>"
            for criterion_id, notes in grouped.items()
        )
        more = f"<div>(and in {settled} criteria that other parts already settle)</div>" if settled else ""
        parts.append(f"<details><summary><b>{title}</b> (in {len(grouped)} open criteria)</summary>"
                     f"<ul>{items}</ul>{more}</details>")
    return parts
