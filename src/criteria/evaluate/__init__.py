"""Check a patient profile against a rule tree: three-valued, criterion by criterion, with reasons.

    >>> from datetime import date
    >>> import criteria
    >>> tree = criteria.parse_criteria("Inclusion Criteria:\\n\\n* Age >= 18 years\\n")
    >>> result = criteria.evaluate(tree, {"birth_date": "1990-05-01"}, as_of=date(2026, 11, 25))
    >>> result.status.value, result.verdict("I1").value
    ('eligible', 'met')
    >>> criteria.evaluate(tree, {}, as_of=date(2026, 11, 25)).missing[0].item
    'age or birth date'

Stages: :mod:`.patient` (the profile), :mod:`.logic` (Kleene values), :mod:`.evaluator` (one
compiler per node kind, in a registry), :mod:`.compile` (the :class:`Program`),
:mod:`.explain` and :mod:`.result` (reasons and the :class:`Evaluation`). See
docs/evaluation.md.

``criteria.evaluate`` is this package made callable (calling it calls :func:`evaluate`), as
``criteria.render`` is: so ``criteria.evaluate(tree, patient)``, ``criteria.evaluate.to_dataframe``
and ``import criteria.evaluate.patient`` all work, where a plain function of that name would
shadow the package.
"""

from __future__ import annotations

import sys
from datetime import date
from types import ModuleType
from typing import Any, Iterable, Literal, Mapping

from ..errors import InputValueError
from ..tree.nodes import Criteria
from . import capability, events, measures, statements  # noqa: F401  (register the kinds they compile)
from .compile import Program
from .evaluator import Options, register, registered_kinds
from .other import study_conditions
from .logic import Status, Verdict
from .patient import (
    ConditionRecord,
    LabResult,
    MedicationRecord,
    Patient,
    PerformanceScore,
    ProcedureRecord,
    TherapyRecord,
)
from .result import CohortResult, CriterionResult, Evaluation, MissingData, Note, to_dataframe

__all__ = [
    "CohortResult",
    "ConditionRecord",
    "CriterionResult",
    "Evaluation",
    "LabResult",
    "MedicationRecord",
    "MissingData",
    "Note",
    "Patient",
    "PerformanceScore",
    "ProcedureRecord",
    "Program",
    "Status",
    "TherapyRecord",
    "Verdict",
    "compile",
    "evaluate",
    "evaluate_many",
    "register",
    "registered_kinds",
    "to_dataframe",
]

PatientInput = Patient | Mapping[str, Any] | str | bytes


def compile(  # noqa: A001
    criteria: Criteria,
    *,
    ignore_noncomputable: bool = False,
    unsupported: Literal["raise", "unknown"] = "raise",
    absence: Literal["clears", "decides"] = "clears",
) -> Program:
    """Prepare ``criteria`` once for many patients: ``compile(tree).evaluate(patient, as_of=…)``.

    Every node is dispatched to its compiler now, patient-independent verdicts are folded and
    units resolved, so each evaluation is only lookups and arithmetic. With
    ``ignore_noncomputable=True`` rules no patient data can settle (consent, compliance,
    investigator judgement) are set aside instead of making criteria unknown. A node kind the
    evaluator has no compiler for raises :class:`~criteria.errors.UnsupportedError`; with
    ``unsupported="unknown"`` it is unknown instead, with that reason, and listed in
    ``Evaluation.unsupported`` (never a silent skip, never "eligible").

    ``absence`` says what the silence of a list named in the patient's ``complete`` may settle.
    ``"clears"`` (the default): only what is in the patient's favour. No record of HIV means an
    exclusion for HIV does not hold, and "no history of HIV" holds. But no record of diabetes does
    not fail an inclusion for diabetes: it stays unknown, unless a record names another kind of
    the same thing ("small cell lung cancer" for "non-small cell lung cancer"). ``"decides"``:
    silence settles both ways, for records that are the patient's whole history.
    """
    if absence not in ("clears", "decides"):
        raise InputValueError(f"absence is 'clears' or 'decides', not {absence!r}")
    options = Options(ignore_noncomputable=ignore_noncomputable, unsupported=unsupported, absence=absence,
                      study=study_conditions(criteria) if isinstance(criteria, Criteria) else ())
    return Program(criteria, options)


def evaluate(
    criteria: Criteria | Program,
    patient: PatientInput,
    as_of: date | None = None,
    *,
    ignore_noncomputable: bool = False,
    cohort: str | None = None,
    absence: Literal["clears", "decides"] = "clears",
) -> Evaluation:
    """Check one patient against ``criteria``; returns an :class:`Evaluation`.

    ``patient`` is a :class:`Patient`, a dict or JSON text in its shape (validated strictly:
    a pydantic ``ValidationError`` names any bad field). ``as_of`` is the reference date for
    ages and time windows (default: today; stated in the result). ``cohort`` assigns the
    patient to one of the trial's cohorts, making criteria scoped to the others not
    applicable. The status is ``eligible`` only when every applicable inclusion is met and no
    exclusion is met; missing data makes it ``unknown``, never ``eligible``. For many
    patients, :func:`compile` once and call ``Program.evaluate``. ``absence``: see :func:`compile`.
    """
    program = (
        criteria
        if isinstance(criteria, Program)
        else compile(criteria, ignore_noncomputable=ignore_noncomputable, absence=absence)
    )
    return program.evaluate(patient, as_of, cohort=cohort)


def evaluate_many(
    criteria: Criteria | Program,
    patients: Iterable[PatientInput],
    as_of: date | None = None,
    *,
    ignore_noncomputable: bool = False,
    cohort: str | None = None,
    absence: Literal["clears", "decides"] = "clears",
) -> list[Evaluation]:
    """Check each patient (compiling once); the results are in the order of ``patients``.

    :func:`to_dataframe` turns the list into a pandas DataFrame (optional extra).
    """
    program = (
        criteria
        if isinstance(criteria, Program)
        else compile(criteria, ignore_noncomputable=ignore_noncomputable, absence=absence)
    )
    return program.evaluate_many(patients, as_of, cohort=cohort)


class _CallableModule(ModuleType):
    """This package's module type: calling the module calls :func:`evaluate`."""

    def __call__(
        self, criteria: Criteria | Program, patient: PatientInput, as_of: date | None = None, **options: Any
    ) -> Evaluation:
        return evaluate(criteria, patient, as_of, **options)


sys.modules[__name__].__class__ = _CallableModule
