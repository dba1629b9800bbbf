"""What an :class:`~criteria.evaluate.Evaluation` means for the patient, shared by its renderers.

A verdict is about the criterion's text ("Age > 85 years": ``met``), so whether it counts for
or against the patient depends on the section: an exclusion that is ``met`` rules the patient
out, an exclusion that is ``not_met`` is in their favour. The English and HTML renderings of an
evaluation group criteria by that *effect*; this module computes it once for both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from ..evaluate.logic import Verdict

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate.result import CriterionResult, Evaluation, Note
    from ..tree.nodes import Criterion

Effect = Literal["against", "open", "for", "not_applicable"]
EFFECTS: tuple[Effect, ...] = ("against", "open", "for", "not_applicable")


def effect(result: "CriterionResult") -> Effect:
    """How one verdict bears on eligibility: rules out, still open, in favour, or not applicable."""
    verdict = result.verdict
    if verdict is Verdict.UNKNOWN:
        return "open"
    if verdict is Verdict.NOT_APPLICABLE:
        return "not_applicable"
    holds = verdict is Verdict.MET
    return "for" if holds == (result.section == "inclusion") else "against"


def top_level(evaluation: "Evaluation") -> dict[Effect, list["CriterionResult"]]:
    """The top-level criteria grouped by :func:`effect`, each group in text order."""
    groups: dict[Effect, list[CriterionResult]] = {name: [] for name in EFFECTS}
    for result in evaluation.criteria:
        if result.parent is None:
            groups[effect(result)].append(result)
    return groups


def criterion_of(evaluation: "Evaluation", criterion_id: str) -> "Criterion":
    """The parsed :class:`~criteria.tree.nodes.Criterion` behind a result (its rule, role, scope)."""
    program = evaluation.program
    return program.compiled[program.by_id[criterion_id]].criterion


def children(evaluation: "Evaluation", criterion_id: str) -> list["CriterionResult"]:
    """The direct sub-criteria results of ``criterion_id``, in text order."""
    return [r for r in evaluation.criteria if r.parent == criterion_id]


def causes(
    evaluation: "Evaluation", result: "CriterionResult", depth: int = 0
) -> Iterator[tuple[int, "CriterionResult"]]:
    """The sub-criteria that carry ``result``'s verdict, depth first, as ``(depth, result)``.

    A lead-in ("Adequate organ function:") is not met because one of its items is not; a
    reader wants that item ("Platelet count ≥ 100 × 10⁹/L"), so we follow the children whose
    verdict equals the parent's. Exemption bullets (``role="exception"``) sit inside the
    parent's rule already and agree with it only by accident, so they are not followed.
    """
    for child in children(evaluation, result.id):
        if child.verdict is result.verdict and criterion_of(evaluation, child.id).role != "exception":
            yield depth + 1, child
            yield from causes(evaluation, child, depth + 1)


def open_notes(evaluation: "Evaluation", notes: tuple["Note", ...]) -> tuple[dict[str, list["Note"]], int]:
    """Notes (not understood, not computable) of the criteria still unknown, grouped by criterion.

    Text the parser did not read matters only where it leaves a criterion open: where the typed
    parts settled it (one failed conjunct settles an ``and``), no reading of the rest would
    change the verdict. Returns the notes that matter, in text order, and how many settled
    criteria hold notes that do not (criteria set aside as not applicable are not counted:
    the head of the rendering says they were set aside).
    """
    grouped: dict[str, list[Note]] = {}
    settled: set[str] = set()
    for note in notes:
        verdict = evaluation.verdict(note.criterion)
        if verdict is Verdict.UNKNOWN:
            grouped.setdefault(note.criterion, []).append(note)
        elif verdict is not Verdict.NOT_APPLICABLE:
            settled.add(note.criterion)
    return grouped, len(settled)


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis when longer."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
