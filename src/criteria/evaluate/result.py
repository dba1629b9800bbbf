"""What an evaluation returns: :class:`Evaluation`, with the details built lazily.

``Evaluation.status`` and :meth:`Evaluation.verdict` are ready at once; the per-criterion
results (reason, facts used, missing data), the missing-data list and the cohort report are
computed on first access and cached, so screening thousands of patients for their status does
not pay for sentences nobody reads. Every detail is a frozen pydantic model, so
:meth:`Evaluation.to_dict` / :meth:`~Evaluation.to_json` serialise the whole result.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputValueError, MissingDependencyError
from ..tree.spans import Span
from .explain import criterion_detail
from .facts import Facts
from .logic import STATUSES, VERDICTS, Status, Verdict
from .patient import Patient

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from .compile import Program, Run


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CriterionResult(_Frozen):
    """The verdict on one criterion (or sub-criterion) for one patient."""

    id: str = Field(description="criterion id, e.g. 'I2' or 'I14.3'")
    section: str = Field(description="inclusion or exclusion")
    parent: str | None = Field(description="id of the criterion this one is a sub-criterion of")
    verdict: Verdict = Field(description="met / not_met / unknown / not_applicable")
    reason: str = Field(description="why, in one line")
    text: str = Field(description="the criterion's text as written")
    span: Span | None = Field(description="half-open offsets of the text in the original")
    scope: str | None = Field(description="cohort / subgroup it applies to, if any")
    facts: dict[str, Any] = Field(description="the patient facts the verdict used")
    missing: tuple[str, ...] = Field(description="data that would settle an unknown verdict")


class MissingData(_Frozen):
    """One piece of data that would settle unknown criteria."""

    item: str = Field(description="what is missing, named for people: 'age or birth date'")
    criteria: tuple[str, ...] = Field(description="ids of the unknown criteria it would help settle")


class CohortResult(_Frozen):
    """Whether the patient belongs to one cohort of the trial."""

    name: str = Field(description="the cohort's name as written")
    verdict: Verdict = Field(description="met (member) / not_met / unknown")
    reason: str = Field(description="why")


class Note(_Frozen):
    """A rule that no patient data can settle (not computable, or not understood)."""

    criterion: str = Field(description="id of the criterion holding it")
    kind: str = Field(description="node kind, e.g. 'consent' or 'unparsed'")
    text: str = Field(description="its text")
    span: Span | None = Field(default=None, description="where it is in the original")


class Evaluation:
    """The result of checking one patient against one trial's criteria."""

    __slots__ = ("program", "facts", "_codes", "_pending", "_membership", "_status", "cohort", "_cache")

    def __init__(
        self,
        program: "Program",
        facts: Facts,
        codes: list[int],
        membership: Mapping[str, int],
        status: int,
        cohort: str | None,
        pending: "Run | None" = None,
    ) -> None:
        self.program = program
        self.facts = facts
        self._codes = codes
        self._pending = pending  # the run whose unasked verdicts are computed on first read of codes
        self._membership = membership
        self._status = status
        self.cohort = cohort
        self._cache: dict[str, Any] = {}

    @property
    def codes(self) -> list[int]:
        """Verdict code of every criterion, in text order (``VERDICTS[code]`` is its verdict).

        The status needs only the verdicts that can change it; the others are computed here, on
        first read, from the same facts: so they are the codes a full run gives (two threads
        reading at once both write those same codes).
        """
        pending = self._pending
        if pending is not None:
            pending.complete()
            self._pending = None
        return self._codes

    # --- ready at once -------------------------------------------------------------------------

    @property
    def status(self) -> Status:
        """``eligible`` (every inclusion met, no exclusion met), ``ineligible`` or ``unknown``."""
        return STATUSES[self._status]

    @property
    def as_of(self) -> date:
        """The reference date for ages and time windows."""
        return self.facts.as_of

    @property
    def patient(self) -> Patient:
        """The validated patient profile."""
        return self.facts.patient

    def verdict(self, criterion_id: str) -> Verdict:
        """The verdict on criterion ``criterion_id`` ('I2', 'E5.1') without building reasons."""
        index = self.program.by_id.get(criterion_id)
        if index is None:
            raise InputValueError(
                f"no criterion {criterion_id!r}; ids are like {next(iter(self.program.by_id), 'I1')!r}"
            )
        pending = self._pending
        # one verdict needs only what it depends on, not every criterion's
        return VERDICTS[pending.code(index) if pending is not None else self._codes[index]]

    # --- built on demand ---------------------------------------------------------------------

    def _cached(self, key: str, build) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Every criterion, sub-criteria included, in text order."""
        return self._cached("criteria", self._build_criteria)

    def __getitem__(self, criterion_id: str) -> CriterionResult:
        self.verdict(criterion_id)  # raises a clear error for an unknown id
        return self.criteria[self.program.by_id[criterion_id]]

    @property
    def missing(self) -> tuple[MissingData, ...]:
        """The data that would settle the unknown criteria, each with the criteria it settles."""
        return self._cached("missing", self._build_missing)

    @property
    def cohorts(self) -> tuple[CohortResult, ...]:
        """Which of the trial's cohorts the patient belongs to."""
        return self._cached("cohorts", self._build_cohorts)

    @property
    def noncomputable(self) -> tuple[Note, ...]:
        """Rules no patient data can settle (consent, compliance, investigator judgement)."""
        return self._cached("noncomputable", lambda: self._notes(lambda check: check.noncomputable))

    @property
    def not_understood(self) -> tuple[Note, ...]:
        """Text the parser did not understand (``unparsed`` nodes): unknown for every patient."""
        return self._cached(
            "not_understood", lambda: self._notes(lambda c: "unparsed" if c.node.kind == "unparsed" else None)
        )

    @property
    def unsupported(self) -> tuple[Note, ...]:
        """Rules of a kind the evaluator cannot check yet (only with ``unsupported="unknown"``)."""
        return self._cached("unsupported", lambda: self._notes(lambda c: c.extra.get("unsupported")))

    @property
    def reason(self) -> str:
        """The status in one line, naming the criteria that decided it."""
        return self._cached("reason", self._build_reason)

    # --- builders ----------------------------------------------------------------------------

    def _build_criteria(self) -> tuple[CriterionResult, ...]:
        program, out = self.program, []
        assigned = self.cohort is not None
        for compiled in program.compiled:
            criterion = compiled.criterion
            reason, used, needs = criterion_detail(
                program, compiled, self.facts, self.codes, self._membership, assigned
            )
            parent = program.compiled[compiled.parent].criterion.id if compiled.parent is not None else None
            out.append(
                CriterionResult(
                    id=criterion.id,
                    section=criterion.section,
                    parent=parent,
                    verdict=VERDICTS[self.codes[compiled.index]],
                    reason=reason,
                    text=criterion.text,
                    span=criterion.span,
                    scope=criterion.scope,
                    facts=used,
                    missing=needs,
                )
            )
        return tuple(out)

    def _build_missing(self) -> tuple[MissingData, ...]:
        found: dict[str, list[str]] = {}
        for result in self.criteria:
            if result.verdict is Verdict.UNKNOWN and self._reachable(result):
                for item in result.missing:
                    found.setdefault(item, []).append(result.id)
        return tuple(MissingData(item=item, criteria=tuple(ids)) for item, ids in found.items())

    def _reachable(self, result: CriterionResult) -> bool:
        """An unknown sub-criterion matters only while every ancestor is unknown too."""
        parent = result.parent
        while parent is not None:
            if self.verdict(parent) is not Verdict.UNKNOWN:
                return False
            parent = self.criteria[self.program.by_id[parent]].parent
        return True

    def _build_cohorts(self) -> tuple[CohortResult, ...]:
        program, out = self.program, []
        for name in program.cohort_names:
            code = self._membership[name]
            definition = program.definitions.get(name)
            if self.cohort is not None and name != self.cohort:
                reason = f"the patient is screened for {self.cohort}"
            elif definition is not None:
                reason = "definition: " + definition.explain(self.facts).reason
            elif self.cohort is not None:
                reason = "the patient is screened for this cohort, which has no definition to check"
            else:
                reason = "no definition of this cohort was read; pass cohort= to screen for it"
            out.append(CohortResult(name=name, verdict=VERDICTS[code], reason=reason))
        return tuple(out)

    def _notes(self, pick) -> tuple[Note, ...]:
        notes = []
        for compiled in self.program.compiled:
            if compiled.check is None:
                continue
            for check in _walk(compiled.check):
                kind = pick(check)
                if kind:
                    text = getattr(check.node, "text", None) or compiled.criterion.text
                    notes.append(
                        Note(criterion=compiled.criterion.id, kind=kind, text=text, span=check.node.span)
                    )
        return tuple(notes)

    def _build_reason(self) -> str:
        status = self.status
        if status is Status.INELIGIBLE:
            deciding = [
                r
                for r in self.criteria
                if r.parent is None
                and (
                    (r.section == "inclusion" and r.verdict is Verdict.NOT_MET)
                    or (r.section == "exclusion" and r.verdict is Verdict.MET)
                )
            ]
            if not deciding:
                return "ineligible: the patient belongs to none of the cohorts"
            return "ineligible: " + "; ".join(f"{r.id} {_verb(r)} ({r.reason})" for r in deciding)
        if status is Status.ELIGIBLE:
            return "eligible: every applicable inclusion criterion is met and no exclusion criterion is met"
        unknown = [r.id for r in self.criteria if r.parent is None and r.verdict is Verdict.UNKNOWN]
        missing = ", ".join(m.item for m in self.missing) or "none that patient data can settle"
        listed = " ".join(unknown[:8]) + (" …" if len(unknown) > 8 else "")
        opaque = len(self.not_understood) + len(self.noncomputable) + len(self.unsupported)
        return (
            f"unknown: {_count(len(unknown), 'criterion', 'criteria')} unknown ({listed}); "
            f"missing data: {missing}; {_count(opaque, 'rule', 'rules')} not understood or not computable"
        )

    # --- export ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The whole result as JSON-ready Python data."""
        return {
            "status": self.status.value,
            "as_of": self.as_of.isoformat(),
            "reason": self.reason,
            "cohort": self.cohort,
            "ignore_noncomputable": self.program.options.ignore_noncomputable,
            "cohorts": [c.model_dump(mode="json") for c in self.cohorts],
            "criteria": [c.model_dump(mode="json") for c in self.criteria],
            "missing": [m.model_dump(mode="json") for m in self.missing],
            "noncomputable": [n.model_dump(mode="json") for n in self.noncomputable],
            "not_understood": [n.model_dump(mode="json") for n in self.not_understood],
            "unsupported": [n.model_dump(mode="json") for n in self.unsupported],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text."""
        import json

        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_dataframe(self) -> "pandas.DataFrame":
        """One row per criterion (needs the optional ``pandas`` extra)."""
        return to_dataframe([self])

    def __repr__(self) -> str:
        return f"<Evaluation {self.status.value} as of {self.as_of}>"

    def _repr_html_(self) -> str:
        """Jupyter's rich display: status, missing data and each criterion's verdict, collapsible."""
        from ..render.html_evaluation import render_evaluation_html

        return render_evaluation_html(self)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _verb(result: CriterionResult) -> str:
    return "not met" if result.verdict is Verdict.NOT_MET else "met"


def _walk(check):
    yield check
    for child in check.children:
        yield from _walk(child)


def _pandas():
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            "results as a DataFrame need pandas, an optional extra: pip install 'criteria[pandas]'"
        ) from None
    return pandas


def to_dataframe(evaluations: Iterable[Evaluation], *, wide: bool = False) -> "pandas.DataFrame":
    """Evaluations as a pandas DataFrame (``pandas`` is an optional extra, imported only here).

    Long form (default): one row per patient and criterion, with columns ``patient`` (position
    in ``evaluations``), ``status``, ``as_of``, ``criterion``, ``section``, ``parent``,
    ``verdict``, ``reason``, ``missing``, ``start``, ``end``. Wide form: one row per patient,
    ``status`` then one column of verdicts per criterion id, in text order.
    """
    pandas = _pandas()
    evaluations = list(evaluations)
    if wide:
        rows = [
            {
                "status": e.status.value,
                **{c.criterion.id: VERDICTS[e.codes[c.index]].value for c in e.program.compiled},
            }
            for e in evaluations
        ]
        return pandas.DataFrame(rows)
    rows = [
        {
            "patient": n,
            "status": e.status.value,
            "as_of": e.as_of,
            "criterion": r.id,
            "section": r.section,
            "parent": r.parent,
            "verdict": r.verdict.value,
            "reason": r.reason,
            "missing": "; ".join(r.missing),
            "start": r.span.start if r.span else None,
            "end": r.span.end if r.span else None,
        }
        for n, e in enumerate(evaluations)
        for r in e.criteria
    ]
    return pandas.DataFrame(
        rows,
        columns=[
            "patient",
            "status",
            "as_of",
            "criterion",
            "section",
            "parent",
            "verdict",
            "reason",
            "missing",
            "start",
            "end",
        ],
    )
